import { fold } from '@cje/journey';
import { generateSyntheticCounty } from './synthetic-county.js';

describe('the synthetic county the returns benchmark uses', () => {
  const county = generateSyntheticCounty({ scale: 0.15, start: '2024-04-01', end: '2026-03-31', seed: 7 });

  it('writes only histories the journey accepts: every child folds through the machine with no issue', () => {
    const sample = [...county.histories];
    expect(sample.length).toBeGreaterThan(5000);
    const broken = sample.map(([id, events]) => ({ id, issues: fold(events).issues })).filter((c) => c.issues.length > 0);
    expect(broken.map((b) => `${b.id}: ${b.issues[0]!.type} ${b.issues[0]!.reason}`)).toEqual([]);
  });

  it('is the same county for the same seed', () => {
    const again = generateSyntheticCounty({ scale: 0.15, start: '2024-04-01', end: '2026-03-31', seed: 7 });
    expect(again.events).toBe(county.events);
    expect(JSON.stringify([...again.histories].slice(0, 50))).toBe(JSON.stringify([...county.histories].slice(0, 50)));
  });

  it('has the mix of work the returns report on', () => {
    const types = new Set<string>([...county.histories.values()].flat().map((e) => e.type));
    for (const t of ['ReferralOpened', 'AssessmentAuthorised', 'S47EnquiryStarted', 'ChildProtectionPlanStarted', 'BecameLookedAfter', 'PlacementChanged', 'AdoptionOrderGranted', 'CareLeaverContactRecorded', 'CaseClosed'])
      expect(types.has(t)).toBe(true);
  });
});
