/**
 * `cocreate kwic` (issue 17): a concordance of any pattern, matched with the
 * coder's own compiler and matcher. On test/fixtures/topics/ (see
 * topics.test.ts for the transcripts), worked out by hand:
 *
 *   colaborar (es stem "colabor")  → t-02 intro "colaboramos", t-02 challenges "colaboración"; nothing in English.
 *   cooperat* (prefix)             → t-01 future "cooperate".
 *   "every delivery" (phrase)      → t-01 challenges, once ("every citizen" in intro is not the phrase).
 *   =citizen (exact)               → t-01 intro "citizen" only (not "Citizens" in t-01 or t-03).
 *   citizen (stem)                 → t-01 "citizen", t-01 "Citizens", t-03 "Citizens" (English only: ciudadanos is Spanish).
 *   /deliver\w+/ (regex)          → t-01 "delivery".
 * Words searched: 10 segments, 65 words (topics.test.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { buildConcordance, compileKwicPattern, kwicOfTranscript } from '../../src/analyze/kwic.js';
import { kwicLine, kwicLines } from '../../src/analyze/quotes.js';
import { codeTranscript } from '../../src/code/coder.js';
import { parseTranscript } from '../../src/load/transcript.js';
import { FIXTURES, runCli } from '../helpers/cli.js';

const FIXTURE = `${FIXTURES}/topics`;

interface KwicJson {
  pattern: string;
  kind: string;
  total: number;
  interviews: number;
  segments: number;
  words: number;
  rate: number;
  groups: { name: string | null; total: number; segments: number; words: number; rate: number }[];
  hits: { interview: string; file: string; line: number; topic: string | null; language: string; attributes: Record<string, string>; left: string; keyword: string; right: string; leftCut: boolean; rightCut: boolean }[];
}

function kwic(args: string[]): KwicJson {
  const result = runCli(['kwic', ...args, '--format', 'json'], { cwd: FIXTURE });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout) as KwicJson;
}

const temporary: string[] = [];
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

describe('cocreate kwic (end to end)', () => {
  it('finds Spanish colaboración and colaboramos by the stem of colaborar, with the words around, file:line, attributes and topic', () => {
    const report = kwic(['colaborar', '--window', '3']);
    expect([report.kind, report.total, report.interviews, report.segments, report.words]).toEqual(['term', 2, 1, 10, 65]);
    expect(report.rate).toBeCloseTo(30.769, 3); // 1000 × 2 / 65
    expect(report.hits.map((hit) => [hit.interview, `${hit.file}:${hit.line}`, hit.topic, hit.language, hit.attributes, hit.left, hit.keyword, hit.right, hit.leftCut, hit.rightCut])).toEqual([
      ['t-02', 'interviews/t-02.md:12', 'intro', 'es', { role: 'manager' }, 'los ciudadanos y ', 'colaboramos', ' con otras unidades.', true, false],
      ['t-02', 'interviews/t-02.md:20', 'challenges', 'es', { role: 'manager' }, 'La ', 'colaboración', ' con la administración', false, true],
    ]);
  });

  it('globs, phrases, exact words, stems and regular expressions are the codebook rule forms', () => {
    const keywords = (pattern: string) => kwic([pattern]).hits.map((hit) => `${hit.interview}:${hit.keyword}`);
    expect(keywords('cooperat*')).toEqual(['t-01:cooperate']);
    expect(keywords('every delivery')).toEqual(['t-01:every delivery']);
    expect(keywords('=citizen')).toEqual(['t-01:citizen']);
    expect(keywords('citizen')).toEqual(['t-01:citizen', 't-01:Citizens', 't-03:Citizens']);
    expect(keywords('/deliver\\w+/')).toEqual(['t-01:delivery']);
    expect(kwic(['/deliver\\w+/']).kind).toBe('regex');
  });

  it('--by topic and --by role group with denominators; --where filters; --limit caps each group', () => {
    const byTopic = kwic(['citizen', '--by', 'topic']);
    expect(byTopic.groups.map((group) => [group.name, group.total, group.segments, group.words])).toEqual([
      ['intro', 1, 2, 15],
      ['challenges', 1, 4, 32],
      ['future', 0, 1, 6],
      ['budget', 0, 1, 5],
      ['(none)', 1, 2, 7],
    ]);
    const byRole = kwic(['citizen', '--by', 'role', '--limit', '1']);
    // head: t-01 (27 words) + t-03 (7 words) = 34 words, 3 occurrences; manager: t-02, none (English rule word, Spanish text).
    expect(byRole.groups.map((group) => [group.name, group.total, group.words])).toEqual([
      ['head', 3, 34],
      ['manager', 0, 31],
    ]);
    expect(byRole.hits).toHaveLength(1);
    expect(kwic(['citizen', '--where', 'topic=challenges']).hits.map((hit) => hit.keyword)).toEqual(['Citizens']);
    expect(kwic(['citizen', '--where', 'role=manager']).total).toBe(0);
  });

  it('table, Markdown and CSV', () => {
    const table = runCli(['kwic', 'colaborar', '--window', '2'], { cwd: FIXTURE });
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/│ t-02 +│ interviews\/t-02\.md:12 │ intro +│ +… ciudadanos y │ \[colaboramos\] +│ con otras … +│/);
    expect(table.stdout).toContain('2 occurrences of colaborar in 1 interview (10 segments, 65 words searched, 30.77 per 1,000 words).');
    expect(table.stdout).toContain('t-02 (es): role: manager');
    const md = runCli(['kwic', 'colaborar', '--format', 'md'], { cwd: FIXTURE });
    expect(md.stdout).toContain('| **colaboración** |');
    const csv = runCli(['kwic', 'cooperat*', '--format', 'csv', '--by', 'topic'], { cwd: FIXTURE }).stdout.trimEnd().split('\r\n');
    expect(csv).toEqual([
      'group,interview,file,line,segment,speaker,topic,language,left,keyword,right,start,end,attributes',
      // The seventh turn (index 6), its text on line 22; "We will " is 8 characters.
      'future,t-01,interviews/t-01.yaml,22,6,respondent,future,en,We will,cooperate,with the regions.,8,17,"{""role"":""head""}"',
    ]);
  });

  it('does not report the transcripts’ human codes as unknown: the pattern’s one-rule codebook is not the project’s', () => {
    const result = runCli(['kwic', 'participar', '--format', 'json']);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout).total).toBeGreaterThan(0);
  });

  it('bad patterns: empty, bare glob, invalid or backreferencing regex → a clear message and exit 2', () => {
    for (const [pattern, message] of [
      ['', 'the pattern is empty'],
      ['   ', 'the pattern is empty'],
      ['*', 'a bare `*` matches every word'],
      ['//', 'the regular expression // is empty'],
      ['/(a)\\1/', 'does not compile'],
      ['/[a-/', 'does not compile'],
      ['/a*/', 'matches the empty string'],
    ] as const) {
      const result = runCli(['kwic', pattern], { cwd: FIXTURE });
      expect(result.status, pattern).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(message);
    }
  });

  it('codebook-only rule syntax (near:, exclude:, a YAML map, NEAR/n) is a usage error naming what kwic takes, not a silent empty concordance', () => {
    for (const pattern of ['near: citizen delivery', 'NEAR: [citizen, delivery]', '{ near: [citizen, delivery], within: 4 }', 'exclude: citizen', '[citizen, delivery]', 'citizen NEAR/4 delivery']) {
      const result = runCli(['kwic', pattern], { cwd: FIXTURE });
      expect(result.status, pattern).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(`"${pattern}" is codebook rule syntax; kwic takes one pattern: a word (matched by stem), word* (prefix), =word (exact), a phrase, or a /regular expression/.`);
    }
    // The regular expression the message offers for words near each other runs; its form finds "every delivery" here.
    expect(runCli(['kwic', '/\\bopen\\W+(\\w+\\W+){0,3}data\\b/'], { cwd: FIXTURE }).status).toBe(0);
    expect(kwic(['/\\bevery\\W+(\\w+\\W+){0,3}delivery\\b/']).hits.map((hit) => hit.keyword)).toEqual(['every delivery']);
    // Words that merely contain "near" are still terms.
    expect(runCli(['kwic', 'nearby'], { cwd: FIXTURE }).status).toBe(0);
  });

  it('a catastrophic regular expression runs on the linear-time engine: (a+)+$ over 200,000 a’s and a b finishes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cocreate-kwic-'));
    temporary.push(dir);
    writeFileSync(join(dir, 'long.yaml'), ['id: long', 'language: en', 'turns:', '  - speaker: respondent', `    text: ${'a'.repeat(200_000)}b`, ''].join('\n'));
    const result = runCli(['kwic', '/(a+)+$/', 'long.yaml', '--format', 'json'], { cwd: dir, timeout: 30_000 });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).total).toBe(0);
  });
});

