/**
 * Issue 16, item 7: a codebook regex cannot take unbounded memory. V8's
 * linear engine keeps its automaton's live states for every character a
 * match may span, so `(.*a){200}` on one 300,000-character turn reached
 * 18.6 GB. Past MAX_NATIVE_WORK (pattern size × text length) the text goes
 * to re2js, whose memory is bounded by the pattern. Checked end to end: the
 * CLI, in a child process with a 512 MB heap, codes that turn and stays
 * under 600 MB resident; and on the engines: the same matches either way.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileRuleRegex, MAX_NATIVE_WORK } from '../../src/code/regex.js';
import { CLI } from '../helpers/cli.js';

let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'cocreate-regex-memory-'));
  mkdirSync(join(root, 'interviews'));
  writeFileSync(join(root, 'cb.yaml'), "id: cb\nlanguages: [en]\nthemes:\n  - id: t\n    codes:\n      - id: c\n        definition: Many a.\n        rules:\n          en:\n            regex: ['(.*a){200}']\n");
  writeFileSync(join(root, 'interviews', 'long.yaml'), `id: long\nlanguage: en\nturns:\n  - speaker: respondent\n    text: ${'xa'.repeat(150_000)}\n`);
  writeFileSync(join(root, 'interviews', 'short.yaml'), `id: short\nlanguage: en\nturns:\n  - speaker: respondent\n    text: ${'xa'.repeat(250)}\n`);
  // Reports the process's peak resident memory on exit (KB, as getrusage gives it).
  writeFileSync(join(root, 'peak.cjs'), "process.on('exit', () => process.stderr.write(`\\npeak-rss-kb=${process.resourceUsage().maxRSS}\\n`));\n");
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('issue 16 item 7: regex memory is bounded', () => {
  it('`(.*a){200}` on a 300,000-character turn: the CLI with a 512 MB heap codes it and stays under 600 MB resident', () => {
    const result = spawnSync(process.execPath, ['--max-old-space-size=512', '--require', join(root, 'peak.cjs'), CLI, 'code', '--codebook', 'cb.yaml', 'interviews/', '--format', 'json', '--no-cache'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 300_000,
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(result.error).toBeUndefined();
    expect(result.status, result.stderr.slice(-2000)).toBe(0);
    const report = JSON.parse(result.stdout) as { interviews: number; codes: { id: string; segments: number }[] };
    expect(report.interviews).toBe(2);
    // Both turns hold 200 or more "a"s: both are coded.
    expect(report.codes.find((code) => code.id === 't.c')?.segments).toBe(2);
    const peak = Number(/peak-rss-kb=(\d+)/.exec(result.stderr)?.[1]);
    expect(peak).toBeGreaterThan(0);
    expect(peak / 1024).toBeLessThan(600);
  });

  it('a text past the limit gets the same matches as a short one would (re2js and V8 agree)', () => {
    const regex = compileRuleRegex('(.*a){3}');
    if ('error' in regex) throw new Error(regex.error);
    expect(regex.regex.engine).toBe('native');
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', 'x', '\n', ' '), { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 4 }), (parts, copies) => {
        const unit = parts.join('');
        // Padded with a run of "b"s long enough to pass MAX_NATIVE_WORK, which never matches.
        const padding = 'b'.repeat(Math.ceil(MAX_NATIVE_WORK / 10));
        const short = unit.repeat(copies);
        const long = `${short}\n${padding}`;
        const shortSpans = regex.regex.spans(short, true);
        expect(regex.regex.spans(long, true)).toEqual(shortSpans);
        expect(regex.regex.hasMatch(long)).toBe(shortSpans.length > 0);
      }),
      { numRuns: 8 },
    );
  });
});
