/**
 * The file side of `review` (cli/review-session.ts): a decision rewrites the
 * transcript keeping its permissions and byte-order mark, is refused (nothing
 * written) when the segment's text changed or the file is not UTF-8, and undo
 * puts the old bytes back only while the file holds what the decision wrote;
 * the file lock keeps two runs from writing one file at once.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { DecisionRefused, undoDecision, writeDecision, type Decision } from '../../src/cli/review-session.js';
import { REPO_ROOT } from '../helpers/cli.js';

const DIR = join(REPO_ROOT, 'test-output', `review-session-${process.pid}`);
const FILE = join(DIR, 't.yaml');
const TEXT = 'id: t\nlanguage: en\nturns:\n  - speaker: respondent\n    text: I ate an apple.\n    codes: [food.pear]  # by hand\n';

const decision = (overrides: Partial<Decision> = {}): Decision => ({
  file: 't.yaml',
  absolute: FILE,
  format: 'yaml',
  segment: 0,
  text: 'I ate an apple.',
  coder: 'carol',
  accept: ['food.apple'],
  decide: ['food.apple'],
  candidates: ['food.apple'],
  ...overrides,
});

beforeEach(() => {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
});

describe('writing a decision', () => {
  it('keeps the file mode and a byte-order mark, changing only the codes', () => {
    writeFileSync(FILE, `\uFEFF${TEXT}`);
    chmodSync(FILE, 0o640);
    writeDecision(decision());
    expect(statSync(FILE).mode & 0o777).toBe(0o640);
    expect(readFileSync(FILE, 'utf8')).toBe(`\uFEFF${TEXT.replace('codes: [food.pear]  # by hand', 'codes: { human: [food.pear], carol: [food.apple] }  # by hand')}`);
  });

  it('is refused, writing nothing, when the segment text changed or the file is not UTF-8', () => {
    writeFileSync(FILE, TEXT.replace('I ate an apple.', 'I ate a pear.'));
    expect(() => writeDecision(decision())).toThrow(DecisionRefused);
    expect(readFileSync(FILE, 'utf8')).toBe(TEXT.replace('I ate an apple.', 'I ate a pear.'));
    const latin1 = Buffer.from(TEXT.replace('apple', 'appl\xe9'), 'latin1');
    writeFileSync(FILE, latin1);
    expect(() => writeDecision(decision())).toThrow('is not valid UTF-8 text');
    expect(readFileSync(FILE).equals(latin1)).toBe(true);
  });

  it('undo puts the bytes back, unless the file changed since', () => {
    writeFileSync(FILE, TEXT);
    const written = writeDecision(decision());
    undoDecision(written);
    expect(readFileSync(FILE, 'utf8')).toBe(TEXT);
    const again = writeDecision(decision());
    writeFileSync(FILE, `${readFileSync(FILE, 'utf8')}# edited by hand\n`);
    expect(() => undoDecision(again)).toThrow('changed since the decision was written');
    expect(readFileSync(FILE, 'utf8')).toContain('# edited by hand');
  });

  it('is refused on a segment the coder has already coded completely', () => {
    writeFileSync(FILE, TEXT.replace('codes: [food.pear]', 'codes: { carol: [] }'));
    expect(() => writeDecision(decision())).toThrow('has already coded turn 1 completely');
  });

  it('waits for another run holding the file lock, then refuses; takes over the lock of a process that is gone', () => {
    writeFileSync(FILE, TEXT);
    const lock = join(DIR, '.t.yaml.cocreate-lock');
    writeFileSync(lock, String(process.pid)); // a live process: this one
    expect(() => writeDecision(decision())).toThrow('is being written by another cocreate review');
    expect(readFileSync(FILE, 'utf8')).toBe(TEXT);
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    writeFileSync(lock, gone); // a process that has ended (killed mid-write)
    writeDecision(decision());
    expect(readFileSync(FILE, 'utf8')).toContain('carol: [food.apple]');
    expect(existsSync(lock)).toBe(false);
  });
});
