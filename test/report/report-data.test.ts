/**
 * Report data (issue 7): the numbers of `cocreate report` on a four-interview
 * fixture, worked out by hand, and the invariants that make every number
 * traceable (the segments listed behind a count are exactly that count).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareGroups } from '../../src/analyze/compare.js';
import { buildReportData, excerptAround, FLAG_P, mergeSpans, QUOTE_MAX_LENGTH, slug, type ReportData, type ReportOptions } from '../../src/analyze/report-data.js';
import { tallyTranscript } from '../../src/analyze/tally.js';
import { compileCodebook } from '../../src/code/compile.js';
import { codeTranscript } from '../../src/code/coder.js';
import { parseCodebook } from '../../src/load/codebook.js';
import { parseTranscript } from '../../src/load/transcript.js';
import { loadCodedFixture } from './fixture.js';

const OPTIONS: ReportOptions = { by: 'unit', source: 'auto', quotesPerTheme: 3, version: '0.0.0-test' };

/*
 * Fixture test/fixtures/report (respondent turns only; rules: trees = tree|oak|árbol|roble,
 * flowers = flower|rose|flor|rosa, spade = spade|shovel|pala):
 *   a1 North head en  s1 "The oak tree is old."          auto trees          human [trees]
 *                     s2 "I use a spade near the roses." auto flowers,spade  human [spade]
 *                     s3 "Nothing else."                 auto –              human []
 *   a2 North staff en s1 "A rose and a tulip flower."    auto flowers        human [flowers]
 *                     s2 "The weather was fine."         auto –              (not reviewed)
 *   b1 South head es  s0 "El roble y la pala."           auto trees,spade    human [trees]
 *                     s1 "Una flor."                     auto flowers        (not reviewed)
 *   b2 South staff en s0 "We dig with a shovel."         auto spade          (not reviewed)
 * Segments analysed: 3 + 2 + 2 + 1 = 8.
 * trees: segments a1s1, b1s0 = 2, interviews a1, b1 = 2.
 * flowers: a1s2, a2s1, b1s1 = 3 segments in 3 interviews. spade: a1s2, b1s0, b2s0 = 3 in 3.
 * plants (trees or flowers): a1s1, a1s2, a2s1, b1s0, b1s1 = 5 segments in a1, a2, b1 = 3 interviews.
 * tools = spade.
 */
async function fixtureData(options: Partial<ReportOptions> = {}): Promise<ReportData> {
  const { compiled, coded } = await loadCodedFixture('report', 'garden.yaml');
  return buildReportData(compiled, coded, { ...OPTIONS, ...options });
}

