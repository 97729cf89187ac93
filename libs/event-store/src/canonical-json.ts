/**
 * Deterministic JSON: object keys sorted, no whitespace. Two structurally equal values always give the same text,
 * whichever engine stored them (PostgreSQL jsonb reorders keys; the hash must not care).
 *
 * Written as loops over strings rather than map/filter/join: every append serialises each event's data with it
 * (and bulk loads hundreds of thousands), and the intermediate arrays were most of its cost. The text is the same.
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
      if (Array.isArray(value)) {
        let text = '[';
        for (let i = 0; i < value.length; i++) {
          if (i > 0) text += ',';
          // A hole in a sparse array stays empty, as Array.prototype.join leaves it.
          if (i in value) text += canonicalJson(value[i]);
        }
        return `${text}]`;
      }
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) {
        // A Date, Map or class instance would silently become {} and lose what the worker recorded.
        throw new TypeError(`${(value).constructor?.name ?? 'an object'} is not plain JSON`);
      }
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).sort();
      let text = '{';
      for (const key of keys) {
        const item = record[key];
        if (item === undefined) continue;
        if (text.length > 1) text += ',';
        text += `${JSON.stringify(key)}:${canonicalJson(item)}`;
      }
      return `${text}}`;
    }
    default:
      throw new TypeError(`${typeof value} is not JSON`);
  }
}
