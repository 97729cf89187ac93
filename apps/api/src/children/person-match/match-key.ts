import { createHmac } from 'node:crypto';
import type { JourneyCommandDataMap } from '@cje/journey';

/** What a contact says about who the child is, for matching only: it is never stored or logged. */
export interface PersonIdentity {
  readonly firstName?: string;
  readonly lastName?: string;
  /** Date of birth, or the expected date of birth of an unborn child (YYYY-MM-DD). */
  readonly date: string | null;
}

/** Who a new child's contact is about: the names given (never recorded) and the date of birth, or expected date. */
export function personIdentityOf(
  data: JourneyCommandDataMap['RecordContact'],
  names: { readonly firstName?: string; readonly lastName?: string },
): PersonIdentity {
  const child = data.child;
  return { ...names, date: child.status === 'BORN' ? child.dateOfBirth : child.expectedDateOfBirth };
}

/** Letters only, lower case, accents removed: "O'Brien-Smith" and "obrien smith" are the same surname. */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}]/gu, '');
}

/**
 * The key two records of the same child share: normalised surname, date (of birth, or expected) and first-name
 * initial, through HMAC-SHA-256 keyed with this installation's salt. Only the key is kept, never the names: the
 * table cannot be read back into names, nor joined with another installation's. Null when the contact does not say
 * enough to match on (no surname or no date). An unborn child usually has no first name: its initial is then empty,
 * and it matches other records of the same surname and expected date without one.
 */
export function matchKey(identity: PersonIdentity, salt: string): string | null {
  const surname = normaliseName(identity.lastName ?? '');
  if (surname === '' || identity.date === null) return null;
  const initial = [...normaliseName(identity.firstName ?? '')][0] ?? '';
  return createHmac('sha256', salt).update(`${surname}\u001f${identity.date}\u001f${initial}`).digest('hex');
}
