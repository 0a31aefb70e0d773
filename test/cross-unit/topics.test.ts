/**
 * Issue 17: protocol topics as a segment-level grouping (`--by topic`), the
 * topic filter (`--where topic=`), rates and shares, and wrapping wide
 * terminal tables. On test/fixtures/topics/ (project topics intro,
 * challenges, future; codebook people.{citizens, partners},
 * problems.{money, delay}), worked out by hand, respondent turns only:
 *
 *   t-01 (en, role head, YAML)
 *     intro       "We serve every citizen who calls."                       6 words  citizens
 *     challenges  "The budget was cut and every delivery had a delay."     10 words  money, delay
 *     challenges  "Citizens complained about the delay."                    5 words  citizens, delay
 *     future      "We will cooperate with the regions."                     6 words  partners (cooperat*)
 *   t-02 (es, role manager, Markdown with ## headings)
 *     intro       "Atendemos a los ciudadanos y colaboramos con otras unidades."  9 words  citizens, partners (colaboramos ~ colaborar)
 *     challenges  "El presupuesto no llegó y hubo un retraso de meses."          10 words  money, delay
 *     challenges  "La colaboración con la administración fue difícil."            7 words  partners (colaboración ~ colaborar)
 *     budget      "Sin presupuesto no hay nada."  (a topic not in cocreate.yaml)  5 words  money
 *   t-03 (en, role head, no topics at all)
 *     (none)      "The budget decides everything."                          4 words  money
 *     (none)      "Citizens first, always."                                 3 words  citizens
 *
 * By topic (segments / words / interviews with segments):
 *   intro 2 / 15 / 2; challenges 4 / 32 / 2; future 1 / 6 / 1; budget 1 / 5 / 1; (none) 2 / 7 / 1; total 10 / 65 / 3.
 *   citizens 2 | 1 | 0 | 0 | 1;  partners 1 | 1 | 1 | 0 | 0;  money 0 | 2 | 0 | 1 | 1;  delay 0 | 3 | 0 | 0 | 0.
 *   Themes: people 2 (2 int) | 2 (t01 s3, t02 s3; 2 int) | 1 | 0 | 1;  problems 0 | 3 (2 int) | 0 | 1 | 1.
 * compare --by topic --level theme: future and budget have one interview each → shown, not tested; (none) left out
 *   (2 segments). Tested: intro (2 segments) × challenges (4 segments).
 *   problems: present 0 | 3 → [[0,3],[2,1]], N = 6, 3 present; intro x ~ C(2,x)C(4,3−x)/20: x = 0, 1, 2 weigh 4, 12, 4;
 *     observed x = 0 (4) → p = 8/20 = 0.4; expected present 1, 2 / absent 1, 2 → X² = 1 + ½ + 1 + ½ = 3.
 *   people: present 2 | 2 → [[2,2],[0,2]], 4 present; intro x ~ C(2,x)C(4,4−x)/15: 1, 8, 6; observed x = 2 (6) → p = 7/15;
 *     expected present 4/3, 8/3, absent 2/3, 4/3 → X² = 1/3 + 1/6 + 2/3 + 1/3 = 1.5.
 */
import { describe, expect, it } from 'vitest';
import { countFrequencies, crosstabFrequencies, groupTalliesByTopic, MISSING_GROUP, rateOf, selectTopics, shareOf } from '../../src/analyze/frequencies.js';
import { compareGroups } from '../../src/analyze/compare.js';
import { tallyTranscript, type TranscriptTally } from '../../src/analyze/tally.js';
import { knownTopics, splitWhere, suggestTopic, unknownTopicMessage } from '../../src/analyze/topics.js';
import { parseProjectTopics } from '../../src/load/project-values.js';
import { wrapTable } from '../../src/render/table.js';
import type { ReportTable } from '../../src/render/report-table.js';
import { FIXTURES, runCli } from '../helpers/cli.js';
import { codeInline, compileInline } from './inline.js';

const FIXTURE = `${FIXTURES}/topics`;

function json<T = Record<string, unknown>>(args: string[]): T {
  const result = runCli([...args, '--format', 'json'], { cwd: FIXTURE });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout) as T;
}

function tableRows(text: string): string[][] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('│'))
    .map((line) =>
      line
        .split('│')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
}

