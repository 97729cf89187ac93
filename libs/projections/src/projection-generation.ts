import type { Projection } from './projection.js';
import { CheckpointConflictError, InvalidProjectionError } from './projection.errors.js';
import { CATALOGUE_TABLE, CHECKPOINTS_TABLE } from './read-model-catalogue.js';
import type { ReadModelTx, SqlDialect, SqlQueries } from './read-model-store.js';
import { TableNames, placeholderTables } from './table-names.js';

const PROJECTION_NAME = /^[a-z][a-z0-9-]{0,62}$/;
/** Room for the generation suffix and an index suffix within PostgreSQL's 63-character names. */
const MAX_LOGICAL_TABLE = 40;

export type GenerationRole = 'live' | 'building' | 'retired';

/** A projection's definition, checked once: its DDL for this store's dialect and the logical tables it declares. */
export interface ProjectionLayout {
  readonly projection: Projection;
  /** Tables (and unique indexes): created with the generation. */
  readonly ddl: readonly string[];
  /** Other indexes (`IF NOT EXISTS`): created once a generation is built, before readers see it. */
  readonly indexes: readonly string[];
  readonly logicalTables: readonly string[];
}

/** `CREATE INDEX` (not UNIQUE: those may be what an upsert's conflict target needs while building). */
const PLAIN_INDEX = /^\s*CREATE\s+INDEX\s+(IF\s+NOT\s+EXISTS\s+)?/i;

export interface GenerationRow {
  readonly projection: string;
  readonly generation: number;
  readonly version: number;
  readonly position: number;
  readonly role: GenerationRole;
  /** Physical tables, space separated. */
  readonly tables: string;
}

export function physicalTable(logical: string, generation: number): string {
  return `${logical}__g${generation}`;
}

export function generationTables(layout: ProjectionLayout, dialect: SqlDialect, generation: number): TableNames {
  return new TableNames(
    dialect,
    new Map(layout.logicalTables.map((logical) => [logical, physicalTable(logical, generation)])),
    `projection ${layout.projection.name}'s tables`,
  );
}

/** Checks every projection and that no two of them claim the same name or table. */
export function layoutsOf(projections: readonly Projection[], dialect: SqlDialect): ProjectionLayout[] {
  const owners = new Map<string, string>();
  const names = new Set<string>();
  return projections.map((projection) => {
    const { name, version } = projection;
    if (typeof name !== 'string' || !PROJECTION_NAME.test(name)) {
      throw new InvalidProjectionError(`projection name ${String(name)} must be lower case letters, digits and -`);
    }
    if (names.has(name)) throw new InvalidProjectionError(`two projections are named ${name}`);
    names.add(name);
    if (!Number.isSafeInteger(version) || version < 1) {
      throw new InvalidProjectionError(`projection ${name} needs a whole version number of 1 or more`);
    }
    const ddl = [...projection.tables(dialect)];
    const logicalTables = [...new Set(ddl.flatMap(placeholderTables))];
    if (logicalTables.length === 0) {
      throw new InvalidProjectionError(`projection ${name} declares no {{t:name}} tables`);
    }
    for (const logical of logicalTables) {
      if (logical.length > MAX_LOGICAL_TABLE) {
        throw new InvalidProjectionError(`table ${logical} of projection ${name} is longer than ${MAX_LOGICAL_TABLE} characters`);
      }
      if (logical.startsWith('rm_')) throw new InvalidProjectionError(`table ${logical} of projection ${name} uses the reserved prefix rm_`);
      const owner = owners.get(logical);
      if (owner !== undefined) throw new InvalidProjectionError(`table ${logical} is declared by both ${owner} and ${name}`);
      owners.set(logical, name);
    }
    // A b-tree built once from the finished table costs a fraction of keeping it up to date row by row.
    const indexes = ddl.filter((statement) => PLAIN_INDEX.test(statement)).map((statement) => statement.replace(PLAIN_INDEX, 'CREATE INDEX IF NOT EXISTS '));
    return { projection, ddl: ddl.filter((statement) => !PLAIN_INDEX.test(statement)), indexes, logicalTables };
  });
}

export async function readGenerations(queries: SqlQueries): Promise<GenerationRow[]> {
  return queries.all<GenerationRow>(
    `SELECT projection, generation, version, position, role, tables FROM ${CHECKPOINTS_TABLE} ORDER BY projection, generation`,
  );
}

