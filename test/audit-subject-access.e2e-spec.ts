import { randomUUID } from 'node:crypto';
import { escapeHtml } from '../apps/api/src/audit/subject-access/escape-html.js';
import { childApi, newChildContact, type Answer } from './support/child-api.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** A surname of its own: person matching compares letters only, so a surname of random hex digits can collide. */
const surname = () => `Test${randomUUID().replace(/-/g, '').slice(0, 12).replace(/[0-9a-f]/g, (c) => String.fromCharCode(97 + parseInt(c, 16)))}`;

interface Schema {
  type?: string;
  enum?: unknown[];
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  properties?: Record<string, Schema>;
}

/** What people paste into free text: SQL, markup, script, JSON, right-to-left overrides, emoji, accents. */
const HOSTILE = [
  "Robert'); DROP TABLE events;--",
  "' OR '1'='1",
  '<script>alert("x")</script><img src=x onerror=alert(1)>',
  '</pre></td></tr></table><script src=//evil.example/x.js></script>',
  '{"$where":"1==1","__proto__":{"admin":true}}',
  'Zoë Ó Súilleabháin — 日本語 — 😀 — \u202Eevil\u202C — a\u200Db',
  '`${process.env}` & &amp; &#60;',
].join(' | ');
const text = (field: string) => `${field}: ${HOSTILE}`;
/** Every element of a document, with its attributes: what a browser would build from it. */
const tagsOf = (html: string) => [...html.matchAll(/<([A-Za-z][A-Za-z0-9]*)([^>]*)>/g)].map((m) => ({ name: m[1]!.toLowerCase(), attributes: m[2] ?? '' }));
const ELEMENTS = ['html', 'head', 'meta', 'title', 'style', 'body', 'h1', 'h2', 'p', 'dl', 'dt', 'dd', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'pre', 'ul', 'li'];
const FOSTER = { place: 'U6', provider: 'PR1', distanceFromHomeMiles: 4, insideLocalAuthority: true };

