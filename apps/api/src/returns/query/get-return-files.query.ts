import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { AuthorityReturns } from './authority-returns.js';

/** A return as a file to download: its bytes, media type and suggested name. */
export interface ReturnFile {
  readonly fileName: string;
  readonly contentType: string;
  readonly body: Buffer;
}

export class GetCinCensusFile extends Query<ReturnFile> {
  constructor(
    readonly year: number,
    readonly lea: string,
  ) {
    super();
  }
}

export class GetSsda903Files extends Query<ReturnFile> {
  constructor(readonly year: number) {
    super();
  }
}

export class GetAnnexAWorkbook extends Query<ReturnFile> {
  constructor(
    readonly asOf: string | undefined,
    readonly months: number,
  ) {
    super();
  }
}

const label = (year: number): string => `${year}-${String((year + 1) % 100).padStart(2, '0')}`;

@QueryHandler(GetCinCensusFile)
export class GetCinCensusFileHandler implements IQueryHandler<GetCinCensusFile> {
  constructor(private readonly returns: AuthorityReturns) {}

  async execute({ year, lea }: GetCinCensusFile): Promise<ReturnFile> {
    const xml = await this.returns.cinCensus(year, lea);
    return { fileName: `cin-census-${label(year)}.xml`, contentType: 'application/xml; charset=utf-8', body: Buffer.from(xml, 'utf8') };
  }
}

@QueryHandler(GetSsda903Files)
export class GetSsda903FilesHandler implements IQueryHandler<GetSsda903Files> {
  constructor(private readonly returns: AuthorityReturns) {}

  async execute({ year }: GetSsda903Files): Promise<ReturnFile> {
    return { fileName: `ssda903-${label(year)}.zip`, contentType: 'application/zip', body: await this.returns.ssda903Zip(year) };
  }
}

@QueryHandler(GetAnnexAWorkbook)
export class GetAnnexAWorkbookHandler implements IQueryHandler<GetAnnexAWorkbook> {
  constructor(private readonly returns: AuthorityReturns) {}

  async execute({ asOf, months }: GetAnnexAWorkbook): Promise<ReturnFile> {
    const day = asOf ?? this.returns.today();
    return {
      fileName: `annex-a-${day}.xlsx`,
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      body: await this.returns.annexAWorkbook(day, months),
    };
  }
}
