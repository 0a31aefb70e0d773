/**
 * Runs the built CLI (bin/cocreate.js → dist/) as a user would, in a given
 * working directory, and returns exit code, stdout and stderr. `npm test`
 * builds first, so end-to-end tests exercise the compiled code.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = join(REPO_ROOT, 'bin', 'cocreate.js');
export const FIXTURES = join(REPO_ROOT, 'test', 'fixtures');

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs `cocreate ...args` in `cwd` (default: the repo root) with colour off. */
export function runCli(args: readonly string[], options: { cwd?: string; env?: Record<string, string>; input?: string; timeout?: number } = {}): CliResult {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', ...options.env },
    input: options.input,
    encoding: 'utf8',
    timeout: options.timeout ?? 60_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