describe('topic tallies (pure)', () => {
  const compiled = compileInline(`
themes:
  - id: t
    codes:
      - id: a
        rules: { en: { terms: [alpha] } }
      - id: b
        rules: { en: { terms: [beta] } }
`);
  // Segments: (none) "alpha one" | q1 "alpha beta two" | q1 "nothing" | q2 "beta" ; topics follow `question` until the next one.
  const coded = codeInline(
    compiled,
    ['id: x', 'language: en', 'turns:', '  - speaker: R', '    text: alpha one', '  - speaker: R', '    question: q1', '    text: alpha beta two', '  - speaker: R', '    text: nothing', '  - speaker: R', '    question: q2', '    text: beta'].join('\n'),
  );
  const tally = tallyTranscript(compiled, coded, 'auto', { topics: true });

  it('counts each topic in order of first appearance, segments before any topic under null', () => {
    expect(tally.topics!.map((topic) => [topic.topic, topic.segments, topic.words, topic.codeSegments, topic.themeSegments, topic.codedSegments])).toEqual([
      [null, 1, 2, [1, 0], [1], 1],
      ['q1', 2, 4, [1, 1], [1], 1],
      ['q2', 1, 1, [0, 1], [1], 1],
    ]);
    // The parts add up to the whole.
    expect([tally.segments, tally.words, tally.codeSegments, tally.themeSegments]).toEqual([4, 7, [2, 2], [3]]);
    expect(tallyTranscript(compiled, coded).topics).toBeUndefined();
  });

  it('groups by topic in project order, then undeclared topics, then (none); every declared topic is a group', () => {
    const groups = groupTalliesByTopic([tally], ['q2', 'q0']);
    expect([...groups.keys()]).toEqual(['q2', 'q0', 'q1', MISSING_GROUP]);
    expect(groups.get('q0')).toEqual([]);
    expect(groups.get('q1')!.map((part) => [part.id, part.segments, part.words])).toEqual([['x', 2, 4]]);
    const crosstab = crosstabFrequencies(compiled, [tally], 'topic', ['q1', 'q2']);
    expect(crosstab.unit).toBe('segment');
    expect(crosstab.groups.map((group) => [group.name, group.size, group.segments, group.words])).toEqual([
      ['q1', 1, 2, 4],
      ['q2', 1, 1, 1],
      [MISSING_GROUP, 1, 1, 2],
    ]);
    expect(crosstab.groups.reduce((sum, group) => sum + group.segments, 0)).toBe(crosstab.total.segments);
  });

  it('selects the segments under some topics', () => {
    const [kept] = selectTopics([tally], new Set(['q1', null]));
    expect([kept!.segments, kept!.words, kept!.codeSegments, kept!.themeSegments]).toEqual([3, 6, [2, 1], [2]]);
    expect(selectTopics([tally], new Set(['q9']))).toEqual([]);
    expect(countFrequencies(compiled, selectTopics([tally], new Set(['q2']))).codes.map((code) => code.segments)).toEqual([0, 1]);
  });

  it('names: split from --where, ordered, misspellings suggested', () => {
    expect(splitWhere([{ attribute: 'role', values: ['head'] }, { attribute: 'topic', values: ['intro', '(none)'] }])).toEqual({ attributes: [{ attribute: 'role', values: ['head'] }], topics: ['intro', null] });
    expect(knownTopics(['b', 'a'], ['c', 'a', 'aa'])).toEqual(['b', 'a', 'aa', 'c']);
    expect(suggestTopic('chalenges', ['intro', 'challenges'])).toBe('challenges');
    expect(suggestTopic('zzz', ['intro', 'challenges'])).toBeUndefined();
    expect(unknownTopicMessage(['intro', null], ['intro'])).toBeUndefined();
    expect(unknownTopicMessage(['intor'], ['intro'])).toContain('Did you mean "intro"?');
  });

  it('reads only the topics of a project file; anything unusable gives undefined (the caller’s default)', () => {
    expect(parseProjectTopics('attributes:\n  required: [unit]\ntopics: [intro, " challenges ", 3, intro]\n', 'p.yaml')).toEqual(['intro', 'challenges', '3']);
    expect(parseProjectTopics('coders: [a]\n', 'p.yaml')).toBeUndefined();
    expect(parseProjectTopics('topics: []\n', 'p.yaml')).toBeUndefined();
    expect(parseProjectTopics('topics: intro\n', 'p.yaml')).toBeUndefined();
    expect(parseProjectTopics('topics: [intro, ""]\n', 'p.yaml')).toBeUndefined();
    expect(parseProjectTopics('topics: [intro\n', 'p.yaml')).toBeUndefined();
    expect(parseProjectTopics('', 'p.yaml')).toBeUndefined();
  });

  it('measures: rate per 1,000 words and share of segments', () => {
    expect(rateOf(3, 32)).toBeCloseTo(93.75, 12);
    expect(rateOf(1, 0)).toBeNull();
    expect(shareOf(3, 4)).toBe(75);
    expect(shareOf(0, 0)).toBeNull();
  });
});

