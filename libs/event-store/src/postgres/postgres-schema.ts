import type { LogEvent, RecordedEvent } from '../event-envelope.js';

/** Channel every PostgreSQL event store notifies on after a durable append; the payload is the schema name. */
export const APPEND_CHANNEL = 'cje_event_store';

/** Lock class of the advisory lock that serialises init() of one schema across processes ("CJE" in ASCII). */
const INIT_LOCK_CLASS = 0x434a45;

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Schema names are spliced into SQL, so only plain lower-case identifiers are accepted. */
export function checkSchemaName(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) {
    throw new RangeError('schema must be a lower-case PostgreSQL identifier: letters, digits and _, at most 63 characters');
  }
  return schema;
}

/**
 * Columns read back for a RecordedEvent. No alias may shadow a column name: ORDER BY would sort by the alias
 * (position as text sorts 10 before 2).
 */
export const EVENT_COLUMNS = `position, event_id, stream_id, revision, type, data, occurred_at, recorded_at,
  actor_user_id, actor_role, actor_team, correlation_id, causation_id, schema_version, machine_version, prev_hash, hash`;

export interface EventRow {
  /** bigint: a string unless someone installed another int8 parser in pg. */
  readonly position: string | number;
  readonly event_id: string;
  readonly stream_id: string;
  readonly revision: number;
  readonly type: string;
  readonly data: string;
  readonly occurred_at: string;
  readonly recorded_at: string;
  readonly actor_user_id: string;
  readonly actor_role: string;
  readonly actor_team: string;
  readonly correlation_id: string;
  readonly causation_id: string;
  readonly schema_version: number;
  readonly machine_version: number | null;
  readonly prev_hash: string;
  readonly hash: string;
}

/** Columns read back for a LogEvent. */
export const LOG_EVENT_COLUMNS = 'position, event_id, stream_id, revision, type, data, occurred_at, recorded_at, actor_team, machine_version';

export type LogEventRow = Pick<EventRow, 'position' | 'event_id' | 'stream_id' | 'revision' | 'type' | 'data' | 'occurred_at' | 'recorded_at' | 'actor_team' | 'machine_version'>;

export function toLogEvent(row: LogEventRow): LogEvent {
  return {
    id: row.event_id,
    type: row.type,
    data: JSON.parse(row.data) as Record<string, unknown>,
    metadata: {
      occurredAt: row.occurred_at,
      actor: { team: row.actor_team },
      machineVersion: row.machine_version,
      streamId: row.stream_id,
      revision: row.revision,
      position: Number(row.position),
      recordedAt: row.recorded_at,
    },
  };
}

export function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    id: row.event_id,
    type: row.type,
    data: JSON.parse(row.data) as Record<string, unknown>,
    metadata: {
      occurredAt: row.occurred_at,
      actor: { userId: row.actor_user_id, role: row.actor_role, team: row.actor_team },
      correlationId: row.correlation_id,
      causationId: row.causation_id,
      schemaVersion: row.schema_version,
      machineVersion: row.machine_version,
      streamId: row.stream_id,
      revision: row.revision,
      position: Number(row.position),
      recordedAt: row.recorded_at,
      prevHash: row.prev_hash,
      hash: row.hash,
    },
  };
}

/**
 * DDL and the append procedure, all idempotent. Run inside one transaction holding the init lock, because concurrent
 * `CREATE ... IF NOT EXISTS` of the same object can still collide in the catalogue.
 *
 * `data`, `occurred_at` and `recorded_at` are text on purpose: they hold byte for byte what the hash covers. jsonb
 * would reorder keys and reformat numbers, and refuses `\u0000`, which the port accepts; cast to jsonb or timestamptz
 * in ad-hoc queries instead.
 */
