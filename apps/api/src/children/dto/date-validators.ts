import { ValidateBy, type ValidationOptions } from 'class-validator';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d{1,9})?)?(Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)?$/;

/** A real calendar date written YYYY-MM-DD (no 2025-02-30, no 2025-2-3, no time). */
export function isStrictIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = DATE.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  return day <= days;
}

/** An effective date as the journey reads it: a date, or a date-time with hours and minutes and an optional offset. */
export function isEffectiveDateValue(value: unknown): value is string {
  if (isStrictIsoDate(value)) return true;
  if (typeof value !== 'string') return false;
  const m = DATE_TIME.exec(value);
  return m !== null && isStrictIsoDate(m[1]);
}

export function IsIsoDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    { name: 'isIsoDate', validator: { validate: isStrictIsoDate, defaultMessage: (args) => `${args?.property ?? 'value'} must be a date written YYYY-MM-DD` } },
    options,
  );
}

export function IsEffectiveDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isEffectiveDate',
      validator: {
        validate: isEffectiveDateValue,
        defaultMessage: (args) => `${args?.property ?? 'value'} must be a date (YYYY-MM-DD) or a date-time (YYYY-MM-DDThh:mm, optional seconds and offset)`,
      },
    },
    options,
  );
}