interface CodeJson {
  by: string;
  unit: string;
  measure: string;
  segments: number;
  words: number;
  groups: { name: string; size: number; segments: number; words: number; codes: { id: string; segments: number; interviews: number; rate: number; share: number }[]; themes: { id: string; segments: number; interviews: number }[] }[];
}

describe('cocreate code --by topic (end to end)', () => {
  it('groups segments by topic in cocreate.yaml order, then the undeclared topic, then (none)', () => {
    const report = json<CodeJson>(['code', '--by', 'topic']);
    expect([report.by, report.unit, report.measure, report.segments, report.words]).toEqual(['topic', 'segment', 'count', 10, 65]);
    expect(report.groups.map((group) => [group.name, group.size, group.segments, group.words])).toEqual([
      ['intro', 2, 2, 15],
      ['challenges', 2, 4, 32],
      ['future', 1, 1, 6],
      ['budget', 1, 1, 5],
      ['(none)', 1, 2, 7],
    ]);
    expect(report.groups.map((group) => group.codes.map((code) => code.segments))).toEqual([
      [2, 1, 0, 0],
      [1, 1, 2, 3],
      [0, 1, 0, 0],
      [0, 0, 1, 0],
      [1, 0, 1, 0],
    ]);
    expect(report.groups.map((group) => group.themes.map((theme) => [theme.segments, theme.interviews]))).toEqual([
      [[2, 2], [0, 0]],
      [[2, 2], [3, 2]],
      [[1, 1], [0, 0]],
      [[0, 0], [1, 1]],
      [[1, 1], [1, 1]],
    ]);
    // delay under challenges: 3 segments of 4 in 32 words → rate 93.75, share 75.
    const delay = report.groups[1]!.codes[3]!;
    expect([delay.id, delay.rate, delay.share]).toEqual(['problems.delay', 93.75, 75]);
  });

  it('the table counts and says the segments without a topic, and shows the denominators', () => {
    const result = runCli(['code', '--by', 'topic', '--level', 'theme'], { cwd: FIXTURE });
    expect(result.status).toBe(0);
    expect(tableRows(result.stdout)).toEqual([
      ['Theme', 'intro', 'int', 'challenges', 'int', 'future', 'int', 'budget', 'int', '(none)', 'int', 'Total', 'int'],
      ['people', '2', '2/2', '2', '2/2', '1', '1/1', '0', '0/1', '1', '1/1', '6', '3/3'],
      ['problems', '0', '0/2', '3', '2/2', '0', '0/1', '1', '1/1', '1', '1/1', '5', '3/3'],
      ['(segments)', '2', '', '4', '', '1', '', '1', '', '2', '', '10', ''],
      ['(words)', '15', '', '32', '', '6', '', '5', '', '7', '', '65', ''],
    ]);
    expect(result.stdout).toContain('2 segments without a topic are under (none).');
    expect(result.stdout).toContain('Groups: protocol topics, counted in segments');
    // Shares: people 2/2 = 100.0%, 2/4 = 50.0%, 1/1, 0/1, 1/2 = 50.0%, 6/10 = 60.0%.
    const share = tableRows(runCli(['code', '--by', 'topic', '--level', 'theme', '--measure', 'share'], { cwd: FIXTURE }).stdout);
    expect(share[1]).toEqual(['people', '100.0%', '2/2', '50.0%', '2/2', '100.0%', '1/1', '0.0%', '0/1', '50.0%', '1/1', '60.0%', '3/3']);
  });

  it('--where topic= keeps the segments under a topic; (none) names those without; unknown names get "did you mean" (exit 2)', () => {
    const challenges = json<{ interviews: number; segments: number; words: number; codes: { segments: number }[] }>(['code', '--where', 'topic=challenges']);
    expect([challenges.interviews, challenges.segments, challenges.words]).toEqual([2, 4, 32]);
    expect(challenges.codes.map((code) => code.segments)).toEqual([1, 1, 2, 3]);
    const none = json<{ interviews: number; segments: number }>(['code', '--where', 'topic=(none)']);
    expect([none.interviews, none.segments]).toEqual([1, 2]);
    const both = json<{ interviews: number; segments: number }>(['code', '--where', 'topic=intro', '--where', 'topic=future', '--where', 'role=head']);
    expect([both.interviews, both.segments]).toEqual([1, 2]); // t-01 intro + future
    const typo = runCli(['code', '--where', 'topic=chalenges'], { cwd: FIXTURE });
    expect(typo.status).toBe(2);
    expect(typo.stdout).toBe('');
    expect(typo.stderr).toContain('--where topic=chalenges: no such protocol topic. Did you mean "challenges"?');
    const attribute = runCli(['code', '--where', 'rol=head'], { cwd: FIXTURE });
    expect(attribute.status).toBe(2);
    expect(attribute.stderr).toContain('no transcript has the attribute "rol"');
  });

  it('the matrix has the attributes, language and source as leading columns, at code or theme level', () => {
    const csv = runCli(['code', '--matrix', '--level', 'theme', '--format', 'csv', '--source', 'rules'], { cwd: FIXTURE }).stdout.trimEnd().split('\r\n');
    expect(csv).toEqual(['id,language,role,source,segments,words,people,problems', 't-01,en,head,rules,4,27,3,2', 't-02,es,manager,rules,4,31,2,2', 't-03,en,head,rules,2,7,1,1']);
    const manual = runCli(['code', '--matrix', '--format', 'csv', '--source', 'manual'], { cwd: FIXTURE }).stdout.split('\r\n');
    expect(manual[1]).toMatch(/^t-01,en,head,manual,/);
  });
});

