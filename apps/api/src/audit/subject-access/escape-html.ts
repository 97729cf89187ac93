const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

function asText(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'undefined':
      return '';
    case 'object':
      return value === null ? '' : JSON.stringify(value);
    default:
      return '';
  }
}

/** Text made safe for HTML element content and quoted attribute values: whatever a worker typed shows as typed. */
export function escapeHtml(value: unknown): string {
  return asText(value).replace(/[&<>"'`]/g, (c) => ENTITIES[c] ?? c);
}
