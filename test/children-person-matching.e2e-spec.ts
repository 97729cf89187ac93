import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { EventStore } from '@cje/event-store';
import { childIdForCommand } from '../apps/api/src/children/child-id.js';
import { EVENT_STORE } from '../apps/api/src/store/event-store.token.js';
import { childApi, newChildContact } from './support/child-api.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('person matching before a new child’s record is opened', () => {
  let t: TestApp;
  let api: ReturnType<typeof childApi>;
  let amara: string;

  const amaraContact = (overrides: Record<string, unknown> = {}) =>
    newChildContact({ firstName: 'Amara', lastName: 'Okafor', child: { status: 'BORN', dateOfBirth: '2019-04-12' }, ...overrides });

  beforeAll(async () => {
    t = await startTestApp();
    api = childApi(t);
    const opened = await api.openChild('sw.north', amaraContact());
    expect(opened.status).toBe(201);
    amara = opened.body.childId;
  });
  afterAll(() => t.close());

  it('finds the existing record by surname, date of birth and first initial, however the names are written', async () => {
    const contact = amaraContact({ firstName: ' amarachi ', lastName: "O'KAFOR" });
    const res = await api.openChild('sw.north', contact);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'POSSIBLE_DUPLICATE_CHILD', matchingChildIds: [amara] });
    expect(res.body.detail).toContain('one record shares the surname, date of birth and first initial');
    expect(res.body.detail).not.toMatch(/okafor|amara/i);
    // No second record was opened.
    expect((await api.view('sw.north', childIdForCommand(String(contact.commandId)))).status).toBe(404);
  });

  it('does not match a different date of birth or a different initial', async () => {
    expect((await api.openChild('sw.north', amaraContact({ child: { status: 'BORN', dateOfBirth: '2019-04-13' } }))).status).toBe(201);
    expect((await api.openChild('sw.north', amaraContact({ firstName: 'Chidi' }))).status).toBe(201);
  });

  it('opens a new record when the caller confirms it is a different child', async () => {
    const res = await api.openChild('sw.north', amaraContact({ confirmNewChild: true }));
    expect(res.status).toBe(201);
    expect(res.body.childId).not.toBe(amara);
    // Both records now match a further contact.
    const next = await api.openChild('sw.north', amaraContact());
    expect(next.status).toBe(409);
    expect(next.body.matchingChildIds).toEqual([amara, res.body.childId]);
  });

  it('never discloses a match the caller may not see', async () => {
    const south = await api.openChild('sw.south', amaraContact());
    expect(south.status).toBe(201);
    expect(JSON.stringify(south.body)).not.toContain(amara);
    // The south team now sees its own record as a match, and still not north's.
    const again = await api.openChild('sw.south', amaraContact());
    expect(again.status).toBe(409);
    expect(again.body.matchingChildIds).toEqual([south.body.childId]);
    // The head of service sees every record.
    const hos = await api.openChild('hos', amaraContact());
    expect(hos.status).toBe(409);
    expect(hos.body.matchingChildIds).toEqual(expect.arrayContaining([amara, south.body.childId]));
  });

  it('matches an unborn child by surname and expected date of birth', async () => {
    const unborn = (overrides: Record<string, unknown> = {}) =>
      newChildContact({ firstName: undefined, lastName: 'Whitfield', child: { status: 'UNBORN', expectedDateOfBirth: '2025-06-01' }, source: '3B', ...overrides });
    expect((await api.openChild('sw.north', unborn())).status).toBe(201);
    const res = await api.openChild('sw.north', unborn());
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('POSSIBLE_DUPLICATE_CHILD');
  });

  it('keeps no names: neither in the log nor in the match table', async () => {
    const events = await t.app.get<EventStore>(EVENT_STORE).readAll();
    expect(JSON.stringify(events)).not.toMatch(/okafor|amara|whitfield/i);
    const files = readdirSync(t.dir).filter((f) => f.includes('person-match'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(readFileSync(join(t.dir, file)).toString('latin1')).not.toMatch(/okafor|amara|whitfield/i);
  });
});