describe('report data on the garden fixture', () => {
  it('counts interviews, segments and words per interview', async () => {
    const data = await fixtureData();
    expect(data.interviews.map((i) => [i.id, i.group, i.segments, i.words, i.codedSegments])).toEqual([
      ['a1', 'North', 3, 5 + 7 + 2, 2],
      ['a2', 'North', 2, 6 + 4, 1],
      ['b1', 'South', 2, 5 + 2, 2],
      ['b2', 'South', 1, 5, 1],
    ]);
    expect(data.frequencies.segments).toBe(8);
    expect(data.distributions).toEqual([
      { attribute: 'unit', values: [{ value: 'North', count: 2 }, { value: 'South', count: 2 }] },
      { attribute: 'role', values: [{ value: 'head', count: 2 }, { value: 'staff', count: 2 }] },
      { attribute: 'language', values: [{ value: 'en', count: 3 }, { value: 'es', count: 1 }] },
    ]);
  });

  it('gives theme and code frequencies with the segments behind each', async () => {
    const data = await fixtureData();
    expect(data.frequencies.codes.map((c) => [c.id, c.segments, c.interviews])).toEqual([
      ['plants.trees', 2, 2],
      ['plants.flowers', 3, 3],
      ['tools.spade', 3, 3],
    ]);
    expect(data.frequencies.themes.map((t) => [t.id, t.segments, t.interviews])).toEqual([
      ['plants', 5, 3],
      ['tools', 3, 3],
    ]);
    const plants = data.themeTraces[0]!;
    expect(plants.anchor).toBe('idx-plants');
    expect(plants.groups.map((g) => [g.name, g.anchor, g.interviews.map((i) => [i.id, i.segments.map((s) => s.anchor)])])).toEqual([
      ['North', 'idx-plants--g1', [['a1', ['seg-a1-1', 'seg-a1-2']], ['a2', ['seg-a2-1']]]],
      ['South', 'idx-plants--g2', [['b1', ['seg-b1-0', 'seg-b1-1']]]],
    ]);
  });

  it('fills the theme × unit heatmap: interviews and segments per group', async () => {
    const data = await fixtureData();
    // North: a1 (3 segments) + a2 (2) = 5 segments; South: b1 (2) + b2 (1) = 3.
    expect(data.heatmap.groups).toEqual([
      { name: 'North', size: 2, segments: 5 },
      { name: 'South', size: 2, segments: 3 },
    ]);
    expect(data.heatmap.measure).toBe('segments');
    const cells = data.heatmap.cells.map((row) => row.map((c) => [c.theme, c.group, c.interviews, c.size, c.segments, c.groupSegments]));
    expect(cells).toEqual([
      [
        ['plants', 'North', 2, 2, 3, 5],
        ['plants', 'South', 1, 2, 2, 3],
      ],
      [
        ['tools', 'North', 1, 2, 1, 5],
        ['tools', 'South', 2, 2, 2, 3],
      ],
    ]);
    expect(data.heatmap.cells[0]![0]!.segmentShare).toBeCloseTo(3 / 5, 12);
    expect(data.heatmap.cells[1]![1]!.share).toBe(1);
    // plants 2/2 vs 1/2: Fisher p = 1 (both tables with these margins have probability ½), so nothing is flagged.
    expect(data.heatmap.tests.map((t) => [t.theme, t.test, t.p])).toEqual([
      ['plants', 'fisher', 1],
      ['tools', 'fisher', 1],
    ]);
    expect(data.heatmap.cells.flat().some((cell) => cell.mark)).toBe(false);
  });

  it('counts co-occurring pairs with their Jaccard coefficients and segments', async () => {
    const data = await fixtureData();
    // trees+spade: b1s0 (Jaccard 1 / (2 + 3 − 1) = 0.25); flowers+spade: a1s2 (1 / (3 + 3 − 1) = 0.2); trees+flowers: never.
    expect(data.cooccurrence.units).toBe(8);
    expect(data.cooccurrence.pairs.map((p) => [p.source, p.target, p.count, p.jaccard, p.anchor, p.interviews])).toEqual([
      ['plants.trees', 'tools.spade', 1, 0.25, 'co-plants.trees--tools.spade', [{ id: 'b1', segments: [{ index: 0, anchor: 'seg-b1-0' }] }]],
      ['plants.flowers', 'tools.spade', 1, 0.2, 'co-plants.flowers--tools.spade', [{ id: 'a1', segments: [{ index: 2, anchor: 'seg-a1-2' }] }]],
    ]);
    expect(data.cooccurrence.counts).toEqual([
      [2, 0, 1],
      [0, 3, 1],
      [1, 1, 3],
    ]);
  });

  it('compares the rules with the human coder on the segments the coder reviewed', async () => {
    const data = await fixtureData();
    const agreement = data.agreement!;
    expect(agreement.coders).toEqual(['human']);
    // Reviewed: a1s1, a1s2, a1s3 (empty list = reviewed, no code), a2s1, b1s0 = 5.
    // trees: both a1s1, b1s0 → 2/0/0/3. flowers: both a2s1, rules only a1s2 → 1/1/0/3. spade: both a1s2, rules only b1s0 → 1/1/0/3.
    // κ for 1/1/0/3: po = 4/5, pe = (2/5)(1/5) + (3/5)(4/5) = 0.56, κ = 0.24 / 0.44 = 6/11.
    expect(agreement.codes.map((r) => [r.id, r.reviewed, r.both, r.autoOnly, r.humanOnly, r.neither])).toEqual([
      ['plants.trees', 5, 2, 0, 0, 3],
      ['plants.flowers', 5, 1, 1, 0, 3],
      ['tools.spade', 5, 1, 1, 0, 3],
    ]);
    expect(agreement.codes[0]!.kappa).toBe(1);
    expect(agreement.codes[1]!.precision).toBe(0.5);
    expect(agreement.codes[1]!.recall).toBe(1);
    expect(agreement.codes[1]!.kappa).toBeCloseTo(6 / 11, 12);
    // plants: rules on a1s1, a1s2, a2s1, b1s0; coder on a1s1, a2s1, b1s0 → 3/1/0/1; κ: po = 4/5, pe = (4/5)(3/5) + (1/5)(2/5) = 0.56 → 6/11.
    expect(agreement.themes.map((r) => [r.id, r.both, r.autoOnly, r.humanOnly, r.neither])).toEqual([
      ['plants', 3, 1, 0, 1],
      ['tools', 1, 1, 0, 3],
    ]);
    expect(agreement.themes[0]!.precision).toBe(0.75);
    expect(agreement.themes[0]!.kappa).toBeCloseTo(6 / 11, 12);
    // Pooled over codes: tp 4, fp 2, fn 0, tn 9 (n = 15) → precision 4/6, recall 1, F1 8/10;
    // κ: po = 13/15, pe = (6/15)(4/15) + (9/15)(11/15) = 123/225 → κ = 72/102;
    // α: coincidences o11 = 8, o00 = 18, o01 = o10 = 2 (n = 30, n1 = 10, n0 = 20): Do = 4/30, De = 2·10·20/(30·29) → α = 1 − 0.29 = 0.71.
    const overall = agreement.overall[0]!;
    expect([overall.coder, overall.reviewed, overall.precision, overall.recall, overall.f1]).toEqual(['human', 5, 4 / 6, 1, 0.8]);
    expect(overall.kappa).toBeCloseTo(72 / 102, 12);
    expect(overall.alpha).toBeCloseTo(0.71, 12);
    // plants α: o11 = 6, o00 = 2, o01 = o10 = 1 (n = 10, n1 = 7, n0 = 3): 1 − (2/10)/(42/90) = 4/7; min(κ, α) < 0.667 → unreliable.
    expect(agreement.themes[0]!.alpha).toBeCloseTo(4 / 7, 12);
    expect(agreement.themes[0]!.reliability).toBe('unreliable');
    expect(agreement.codes[0]!.reliability).toBe('reliable');
    expect(agreement.intercoder).toBeUndefined();
  });

  it('lists coded segments with highlights, rule and human codes', async () => {
    const data = await fixtureData();
    const a1 = data.segments[0]!;
    expect(a1.anchor).toBe('int-a1');
    expect(a1.segments.map((s) => s.anchor)).toEqual(['seg-a1-1', 'seg-a1-2']); // a1s3 has no code from anyone
    const s2 = a1.segments[1]!;
    expect(s2.text.slice(s2.highlights[0]!.start, s2.highlights[0]!.end)).toBe('spade');
    expect(s2.text.slice(s2.highlights[1]!.start, s2.highlights[1]!.end)).toBe('roses');
    expect(s2.auto).toEqual(['plants.flowers', 'tools.spade']);
    expect(s2.human).toEqual([{ coder: 'human', codes: ['tools.spade'] }]);
    // b2 has no human coding at all; its one segment still shows (rules coded it).
    expect(data.segments[3]!.segments.map((s) => [s.anchor, s.human])).toEqual([['seg-b2-0', []]]);
  });

  it('picks quotes per theme, strongest first, one per interview before repeating', async () => {
    const data = await fixtureData({ quotesPerTheme: 2 });
    const plants = data.quotes[0]!;
    expect(plants.total).toBe(5);
    expect(plants.interviews).toBe(3);
    // Strength (quotes.ts): distinct matched terms, then matches, then shorter text. Two terms: a1s1 "The oak tree is old."
    // (oak, tree; 20 chars) and a2s1 "A rose and a tulip flower." (rose, flower; 26 chars); the rest have one term.
    expect(plants.quotes.map((q) => [q.interview, q.segment, q.anchor])).toEqual([
      ['a1', 1, 'seg-a1-1'],
      ['a2', 1, 'seg-a2-1'],
    ]);
    expect(plants.quotes[0]!.attributes).toEqual({ unit: 'North', role: 'head' });
  });

  it('segments measure and source can be chosen', async () => {
    const byInterviews = await fixtureData({ measure: 'interviews', by: 'role' });
    expect(byInterviews.heatmap.measure).toBe('interviews');
    expect(byInterviews.heatmap.groups.map((g) => g.name)).toEqual(['head', 'staff']);
    const manual = await fixtureData({ source: 'manual' });
    // Human codes: trees a1s1, b1s0; flowers a2s1; spade a1s2.
    expect(manual.frequencies.codes.map((c) => [c.id, c.segments])).toEqual([
      ['plants.trees', 2],
      ['plants.flowers', 1],
      ['tools.spade', 1],
    ]);
    expect(manual.source).toBe('manual');
    expect(manual.codeTraces[1]!.groups.flatMap((g) => g.interviews.flatMap((i) => i.segments.map((s) => s.anchor)))).toEqual(['seg-a2-1']);
  });
});

