import { csvRecords, parseCsv } from './formats/csv.js';
import { fromDfeDate } from './collection-year.js';
import { ReturnsError } from './returns.errors.js';

/**
 * What the returns need about a child that the journey does not record: the journey keeps workflow facts and no
 * personal details, so sex, ethnicity, UPN, disability, UASC status, motherhood and date of death come from elsewhere
 * (the person record, or a migration source). Unknown values stay absent and the checks say so.
 */
export type Sex = 'M' | 'F' | 'U';

export const ETHNICITIES = [
  'WBRI', 'WIRI', 'WIRT', 'WOTH', 'WROM', 'MWBC', 'MWBA', 'MWAS', 'MOTH', 'AIND', 'APKN', 'ABAN', 'AOTH',
  'BCRB', 'BAFR', 'BOTH', 'CHNE', 'OOTH', 'REFU', 'NOBT',
] as const;
export type Ethnicity = (typeof ETHNICITIES)[number];

export const DISABILITIES = ['NONE', 'MOB', 'HAND', 'PC', 'INC', 'COMM', 'LD', 'HEAR', 'VIS', 'BEH', 'CON', 'AUT', 'DDA'] as const;
export type Disability = (typeof DISABILITIES)[number];

export const UPN_UNKNOWN_REASONS = ['UN1', 'UN2', 'UN3', 'UN4', 'UN5', 'UN6', 'UN7'] as const;

export interface ChildCharacteristics {
  readonly sex?: Sex;
  readonly ethnicity?: Ethnicity;
  readonly upn?: string;
  readonly formerUpn?: string;
  /** UN1–UN7 when there is no UPN. */
  readonly upnUnknown?: string;
  readonly disabilities?: readonly Disability[];
  readonly dateOfDeath?: string;
  /** Unaccompanied asylum-seeking child at any time in the year, with the date the status ceased (null if it has not). */
  readonly uasc?: { readonly ceasedOn: string | null };
  /** 903 MOTHER / MC_DOB, for a female child. */
  readonly mother?: { readonly isMother: boolean; readonly firstChildBornOn: string | null };
}

export type CharacteristicsSource = ReadonlyMap<string, ChildCharacteristics>;
export const NO_CHARACTERISTICS: CharacteristicsSource = new Map();

const CHARACTERISTICS_COLUMNS = ['CHILD', 'SEX', 'ETHNIC', 'UPN', 'FORMER_UPN', 'UPN_UNKNOWN', 'DISABILITIES', 'DATE_OF_DEATH', 'UASC', 'DUC', 'MOTHER', 'MC_DOB'] as const;
export const CHARACTERISTICS_CSV_HEADER = CHARACTERISTICS_COLUMNS.join(',');

const oneOf = <T extends string>(list: readonly T[], value: string, where: string): T | undefined => {
  if (value === '') return undefined;
  if (!(list as readonly string[]).includes(value)) throw new ReturnsError('MALFORMED_SOURCE', `${where}: '${value}' is not one of ${list.join(', ')}`);
  return value as T;
};

/**
 * Reads a characteristics file (the CLI's `--characteristics`): `CHILD,SEX,ETHNIC,UPN,FORMER_UPN,UPN_UNKNOWN,
 * DISABILITIES,DATE_OF_DEATH,UASC,DUC,MOTHER,MC_DOB`, disabilities separated by spaces, dates dd/mm/yyyy, UASC and
 * MOTHER 0/1. Only CHILD is required; a blank cell means unknown.
 */
export function readCharacteristicsCsv(text: string, fileName = 'characteristics.csv'): CharacteristicsSource {
  const map = new Map<string, ChildCharacteristics>();
  for (const [index, r] of csvRecords(parseCsv(text, fileName)).entries()) {
    const where = `${fileName} row ${index + 2}`;
    const child = r.CHILD ?? '';
    if (child === '') throw new ReturnsError('MALFORMED_SOURCE', `${where}: CHILD is blank`);
    const disabilities = (r.DISABILITIES ?? '').split(/\s+/).filter((d) => d !== '').map((d) => oneOf(DISABILITIES, d, where)!);
    const uasc = (r.UASC ?? '') === '1' ? { ceasedOn: fromDfeDate(r.DUC ?? '', `${where} DUC`) } : undefined;
    const motherFlag = r.MOTHER ?? '';
    map.set(child, {
      ...(oneOf(['M', 'F', 'U'] as const, r.SEX ?? '', `${where} SEX`) ? { sex: r.SEX as Sex } : {}),
      ...(oneOf(ETHNICITIES, r.ETHNIC ?? '', `${where} ETHNIC`) ? { ethnicity: r.ETHNIC as Ethnicity } : {}),
      ...(r.UPN ? { upn: r.UPN } : {}),
      ...(r.FORMER_UPN ? { formerUpn: r.FORMER_UPN } : {}),
      ...(oneOf(UPN_UNKNOWN_REASONS, r.UPN_UNKNOWN ?? '', `${where} UPN_UNKNOWN`) ? { upnUnknown: r.UPN_UNKNOWN } : {}),
      ...(disabilities.length > 0 ? { disabilities } : {}),
      ...(r.DATE_OF_DEATH ? { dateOfDeath: fromDfeDate(r.DATE_OF_DEATH, `${where} DATE_OF_DEATH`)! } : {}),
      ...(uasc ? { uasc } : {}),
      ...(motherFlag === '0' || motherFlag === '1'
        ? { mother: { isMother: motherFlag === '1', firstChildBornOn: fromDfeDate(r.MC_DOB ?? '', `${where} MC_DOB`) } }
        : {}),
    });
  }
  return map;
}
