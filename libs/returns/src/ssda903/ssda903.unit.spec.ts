import { childFacts } from '../child-facts.js';
import { expectGolden, goldenFiles } from '../fixtures/golden-files.js';
import { JourneyRecorder } from '../fixtures/journey-recorder.js';
import { smallAuthorityReturns, YEAR_2025 } from '../fixtures/small-authority-returns.js';
import { buildSsda903 } from './ssda903.js';
import { readSsda903Csv, ssda903Csv } from './ssda903-csv.js';
import { SSDA903_FILES } from './ssda903-files.js';

describe('SSDA903 2025-26 from the journey', () => {
  const { ssda903 } = smallAuthorityReturns();
  const files = ssda903Csv(ssda903.rows);

  it('writes every file with its published header', () => {
    expect(Object.keys(files).sort()).toEqual(goldenFiles('ssda903-2025-26'));
    for (const [name, columns] of Object.entries(SSDA903_FILES)) expect(files[`${name}.csv` as keyof typeof files].split('\n')[0]).toBe(columns.join(','));
  });

  it.each(goldenFiles('ssda903-2025-26'))('matches the hand-checked %s', (name) => {
    const actual = files[name as keyof typeof files];
    expect(actual).toBe(expectGolden(`ssda903-2025-26/${name}`, actual));
  });

  it('reads back to the same rows', () => {
    expect(readSsda903Csv(files)).toEqual(ssda903.rows);
  });

  it('opens a new episode on every change of legal status or placement, the reason for the move on the episode that ends', () => {
    expect(ssda903.rows.episodes.filter((e) => e.CHILD === 'A1010').map((e) => [e.DECOM, e.RNE, e.LS, e.PLACE, e.DEC, e.REC, e.REASON_PLACE_CHANGE])).toEqual([
      ['06/10/2025', 'S', 'L1', 'K2', '08/10/2025', 'X1', 'CARPL'],
      ['08/10/2025', 'B', 'V2', 'K3', '02/02/2026', 'E4A', ''],
    ]);
  });

  it('reports the corrected placement type, not the one first recorded', () => {
    expect(ssda903.rows.episodes.filter((e) => e.CHILD === 'A1004').map((e) => e.PLACE)).toEqual(['U6', 'U1']);
  });

  it('leaves the provider blank for temporary placements and leaves an episode still open at 31 March without an end', () => {
    const r = new JourneyRecorder('B2');
    r.do('RecordContact', '2025-05-01', { contactId: 'k', source: '6', child: { status: 'BORN', dateOfBirth: '2012-01-01' }, concerns: '' });
    r.do('RecordMashDecision', '2025-05-01', { contactId: 'k', decision: 'REFER_TO_CSC', checks: [] });
    r.do('OpenReferral', '2025-05-01', { primaryNeed: 'N4' });
    r.do('BecomeLookedAfter', '2025-05-02', { legalStatus: 'V2', placement: { place: 'U6', provider: 'PR1', distanceFromHomeMiles: 2, insideLocalAuthority: true }, categoryOfNeed: 'N4' });
    r.do('ChangePlacement', '2025-07-01', { placement: { place: 'T1', provider: 'PR3', distanceFromHomeMiles: 5, insideLocalAuthority: true }, sameCarer: false, reasonPlaceChange: 'OTHER' });
    r.do('ChangePlacement', '2025-07-04', { placement: { place: 'U6', provider: 'PR1', distanceFromHomeMiles: 2, insideLocalAuthority: true }, sameCarer: false, reasonPlaceChange: 'OTHER' });
    r.do('ChangePlacement', '2026-04-02', { placement: { place: 'U4', provider: 'PR1', distanceFromHomeMiles: 2, insideLocalAuthority: true }, sameCarer: true, reasonPlaceChange: 'CARPL' });
    const rows = buildSsda903([childFacts('B2', r.events)], { year: YEAR_2025 }).rows.episodes;
    expect(rows.map((e) => [e.DECOM, e.RNE, e.PLACE, e.PLACE_PROVIDER, e.DEC, e.REC, e.REASON_PLACE_CHANGE])).toEqual([
      ['02/05/2025', 'S', 'U6', 'PR1', '01/07/2025', 'X1', 'OTHER'],
      ['01/07/2025', 'P', 'T1', '', '04/07/2025', 'X1', ''],
      ['04/07/2025', 'P', 'U6', 'PR1', '', '', ''],
    ]);
  });

  it('lists the decision to place for adoption, the adoption and its match, with the foster carers flag from the placement', () => {
    expect(ssda903.rows.placed_for_adoption).toEqual([{ CHILD: 'A1005', DOB: '14/02/2022', DATE_PLACED: '10/09/2024', DATE_PLACED_CEASED: '', REASON_PLACED_CEASED: '' }]);
    expect(ssda903.rows.ad1[0]).toMatchObject({ DATE_INT: '10/09/2024', DATE_MATCH: '22/04/2025', FOSTER_CARE: '1', NB_ADOPTR: '' });
  });

  it('reports a care leaver at the birthday in the year with the contact from around it', () => {
    expect(ssda903.rows.oc3).toEqual([{ CHILD: 'A1006', DOB: '20/06/2007', IN_TOUCH: 'YES', ACTIV: 'F2', ACCOM: 'Z1' }]);
  });
});