describe('flags on the heatmap', () => {
  const codebookYaml = `id: t
languages: [en]
themes:
  - id: plants
    codes:
      - id: trees
        rules: { en: { terms: [tree] } }
  - id: tools
    codes:
      - id: spade
        rules: { en: { terms: [spade] } }
`;
  function corpus(units: string[], hasSpade: boolean[]) {
    const loaded = parseCodebook(codebookYaml, 'c.yaml');
    const { compiled } = compileCodebook(loaded.codebook!);
    const coded = units.map((unit, index) => {
      const text = `id: i${index}\nlanguage: en\nunit: ${unit}\nturns:\n  - speaker: respondent\n    text: A tree${hasSpade[index] ? ' and a spade' : ''}.\n`;
      const transcript = parseTranscript(text, `i${index}.yaml`, 'yaml').transcript!;
      return codeTranscript(compiled, transcript);
    });
    return { compiled, coded };
  }

  it('marks over- and under-represented cells when the theme test rejects independence', () => {
    // tools in all 4 X interviews and none of 4 Y: Fisher p = 2/70 ≈ 0.029 < 0.05;
    // adjusted residual (4 − 2) / sqrt(2 · ½ · ½) = 2.83 ≥ 1.96 → X ▲, Y ▼. plants (all 8) is not tested.
    const { compiled, coded } = corpus(['X', 'X', 'X', 'X', 'Y', 'Y', 'Y', 'Y'], [true, true, true, true, false, false, false, false]);
    const data = buildReportData(compiled, coded, OPTIONS);
    expect(data.heatmap.tests.map((t) => t.theme)).toEqual(['tools']);
    expect(data.heatmap.tests[0]!.p).toBeCloseTo(2 / 70, 10);
    expect(data.heatmap.cells[1]!.map((c) => c.mark)).toEqual(['high', 'low']);
    expect(data.heatmap.cells[1]![0]!.residual).toBeCloseTo(2 / Math.sqrt(0.5), 10);
    expect(data.heatmap.cells[0]!.map((c) => c.mark)).toEqual([undefined, undefined]);
  });

  it('does not mark a residual when the theme is not tested (groups of one interview, issue 17)', () => {
    // Five one-interview units, tools in four: the residual of E would be −0.8 / sqrt(0.8 · 0.2 · 0.8) = −2.24, but a
    // group of one interview is that interview: compare shows the groups without testing them, and the report flags nothing.
    const { compiled, coded } = corpus(['A', 'B', 'C', 'D', 'E'], [true, true, true, true, false]);
    const tallies = coded.map((item) => tallyTranscript(compiled, item));
    const comparison = compareGroups(compiled, tallies, 'unit', { level: 'theme' });
    expect(comparison.groups.every((group) => !group.tested)).toBe(true);
    expect(comparison.rows[1]!.cells[4]!.mark).toBeNull();
    expect(comparison.rows[1]!.p).toBeNull();
    const data = buildReportData(compiled, coded, OPTIONS);
    expect(data.heatmap.tests).toEqual([]);
    expect(data.heatmap.cells[1]!.some((c) => c.mark)).toBe(false);
    expect(data.heatmap.method.p).toBe(FLAG_P);
  });
});

