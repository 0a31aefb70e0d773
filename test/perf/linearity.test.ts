/**
 * Issue 16, item 6: the slowest paths stay linear. For each, doubling the
 * input must not much more than double the time: median of several runs,
 * ratio below 3.5 (a quadratic step gives about 4, and did: `near` rules
 * took 31 s on one 8 MB turn, quote selection copied its bucket per quote).
 * Inputs are large enough (1–2 MB of text, tens of thousands of quotes)
 * that the work, not timer noise, dominates.
 *
 * Paths: proximity rules on one long turn (all matches, as validate and
 * explain ask); quote selection, grouped; the YAML and Markdown readers on
 * one huge turn and on many turns; and the report (`report --format md`,
 * end to end) on a corpus and on twice that corpus.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileCodebook } from '../../src/code/compile.js';
import { matchText } from '../../src/code/match.js';
import { parseCodebook } from '../../src/load/codebook.js';
import { parseTranscript } from '../../src/load/transcript.js';
import { selectQuotes, type Quote, type QuoteTarget } from '../../src/analyze/quotes.js';
import { runCli } from '../helpers/cli.js';
// @ts-expect-error plain JS module without types
import { generateTranscript } from '../../bench/generate.js';

const RUNS = 5;
const LIMIT = 3.5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Median time of `work(input)` over RUNS runs, after one warm-up. */
function timeOf<T>(input: T, work: (input: T) => unknown, runs = RUNS): number {
  work(input);
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    work(input);
    times.push(performance.now() - start);
  }
  return median(times);
}

/** The ratio of times for the doubled and the single input, measured interleaved so load changes hit both. */
function doublingRatio<T>(single: T, double: T, work: (input: T) => unknown, runs = RUNS): number {
  work(single);
  work(double);
  const a: number[] = [];
  const b: number[] = [];
  for (let run = 0; run < runs; run++) {
    a.push(timeOf(single, work, 1));
    b.push(timeOf(double, work, 1));
  }
  return median(b) / median(a);
}

const NEAR_CODEBOOK = parseCodebook(
  'id: near\nlanguages: [en]\nthemes:\n  - id: t\n    codes:\n      - id: c\n        definition: Feedback.\n        rules:\n          en:\n            near:\n              - { near: [user, [feedback, complaint]], within: 8 }\n              - { near: [citizen, portal, form], within: 20 }\n',
  'near.yaml',
);
const nearCompiled = compileCodebook(NEAR_CODEBOOK.codebook!).compiled;

/** About `bytes` of one turn's text, dense with hits of every near slot. */
function nearText(bytes: number): string {
  const words = ['user', 'the', 'feedback', 'citizen', 'and', 'portal', 'a', 'form', 'complaint', 'of', 'users', 'x'];
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; length < bytes; i++) {
    const word = words[(i * 7 + (i >> 3)) % words.length]!;
    parts.push(word);
    length += word.length + 1;
  }
  return parts.join(' ');
}

describe('issue 16 item 6: doubling the input about doubles the time', () => {
  it('near rules on one long turn (1 MB vs 2 MB)', () => {
    const matcher = nearCompiled.matchers.get('en')!;
    const single = nearText(1_000_000);
    const double = nearText(2_000_000);
    expect(matchText(nearCompiled, matcher, single).length).toBeGreaterThan(10_000);
    const ratio = doublingRatio(single, double, (text) => matchText(nearCompiled, matcher, text), 3);
    expect(ratio).toBeLessThan(LIMIT);
  });

  it('quote selection, grouped and limited (50,000 vs 100,000 quotes)', () => {
    const make = (n: number): Quote[] =>
      Array.from({ length: n }, (_, i) => ({
        interview: `i-${String(i % 997).padStart(4, '0')}`,
        file: `i-${i % 997}.yaml`,
        line: i,
        endLine: i,
        segment: i,
        speaker: 'respondent',
        question: null,
        language: 'en',
        attributes: { unit: `u${i % 7}` },
        group: `u${i % 7}`,
        codes: ['t.c'],
        sources: ['auto'],
        text: `text ${i}`,
        highlights: [],
        terms: i % 3 === 0 ? ['a'] : [],
        matches: i % 5,
      })) as unknown as Quote[];
    const target = { kind: 'code', id: 't.c' } as unknown as QuoteTarget;
    const ratio = doublingRatio(make(50_000), make(100_000), (quotes) => selectQuotes(target, quotes, { by: 'unit', limit: 10 }));
    expect(ratio).toBeLessThan(LIMIT);
  });

  const oneTurnYaml = (bytes: number) => `id: big\nlanguage: en\nturns:\n  - speaker: respondent\n    text: |\n${nearText(bytes).replace(/(.{1,70})( |$)/g, '      $1\n')}`;
  const manyTurnsYaml = (turns: number) => `id: many\nlanguage: en\nunit: x\nturns:\n${'  - speaker: respondent\n    text: A citizen sent feedback through the portal.\n    codes: [t.c]\n'.repeat(turns)}`;
  const oneTurnMarkdown = (bytes: number) => `---\nid: big\nlanguage: en\n---\n\n**Respondent:** ${nearText(bytes).replace(/(.{1,70})( |$)/g, '$1\n')}`;
  const manyTurnsMarkdown = (turns: number) => `---\nid: many\nlanguage: en\n---\n\n${'## project\n\n**Respondent:** A citizen sent feedback through the portal.\n<!-- codes: t.c -->\n\n'.repeat(turns)}`;

  it.each([
    ['YAML, one 1 MB turn', () => oneTurnYaml(1_000_000), () => oneTurnYaml(2_000_000), 'yaml'],
    ['YAML, 15,000 turns', () => manyTurnsYaml(15_000), () => manyTurnsYaml(30_000), 'yaml'],
    ['Markdown, one 1 MB turn', () => oneTurnMarkdown(1_000_000), () => oneTurnMarkdown(2_000_000), 'markdown'],
    ['Markdown, 15,000 turns', () => manyTurnsMarkdown(15_000), () => manyTurnsMarkdown(30_000), 'markdown'],
  ] as const)('reader: %s vs twice that', (_name, single, double, format) => {
    const a = single();
    const b = double();
    expect(parseTranscript(a, 't', format).transcript).toBeDefined();
    const ratio = doublingRatio(a, b, (text) => parseTranscript(text, 't', format), 3);
    expect(ratio).toBeLessThan(LIMIT);
  });

  describe('report data, end to end', () => {
    const root = mkdtempSync(join(tmpdir(), 'cocreate-linear-report-'));
    afterAll(() => rmSync(root, { recursive: true, force: true }));

    it('report --format md on 20 vs 40 generated interviews (about 1 vs 2 MB)', () => {
      for (const size of [20, 40]) {
        const dir = join(root, `c${size}`);
        mkdirSync(dir, { recursive: true });
        for (let index = 0; index < size; index++) {
          const { name, text } = generateTranscript(index, 'yaml') as { name: string; text: string };
          writeFileSync(join(dir, name), text);
        }
      }
      const timeRun = (dir: string) => {
        const start = performance.now();
        const result = runCli(['report', `${dir}/`, '--format', 'md', '--by', 'unit', '--no-cache'], { timeout: 300_000 });
        expect(result.status, result.stderr.slice(0, 500)).toBeLessThan(2);
        return performance.now() - start;
      };
      const a: number[] = [];
      const b: number[] = [];
      for (let run = 0; run < 3; run++) {
        a.push(timeRun(join(root, 'c20')));
        b.push(timeRun(join(root, 'c40')));
      }
      expect(median(b) / median(a)).toBeLessThan(LIMIT);
    });
  });
});