describe('cocreate compare --by topic (end to end)', () => {
  it('tests segments across topics, leaves out groups of one interview and the segments without a topic, and says so', () => {
    const report = json<{
      unit: string;
      segments: number;
      excluded: number;
      tested: number;
      groups: { name: string; size: number; segments: number; tested: boolean }[];
      rows: { id: string; p: number | null; statistic: number | null; df: number | null; cells: { group: string; segments: number; percent: number | null; residual: number | null }[] }[];
    }>(['compare', '--by', 'topic', '--level', 'theme']);
    expect(report.unit).toBe('segment');
    expect(report.excluded).toBe(2);
    expect(report.groups.map((group) => [group.name, group.size, group.segments, group.tested])).toEqual([
      ['intro', 2, 2, true],
      ['challenges', 2, 4, true],
      ['future', 1, 1, false],
      ['budget', 1, 1, false],
    ]);
    const [people, problems] = report.rows;
    expect(problems!.p).toBeCloseTo(0.4, 10);
    expect(problems!.statistic).toBeCloseTo(3, 10);
    expect(problems!.df).toBe(1);
    expect(problems!.cells.map((cell) => [cell.segments, cell.percent])).toEqual([[0, 0], [3, 75], [0, 0], [1, 100]]);
    expect(problems!.cells.slice(2).every((cell) => cell.residual === null)).toBe(true);
    expect(people!.p).toBeCloseTo(7 / 15, 10);
    expect(people!.statistic).toBeCloseTo(1.5, 10);
    expect(report.tested).toBe(2);
    const table = runCli(['compare', '--by', 'topic', '--level', 'theme'], { cwd: FIXTURE });
    expect(table.stdout).toContain('the test counts segments, not interviews');
    expect(table.stdout).toContain('(2 segments without a topic left out)');
    expect(table.stdout).toContain('Not tested (fewer than 2 interviews, marked *): future, budget.');
    expect(table.stdout).toContain('future* (1 seg, n=1)');
  });
});

