/**
 * A kill during a write leaves a whole file: processes that write
 * transcripts the way `review` does are killed (SIGKILL) at random points,
 * and the file must then read as a transcript and be byte for byte either the
 * old or the new version — never a mix, never truncated.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTranscript } from '../../src/load/transcript.js';
import { CLI, FIXTURES, REPO_ROOT } from '../helpers/cli.js';

const ROOT = join(REPO_ROOT, 'test-output', 'review-kill');

/** Starts a process and kills it after `delay` ms; resolves when it is gone. */
function killAfter(args: string[], cwd: string, delay: number): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd, stdio: 'ignore', env: { ...process.env, NO_COLOR: '1' } });
    const timer = setTimeout(() => child.kill('SIGKILL'), delay);
    child.on('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** A YAML transcript of `turns` turns, each mentioning an apple. */
function bigTranscript(turns: number, tag: string): string {
  const lines = ['id: big', 'language: en', `note: ${tag}`, 'turns:'];
  for (let i = 0; i < turns; i++) lines.push('  - speaker: respondent', `    text: Turn ${i}, I ate an apple ${'and a lot more words about lunch '.repeat(20)}`);
  return `${lines.join('\n')}\n`;
}

describe('a kill during a write leaves a whole file', () => {
  it('the atomic writer, killed at random points while rewriting a 4 MB transcript', async () => {
    const dir = join(ROOT, `writer-${process.pid}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'big.yaml');
    const versions = [bigTranscript(6000, 'old'), bigTranscript(6000, 'new')];
    writeFileSync(file, versions[0]!);
    // The child rewrites the file with the other version, over and over, as `review` writes a decision.
    const script = `
      import { readFileSync } from 'node:fs';
      import { replaceFileAtomic } from ${JSON.stringify(join(REPO_ROOT, 'dist', 'cli', 'review-session.js'))};
      const versions = JSON.parse(readFileSync(process.argv[2], 'utf8'));
      for (let i = 0; ; i++) replaceFileAtomic(process.argv[3], { text: versions[i % 2], bom: false });
    `;
    writeFileSync(join(dir, 'versions.json'), JSON.stringify(versions));
    writeFileSync(join(dir, 'writer.mjs'), script);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 20, max: 400 }), async (delay) => {
        await killAfter([join(dir, 'writer.mjs'), join(dir, 'versions.json'), file], dir, delay);
        const now = readFileSync(file, 'utf8');
        expect(now === versions[0] || now === versions[1]).toBe(true);
        expect(parseTranscript(now, 'big.yaml', 'yaml').transcript?.segments.length).toBe(6000);
      }),
      { numRuns: 12 },
    );
  });

  it('review --apply, killed at random points: each transcript is the old or the new one', async () => {
    const dir = join(ROOT, `apply-${process.pid}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(join(dir, 'interviews'), { recursive: true });
    mkdirSync(join(dir, 'codebooks'));
    cpSync(join(FIXTURES, 'agree', 'codebooks', 'fruit.yaml'), join(dir, 'codebooks', 'fruit.yaml'));
    const old = bigTranscript(1500, 'kept');
    writeFileSync(join(dir, 'interviews', 'big.yaml'), old);
    const queue = spawnSyncText([CLI, 'review', '--coder', 'carol', '--export', '-'], dir);
    const rows = queue.trim().split('\r\n');
    writeFileSync(join(dir, 'queue.csv'), [rows[0], ...rows.slice(1, 4).map((row) => row.replace(/,carol$/, 'y,carol'))].join('\r\n'));
    // The new version, made once without a kill.
    cpSync(join(dir, 'interviews', 'big.yaml'), join(dir, 'old.yaml'));
    spawnSyncText([CLI, 'review', '--coder', 'carol', '--apply', 'queue.csv'], dir);
    const fresh = readFileSync(join(dir, 'interviews', 'big.yaml'), 'utf8');
    expect(fresh).not.toBe(old);
    expect(fresh.replace(/\n      carol: \[food\.apple\]|\n    codes: \{ carol: \[food\.apple\] \}/g, '')).toBe(old);
    let sawOld = 0;
    let sawNew = 0;
    for (let run = 0; run < 10; run++) {
      writeFileSync(join(dir, 'interviews', 'big.yaml'), old);
      await killAfter([CLI, 'review', '--coder', 'carol', '--apply', 'queue.csv'], dir, 100 + Math.floor(Math.random() * 900));
      const now = readFileSync(join(dir, 'interviews', 'big.yaml'), 'utf8');
      expect(now === old || now === fresh).toBe(true);
      if (now === old) sawOld++;
      else sawNew++;
    }
    expect(sawOld + sawNew).toBe(10);
  });
});

function spawnSyncText(args: string[], cwd: string): string {
  const result = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return result.stdout;
}