describe('kwic (pure)', () => {
  it('compiles any input to a pattern or a message, never throws (fast-check)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (input) => {
        const result = compileKwicPattern(input);
        if ('error' in result) expect(result.error.length).toBeGreaterThan(0);
        else expect(result.compiled.codes).toHaveLength(1);
      }),
      { numRuns: 300 },
    );
  });

  it('every hit’s keyword is the text at its offsets, and left + keyword + right reads as the text (fast-check)', () => {
    const pattern = compileKwicPattern('ab*');
    if ('error' in pattern) throw new Error(pattern.error);
    const word = fc.constantFrom('abc', 'Abba', 'ábaco', 'x', 'y,', 'ab.', 'zab');
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 30 }), fc.nat(6), (words, window) => {
        const text = words.join(' ');
        const loaded = parseTranscript(['id: p', 'language: en', 'turns:', '  - speaker: respondent', `    text: ${JSON.stringify(text)}`].join('\n'), 'p.yaml', 'yaml');
        const coded = codeTranscript(pattern.compiled, loaded.transcript!);
        const { hits } = kwicOfTranscript(coded, { window });
        for (const hit of hits) {
          expect(text.slice(hit.start, hit.end)).toBe(hit.keyword);
          expect(text).toContain(`${hit.left}${hit.keyword}${hit.right}`);
        }
        const concordance = buildConcordance([kwicOfTranscript(coded, { window })]);
        expect(concordance.total).toBe(hits.length);
      }),
      { numRuns: 200 },
    );
  });

  it('kwicLines gives what kwicLine gives span by span (fast-check)', () => {
    const word = fc.constantFrom('a', 'bb', 'c,', '(d', 'e.', ' ', '  ', '\n');
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 25 }), fc.array(fc.tuple(fc.nat(60), fc.nat(6)), { maxLength: 5 }), fc.nat(4), (parts, raw, window) => {
        const text = parts.join(' ');
        const spans = raw.map(([start, length]) => ({ start: Math.min(start, text.length), end: Math.min(start + length, text.length) }));
        expect(kwicLines(text, spans, window)).toEqual(spans.map((span) => kwicLine(text, span, window)));
      }),
      { numRuns: 300 },
    );
  });

  it('KWIC lines are linear in a segment’s length with a match every other word: 4× the text takes about 4× the time, not 16×', () => {
    // kwicLines was the quadratic step (every match scanned every word of its segment). Minimum of 7 runs each, so
    // garbage collection and a busy machine do not decide it; linear gives about 4, the old scan about 16.
    const case_ = (words: number) => {
      const text = Array.from({ length: words }, (_, i) => (i % 2 === 0 ? 'alpha' : 'beta')).join(' ');
      const spans = [...text.matchAll(/alpha/g)].map((found) => ({ start: found.index, end: found.index + 5 }));
      return { text, spans };
    };
    const time = ({ text, spans }: ReturnType<typeof case_>) => {
      const runs: number[] = [];
      for (let r = 0; r < 7; r++) {
        const started = performance.now();
        const lines = kwicLines(text, spans, 5);
        runs.push(performance.now() - started);
        expect(lines).toHaveLength(spans.length);
      }
      return Math.min(...runs);
    };
    const small = case_(20_000);
    const large = case_(80_000);
    time(small); // warm-up
    expect(time(large) / time(small)).toBeLessThan(8);
  });
});
