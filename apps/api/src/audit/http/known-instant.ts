import { ValidateBy, type ValidationOptions } from 'class-validator';
import { isStrictIsoDate } from '../../children/dto/date-validators.js';
import { londonDateTime } from '../../children/london-time.js';

const DATE_TIME_WITH_OFFSET = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d{1,9})?)?(Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

/** A date (YYYY-MM-DD) or a date-time with its offset: an instant, never a time whose zone must be guessed. */
export function isKnownInstant(value: unknown): value is string {
  if (isStrictIsoDate(value)) return true;
  if (typeof value !== 'string') return false;
  const m = DATE_TIME_WITH_OFFSET.exec(value);
  return m !== null && isStrictIsoDate(m[1]) && Number.isFinite(Date.parse(value));
}

/** The instant a `known` value names: a date means the end of that day in England (all that was recorded that day). */
export function knownInstant(value: string): Date {
  if (!isStrictIsoDate(value)) return new Date(value);
  const next = new Date(`${value}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  // England's offset at the next midnight (UK clocks never change at midnight), e.g. "+01:00" in summer.
  const offset = /([+-])(\d{2}):(\d{2})$/.exec(londonDateTime(next));
  const minutes = offset ? (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3])) : 0;
  return new Date(next.getTime() - minutes * 60_000 - 1);
}

export function IsKnownInstant(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isKnownInstant',
      validator: {
        validate: isKnownInstant,
        defaultMessage: (args) => `${args?.property ?? 'value'} must be a date (YYYY-MM-DD, meaning the end of that day) or a date-time with its offset (e.g. 2025-03-01T17:00:00Z)`,
      },
    },
    options,
  );
}
