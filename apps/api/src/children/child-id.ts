import { createHash } from 'node:crypto';

/** A child id: a UUID minted by the server, or an id the client chose in the same alphabet. */
export const CHILD_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export function isChildId(value: string): boolean {
  return CHILD_ID_PATTERN.test(value);
}

/** Every child has one stream for life. */
export function childStreamId(childId: string): string {
  return `child-${childId}`;
}

/** Fixed namespace of this service's name-based child ids (RFC 9562 UUID version 5). */
const CHILD_ID_NAMESPACE = Buffer.from('7422f55888f544598eacf75529551ad8', 'hex');

/**
 * The id the server gives a new child: a name-based UUID (version 5) from the command id. A client that retries
 * a "new child" command after a lost answer therefore reaches the record its first attempt made, instead of
 * opening a second record for the same child; to the client it is as unpredictable as a random UUID.
 */
export function childIdForCommand(commandId: string): string {
  const bytes = createHash('sha1').update(CHILD_ID_NAMESPACE).update(commandId.toLowerCase()).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
