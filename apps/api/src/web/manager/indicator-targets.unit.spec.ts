import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '@cje/runtime';
import { CHARTED_INDICATORS, IndicatorTargets, loadTargetsFile, meetsTarget } from './indicator-targets.js';

describe('indicator targets', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cje-targets-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function file(content: unknown): string {
    const path = join(dir, `${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  }

  it('defaults to England’s published figures, each with its source, and no target where none is bundled', () => {
    const targets = new IndicatorTargets();
    expect(targets.targetOf('icpcs_within_15_wd')).toEqual({ value: 81.4, direction: 'at_least', source: expect.stringMatching(/table C4/) });
    expect(targets.targetOf('assessments_within_45_wd')).toMatchObject({ value: 85.7, direction: 'at_least' });
    expect(targets.targetOf('re_referrals_12_months')).toMatchObject({ value: 22.6, direction: 'at_most' });
    expect(targets.targetOf('cpp_ended_lasting_2_years_plus')).toMatchObject({ value: 4.4, direction: 'at_most' });
    expect(targets.targetOf('cpp_second_or_subsequent')).toBeUndefined();
    expect(targets.targetOf('cp_visits_in_timescale')).toBeUndefined();
  });

  it('bundles national figures that agree with the counts they quote (totals are rounded to 10 by the DfE)', () => {
    for (const { nationalComparator: c } of CHARTED_INDICATORS) {
      if (!c) continue;
      const [numerator, denominator] = [...c.source.matchAll(/([\d,]+) of ([\d,]+)/g)][0]?.slice(1).map((n) => Number(n.replace(/,/g, ''))) ?? [];
      expect(Math.abs((100 * (numerator ?? 0)) / (denominator ?? 1) - c.value)).toBeLessThanOrEqual(0.1);
    }
  });

  it('takes the authority’s own targets from INDICATOR_TARGETS_FILE, direction defaulting to the indicator’s', () => {
    const path = file({
      authority: 'Reading',
      targets: { icpcs_within_15_wd: { value: 90, source: 'Corporate plan 2025-26' }, cp_visits_in_timescale: { value: 95 }, cpp_ended_lasting_2_years_plus: null },
    });
    const targets = IndicatorTargets.from(loadConfig({ NODE_ENV: 'test', INDICATOR_TARGETS_FILE: path }));
    expect(targets.targetOf('icpcs_within_15_wd')).toEqual({ value: 90, direction: 'at_least', source: 'Corporate plan 2025-26' });
    expect(targets.targetOf('cp_visits_in_timescale')).toEqual({ value: 95, direction: 'at_least', source: 'Reading’s own target (INDICATOR_TARGETS_FILE)' });
    // null removes the national default; others keep theirs.
    expect(targets.targetOf('cpp_ended_lasting_2_years_plus')).toBeUndefined();
    expect(targets.targetOf('assessments_within_45_wd')?.value).toBe(85.7);
  });

  it.each([
    ['not json', /is not valid JSON/],
    [[], /must hold a JSON object/],
    [{ targets: {}, colour: 'red' }, /'colour' is not a setting/],
    [{ targets: [] }, /targets must be an object keyed by indicator id/],
    [{ targets: { contacts: { value: 1 } } }, /'contacts' is not an indicator the dashboard charts \(one of re_referrals_12_months/],
    [{ targets: { icpcs_within_15_wd: { value: 101 } } }, /icpcs_within_15_wd: value must be a percentage from 0 to 100/],
    [{ targets: { icpcs_within_15_wd: { value: '90' } } }, /value must be a percentage/],
    [{ targets: { icpcs_within_15_wd: { value: 90, direction: 'up' } } }, /direction must be at_least or at_most/],
    [{ targets: { icpcs_within_15_wd: { value: 90, why: 'x' } } }, /'why' is not a setting/],
    [{ authority: 3, targets: {} }, /authority must be text/],
  ])('refuses a bad file %p, naming the setting and what is wrong', (content, message) => {
    const path = file(content);
    let error: unknown;
    try {
      loadTargetsFile(path);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(`INDICATOR_TARGETS_FILE (${path})`);
    expect((error as Error).message).toMatch(message);
  });

  it('refuses a file that cannot be read', () => {
    expect(() => loadTargetsFile(join(dir, 'missing.json'))).toThrow(/cannot be read \(ENOENT\)/);
  });

  it('meets a target at or above it (timeliness), or at or below it (repeat work)', () => {
    expect(meetsTarget(81.4, { value: 81.4, direction: 'at_least', source: '' })).toBe(true);
    expect(meetsTarget(81.3, { value: 81.4, direction: 'at_least', source: '' })).toBe(false);
    expect(meetsTarget(22.6, { value: 22.6, direction: 'at_most', source: '' })).toBe(true);
    expect(meetsTarget(30, { value: 22.6, direction: 'at_most', source: '' })).toBe(false);
  });
});
