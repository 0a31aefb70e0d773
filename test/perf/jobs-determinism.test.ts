/**
 * Issue 8: coding in worker threads gives byte for byte what coding in one
 * thread gives: the fixed-seed benchmark corpus (both formats, plus a file
 * with a YAML error and one reusing an id, so diagnostics and their order
 * count too) coded with `--jobs 1` and `--jobs 2`, in every output the
 * `code` command has. No timing here; `npm run bench` measures.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
// @ts-expect-error plain JS module without types
import { generateDictionary, generateTranscript } from '../../bench/generate.js';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cocreate-jobs-'));
  const corpus = join(dir, 'corpus');
  mkdirSync(corpus);
  for (let index = 0; index < 10; index++) {
    for (const format of ['yaml', 'md']) {
      const { name, text } = generateTranscript(index, format, 8) as { name: string; text: string };
      writeFileSync(join(corpus, name), text);
    }
  }
  writeFileSync(join(corpus, 'broken.yaml'), 'id: broken\nlanguage: en\nturns:\n  - speaker: a\n    text: "unclosed\n');
  writeFileSync(join(corpus, 'zz-duplicate.yaml'), 'id: bench-yaml-00001\nlanguage: en\nturns:\n  - speaker: respondent\n    text: Open data and user feedback.\n');
  writeFileSync(join(dir, 'dictionary.yml'), generateDictionary(8) as string);
  const imported = runCli(['import', '--dictionary', join(dir, 'dictionary.yml'), '-o', join(dir, 'bench.yaml')]);
  expect(imported.status).toBe(0);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('--jobs 1 and --jobs 2 give identical output (issue 8)', () => {
  const cases: [string, string[]][] = [
    ['frequencies (json)', ['--format', 'json']],
    ['coding records (jsonl)', ['--codings', '--format', 'jsonl', '--source', 'both']],
    ['crosstab by language (csv)', ['--by', 'language', '--format', 'csv']],
    ['theme matrix (json)', ['--matrix', '--format', 'json']],
    ['human codes (md)', ['--source', 'manual', '--format', 'md']],
    // Issue 17: topic tallies cross threads too.
    ['crosstab by topic, rates (json)', ['--by', 'topic', '--measure', 'rate', '--format', 'json']],
  ];
  for (const [name, args] of cases) {
    it(name, () => {
      const run = (jobs: string) => runCli(['code', join(dir, 'corpus'), '--codebook', join(dir, 'bench.yaml'), '--jobs', jobs, ...args], { timeout: 120_000 });
      const one = run('1');
      const two = run('2');
      expect(one.status).toBe(1); // the broken and the duplicate file are errors
      expect(one.stdout.length).toBeGreaterThan(100);
      expect(two.status).toBe(one.status);
      expect(two.stdout).toBe(one.stdout);
      expect(two.stderr).toBe(one.stderr);
    });
  }
});

describe('progress bar (issue 8)', () => {
  it('writes nothing to stderr when stderr is not a terminal, however large the corpus', () => {
    const corpus = join(dir, 'many');
    mkdirSync(corpus);
    // More files than the progress bar's threshold (200), each a valid transcript.
    for (let index = 0; index < 210; index++) {
      writeFileSync(join(corpus, `t-${String(index).padStart(3, '0')}.yaml`), `id: t-${index}\nlanguage: en\nturns:\n  - speaker: respondent\n    text: Open data and user feedback, number ${index}.\n`);
    }
    const result = runCli(['code', corpus, '--codebook', join(dir, 'bench.yaml'), '--format', 'json'], { timeout: 120_000 });
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    expect((JSON.parse(result.stdout) as { interviews: number }).interviews).toBe(210);
  });
});
