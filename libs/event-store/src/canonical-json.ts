/**
 * Deterministic JSON: object keys sorted, no whitespace. Two structurally equal values always give the same text,
 * whichever engine stored them (PostgreSQL jsonb reorders keys; the hash must not care).
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('non-finite number');
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) {
        // A Date, Map or class instance would silently become {} and lose what the worker recorded.
        throw new TypeError(`${(value).constructor?.name ?? 'an object'} is not plain JSON`);
      }
      const entries = Object.keys(value as Record<string, unknown>)
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .sort()
        .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
      return `{${entries.join(',')}}`;
    }
    default:
      throw new TypeError(`${typeof value} is not JSON`);
  }
}
