/**
 * Issue 16, item 8: `--jobs` is capped at the cores available, not only at
 * the number of files (`--jobs 300` started 300 threads): a larger value is
 * lowered with a note on stderr, and the output is that of `--jobs 1`.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseJobs } from '../../src/cli/code-pipeline.js';
import { FIXTURES, runCli } from '../helpers/cli.js';

describe('issue 16: --jobs is capped at the cores', () => {
  it('never exceeds the requested number, the files or the cores, and is at least 1', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 1, max: 512 }), (requested, files, cores) => {
        const jobs = chooseJobs(requested, files, cores);
        expect(jobs).toBe(Math.max(1, Math.min(requested, files, cores)));
      }),
    );
    expect(chooseJobs(300, 1000, 2)).toBe(2);
    expect(chooseJobs(undefined, 1000, 2)).toBe(2);
  });

  it('lowers --jobs 300 with a note on stderr; the report is that of --jobs 1', () => {
    const cwd = join(FIXTURES, 'basic');
    const env = { COCREATE_CACHE_DIR: 'off' };
    const many = runCli(['code', 'interviews', '--format', 'json', '--jobs', '300'], { cwd, env });
    const one = runCli(['code', 'interviews', '--format', 'json', '--jobs', '1'], { cwd, env });
    expect(many.status).toBe(0);
    expect(many.stdout).toBe(one.stdout);
    expect(many.stderr).toContain(`--jobs 300 lowered to ${availableParallelism()}, the number of cores available.`);
    expect(one.stderr).not.toContain('lowered');
  });
});
