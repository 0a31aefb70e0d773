/**
 * `cooccur` (issue 4): pure counting, fast-check properties (symmetric
 * matrix, Jaccard in [0, 1]), and the built CLI on test/fixtures/compare/.
 *
 * Fixture segment code sets (auto, respondent turns; 13 segments):
 *   m1 {apple,kiwi} {apple,banana,cherry} · m2 {apple,cherry} {kiwi} · m3 {apple,cherry,kiwi} {plum}
 *   m4 {apple,banana,kiwi} · e1 {cherry,kiwi} {} · e2 {banana,kiwi} · e3 {kiwi} {} · e4 {banana,kiwi}
 * Segment level, by hand: apple 5, banana 4, cherry 4, kiwi 8, plum 1, mango 0;
 *   apple–cherry 3 (m1s1 m2s0 m3s0), apple–kiwi 3 (m1s0 m3s0 m4s0), banana–kiwi 3 (m4s0 e2s0 e4s0),
 *   apple–banana 2 (m1s1 m4s0), cherry–kiwi 2 (m3s0 e1s0), banana–cherry 1 (m1s1); plum with nothing.
 *   Jaccard: apple–cherry 3/(5+4−3) = 0.5, banana–kiwi 3/9, apple–kiwi 3/10, apple–banana 2/7,
 *   cherry–kiwi 2/10, banana–cherry 1/7.
 * Interview level: apple 4, banana 4, cherry 4, kiwi 8, plum 1; apple–kiwi 4, banana–kiwi 4, cherry–kiwi 4,
 *   apple–cherry 3, apple–banana 2, apple–plum 1, banana–cherry 1, cherry–plum 1, kiwi–plum 1.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countCooccurrence, coverageOf, groupCodeSets, groupSegments, jaccardOf, rankPairs, segmentCodeSets, type TopicCodeSets } from '../../src/analyze/cooccurrence.js';
import { FIXTURES, runCli } from '../helpers/cli.js';
import { codeInline, compileInline, SMALL_CODEBOOK } from './inline.js';

const FIXTURE = `${FIXTURES}/compare`;
const compiled = compileInline(SMALL_CODEBOOK);

describe('countCooccurrence (pure)', () => {
  const interviews = [
    [[0, 1], [0], [], [1, 2]],
    [[0, 1, 2], [2]],
  ];

  it('counts segments carrying both codes; the diagonal is each code alone', () => {
    const result = countCooccurrence(compiled, interviews);
    expect(result.units).toBe(6);
    expect(result.codes.map((code) => [code.id, code.count])).toEqual([
      ['t1.a', 3],
      ['t1.b', 3],
      ['t2.c', 3],
    ]);
    expect(result.counts).toEqual([
      [3, 2, 1],
      [2, 3, 2],
      [1, 2, 3],
    ]);
    expect(result.jaccard[0]![1]).toBeCloseTo(2 / 4, 12);
    expect(result.jaccard[0]![2]).toBeCloseTo(1 / 5, 12);
    expect(result.pairs).toEqual([
      { source: 't1.a', target: 't1.b', count: 2, jaccard: 0.5 },
      { source: 't1.b', target: 't2.c', count: 2, jaccard: 0.5 },
      { source: 't1.a', target: 't2.c', count: 1, jaccard: 0.2 },
    ]);
  });

  it('at interview level counts interviews; --theme keeps one theme', () => {
    const result = countCooccurrence(compiled, interviews, { level: 'interview' });
    expect(result.units).toBe(2);
    expect(result.counts).toEqual([
      [2, 2, 2],
      [2, 2, 2],
      [2, 2, 2],
    ]);
    const theme = countCooccurrence(compiled, interviews, { theme: 't1' });
    expect(theme.codes.map((code) => code.id)).toEqual(['t1.a', 't1.b']);
    expect(theme.counts).toEqual([
      [3, 2],
      [2, 3],
    ]);
  });

  it('Jaccard is null only where neither code occurs; rankPairs orders by Jaccard', () => {
    expect(jaccardOf(0, 0, 0)).toBeNull();
    expect(jaccardOf(0, 2, 0)).toBe(0);
    expect(jaccardOf(2, 2, 2)).toBe(1);
    const pairs = [
      { source: 'a', target: 'b', count: 5, jaccard: 0.1 },
      { source: 'a', target: 'c', count: 2, jaccard: 0.9 },
      { source: 'b', target: 'c', count: 3, jaccard: 0.9 },
    ];
    expect(rankPairs(pairs, 'jaccard').map((pair) => pair.target + pair.source)).toEqual(['cb', 'ca', 'ba']);
    expect(rankPairs(pairs, 'count')).toEqual(pairs);
  });

  it('reduces coded transcripts to per-segment code sets (auto and human)', () => {
    const coded = codeInline(
      compiled,
      `id: x
language: en
turns:
  - speaker: interviewer
    text: alpha beta gamma
  - speaker: respondent
    text: Alpha and gamma here.
    codes: [t1.b]
  - speaker: respondent
    text: nothing
`,
    );
    expect(segmentCodeSets(compiled, coded)).toEqual([[0, 2], []]);
    expect(segmentCodeSets(compiled, coded, 'manual')).toEqual([[1], []]);
  });

  it('properties: symmetric matrix, diagonal bounds its row, Jaccard in [0, 1], pairs agree with the matrix', () => {
    const segment = fc.uniqueArray(fc.integer({ min: 0, max: 2 }), { maxLength: 3 });
    const interview = fc.array(segment, { maxLength: 6 });
    fc.assert(
      fc.property(fc.array(interview, { maxLength: 8 }), fc.constantFrom<'segment' | 'interview'>('segment', 'interview'), (corpus, level) => {
        const result = countCooccurrence(compiled, corpus, { level });
        const k = result.codes.length;
        for (let i = 0; i < k; i++) {
          for (let j = 0; j < k; j++) {
            expect(result.counts[i]![j]).toBe(result.counts[j]![i]);
            expect(result.jaccard[i]![j]).toBe(result.jaccard[j]![i]);
            expect(result.counts[i]![j]!).toBeLessThanOrEqual(Math.min(result.counts[i]![i]!, result.counts[j]![j]!));
            const jaccard = result.jaccard[i]![j]!;
            if (jaccard === null) expect(result.counts[i]![i]! + result.counts[j]![j]!).toBe(0);
            else {
              expect(jaccard).toBeGreaterThanOrEqual(0);
              expect(jaccard).toBeLessThanOrEqual(1);
            }
          }
          expect(result.counts[i]![i]!).toBeLessThanOrEqual(result.units);
        }
        expect(result.units).toBe(level === 'segment' ? corpus.reduce((sum, list) => sum + list.length, 0) : corpus.length);
        const positive = result.counts.flatMap((row, i) => row.filter((count, j) => j > i && count > 0)).length;
        expect(result.pairs).toHaveLength(positive);
      }),
      { numRuns: 500 },
    );
  });
});

describe('groupSegments and coverageOf (pure)', () => {
  // i1 (role a): topic x coded [0], topic y not coded by the source; i2 (role b): one segment before any topic, coded [1, 2].
  const interviews: TopicCodeSets[] = [
    { interview: { id: 'i1', language: 'en', attributes: { role: 'a' } }, segments: [{ topic: 'x', codes: [0], reviewed: true }, { topic: 'y', codes: [], reviewed: false }] },
    { interview: { id: 'i2', language: 'en', attributes: { role: 'b' } }, segments: [{ topic: null, codes: [1, 2] }] },
  ];
  const role = (interview: TopicCodeSets['interview']) => interview.attributes.role;

  it('groups whole segments as groupCodeSets groups their codes', () => {
    const byRole = groupSegments(interviews, 'role', role);
    expect([...byRole.keys()]).toEqual(['a', 'b']);
    expect([...groupCodeSets(interviews, 'role', role)]).toEqual([...byRole].map(([name, list]) => [name, list.map((segments) => segments.map((segment) => [...segment.codes]))]));
    expect([...groupSegments(interviews, 'topic', role, ['y', 'x'])].map(([name, list]) => [name, coverageOf(list)])).toEqual([
      ['y', { segments: 1, reviewed: 0 }],
      ['x', { segments: 1, reviewed: 1 }],
      ['(none)', { segments: 1, reviewed: 1 }],
    ]);
  });

  it('counts segments, and as coded those not marked reviewed: false', () => {
    expect(coverageOf(interviews.map((interview) => interview.segments))).toEqual({ segments: 3, reviewed: 2 });
    expect(coverageOf([])).toEqual({ segments: 0, reviewed: 0 });
  });
});

describe('cocreate cooccur (end to end, issue 4)', () => {
  const json = (args: string[]) => {
    const result = runCli(['cooccur', ...args, '--format', 'json'], { cwd: FIXTURE });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    return JSON.parse(result.stdout) as { level: string; units: number; codes: { id: string; count: number }[]; counts: number[][]; jaccard: (number | null)[][]; matrix: unknown; pairs: { source: string; target: string; count: number; jaccard: number }[] };
  };

  it('segment level: counts and Jaccard as worked out by hand', () => {
    const result = json([]);
    expect(result.units).toBe(13);
    expect(result.codes.map((code) => [code.id, code.count])).toEqual([
      ['alpha.apple', 5],
      ['alpha.banana', 4],
      ['beta.cherry', 4],
      ['beta.kiwi', 8],
      ['beta.plum', 1],
      ['beta.mango', 0],
    ]);
    expect(result.counts).toEqual([
      [5, 2, 3, 3, 0, 0],
      [2, 4, 1, 3, 0, 0],
      [3, 1, 4, 2, 0, 0],
      [3, 3, 2, 8, 0, 0],
      [0, 0, 0, 0, 1, 0],
      [0, 0, 0, 0, 0, 0],
    ]);
    expect(result.matrix).toEqual(result.counts);
    expect(result.pairs.map((pair) => [pair.source, pair.target, pair.count])).toEqual([
      ['alpha.apple', 'beta.cherry', 3],
      ['alpha.banana', 'beta.kiwi', 3],
      ['alpha.apple', 'beta.kiwi', 3],
      ['alpha.apple', 'alpha.banana', 2],
      ['beta.cherry', 'beta.kiwi', 2],
      ['alpha.banana', 'beta.cherry', 1],
    ]);
    expect(result.pairs.map((pair) => pair.jaccard)).toEqual([0.5, 3 / 9, 3 / 10, 2 / 7, 2 / 10, 1 / 7].map((value) => expect.closeTo(value, 12)));
    expect(result.jaccard[5]![5]).toBeNull();
    expect(result.jaccard[0]![5]).toBe(0);
  });

  it('--level interview', () => {
    const result = json(['--level', 'interview']);
    expect(result.units).toBe(8);
    expect(result.counts).toEqual([
      [4, 2, 3, 4, 1, 0],
      [2, 4, 1, 4, 0, 0],
      [3, 1, 4, 4, 1, 0],
      [4, 4, 4, 8, 1, 0],
      [1, 0, 1, 1, 1, 0],
      [0, 0, 0, 0, 0, 0],
    ]);
  });

  it('--measure jaccard --theme beta, as a CSV edge list and as a matrix', () => {
    const edges = runCli(['cooccur', '--theme', 'beta', '--measure', 'jaccard', '--format', 'csv'], { cwd: FIXTURE });
    expect(edges.stdout).toBe('source,target,weight,count,jaccard\r\nbeta.cherry,beta.kiwi,0.2,2,0.2\r\n');
    const all = runCli(['cooccur', '--measure', 'jaccard', '--format', 'csv'], { cwd: FIXTURE });
    expect(all.stdout.split('\r\n').slice(1, 3)).toEqual(['alpha.apple,beta.cherry,0.5,3,0.5', 'alpha.banana,beta.kiwi,0.3333333333333333,3,0.3333333333333333']);
    const matrix = runCli(['cooccur', '--theme', 'alpha', '--matrix', '--format', 'csv'], { cwd: FIXTURE });
    expect(matrix.stdout).toBe('code,alpha.apple,alpha.banana\r\nalpha.apple,5,2\r\nalpha.banana,2,4\r\n');
  });

  it('terminal table and Markdown', () => {
    const table = runCli(['cooccur', '--limit', '2'], { cwd: FIXTURE });
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/│ alpha\.apple\s+│ beta\.cherry\s+│\s+3 │\s+0\.50 │ 5 │ 4 │/);
    expect(table.stdout).toContain('4 more pairs not shown (--limit).');
    expect(table.stdout).toContain('of 13 segments');
    const md = runCli(['cooccur', '--matrix', '--theme', 'alpha', '--format', 'md'], { cwd: FIXTURE });
    expect(md.stdout).toContain('| 1 | alpha.apple | 5 | 2 |');
    expect(md.stdout).toContain('| 2 | alpha.banana | 2 | 4 |');
  });

  it('an unknown theme is a usage error', () => {
    const result = runCli(['cooccur', '--theme', 'gamma'], { cwd: FIXTURE });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('no theme "gamma". Themes: alpha, beta');
  });
});