describe('agreement between two coders', () => {
  it('adds the intercoder table on the segments both reviewed', () => {
    const codebook = `id: t
languages: [en]
themes:
  - id: plants
    codes:
      - id: trees
        rules: { en: { terms: [tree] } }
  - id: tools
    codes:
      - id: spade
        rules: { en: { terms: [spade] } }
`;
    const { compiled } = compileCodebook(parseCodebook(codebook, 'c.yaml').codebook!);
    const yaml = `id: i1
language: en
unit: X
turns:
  - speaker: respondent
    text: A tree.
    codes: { alice: [plants.trees], bob: [plants.trees] }
  - speaker: respondent
    text: A tree and a spade.
    codes: { alice: [plants.trees, tools.spade], bob: [plants.trees] }
  - speaker: respondent
    text: Nothing.
    codes: { alice: [], bob: [] }
  - speaker: respondent
    text: A spade.
    codes: { alice: [tools.spade] }
`;
    const coded = [codeTranscript(compiled, parseTranscript(yaml, 'i1.yaml', 'yaml').transcript!)];
    const agreement = buildReportData(compiled, coded, OPTIONS).agreement!;
    expect(agreement.coders).toEqual(['alice', 'bob']);
    expect(agreement.overall.map((row) => [row.coder, row.reviewed])).toEqual([
      ['alice', 4],
      ['bob', 3],
    ]);
    // Common segments: the first three (bob did not review "A spade."). plants: both 1, 1, 0 → 100%, κ = α = 1.
    // tools: alice 0, 1, 0; bob 0, 0, 0 → agreement 2/3; κ: po = 2/3 = pe → 0; α: o00 = 4, o01 = o10 = 1 → 1 − (2/6)/(10/30) = 0.
    const intercoder = agreement.intercoder!;
    expect([intercoder.segments, intercoder.partial]).toEqual([3, 1]);
    expect(intercoder.themes.map((row) => [row.id, row.reliability])).toEqual([
      ['plants', 'reliable'],
      ['tools', 'unreliable'],
    ]);
    expect([intercoder.themes[0]!.agreement, intercoder.themes[0]!.kappa, intercoder.themes[0]!.alpha]).toEqual([1, 1, 1]);
    expect(intercoder.themes[1]!.agreement).toBeCloseTo(2 / 3, 12);
    expect(intercoder.themes[1]!.kappa).toBeCloseTo(0, 12);
    expect(intercoder.themes[1]!.alpha).toBeCloseTo(0, 12);
  });
});

