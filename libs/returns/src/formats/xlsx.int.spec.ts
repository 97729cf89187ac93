import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { xlsx } from './xlsx.js';

const unzipAvailable = (() => {
  try {
    execFileSync('unzip', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

// Info-ZIP's unzip is an independent reader of the container; without it the unit tests' own reader still checks it.
(unzipAvailable ? describe : describe.skip)('the .xlsx container read by Info-ZIP unzip (skipped when unzip is not installed)', () => {
  it('tests clean: every entry inflates and matches its CRC', () => {
    const dir = mkdtempSync(join(tmpdir(), 'returns-xlsx-'));
    try {
      const file = join(dir, 'book.xlsx');
      writeFileSync(file, xlsx([{ name: 'Sheet', rows: [['a', 1, { date: '2026-03-31' }]] }]));
      const out = execFileSync('unzip', ['-t', file], { encoding: 'utf8' });
      expect(out).toMatch(/No errors detected in compressed data/);
      expect(execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' }).trim().split('\n')).toContain('xl/worksheets/sheet1.xml');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
