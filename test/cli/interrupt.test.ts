/**
 * Issue 16, item 4: an interrupted run leaves nothing half-written. An `-o`
 * write interrupted by SIGINT or SIGTERM removes its temporary file and exits
 * 130 or 143 (the old file untouched); `import --qdpx` writes into a staging folder renamed
 * into place at the end, so SIGINT leaves no trace, SIGKILL only a
 * dot-folder the rerun removes, and the rerun after either gives the same
 * project as an uninterrupted import. The CLI is spawned on a generated
 * corpus large enough that its write takes a while, watched until its
 * temporary file or folder exists, and killed then.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI, REPO_ROOT, runCli } from '../helpers/cli.js';
// @ts-expect-error plain JS module without types
import { generateTranscript } from '../../bench/generate.js';

const TRANSCRIPTS = 120;
let root = '';
let archive = '';

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'cocreate-interrupt-'));
  mkdirSync(join(root, 'interviews'));
  cpSync(join(REPO_ROOT, 'codebooks'), join(root, 'codebooks'), { recursive: true });
  for (let index = 0; index < TRANSCRIPTS; index++) {
    const generated = generateTranscript(index, 'yaml') as string | { text: string };
    writeFileSync(join(root, 'interviews', `g-${index}.yaml`), typeof generated === 'string' ? generated : generated.text);
  }
  archive = join(root, 'project.qdpx');
  const exported = runCli(['export', '--qdpx', archive], { cwd: root, env: { COCREATE_CACHE_DIR: 'off' }, timeout: 120_000 });
  expect(exported.status, exported.stderr).toBe(0);
}, 180_000);

function start(args: string[], cwd: string): { child: ChildProcess; exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }> } {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', COCREATE_CACHE_DIR: 'off' }, stdio: 'ignore' });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, exit };
}

/** Polls until `seen()` holds (true) or the process has ended (false). */
async function waitFor(seen: () => boolean, exit: Promise<unknown>): Promise<boolean> {
  let ended = false;
  void exit.then(() => (ended = true));
  while (!ended) {
    if (seen()) return true;
    await sleep(1);
  }
  return seen();
}

/** Every file under a folder, relative path → content. */
function tree(folder: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (path: string) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const child = join(path, entry.name);
      if (entry.isDirectory()) walk(child);
      else files.set(relative(folder, child), readFileSync(child, 'utf8'));
    }
  };
  walk(folder);
  return files;
}

const staging = (parent: string) => readdirSync(parent).filter((name) => name.includes('.cocreate-import-'));

describe('issue 16: interrupted writes', () => {
  for (const [signal, status] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`${signal} during a large -o write: exit ${status}, no .tmp left, the old file untouched`, async () => {
      const folder = mkdtempSync(join(root, 'out-'));
      const target = join(folder, 'codings.jsonl');
      writeFileSync(target, 'the previous report\n');
      let caught = false;
      // The temporary file exists only while the report is written; retry a few times should a run slip past the watch.
      for (let attempt = 0; attempt < 8 && !caught; attempt++) {
        const { child, exit } = start(['code', join(root, 'interviews'), '--codebook', join(root, 'codebooks', 'coval.yaml'), '--codings', '--format', 'jsonl', '-o', target], root);
        caught = await waitFor(() => readdirSync(folder).some((name) => name.endsWith('.tmp')), exit);
        if (caught) child.kill(signal);
        const { code, signal: killedBy } = await exit;
        if (caught && (code === 0 || killedBy === signal)) {
          // The signal landed after the rename (the handlers are removed once nothing is pending, so the default
          // action ended the process) or after the run: the write was already whole. Check that, then try again.
          expect(readdirSync(folder)).toEqual(['codings.jsonl']);
          expect(readFileSync(target, 'utf8')).not.toBe('the previous report\n');
          writeFileSync(target, 'the previous report\n');
          caught = false;
          continue;
        }
        if (caught) {
          expect(code).toBe(status);
          expect(readdirSync(folder)).toEqual(['codings.jsonl']);
          expect(readFileSync(target, 'utf8')).toBe('the previous report\n');
        } else {
          expect(code).toBe(0);
          writeFileSync(target, 'the previous report\n');
        }
      }
      expect(caught).toBe(true);
    }, 120_000);
  }

  it('import --qdpx: SIGINT leaves nothing, SIGKILL only a staging folder; the rerun gives the uninterrupted project', async () => {
    const reference = join(root, 'reference');
    const cold = runCli(['import', '--qdpx', archive, '-o', reference], { cwd: root, timeout: 120_000 });
    expect(cold.status, cold.stderr).toBe(0);
    const expected = tree(reference);
    expect(expected.size).toBe(TRANSCRIPTS + 1);

    for (const signal of ['SIGINT', 'SIGKILL'] as const) {
      const parent = mkdtempSync(join(root, `import-${signal}-`));
      const destination = join(parent, 'project');
      const { child, exit } = start(['import', '--qdpx', archive, '-o', destination], root);
      const caught = await waitFor(() => staging(parent).length > 0, exit);
      expect(caught).toBe(true);
      child.kill(signal);
      const ended = await exit;
      if (signal === 'SIGINT') {
        expect(ended.code).toBe(130);
        expect(staging(parent)).toEqual([]);
      } else {
        expect(ended.signal).toBe('SIGKILL');
        expect(staging(parent)).toHaveLength(1);
      }
      // Nothing half-written at the destination.
      expect(existsSync(destination)).toBe(false);
      const rerun = runCli(['import', '--qdpx', archive, '-o', destination], { cwd: root, timeout: 120_000 });
      expect(rerun.status, rerun.stderr).toBe(0);
      expect(tree(destination)).toEqual(expected);
      expect(staging(parent)).toEqual([]);
    }
  }, 240_000);

  it('import --qdpx into an existing folder: a rerun after a partial write completes it; a different file still needs --force', () => {
    const reference = join(root, 'reference-2');
    expect(runCli(['import', '--qdpx', archive, '-o', reference], { cwd: root, timeout: 120_000 }).status).toBe(0);
    const expected = tree(reference);
    // As if killed while renaming files into place: half of them there, plus a file of the user's own.
    const destination = mkdtempSync(join(root, 'partial-'));
    writeFileSync(join(destination, 'notes.txt'), 'mine\n');
    const names = [...expected.keys()].sort();
    for (const name of names.slice(0, names.length / 2)) cpSync(join(reference, name), join(destination, name));
    const rerun = runCli(['import', '--qdpx', archive, '-o', destination], { cwd: root, timeout: 120_000 });
    expect(rerun.status, rerun.stderr).toBe(0);
    const after = tree(destination);
    expect(after.get('notes.txt')).toBe('mine\n');
    after.delete('notes.txt');
    expect(after).toEqual(expected);

    // A transcript the user edited is a conflict: refused without --force, replaced with it.
    const edited = join(destination, names.find((name) => name.startsWith('interviews'))!);
    writeFileSync(edited, `${readFileSync(edited, 'utf8')}\nAn edit.\n`);
    const refused = runCli(['import', '--qdpx', archive, '-o', destination], { cwd: root, timeout: 120_000 });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/already exist.*--force/);
    expect(readFileSync(edited, 'utf8')).toMatch(/An edit\.\n$/);
    expect(runCli(['import', '--qdpx', archive, '-o', destination, '--force'], { cwd: root, timeout: 120_000 }).status).toBe(0);
    expect(readFileSync(edited, 'utf8')).toBe(expected.get(relative(destination, edited)));
    rmSync(destination, { recursive: true, force: true });
  }, 240_000);
});
