import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, type TestApp } from './support/test-app.js';

/** The dashboard's indicator targets come from INDICATOR_TARGETS_FILE when an authority sets one; a bad file stops start-up. */
describe('manager dashboard: the authority’s own indicator targets', () => {
  let dir: string;
  let t: TestApp | undefined;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cje-targets-e2e-'));
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('charts the indicators against the file’s targets, keeping the national ones it does not replace', async () => {
    const path = join(dir, 'targets.json');
    writeFileSync(path, JSON.stringify({ authority: 'Reading', targets: { icpcs_within_15_wd: { value: 90, source: 'Reading corporate plan 2025-26' }, cp_visits_in_timescale: { value: 95 } } }));
    t = await startTestApp({ INDICATOR_TARGETS_FILE: path });
    // The web pages sign in by the session cookie, which holds the same token as the API's bearer.
    const res = await fetch(`${t.url}/app/manager/indicators?asOf=2025-03-14&period=quarter`, { headers: { cookie: `cje_session=${await t.tokenFor('tm.north')}` } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Target: 90% or more.');
    expect(html).toContain('Reading corporate plan 2025-26');
    expect(html).toContain('Target: 95% or more.');
    expect(html).toContain('Reading’s own target (INDICATOR_TARGETS_FILE)');
    expect(html).toContain('Target: 85.7% or more.');
  });

  it('refuses to start with a targets file that names an indicator it does not chart', async () => {
    const path = join(dir, 'bad.json');
    writeFileSync(path, JSON.stringify({ targets: { contacts: { value: 10 } } }));
    await expect(startTestApp({ INDICATOR_TARGETS_FILE: path })).rejects.toThrow(/INDICATOR_TARGETS_FILE \(.*bad\.json\): 'contacts' is not an indicator the dashboard charts/);
  });
});
