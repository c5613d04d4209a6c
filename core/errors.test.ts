// Every error code used in the code base is registered (and so documented) in ERROR_CODES.
import { execSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './config.ts';
import { ERROR_CODES } from './errors.ts';

describe('error codes', () => {
  it('every code thrown is listed with its meaning', () => {
    const src = execSync(`grep -rhoE "DoleancesError\\('[A-Z_]+'" --include=*.ts core ingest classify store analytics dashboards cli main.ts`, { cwd: REPO_ROOT, encoding: 'utf8' });
    const used = new Set([...src.matchAll(/'([A-Z_]+)'/g)].map((m) => m[1]!));
    expect(used.size).toBeGreaterThan(5);
    for (const code of used) expect(Object.keys(ERROR_CODES)).toContain(code);
  });
});
