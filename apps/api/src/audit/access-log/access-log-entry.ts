/** Which kind of read of a child's record an access-log entry records. */
export const ACCESS_VIEWS = ['record', 'history', 'as-at', 'subject-access', 'integrity', 'access-log'] as const;
export type AccessView = (typeof ACCESS_VIEWS)[number];

/** A read about to be logged: ids only, never a name or anything from the record itself. */
export interface AccessLogInput {
  readonly userId: string;
  readonly role: string;
  readonly team: string;
  readonly childId: string;
  readonly view: AccessView;
  /** The request's `x-request-id`, to find the request in the service's logs. */
  readonly requestId: string;
}

/** An entry as the access log holds it, with its place in the hash chain. */
export interface AccessLogEntry extends AccessLogInput {
  /** 1-based, gapless, in order of writing. */
  readonly seq: number;
  readonly id: string;
  /** When the record was read (ISO 8601, UTC). */
  readonly at: string;
  /** Hash of the previous entry; '' for the first. */
  readonly prevHash: string;
  /** SHA-256 (hex) of this entry's fields and `prevHash`. */
  readonly hash: string;
}

/** An entry ready to be written: the store gives it `seq`, `prevHash` and `hash` under its write lock. */
export interface PendingAccessLogEntry extends AccessLogInput {
  readonly id: string;
  readonly at: string;
}