describe('compareGroups by topic (pure)', () => {
  it('uses Pearson’s asymptotic p when every expected count is at least 5, the exact test otherwise', () => {
    const compiled = compileInline(`
themes:
  - id: t
    codes:
      - id: a
        rules: { en: { terms: [alpha] } }
`);
    // Two interviews, each with 50 segments under A (20 coded) and 50 under B (10 coded): [[40, 20], [60, 80]], N = 200.
    // Expected present 30 | 30, absent 70 | 70 → X² = 2 · 100/30 + 2 · 100/70 = 200/21; p = erfc(√(X²/2)) = 0.0020282 (df 1).
    const part = (topic: string, coded: number) => ({ topic, segments: 50, words: 500, codeSegments: [coded], themeSegments: [coded], codedSegments: coded, reviewedSegments: 50 });
    const tallyOf = (id: string): TranscriptTally => ({ id, file: `${id}.yaml`, language: 'en', attributes: {}, segments: 100, words: 1000, codeSegments: [30], themeSegments: [30], codedSegments: 30, reviewedSegments: 100, topics: [part('A', 20), part('B', 10)] });
    const large = compareGroups(compiled, [tallyOf('i1'), tallyOf('i2')], 'topic', { topics: ['A', 'B'] });
    expect(large.unit).toBe('segment');
    expect(large.rows[0]!.test).toBe('chi-square');
    expect(large.rows[0]!.statistic).toBeCloseTo(200 / 21, 10);
    expect(large.rows[0]!.p).toBeCloseTo(0.002028231148452082, 9);
    // --test permutation still forces the permutation test.
    expect(compareGroups(compiled, [tallyOf('i1'), tallyOf('i2')], 'topic', { topics: ['A', 'B'], test: 'permutation', permutations: 2000 }).rows[0]!.test).toBe('permutation');
  });
});

describe('compare --measure (end to end)', () => {
  it('shows the chosen measure beside interviews coded; the one-interview group is shown, not tested', () => {
    // head: t-01 + t-03, 6 segments, 27 + 7 = 34 words; people in t-01 s1, s3, s4 and t-03 s2 = 4 segments (2 of 2 interviews).
    // manager: t-02 alone (n = 1): not tested. Share 4/6 = 66.7%; rate 1000 × 4 / 34 = 117.6.
    const share = tableRows(runCli(['compare', '--by', 'role', '--level', 'theme', '--measure', 'share'], { cwd: FIXTURE }).stdout);
    expect(share[0]!.slice(0, 5)).toEqual(['Theme', 'head (n=2)', '% seg', 'manager* (n=1)', '% seg']);
    expect(share[1]!.slice(0, 3)).toEqual(['people', '2 (100%)', '66.7%']);
    const rateRun = runCli(['compare', '--by', 'role', '--level', 'theme', '--measure', 'rate'], { cwd: FIXTURE }).stdout;
    expect(rateRun).toContain('Segments and words per group: head 6 / 34; manager 4 / 31.');
    const rate = tableRows(rateRun);
    expect(rate[1]!.slice(0, 3)).toEqual(['people', '2 (100%)', '117.6']);
    const report = json<{ tested: number; rows: { p: number | null; cells: { rate: number; segmentShare: number }[] }[] }>(['compare', '--by', 'role', '--level', 'theme']);
    expect(report.tested).toBe(0);
    expect(report.rows[0]!.cells[0]).toMatchObject({ rate: 117.647, segmentShare: 66.67 });
  });
});

describe('cooccur and quotes by topic (end to end)', () => {
  it('cooccur --by topic counts pairs within each topic', () => {
    const report = json<{ by: string; units: number; groups: { name: string; units: number; pairs: { source: string; target: string; count: number }[] }[] }>(['cooccur', '--by', 'topic']);
    expect(report.units).toBe(10);
    expect(report.groups.map((group) => [group.name, group.units, group.pairs.map((pair) => `${pair.source}+${pair.target}=${pair.count}`)])).toEqual([
      ['intro', 2, ['people.citizens+people.partners=1']],
      ['challenges', 4, ['problems.money+problems.delay=2', 'people.citizens+problems.delay=1']],
      ['future', 1, []],
      ['budget', 1, []],
      ['(none)', 2, []],
    ]);
    const csv = runCli(['cooccur', '--by', 'role', '--format', 'csv'], { cwd: FIXTURE }).stdout.trimEnd().split('\r\n');
    // head: t-01 + t-03 (6 segments; citizens 3, money 2, delay 2): money+delay 1 (Jaccard 1/3), citizens+delay 1 (1/4);
    // manager: t-02 (4 segments; citizens 1, partners 2, money 2, delay 1): citizens+partners 1 (1/2), money+delay 1 (1/2).
    // Ties on count go by Jaccard, then codebook order.
    expect(csv).toEqual([
      'group,group_units,source,target,weight,count,jaccard',
      'head,6,problems.money,problems.delay,1,1,0.3333333333333333',
      'head,6,people.citizens,problems.delay,1,1,0.25',
      'manager,4,people.citizens,people.partners,1,1,0.5',
      'manager,4,problems.money,problems.delay,1,1,0.5',
    ]);
  });

  it('quotes --by topic groups in topic order with (none) last; --where topic= filters segments', () => {
    const report = json<{ groups: { name: string; total: number }[] }>(['quotes', 'problems', '--by', 'topic']);
    expect(report.groups.map((group) => [group.name, group.total])).toEqual([
      ['challenges', 3],
      ['budget', 1],
      ['(none)', 1],
    ]);
    const filtered = json<{ total: number; quotes: { interview: string; question: string | null }[] }>(['quotes', 'partners', '--where', 'topic=challenges']);
    expect(filtered.quotes.map((quote) => [quote.interview, quote.question])).toEqual([['t-02', 'challenges']]);
    const typo = runCli(['quotes', 'partners', '--where', 'topic=futur'], { cwd: FIXTURE });
    expect(typo.status).toBe(2);
    expect(typo.stderr).toContain('Did you mean "future"?');
  });
});