export function schemaStatements(schema: string): string[] {
  const s = `"${checkSchemaName(schema)}"`;
  return [
    `SELECT pg_advisory_xact_lock(${INIT_LOCK_CLASS}, hashtext('${schema}'))`,
    `CREATE SCHEMA IF NOT EXISTS ${s}`,
    `CREATE TABLE IF NOT EXISTS ${s}.events (
       position bigint PRIMARY KEY,
       event_id text NOT NULL,
       stream_id text NOT NULL,
       revision integer NOT NULL,
       type text NOT NULL,
       data text NOT NULL,
       occurred_at text NOT NULL,
       recorded_at text NOT NULL,
       actor_user_id text NOT NULL,
       actor_role text NOT NULL,
       actor_team text NOT NULL,
       correlation_id text NOT NULL,
       causation_id text NOT NULL,
       schema_version integer NOT NULL,
       machine_version integer,
       prev_hash text NOT NULL,
       hash text NOT NULL,
       CONSTRAINT events_event_id_unique UNIQUE (event_id),
       CONSTRAINT events_stream_revision_unique UNIQUE (stream_id, revision)
     )`,
    `CREATE TABLE IF NOT EXISTS ${s}.streams (
       stream_id text PRIMARY KEY,
       revision integer NOT NULL,
       hash text NOT NULL
     )`,
    // The last position ever issued. Its row lock is the log's single writer slot, and it remembers positions of
    // events deleted from the tail, which max(position) would forget.
    `CREATE TABLE IF NOT EXISTS ${s}.log_head (
       id boolean PRIMARY KEY DEFAULT true CHECK (id),
       position bigint NOT NULL
     )`,
    `INSERT INTO ${s}.log_head (id, position) VALUES (true, 0) ON CONFLICT (id) DO NOTHING`,
    appendProcedure(s),
  ];
}

/**
 * One round trip for a group of appends (often of one), made durable before it answers. Each append carries the
 * stream head the caller believes in (`p_head_revisions`, `p_head_hashes`; -1 for a new stream) and its events
 * already chained to it; an append is written only if that is still the head, otherwise the procedure answers the
 * real head for it and writes none of its events. Answers arrays with one entry per append, in the order given.
 *
 * Locks, always in this order (no deadlocks): the streams' rows in the order given (every caller sorts by stream id),
 * then the log_head row. The last is held until commit, so positions are issued one transaction at a time, gapless,
 * in commit order; a group takes it once for all its appends.
 *
 * Two transactions. The first writes and commits with `synchronous_commit = off`, so the log_head lock is let go as
 * soon as the commit record is in the WAL buffers, not after an fsync. The second restores the session's setting and
 * commits a WAL record of its own (pg_logical_emit_message) with NOTIFY: a synchronous commit flushes the WAL up to
 * itself, so the group is on disk (and on synchronous standbys, if configured) before CALL returns. Listeners are
 * woken only then. A crash between the two loses the group, which the caller sees as an error, and no reader saw
 * it (see the reads in postgres-event-store.ts).
 *
 * A volatile PL/pgSQL routine takes a fresh snapshot per statement, so the head re-read after a failed
 * compare-and-set sees the winner's commit.
 */