describe('report data invariants (fast-check)', () => {
  const codebookYaml = `id: p
languages: [en]
themes:
  - id: a
    codes:
      - id: x
        rules: { en: { terms: [apple] } }
      - id: y
        rules: { en: { terms: [pear] } }
  - id: b
    codes:
      - id: z
        rules: { en: { terms: [plum] } }
`;
  const { compiled } = compileCodebook(parseCodebook(codebookYaml, 'p.yaml').codebook!);
  const word = fc.constantFrom('apple', 'pear', 'plum', 'stone', 'leaf');
  const interview = fc.record({
    unit: fc.constantFrom('U1', 'U2', 'U3'),
    turns: fc.array(fc.array(word, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 4 }),
  });

  it('every count equals the segments listed behind it, and transcript order does not change the report', () => {
    fc.assert(
      fc.property(fc.array(interview, { minLength: 1, maxLength: 6 }), fc.integer({ min: 0, max: 1000 }), (interviews, seed) => {
        const coded = interviews.map((spec, index) => {
          const yaml = `id: t${index}\nlanguage: en\nunit: ${spec.unit}\nturns:\n${spec.turns.map((words) => `  - speaker: respondent\n    text: ${words.join(' ')}\n`).join('')}`;
          return codeTranscript(compiled, parseTranscript(yaml, `t${index}.yaml`, 'yaml').transcript!);
        });
        const data = buildReportData(compiled, coded, OPTIONS);
        const anchors = new Set(data.segments.flatMap((i) => i.segments.map((s) => s.anchor)));
        for (const [traces, rows] of [
          [data.themeTraces, data.frequencies.themes],
          [data.codeTraces, data.frequencies.codes],
        ] as const) {
          traces.forEach((trace, index) => {
            const listed = trace.groups.flatMap((g) => g.interviews.flatMap((i) => i.segments));
            expect(listed.length).toBe(rows[index]!.segments);
            expect(trace.groups.reduce((sum, g) => sum + g.interviews.length, 0)).toBe(rows[index]!.interviews);
            for (const segment of listed) expect(anchors.has(segment.anchor)).toBe(true);
          });
        }
        expect(data.heatmap.cells.flat()).toHaveLength(data.heatmap.themes.length * data.heatmap.groups.length);
        // Shuffle the input order: the report data must not change.
        const shuffled = [...coded].sort((a, b) => ((a.transcript.id.charCodeAt(1) * 7919 + seed) % 13) - ((b.transcript.id.charCodeAt(1) * 7919 + seed) % 13));
        expect(buildReportData(compiled, shuffled, OPTIONS)).toEqual(data);
      }),
      { numRuns: 60 },
    );
  });
});

