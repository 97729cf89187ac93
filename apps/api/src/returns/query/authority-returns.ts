import { Inject, Injectable } from '@nestjs/common';
import type { EventStore } from '@cje/event-store';
import {
  annexAWorkbook,
  buildAnnexA,
  buildCinCensus,
  buildSsda903,
  checkReturns,
  cinCensusXml,
  collectionYear,
  NO_CHARACTERISTICS,
  readAuthorityHistory,
  ssda903Csv,
  zip,
  type ReturnsCheckReport,
} from '@cje/returns';
import { WorkingDayCalendar } from '@cje/timescales';
import { Clock } from '../../children/clock.js';
import { londonDate, londonDateTime } from '../../children/london-time.js';
import { EVENT_STORE } from '../../store/event-store.token.js';

/**
 * The statutory returns built from the whole store, as `cje returns` builds them (libs/returns does the work). Each
 * call reads the log afresh: returns are asked for a few times a year, and a manager checking after fixing a record
 * must see the fix. Characteristics (sex, ethnicity, UPN …) are not journey events: until the person record holds
 * them the files carry "not known" codes and the checks say so (CJE-01, CJE-02).
 */
@Injectable()
export class AuthorityReturns {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly calendar: WorkingDayCalendar,
  ) {}

  /** Today in England: the default Annex A reference date. */
  today(): string {
    return londonDate(this.clock.now());
  }

  async checks(startYear: number): Promise<ReturnsCheckReport> {
    const year = collectionYear(startYear);
    const history = await readAuthorityHistory(this.store);
    const now = londonDateTime(this.clock.now());
    const census = buildCinCensus(history.children, { year, lea: '000', generatedAt: now, characteristics: NO_CHARACTERISTICS });
    const ssda903 = buildSsda903(history.children, { year, characteristics: NO_CHARACTERISTICS });
    return checkReturns({
      year,
      children: history.children,
      census,
      ssda903,
      characteristics: NO_CHARACTERISTICS,
      now,
      isWorkingDay: (date) => this.calendar.isWorkingDay(date),
      unreadable: history.unreadable,
    });
  }

  async cinCensus(startYear: number, lea: string): Promise<string> {
    const year = collectionYear(startYear);
    const history = await readAuthorityHistory(this.store);
    return cinCensusXml(buildCinCensus(history.children, { year, lea, generatedAt: this.clock.now().toISOString(), characteristics: NO_CHARACTERISTICS }));
  }

  /** The eleven SSDA903 CSV files in one ZIP (the same writer as the Annex A workbook). */
  async ssda903Zip(startYear: number): Promise<Buffer> {
    const year = collectionYear(startYear);
    const history = await readAuthorityHistory(this.store);
    const files = ssda903Csv(buildSsda903(history.children, { year, characteristics: NO_CHARACTERISTICS }).rows);
    return zip(Object.entries(files).map(([name, data]) => ({ name, data })));
  }

  async annexAWorkbook(asOf: string, months: number): Promise<Buffer> {
    const history = await readAuthorityHistory(this.store);
    return annexAWorkbook(buildAnnexA(history.children, { asOf, months, characteristics: NO_CHARACTERISTICS }));
  }
}
