import { addYears, ageInYears, type IsoDate } from './iso-date.js';

export type ConditionValue = string | number | boolean | null;

/**
 * A small, serialisable condition language, so rules (and an authority's configuration) stay data. Field paths
 * are dot-separated keys into the event's `data`.
 */
export type Condition =
  | { readonly kind: 'all'; readonly conditions: readonly Condition[] }
  | { readonly kind: 'any'; readonly conditions: readonly Condition[] }
  | { readonly kind: 'not'; readonly condition: Condition }
  /** The event's data field equals the value. */
  | { readonly kind: 'field'; readonly field: string; readonly equals: ConditionValue }
  /** The event's data field is one of the values. */
  | { readonly kind: 'field_in'; readonly field: string; readonly values: readonly ConditionValue[] }
  /** A field of the event that started the child's current placement. */
  | { readonly kind: 'placement_field'; readonly field: string; readonly equals: ConditionValue }
  /** A field of the event that started the child's current placement is one of the values. */
  | { readonly kind: 'placement_field_in'; readonly field: string; readonly values: readonly ConditionValue[] }
  /** The current placement had lasted at least this many years on the date. */
  | { readonly kind: 'placement_held'; readonly atLeastYears: number }
  /** The child's age in whole years on the date; `ifUnknown` answers when no date of birth is known. */
  | {
      readonly kind: 'child_age';
      readonly atLeast?: number;
      readonly below?: number;
      readonly ifUnknown: boolean;
    }
  /** Whether the child is looked after on the date. */
  | { readonly kind: 'looked_after'; readonly is: boolean };

/** What a condition can see: the event in hand and the facts about the child at that point in the timeline. */
export interface ConditionContext {
  readonly on: IsoDate;
  readonly data: Readonly<Record<string, unknown>>;
  readonly dateOfBirth: IsoDate | undefined;
  readonly lookedAfter: boolean;
  readonly placement: { readonly startedOn: IsoDate; readonly data: Readonly<Record<string, unknown>> } | undefined;
}

export function readField(data: Readonly<Record<string, unknown>>, path: string): unknown {
  let current: unknown = data;
  for (const key of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

export function evaluateCondition(condition: Condition, context: ConditionContext): boolean {
  switch (condition.kind) {
    case 'all':
      return condition.conditions.every((c) => evaluateCondition(c, context));
    case 'any':
      return condition.conditions.some((c) => evaluateCondition(c, context));
    case 'not':
      return !evaluateCondition(condition.condition, context);
    case 'field':
      return readField(context.data, condition.field) === condition.equals;
    case 'field_in': {
      const value = readField(context.data, condition.field);
      return condition.values.some((v) => v === value);
    }
    case 'placement_field':
      return context.placement !== undefined && readField(context.placement.data, condition.field) === condition.equals;
    case 'placement_field_in': {
      if (context.placement === undefined) return false;
      const value = readField(context.placement.data, condition.field);
      return condition.values.some((v) => v === value);
    }
    case 'placement_held':
      return context.placement !== undefined && addYears(context.placement.startedOn, condition.atLeastYears) <= context.on;
    case 'child_age': {
      if (context.dateOfBirth === undefined) return condition.ifUnknown;
      const age = ageInYears(context.dateOfBirth, context.on);
      return (condition.atLeast === undefined || age >= condition.atLeast) && (condition.below === undefined || age < condition.below);
    }
    case 'looked_after':
      return context.lookedAfter === condition.is;
    default: {
      const unknown: never = condition;
      return unknown;
    }
  }
}

/** Readable constructors for the rule table. */
export const when = {
  field: (field: string, equals: ConditionValue): Condition => ({ kind: 'field', field, equals }),
  fieldIn: (field: string, values: readonly ConditionValue[]): Condition => ({ kind: 'field_in', field, values }),
  placementField: (field: string, equals: ConditionValue): Condition => ({ kind: 'placement_field', field, equals }),
  placementFieldIn: (field: string, values: readonly ConditionValue[]): Condition => ({ kind: 'placement_field_in', field, values }),
  placementHeld: (atLeastYears: number): Condition => ({ kind: 'placement_held', atLeastYears }),
  childAge: (range: { atLeast?: number; below?: number }, ifUnknown: boolean): Condition => ({ kind: 'child_age', ...range, ifUnknown }),
  lookedAfter: (is: boolean): Condition => ({ kind: 'looked_after', is }),
  all: (...conditions: Condition[]): Condition => ({ kind: 'all', conditions }),
  any: (...conditions: Condition[]): Condition => ({ kind: 'any', conditions }),
  not: (condition: Condition): Condition => ({ kind: 'not', condition }),
} as const;
