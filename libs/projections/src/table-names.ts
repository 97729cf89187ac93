import { toNumberedParameters } from './numbered-parameters.js';
import { UnknownTableError } from './projection.errors.js';
import type { SqlDialect } from './read-model-store.js';

/** `{{t:name}}`: a logical read-model table, resolved to a physical one per generation. */
export const TABLE_PLACEHOLDER = /\{\{t:([a-z][a-z0-9_]*)\}\}/g;
/** Past this many distinct SQL texts the cache starts over rather than grow without bound. */
const CACHE_LIMIT = 2000;

/** The logical table names a piece of SQL mentions, in order of first mention. */
export function placeholderTables(sql: string): string[] {
  return [...new Set(Array.from(sql.matchAll(TABLE_PLACEHOLDER), (m) => m[1] ?? ''))];
}

/**
 * Logical → physical table names, plus the SQL text each template becomes (table names resolved; `?` numbered on
 * PostgreSQL). Cached per template: the hot path of a projection is one map lookup before its prepared statement.
 */
export class TableNames {
  private readonly cache = new Map<string, string>();

  constructor(
    readonly dialect: SqlDialect,
    private readonly tables: ReadonlyMap<string, string>,
    /** Whose tables these are, for error messages (e.g. "the live read models"). */
    private readonly owner: string,
  ) {}

  /** The SQL to run for `template`. */
  sql(template: string): string {
    const cached = this.cache.get(template);
    if (cached !== undefined) return cached;
    const resolved = this.names(template);
    const sql = this.dialect === 'postgres' ? toNumberedParameters(resolved) : resolved;
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(template, sql);
    return sql;
  }

  /** `template` with table names resolved and nothing else touched (DDL, multi-statement text). */
  names(template: string): string {
    if (!template.includes('{{')) return template;
    return template.replace(TABLE_PLACEHOLDER, (_match, name: string) => this.table(name));
  }

  /** The physical table `{{t:logical}}` stands for. */
  table(logical: string): string {
    const physical = this.tables.get(logical);
    if (physical === undefined) throw new UnknownTableError(logical, this.owner);
    return physical;
  }

  physical(logical: string): string | undefined {
    return this.tables.get(logical);
  }

  entries(): ReadonlyMap<string, string> {
    return this.tables;
  }
}