describe('wrapping wide terminal tables (pure)', () => {
  const wide: ReportTable = {
    title: 'T',
    columns: [{ header: 'Code' }, ...['g1', 'int', 'g2', 'int', 'g3', 'int'].map((header) => ({ header }))],
    rows: [['alpha', 1, '1/2', 22, '2/2', 333, '3/3']],
    note: 'note',
    frozenColumns: 1,
    columnBlock: 2,
  };
  // Widths (cell + 2 padding + 1 border): Code 8, g1 5, int 6, g2 5, int 6, g3 6, int 6; whole table 1 + 42 = 43.

  it('returns a table that fits unchanged, and splits one that does not into parts of whole blocks', () => {
    expect(wrapTable(wide, 43)).toEqual([wide]);
    const parts = wrapTable(wide, 30); // 1 + 8 frozen, then blocks of 11, 11, 12: two blocks need 9 + 22 = 31 > 30
    expect(parts.map((part) => part.columns.map((column) => column.header))).toEqual([
      ['Code', 'g1', 'int'],
      ['Code', 'g2', 'int'],
      ['Code', 'g3', 'int'],
    ]);
    expect(parts.map((part) => part.rows[0])).toEqual([['alpha', 1, '1/2'], ['alpha', 22, '2/2'], ['alpha', 333, '3/3']]);
    expect(parts.map((part) => part.note)).toEqual([undefined, undefined, 'note']);
    expect(parts[0]!.title).toBe('T (part 1 of 3, wrapped to the terminal width)');
    expect(wrapTable(wide, 31).map((part) => part.columns.length)).toEqual([5, 3]);
    // Narrower than one block: still one block per part, never an empty part.
    expect(wrapTable(wide, 5).map((part) => part.columns.length)).toEqual([3, 3, 3]);
  });
});

describe('the report’s theme × topic heatmap (issue 17)', () => {
  it('Markdown Table 4b and HTML Figure 4b carry the hand-counted segments per topic, untested topics named', () => {
    const md = runCli(['report', '--by', 'role', '--format', 'md'], { cwd: FIXTURE });
    expect(md.status).toBe(0);
    expect(md.stdout).toContain('| Theme | intro (2 seg) | challenges (4 seg) | future (1 seg) | budget (1 seg) | (none) (2 seg) |');
    expect(md.stdout).toContain('| People | [2](#idx-people) (100%) | [2](#idx-people) (50%) | [1](#idx-people) (100%) | [0](#idx-people) (0%) | [1](#idx-people) (50%) |');
    expect(md.stdout).toContain('| Problems | [0](#idx-problems) (0%) | [3](#idx-problems) (75%) | [0](#idx-problems) (0%) | [1](#idx-problems) (100%) | [1](#idx-problems) (50%) |');
    // Neither theme's test (p = 7/15 and 0.4) rejects, so no cell is flagged.
    expect(md.stdout).not.toMatch(/\((?:100|50|75|0)%\) [▲▼]/);
    expect(md.stdout).toContain('the test counts segments (6 compared)');
    expect(md.stdout).toContain('Not tested: future, budget, (none)');
    const html = runCli(['report', '--by', 'role', '--format', 'html'], { cwd: FIXTURE });
    expect(html.stdout.match(/data-cell="theme-topic"/g)).toHaveLength(2 * 5);
    expect(html.stdout).toContain('Figure 4b.');
    const byTopic = runCli(['report', '--by', 'topic'], { cwd: FIXTURE });
    expect(byTopic.status).toBe(2);
    expect(byTopic.stderr).toContain('the report always has a theme × protocol topic heatmap');
  });
});