/**
 * Creates a generation to build: empty tables and a checkpoint at 0, without their non-unique indexes (`createIndexes`
 * adds them once it is built). Readers do not see it until `swapIn`. Answers its number and table names.
 */
export async function createGeneration(tx: ReadModelTx, layout: ProjectionLayout): Promise<{ generation: number; tables: TableNames }> {
  const { name, version } = layout.projection;
  const row = await tx.get<{ highest: number | null }>(
    `SELECT max(generation) AS highest FROM ${CHECKPOINTS_TABLE} WHERE projection = ?`,
    [name],
  );
  const generation = (row?.highest ?? 0) + 1;
  const tables = generationTables(layout, tx.dialect, generation);
  const physical = [...tables.entries().values()];
  // Left behind by a build that was dropped without its bookkeeping (should not happen; costs nothing to be sure).
  for (const table of physical) await tx.exec(`DROP TABLE IF EXISTS ${table}`);
  const own = tx.withTables(tables);
  for (const ddl of layout.ddl) await own.exec(ddl);
  await tx.run(
    `INSERT INTO ${CHECKPOINTS_TABLE} (projection, generation, version, position, role, tables) VALUES (?, ?, ?, 0, 'building', ?)`,
    [name, generation, version, physical.join(' ')],
  );
  return { generation, tables };
}

/**
 * Moves a generation's checkpoint from `from` to `to`. Conditional on `from`, so a second runner writing the same
 * read models makes this batch roll back instead of applying events twice.
 */
export async function advanceCheckpoint(
  tx: Pick<ReadModelTx, 'runExpecting'>,
  projection: string,
  generation: number,
  from: number,
  to: number,
): Promise<void> {
  await tx.runExpecting(
    `UPDATE ${CHECKPOINTS_TABLE} SET position = ? WHERE projection = ? AND generation = ? AND position = ?`,
    [to, projection, generation, from],
    1,
    () => new CheckpointConflictError(projection, generation, from),
  );
}

/** Creates a generation's non-unique indexes; those already there are left as they are. */
export async function createIndexes(tx: ReadModelTx, layout: ProjectionLayout, tables: TableNames): Promise<void> {
  const own = tx.withTables(tables);
  for (const statement of layout.indexes) await own.exec(statement);
}

/** Makes `generation` the live one: readers switch to it when this transaction commits; the old one is retired. */
export async function swapIn(tx: ReadModelTx, layout: ProjectionLayout, generation: number, tables: TableNames): Promise<void> {
  const { name } = layout.projection;
  await tx.run(`UPDATE ${CHECKPOINTS_TABLE} SET role = 'retired' WHERE projection = ? AND role = 'live'`, [name]);
  await tx.run(`UPDATE ${CHECKPOINTS_TABLE} SET role = 'live' WHERE projection = ? AND generation = ?`, [name, generation]);
  await publish(tx, layout, generation, tables);
}

/** Drops the tables of every retired generation of a projection, and their bookkeeping. */
export async function dropRetired(tx: ReadModelTx, projection: string): Promise<void> {
  const rows = await tx.all<{ generation: number; tables: string }>(
    `SELECT generation, tables FROM ${CHECKPOINTS_TABLE} WHERE projection = ? AND role = 'retired'`,
    [projection],
  );
  for (const row of rows) await dropGeneration(tx, projection, row.generation, row.tables);
}

export async function dropGeneration(tx: ReadModelTx, projection: string, generation: number, tables: string): Promise<void> {
  for (const table of tables.split(' ').filter(Boolean)) await tx.exec(`DROP TABLE IF EXISTS ${table}`);
  await tx.run(`DELETE FROM ${CHECKPOINTS_TABLE} WHERE projection = ? AND generation = ?`, [projection, generation]);
  // Cached statements on the dropped tables are of no further use.
  tx.catalogueChanged();
}

async function publish(tx: ReadModelTx, layout: ProjectionLayout, generation: number, tables: TableNames): Promise<void> {
  const { name } = layout.projection;
  await tx.run(`DELETE FROM ${CATALOGUE_TABLE} WHERE projection = ?`, [name]);
  for (const [logical, physical] of tables.entries()) {
    await tx.run(
      `INSERT INTO ${CATALOGUE_TABLE} (logical_name, projection, generation, physical_name) VALUES (?, ?, ?, ?)
       ON CONFLICT (logical_name) DO UPDATE SET projection = excluded.projection, generation = excluded.generation,
         physical_name = excluded.physical_name`,
      [logical, name, generation, physical],
    );
  }
  tx.catalogueChanged();
}