describe('subject access: everything held about one child, as JSON and as a safe HTML document', () => {
  let t: TestApp;
  let api: ReturnType<typeof childApi>;
  let childId: string;
  let leaverId: string;

  async function give(as: string, id: string, path: string, body: Record<string, unknown>): Promise<Answer> {
    const res = await api.give(as, id, path, body);
    expect({ path, status: res.status, body: res.body }).toMatchObject({ path, status: 200 });
    return res;
  }

  beforeAll(async () => {
    t = await startTestApp();
    api = childApi(t);
    const opened = await api.openChild('sw.north', newChildContact({ contactId: 'c1', lastName: surname(), concerns: text('NewChildContact.concerns') }));
    expect(opened.status).toBe(201);
    childId = opened.body.childId;
    await give('sw.north', childId, 'record-mash-decision', { occurredAt: '2025-01-06', contactId: 'c1', decision: 'REFER_TO_CSC' });
    await give('sw.north', childId, 'open-referral', { occurredAt: '2025-01-07', primaryNeed: 'N1' });
    await give('tm.north', childId, 'allocate-case', { occurredAt: '2025-01-07', workerId: 'sw.north', teamId: 'north' });
    await give('tm.north', childId, 'deallocate-case', { occurredAt: '2025-01-08', reason: text('DeallocateCase.reason') });
    await give('sw.north', childId, 'record-contact', { occurredAt: '2025-01-09', contactId: 'c2', source: '6', child: { status: 'BORN', dateOfBirth: '2019-04-12' }, concerns: text('RecordContact.concerns') });
    const started = await give('sw.north', childId, 'start-assessment', { occurredAt: '2025-01-10', assessmentId: 'a1' });
    await give('sw.north', childId, 'correct-event', { occurredAt: '2025-01-11', eventId: started.body.events[0].id, data: { assessmentId: 'a1' }, correctedOccurredAt: '2025-01-09', reason: text('CorrectEvent.reason') });
    await give('sw.north', childId, 'void-event', { occurredAt: '2025-01-12', eventIds: [started.body.events[0].id], reason: text('VoidEvent.reason') });

    const leaver = await api.openChild('sw.north', newChildContact({ contactId: 'c1', lastName: surname(), child: { status: 'BORN', dateOfBirth: '2008-06-01' } }));
    leaverId = leaver.body.childId;
    await give('sw.north', leaverId, 'record-mash-decision', { occurredAt: '2025-01-06', contactId: 'c1', decision: 'REFER_TO_CSC' });
    await give('sw.north', leaverId, 'open-referral', { occurredAt: '2025-01-07', primaryNeed: 'N1' });
    await give('sw.north', leaverId, 'become-looked-after', { occurredAt: '2025-02-03', legalStatus: 'V2', placement: FOSTER, categoryOfNeed: 'N1' });
    await give('sw.north', leaverId, 'cease-looked-after', { occurredAt: '2025-06-02', reasonEpisodeCeased: 'E5' });
    await give('sw.north', leaverId, 'end-care-leaver-services', { occurredAt: '2025-06-03', reason: text('EndCareLeaverServices.reason') });
  });
  afterAll(() => t.close());

  const exportOf = async (id: string, as: string, format: 'json' | 'html' = 'json') => {
    const res = await t.request(`/children/${id}/subject-access${format === 'html' ? '?format=html' : ''}`, { as });
    return { res, body: await res.text() };
  };

  it('covers every free-text field the API takes (so the injection tests below miss none)', async () => {
    const doc = (await (await fetch(`${t.url}/api/docs-json`)).json()) as { components: { schemas: Record<string, Schema> } };
    const free = Object.entries(doc.components.schemas).flatMap(([name, schema]) =>
      Object.entries(schema.properties ?? {})
        .filter(([, p]) => p.type === 'string' && p.maxLength !== undefined && !p.enum && !p.pattern && !p.format)
        .map(([field]) => `${name.replace(/Dto$/, '')}.${field}`),
    );
    expect(free.sort()).toEqual(['CorrectEvent.reason', 'DeallocateCase.reason', 'EndCareLeaverServices.reason', 'NewChildContact.concerns', 'RecordContact.concerns', 'VoidEvent.reason']);
  });

  it('stores every text field verbatim and gives it back unchanged as JSON', async () => {
    const { res, body } = await exportOf(childId, 'hos');
    expect(res.status).toBe(200);
    const view = JSON.parse(body);
    const stored = JSON.stringify(view.events);
    for (const field of ['NewChildContact.concerns', 'RecordContact.concerns', 'DeallocateCase.reason', 'CorrectEvent.reason', 'VoidEvent.reason']) {
      expect({ field, found: stored.includes(JSON.stringify(text(field)).slice(1, -1)) }).toEqual({ field, found: true });
    }
    const contact = view.events.find((e: { type: string }) => e.type === 'ContactReceived');
    expect(contact.data.concerns).toBe(text('NewChildContact.concerns'));
    const history = JSON.parse(await (await t.request(`/children/${leaverId}/history`, { as: 'sw.north' })).text());
    expect(history.entries.at(-1).data.reason).toBe(text('EndCareLeaverServices.reason'));
  });

  it('escapes every one of them in the HTML document: shown as text, never as markup', async () => {
    for (const [id, fields] of [
      [childId, ['NewChildContact.concerns', 'RecordContact.concerns', 'DeallocateCase.reason', 'CorrectEvent.reason', 'VoidEvent.reason']],
      [leaverId, ['EndCareLeaverServices.reason']],
    ] as const) {
      const { res, body: html } = await exportOf(id, 'auditor', 'html');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      // Only the document's own elements: nothing a worker typed became markup.
      expect([...new Set(tagsOf(html).map((tag) => tag.name))].filter((name) => !ELEMENTS.includes(name))).toEqual([]);
      expect(html).not.toMatch(/<script|<img|<\/table><script/i);
      for (const field of fields) {
        // Escaped wherever it appears: in the history table, and inside the pretty-printed JSON of the events.
        expect({ field, inTable: html.includes(escapeHtml(text(field))) || html.includes(escapeHtml(JSON.stringify(text(field)).slice(1, -1))) }).toEqual({ field, inTable: true });
      }
    }
  });

  it('is a self-contained document that runs no script and loads nothing, downloaded rather than shown in the API’s origin', async () => {
    const { res, body } = await exportOf(childId, 'hos', 'html');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toContain('unsafe');
    expect(body).toContain(`<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">`);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="subject-access-${childId}.html"`);
    expect(tagsOf(body).filter((tag) => /\b(src|href|on\w+)\s*=/i.test(tag.attributes))).toEqual([]);
    expect(body).toContain(`Everything held about child ${childId}`);
  });

  it('holds the events as stored, the history with corrections, who read the record (the export included), and the chain check', async () => {
    await t.request(`/children/${childId}`, { as: 'sw.north' });
    const { res, body } = await exportOf(childId, 'auditor');
    const view = JSON.parse(body);
    expect(view).toMatchObject({ childId, exportedBy: { userId: 'auditor', role: 'auditor' }, integrity: { ok: true, eventsChecked: view.events.length } });
    expect(view.events[0]).toMatchObject({ type: 'ContactReceived', metadata: { revision: 0, prevHash: '', hash: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    expect(view.history.find((h: { status: string }) => h.status === 'voided')).toMatchObject({ type: 'AssessmentStarted', corrections: [{ type: 'EventCorrected' }, { type: 'EventVoided' }] });
    expect(view.accessLog.at(-1)).toMatchObject({ userId: 'auditor', view: 'subject-access', requestId: res.headers.get('x-request-id') });
    expect(view.accessLog.some((e: { userId: string; view: string }) => e.userId === 'sw.north' && e.view === 'record')).toBe(true);
    expect(view.current).toMatchObject({ stage: expect.any(String), owningTeam: 'north' });
  });

  it('is for the head of service and auditors only: 403 to others who see the child, 404 to those who do not', async () => {
    expect((await exportOf(childId, 'tm.north')).res.status).toBe(403);
    expect((await exportOf(childId, 'sw.north')).res.status).toBe(403);
    expect((await exportOf(childId, 'sw.south')).res.status).toBe(404);
    expect((await exportOf(childId, 'admin')).res.status).toBe(404);
    expect((await t.request(`/children/${childId}/subject-access?format=pdf`, { as: 'hos' })).status).toBe(400);
  });
});