describe('helpers', () => {
  it('slug makes ASCII anchors', () => {
    expect(slug('Unidad de Carpeta Ciudadana')).toBe('unidad-de-carpeta-ciudadana');
    expect(slug('Participación')).toBe('participacion');
    expect(slug('"><img>')).toBe('img');
    expect(slug('***')).toBe('x');
  });

  it('mergeSpans merges overlapping and touching spans', () => {
    expect(mergeSpans([{ start: 5, end: 8 }, { start: 0, end: 2 }, { start: 2, end: 3 }, { start: 7, end: 10 }, { start: 4, end: 4 }])).toEqual([
      { start: 0, end: 3 },
      { start: 5, end: 10 },
    ]);
  });

  it('excerptAround keeps short texts and cuts long ones at word boundaries around the first highlight', () => {
    expect(excerptAround('short text', [{ start: 0, end: 5 }])).toEqual({ text: 'short text', highlights: [{ start: 0, end: 5 }], cutStart: false, cutEnd: false });
    const words = Array.from({ length: 200 }, (_, i) => `w${i}`);
    const text = words.join(' ');
    const start = text.indexOf('w100');
    const excerpt = excerptAround(text, [{ start, end: start + 4 }]);
    expect(excerpt.cutStart && excerpt.cutEnd).toBe(true);
    expect(excerpt.text.length).toBeLessThanOrEqual(QUOTE_MAX_LENGTH + 10);
    expect(text.includes(excerpt.text)).toBe(true);
    expect(excerpt.text.slice(excerpt.highlights[0]!.start, excerpt.highlights[0]!.end)).toBe('w100');
    expect(excerpt.text.startsWith('w')).toBe(true); // starts at a word
    expect(/^w\d+$/.test(excerpt.text.split(' ').pop()!)).toBe(true); // ends with a whole word
  });

  it('excerptAround property: the excerpt is a substring that keeps the first highlight', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 0, maxLength: 1500 }), fc.nat(), fc.nat(20), (text, at, length) => {
        const start = text.length === 0 ? 0 : at % text.length;
        const end = Math.min(text.length, start + length + 1);
        const excerpt = excerptAround(text, end > start ? [{ start, end }] : []);
        expect(text.includes(excerpt.text)).toBe(true);
        for (const span of excerpt.highlights) expect(span.end).toBeLessThanOrEqual(excerpt.text.length);
        if (end > start && text.slice(start, end).trim() === text.slice(start, end)) {
          expect(excerpt.highlights).toHaveLength(1);
          expect(excerpt.text.slice(excerpt.highlights[0]!.start, excerpt.highlights[0]!.end)).toBe(text.slice(start, end));
        }
      }),
    );
  });
});
