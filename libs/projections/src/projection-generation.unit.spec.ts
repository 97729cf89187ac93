import { childIndexProjection } from './child-index/child-index.projection.js';
import type { Projection } from './projection.js';
import { InvalidProjectionError, UnknownTableError } from './projection.errors.js';
import { generationTables, layoutsOf } from './projection-generation.js';

function projection(name: string, ddl: string[], version = 1): Projection {
  return { name, version, tables: () => ddl, apply: async () => undefined };
}

describe('projection layouts and generation table names', () => {
  it('gives each generation its own physical tables and indexes', () => {
    const [layout] = layoutsOf([childIndexProjection], 'sqlite');
    if (!layout) throw new Error('no layout');
    const second = generationTables(layout, 'sqlite', 2);
    expect(layout.logicalTables).toEqual(['child_index']);
    expect(second.names('CREATE INDEX {{t:child_index}}_team ON {{t:child_index}} (team)')).toBe(
      'CREATE INDEX child_index__g2_team ON child_index__g2 (team)',
    );
  });

  it('puts off non-unique indexes until a generation is built, and creates them only where missing', () => {
    const [layout] = layoutsOf(
      [
        projection('a', [
          'CREATE TABLE {{t:a}} (x TEXT PRIMARY KEY, y TEXT)',
          'CREATE UNIQUE INDEX {{t:a}}_y ON {{t:a}} (y)',
          'CREATE INDEX {{t:a}}_xy ON {{t:a}} (x, y)',
          'create index if not exists {{t:a}}_yx ON {{t:a}} (y, x)',
        ]),
      ],
      'sqlite',
    );
    expect(layout?.ddl).toEqual(['CREATE TABLE {{t:a}} (x TEXT PRIMARY KEY, y TEXT)', 'CREATE UNIQUE INDEX {{t:a}}_y ON {{t:a}} (y)']);
    expect(layout?.indexes).toEqual(['CREATE INDEX IF NOT EXISTS {{t:a}}_xy ON {{t:a}} (x, y)', 'CREATE INDEX IF NOT EXISTS {{t:a}}_yx ON {{t:a}} (y, x)']);
  });

  it('numbers parameters for PostgreSQL but not for SQLite', () => {
    const [layout] = layoutsOf([childIndexProjection], 'postgres');
    if (!layout) throw new Error('no layout');
    expect(generationTables(layout, 'postgres', 1).sql('SELECT * FROM {{t:child_index}} WHERE team = ?')).toBe(
      'SELECT * FROM child_index__g1 WHERE team = $1',
    );
    expect(generationTables(layout, 'sqlite', 1).sql('SELECT * FROM {{t:child_index}} WHERE team = ?')).toBe(
      'SELECT * FROM child_index__g1 WHERE team = ?',
    );
  });

  it('refuses SQL naming a table the projection does not declare', () => {
    const [layout] = layoutsOf([childIndexProjection], 'sqlite');
    if (!layout) throw new Error('no layout');
    expect(() => generationTables(layout, 'sqlite', 1).sql('SELECT * FROM {{t:caseload}}')).toThrow(UnknownTableError);
  });

  it.each([
    ['a bad name', [projection('Child Index', ['CREATE TABLE {{t:a}} (x TEXT)'])]],
    ['a version below 1', [projection('a', ['CREATE TABLE {{t:a}} (x TEXT)'], 0)]],
    ['no placeholder tables', [projection('a', ['CREATE TABLE a (x TEXT)'])]],
    ['the reserved rm_ prefix', [projection('a', ['CREATE TABLE {{t:rm_a}} (x TEXT)'])]],
    ['two projections with one name', [projection('a', ['CREATE TABLE {{t:a}} (x TEXT)']), projection('a', ['CREATE TABLE {{t:b}} (x TEXT)'])]],
    ['two projections sharing a table', [projection('a', ['CREATE TABLE {{t:a}} (x TEXT)']), projection('b', ['CREATE TABLE {{t:a}} (x TEXT)'])]],
  ])('rejects a definition with %s', (_what, projections) => {
    expect(() => layoutsOf(projections, 'sqlite')).toThrow(InvalidProjectionError);
  });
});
