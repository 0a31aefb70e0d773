/**
 * Issue 14: `cocreate … | head -1` ends quietly with exit 0 (one EPIPE
 * handler in cli/main.ts for every command), in a real shell pipe, on
 * outputs larger than the pipe buffer (64 KB) so the reader closes while
 * cocreate still has data to write.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, REPO_ROOT, runCli } from '../helpers/cli.js';

const PIPE_BUFFER = 64 * 1024;

function pipeToHead(args: readonly string[]): { status: number; line: string; stderr: string } {
  const errors = join(mkdtempSync(join(tmpdir(), 'cocreate-pipe-')), 'stderr');
  const quoted = [process.execPath, CLI, ...args].map((arg) => `'${arg.replace(/'/g, `'\\''`)}'`).join(' ');
  const result = spawnSync('bash', ['-c', `${quoted} 2>'${errors}' | head -1; exit \${PIPESTATUS[0]}`], {
    cwd: REPO_ROOT,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status ?? -1, line: result.stdout, stderr: readFileSync(errors, 'utf8') };
}

describe('a closed stdout (issue 14)', () => {
  it.each([
    [['quotes', 'stakeholders']],
    [['code', '--codings', '--format', 'jsonl']],
    [['codebook']],
    [['report']],
    [['cooccur', '--format', 'json']],
  ])('cocreate %j | head -1: one line, exit 0, no stack trace', (args) => {
    const full = runCli(args);
    expect(full.status).toBe(0);
    expect(Buffer.byteLength(full.stdout)).toBeGreaterThan(PIPE_BUFFER);
    const piped = pipeToHead(args);
    expect(piped.stderr).not.toMatch(/EPIPE|Error|internal error/);
    expect(piped.status).toBe(0);
    expect(piped.line).toBe(`${full.stdout.split('\n')[0]}\n`);
  });
});
