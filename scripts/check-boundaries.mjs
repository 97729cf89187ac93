#!/usr/bin/env node
// Fails the build when a domain library imports framework or adapter code.
// The domain (journey, timescales) must stay pure: no Nest, no database drivers, no HTTP, no clock or id side effects
// hidden behind a framework. Returns and projections may use the event-store port but not Nest.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const FRAMEWORK = [/^@nestjs\//, /^express$/, /^better-sqlite3$/, /^pg$/, /^@kurrent\//, /^@eventstore\//, /^class-validator$/, /^class-transformer$/, /^jose$/];
const rules = [
  { dir: 'libs/journey/src', forbidden: [...FRAMEWORK, /^@cje\/(event-store|projections|returns|testing|runtime)$/] },
  { dir: 'libs/timescales/src', forbidden: [...FRAMEWORK, /^@cje\/(journey|event-store|projections|returns|testing|runtime)$/] },
  { dir: 'libs/returns/src', forbidden: [/^@nestjs\//, /^express$/] },
  { dir: 'libs/projections/src', forbidden: [/^@nestjs\//, /^express$/] },
  { dir: 'libs/event-store/src', forbidden: [/^@nestjs\//, /^express$/, /^@cje\/(journey|timescales|projections|returns|runtime)$/] },
];
const IMPORT = /(?:^|\s)(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm;

function* files(dir) {
  let entries;
  try { entries = readdirSync(dir); } catch { return; }
  for (const name of entries) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* files(p);
    else if (p.endsWith('.ts') && !/\.(spec|e2e-spec)\.ts$/.test(p)) yield p;
  }
}

const violations = [];
for (const { dir, forbidden } of rules) {
  for (const file of files(join(root, dir))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? m[3];
      if (spec && forbidden.some((re) => re.test(spec))) violations.push(`${relative(root, file)} imports '${spec}'`);
      if (spec && spec.startsWith('.') && /\/(apps)\//.test(join(file, '..', spec))) violations.push(`${relative(root, file)} reaches into an app: '${spec}'`);
    }
  }
}
if (violations.length) {
  console.error('Boundary check failed: domain libraries must not import framework or adapter code.');
  for (const v of violations) console.error(`  - ${v}`);
  process.exit(1);
}
console.log(`Boundary check passed (${rules.map((r) => r.dir).join(', ')}).`);
