import { readZip } from '../libs/returns/src/formats/read-zip.contract.js';
import { childApi, openChild } from './support/child-api.js';
import { startTestApp, type TestApp } from './support/test-app.js';

interface Finding {
  ruleId: string;
  source: string;
  severity: string;
  field: string;
  message: string;
  fix: string;
  where: string;
}
interface ChecksBody {
  year: string;
  childrenChecked: number;
  errors: number;
  queries: number;
  summary: { ruleId: string; count: number }[];
  childrenWithFindings: number;
  page: number;
  pageSize: number;
  children: { childId: string; errors: number; queries: number; findings: Finding[] }[];
}

/** The managers' returns: checks and downloads, read from what the command routes recorded. */
describe('statutory returns over HTTP (/returns)', () => {
  let t: TestApp;
  const children: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    const api = childApi(t);
    // Three children referred in 2025-26, by two teams: the return covers them all.
    for (const [as, day] of [['sw.north', '05'], ['sw.north', '06'], ['sw.south', '07']] as const) {
      const childId = await openChild(t, as, { contactId: 'c1', occurredAt: `2025-05-${day}`, child: { status: 'BORN', dateOfBirth: '2018-02-01' } });
      for (const [path, body] of [
        ['record-mash-decision', { occurredAt: `2025-05-${day}`, contactId: 'c1', decision: 'REFER_TO_CSC', checks: ['POLICE'] }],
        ['open-referral', { occurredAt: `2025-05-${day}`, primaryNeed: 'N1' }],
      ] as const) {
        const res = await api.give(as, childId, path, body);
        if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
      }
      children.push(childId);
    }
  });
  afterAll(() => t.close());

  it('GET /returns/checks gives each child’s findings with rule, field, message and fix, and counts by rule', async () => {
    const res = await t.request('/returns/checks?year=2025', { as: 'hos' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as ChecksBody;
    expect(body).toMatchObject({ year: '2025-26', childrenChecked: 3, childrenWithFindings: 3, page: 1, pageSize: 50 });
    expect(body.children.map((c) => c.childId)).toEqual([...children].sort());
    const first = body.children[0]!;
    // Sex is not a journey record: every child is flagged, with how to fix it.
    expect(first.findings).toContainEqual(expect.objectContaining({ ruleId: 'CJE-01', source: 'engine', severity: 'query', field: expect.any(String), message: expect.any(String), fix: expect.any(String) }));
    expect(body.summary).toContainEqual({ ruleId: 'CJE-01', source: 'engine', severity: 'query', field: expect.any(String), message: expect.any(String), count: 3 });
    expect(body.errors + body.queries).toBe(body.summary.reduce((n, s) => n + s.count, 0));
  });

  it('pages the children with findings', async () => {
    const res = await t.request('/returns/checks?year=2025&page=2&pageSize=2', { as: 'tm.north' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as ChecksBody;
    expect(body).toMatchObject({ page: 2, pageSize: 2, childrenWithFindings: 3 });
    expect(body.children.map((c) => c.childId)).toEqual([[...children].sort()[2]]);
  });

  it('GET /returns/cin downloads the census XML with every child of the authority, whichever team', async () => {
    const res = await t.request('/returns/cin?year=2025&lea=999', { as: 'tm.south' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/xml');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="cin-census-2025-26.xml"');
    const xml = await res.text();
    expect(xml).toContain('<LEA>999</LEA>');
    for (const id of children) expect(xml).toContain(`<LAchildID>${id}</LAchildID>`);
    expect(xml.match(/<CINreferralDate>/g)).toHaveLength(3);
  });

  it('GET /returns/ssda903 downloads a ZIP of the eleven CSV files', async () => {
    const res = await t.request('/returns/ssda903?year=2025', { as: 'hos' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    const files = readZip(Buffer.from(await res.arrayBuffer()));
    expect([...files.keys()].sort()).toEqual(
      ['ad1', 'episodes', 'header', 'missing', 'oc2', 'oc3', 'placed_for_adoption', 'previous_permanence', 'reviews', 'social_worker', 'uasc'].map((n) => `${n}.csv`),
    );
    // No child is looked after: the files carry their headers only.
    expect(files.get('episodes.csv')!.toString('utf8')).toMatch(/^CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n$/);
  });

  it('GET /returns/annex-a downloads the workbook, a sheet per list', async () => {
    const res = await t.request('/returns/annex-a?asOf=2025-09-30', { as: 'hos' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="annex-a-2025-09-30.xlsx"');
    const parts = readZip(Buffer.from(await res.arrayBuffer()));
    expect([...parts.keys()].filter((n) => n.startsWith('xl/worksheets/'))).toHaveLength(11);
    // List 3 (referrals) holds the three referrals.
    for (const id of children) expect(parts.get('xl/worksheets/sheet3.xml')!.toString('utf8')).toContain(id);
  });

  it.each(['sw.north', 'auditor', 'admin'])('refuses %s with 403 on every returns route', async (as) => {
    for (const path of ['/returns/checks?year=2025', '/returns/cin?year=2025', '/returns/ssda903?year=2025', '/returns/annex-a']) {
      const res = await t.request(path, { as });
      expect({ path, status: res.status }).toEqual({ path, status: 403 });
      expect(((await res.json()) as { code: string }).code).toBe('FORBIDDEN');
    }
  });

  it('asks for a token (401)', async () => {
    expect((await t.request('/returns/checks?year=2025')).status).toBe(401);
  });

  it.each(['', 'year=25', 'year=abcd', 'year=1999', 'year=2999', 'year=2025.5', 'year=20255'])('answers 400 for a bad year (%s)', async (query) => {
    const res = await t.request(`/returns/checks?${query}`, { as: 'hos' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { code: string }).code).toBe('VALIDATION_FAILED');
  });

  it('answers 400 for other bad parameters', async () => {
    expect((await t.request('/returns/ssda903?year=nope', { as: 'hos' })).status).toBe(400);
    expect((await t.request('/returns/cin?year=2025&lea=99', { as: 'hos' })).status).toBe(400);
    expect((await t.request('/returns/checks?year=2025&pageSize=1000', { as: 'hos' })).status).toBe(400);
    expect((await t.request('/returns/annex-a?asOf=2025-02-30', { as: 'hos' })).status).toBe(400);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await (await t.request('/api/docs-json')).json()) as { paths: Record<string, Record<string, { operationId: string }>> };
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/returns')).sort()).toEqual(['/returns/annex-a', '/returns/checks', '/returns/cin', '/returns/ssda903']);
    expect(doc.paths['/returns/checks']!.get!.operationId).toBe('getReturnChecks');
  });
});
