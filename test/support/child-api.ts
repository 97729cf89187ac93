import { randomBytes, randomUUID } from 'node:crypto';
import type { TestApp } from './test-app.js';

/** Whatever JSON.parse gives: tests read answers loosely and let their expectations check the shape. */
type ParsedJson = ReturnType<typeof JSON.parse>;

/** A JSON answer: status, body and headers, read once. */
export interface Answer {
  status: number;
  body: ParsedJson;
  headers: Headers;
}

async function answer(res: Response): Promise<Answer> {
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

/** Twelve random letters: person matching keeps letters only, so hex digits would let two test children collide. */
function uniqueLetters(): string {
  return Array.from(randomBytes(12), (b) => String.fromCharCode(97 + (b % 26))).join('');
}

/** A contact about a new child with sensible defaults; a surname of its own so tests do not match each other's children. */
export function newChildContact(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    commandId: randomUUID(),
    occurredAt: '2025-01-06',
    source: '2A',
    child: { status: 'BORN', dateOfBirth: '2019-04-12' },
    concerns: 'School raised concerns about bruising',
    firstName: 'Test',
    lastName: `Child${uniqueLetters()}`,
    ...overrides,
  };
}

/** The child command API over HTTP, as a given demo user. */
export function childApi(t: TestApp) {
  return {
    /** POST /children. */
    async openChild(as: string, body: Record<string, unknown> = newChildContact()): Promise<Answer> {
      return answer(await t.request('/children', { method: 'POST', as, json: body }));
    },

    /** POST /children/:childId/:path with `{ commandId, occurredAt, ...data }` (a fresh commandId unless given). */
    async give(as: string, childId: string, path: string, body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Answer> {
      const json = { commandId: randomUUID(), ...body };
      return answer(await t.request(`/children/${childId}/${path}`, { method: 'POST', as, json, headers }));
    },

    /** GET /children/:childId. */
    async view(as: string, childId: string): Promise<Answer> {
      return answer(await t.request(`/children/${childId}`, { as }));
    },
  };
}

/** Opens a child's record as a user and answers its id (fails the test when the record is not opened). */
export async function openChild(t: TestApp, as = 'sw.north', overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await childApi(t).openChild(as, newChildContact(overrides));
  if (res.status !== 201) throw new Error(`opening a child answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.childId as string;
}