function appendProcedure(s: string): string {
  return `CREATE OR REPLACE PROCEDURE ${s}.append_group(
      p_stream_ids text[], p_head_revisions integer[], p_head_hashes text[], p_counts integer[], p_recorded_at text[],
      p_append_of_event integer[], p_revisions integer[], p_event_ids text[], p_types text[], p_data text[], p_occurred_at text[],
      p_actor_user_ids text[], p_actor_roles text[], p_actor_teams text[], p_correlation_ids text[], p_causation_ids text[],
      p_schema_versions integer[], p_machine_versions integer[], p_prev_hashes text[], p_hashes text[], p_notify text,
      INOUT r_appended boolean[] DEFAULT NULL, INOUT r_first_positions bigint[] DEFAULT NULL,
      INOUT r_head_revisions integer[] DEFAULT NULL, INOUT r_head_hashes text[] DEFAULT NULL)
    LANGUAGE plpgsql AS $fn$
    DECLARE
      v_synchronous_commit text := current_setting('synchronous_commit');
      v_appends integer := cardinality(p_stream_ids);
      v_ok boolean[] := array_fill(false, ARRAY[v_appends]);
      v_last_event integer := 0;
      v_written integer := 0;
      v_base bigint := 0;
      v_next bigint;
      v_revision integer;
      v_hash text;
      i integer;
    BEGIN
      IF current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'event store appends need READ COMMITTED isolation, found %', current_setting('transaction_isolation')
          USING ERRCODE = 'feature_not_supported';
      END IF;
      PERFORM set_config('synchronous_commit', 'off', true);
      FOR i IN 1..v_appends LOOP
        v_last_event := v_last_event + p_counts[i];
        IF p_head_revisions[i] < 0 THEN
          INSERT INTO ${s}.streams (stream_id, revision, hash) VALUES (p_stream_ids[i], p_counts[i] - 1, p_hashes[v_last_event])
            ON CONFLICT (stream_id) DO NOTHING;
        ELSE
          UPDATE ${s}.streams SET revision = p_head_revisions[i] + p_counts[i], hash = p_hashes[v_last_event]
            WHERE stream_id = p_stream_ids[i] AND revision = p_head_revisions[i] AND hash = p_head_hashes[i];
        END IF;
        IF FOUND THEN
          v_ok[i] := true;
          v_written := v_written + p_counts[i];
        END IF;
      END LOOP;
      IF v_written > 0 THEN
        UPDATE ${s}.log_head SET position = position + v_written WHERE id RETURNING position - v_written INTO v_base;
        INSERT INTO ${s}.events (position, event_id, stream_id, revision, type, data, occurred_at, recorded_at,
            actor_user_id, actor_role, actor_team, correlation_id, causation_id, schema_version, machine_version, prev_hash, hash)
          SELECT v_base + row_number() OVER (ORDER BY t.n), t.event_id, p_stream_ids[t.a], t.revision, t.type, t.data,
            t.occurred_at, p_recorded_at[t.a], t.actor_user_id, t.actor_role, t.actor_team, t.correlation_id, t.causation_id,
            t.schema_version, t.machine_version, t.prev_hash, t.hash
          FROM unnest(p_append_of_event, p_revisions, p_event_ids, p_types, p_data, p_occurred_at, p_actor_user_ids,
              p_actor_roles, p_actor_teams, p_correlation_ids, p_causation_ids, p_schema_versions, p_machine_versions,
              p_prev_hashes, p_hashes)
            WITH ORDINALITY AS t(a, revision, event_id, type, data, occurred_at, actor_user_id, actor_role, actor_team,
              correlation_id, causation_id, schema_version, machine_version, prev_hash, hash, n)
          WHERE v_ok[t.a];
      END IF;
      r_appended := v_ok;
      r_first_positions := array_fill(NULL::bigint, ARRAY[v_appends]);
      r_head_revisions := array_fill(NULL::integer, ARRAY[v_appends]);
      r_head_hashes := array_fill(NULL::text, ARRAY[v_appends]);
      v_next := v_base + 1;
      FOR i IN 1..v_appends LOOP
        IF v_ok[i] THEN
          r_first_positions[i] := v_next;
          v_next := v_next + p_counts[i];
        ELSE
          v_revision := NULL;
          v_hash := NULL;
          SELECT st.revision, st.hash INTO v_revision, v_hash FROM ${s}.streams st WHERE st.stream_id = p_stream_ids[i];
          r_head_revisions[i] := coalesce(v_revision, -1);
          r_head_hashes[i] := coalesce(v_hash, '');
        END IF;
      END LOOP;
      COMMIT;
      IF v_written > 0 THEN
        PERFORM set_config('synchronous_commit', v_synchronous_commit, true);
        PERFORM pg_logical_emit_message(true, '${APPEND_CHANNEL}', ''), pg_notify('${APPEND_CHANNEL}', p_notify);
      END IF;
    END
    $fn$`;
}
