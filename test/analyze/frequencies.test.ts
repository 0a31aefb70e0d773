/**
 * Aggregation: tallies, frequencies, crosstabs, the theme matrix and the
 * tidy coding records, on coded transcripts built inline so that every
 * expected count can be read off the fixture (the working is in comments).
 * The matcher is bypassed: each segment says which code indexes it carries.
 */
import { describe, expect, it } from 'vitest';
import { buildThemeMatrix, countFrequencies, crosstabFrequencies, groupTallies, MISSING_GROUP } from '../../src/analyze/frequencies.js';
import { codingRecordsOf } from '../../src/analyze/codings.js';
import { tallyTranscript, type CodeSource, type TranscriptTally } from '../../src/analyze/tally.js';
import { codeTranscript, type CodedTranscript } from '../../src/code/coder.js';
import { compileCodebook } from '../../src/code/compile.js';
import { parseCodebook } from '../../src/load/codebook.js';
import { parseYamlTranscript } from '../../src/load/transcript-yaml.js';
import type { Segment, Transcript } from '../../src/model/transcript.js';

// Codes by index: 0 a.x, 1 a.y, 2 b.z. Themes: 0 a, 1 b.
const codebook = parseCodebook(
  ['themes:', '  - id: a', '    codes:', '      - id: x', '        rules: { en: { terms: [apple] } }', '      - id: y', '        rules: { en: { terms: [pear] } }', '  - id: b', '    codes:', '      - id: z', '        rules: { en: { terms: [plum] } }'].join('\n'),
  'fruit.yaml',
).codebook!;
const { compiled } = compileCodebook(codebook);

interface SegmentSpec {
  auto?: number[];
  human?: Record<string, string[]>;
  text?: string;
}

/** A coded transcript whose segments carry the given codes. */
function coded(id: string, attributes: Record<string, string>, specs: SegmentSpec[]): CodedTranscript {
  const segments: Segment[] = specs.map((spec, index) => ({
    index,
    speaker: 'R',
    interviewer: false,
    text: spec.text ?? `segment ${index}`,
    at: { line: index + 1, column: 1 },
    endLine: index + 1,
    start: 0,
    end: 0,
    human: [],
  }));
  const transcript: Transcript = { id, language: 'en', illustrative: true, attributes, file: `${id}.yaml`, format: 'yaml', idAt: { line: 1, column: 1 }, segments, plainText: '' };
  return {
    transcript,
    segments: specs.map((spec, index) => ({ segment: segments[index]!, matches: [], auto: spec.auto ?? [], human: new Map(Object.entries(spec.human ?? {})) })),
  };
}

// The corpus: four interviews, 9 coded segments.
//   i1 (unit U1, role head):    s0 {x}, s1 {x, y}, s2 {}        → x 2 segs, y 1, z 0; theme a: s0, s1 = 2 (s1 once); b 0
//   i2 (unit U1, role manager): s0 {z}, s1 {x, z}               → x 1, y 0, z 2; theme a: s1 = 1; b: s0, s1 = 2
//   i3 (unit U2, role head):    s0 {y}                          → y 1; theme a 1
//   i4 (no unit, role head):    s0 {}, s1 {}, s2 {z}            → z 1; theme b 1
const corpus: CodedTranscript[] = [
  coded('i1', { unit: 'U1', role: 'head' }, [{ auto: [0], human: { ann: ['a.x'], ben: ['a.x', 'b.z'] } }, { auto: [0, 1], human: { ann: [] } }, { auto: [] }]),
  coded('i2', { unit: 'U1', role: 'manager' }, [{ auto: [2], human: { ann: ['b.z', 'unknown.code'] } }, { auto: [0, 2] }]),
  coded('i3', { unit: 'U2', role: 'head' }, [{ auto: [1] }]),
  coded('i4', { role: 'head' }, [{ auto: [] }, { auto: [] }, { auto: [2], human: { ben: ['a.y', 'a.y'] } }]),
];
const tallies = (source: CodeSource = 'auto'): TranscriptTally[] => corpus.map((item) => tallyTranscript(compiled, item, source));
const row = (rows: { id: string; segments: number; interviews: number }[], id: string) => {
  const found = rows.find((entry) => entry.id === id)!;
  return [found.segments, found.interviews];
};

describe('tallies', () => {
  it('count coded segments, segments per code, and segments per theme once', () => {
    const [i1] = tallies();
    expect(i1).toMatchObject({ id: 'i1', segments: 3, codeSegments: [2, 1, 0], themeSegments: [2, 0], codedSegments: 2, attributes: { unit: 'U1', role: 'head' } });
    expect(i1!.words).toBe(6); // "segment 0", "segment 1", "segment 2"
  });
});

describe('frequencies', () => {
  const table = countFrequencies(compiled, tallies());

  it('count N interviews and all coded segments', () => {
    expect([table.interviews, table.segments]).toEqual([4, 9]);
  });

  it('count segments and interviews per code (an interview once however many segments)', () => {
    // x: i1 s0, s1 + i2 s1 = 3 segments in 2 interviews; y: i1 s1 + i3 s0 = 2 in 2; z: i2 s0, s1 + i4 s2 = 3 in 2.
    expect(row(table.codes, 'a.x')).toEqual([3, 2]);
    expect(row(table.codes, 'a.y')).toEqual([2, 2]);
    expect(row(table.codes, 'b.z')).toEqual([3, 2]);
    expect(table.codes.map((code) => [code.id, code.theme, code.level])).toEqual([
      ['a.x', 'a', 'code'],
      ['a.y', 'a', 'code'],
      ['b.z', 'b', 'code'],
    ]);
  });

  it('roll themes up counting a segment once when several of its codes apply', () => {
    // Theme a: i1 s0, s1 (x and y: once) + i2 s1 + i3 s0 = 4 segments (not 5 = 3 + 2), in 3 interviews.
    // Theme b: i2 s0, s1 + i4 s2 = 3 segments in 2 interviews.
    expect(row(table.themes, 'a')).toEqual([4, 3]);
    expect(row(table.themes, 'b')).toEqual([3, 2]);
  });

  it('an empty corpus counts zero', () => {
    const empty = countFrequencies(compiled, []);
    expect([empty.interviews, empty.segments, empty.codes.map((code) => code.interviews)]).toEqual([0, 0, [0, 0, 0]]);
  });
});

describe('crosstabs by attribute', () => {
  it('group by value, sorted, with `(none)` last for interviews without the attribute', () => {
    const groups = groupTallies(tallies(), 'unit');
    expect([...groups].map(([name, members]) => [name, members.map((tally) => tally.id)])).toEqual([
      ['U1', ['i1', 'i2']],
      ['U2', ['i3']],
      [MISSING_GROUP, ['i4']],
    ]);
    expect(MISSING_GROUP).toBe('(none)');
  });

  it('count within each group, with group sizes and a total', () => {
    const crosstab = crosstabFrequencies(compiled, tallies(), 'unit');
    expect(crosstab.groups.map((group) => [group.name, group.size, group.segments])).toEqual([
      ['U1', 2, 5],
      ['U2', 1, 1],
      ['(none)', 1, 3],
    ]);
    // U1: x in i1 (2 segs) and i2 (1) → 3 segs, 2 interviews; y: i1 → 1, 1; z: i2 → 2, 1.
    expect(crosstab.groups[0]!.codes.map((code) => [code.id, code.segments, code.interviews])).toEqual([
      ['a.x', 3, 2],
      ['a.y', 1, 1],
      ['b.z', 2, 1],
    ]);
    // U2 (i3): y only. (none) (i4): z only.
    expect(crosstab.groups[1]!.codes.map((code) => code.interviews)).toEqual([0, 1, 0]);
    expect(crosstab.groups[2]!.codes.map((code) => code.interviews)).toEqual([0, 0, 1]);
    expect(crosstab.groups[0]!.themes.map((theme) => [theme.id, theme.segments, theme.interviews])).toEqual([
      ['a', 3, 2],
      ['b', 2, 1],
    ]);
    expect(crosstab.total.interviews).toBe(4);
    expect(crosstab.by).toBe('unit');
  });

  it('group by `language` and `id` although they are not attributes', () => {
    expect([...groupTallies(tallies(), 'language').keys()]).toEqual(['en']);
    expect([...groupTallies(tallies(), 'id').keys()]).toEqual(['i1', 'i2', 'i3', 'i4']);
  });

  it('never take inherited object keys for attribute values (regression: `--by constructor`)', () => {
    expect([...groupTallies(tallies(), 'constructor').keys()]).toEqual([MISSING_GROUP]);
  });
});

describe('theme matrix', () => {
  it('has one row per interview (sorted by id) with attributes and coded segments per code', () => {
    const matrix = buildThemeMatrix(compiled, [...tallies()].reverse());
    expect(matrix.columns).toEqual(['a.x', 'a.y', 'b.z']);
    expect(matrix.attributes).toEqual(['role', 'unit']);
    expect(matrix.rows.map((entry) => [entry.id, entry.attributes.unit ?? null, entry.segments, ...entry.cells])).toEqual([
      ['i1', 'U1', 3, 2, 1, 0],
      ['i2', 'U1', 2, 1, 0, 2],
      ['i3', 'U2', 1, 0, 1, 0],
      ['i4', null, 3, 0, 0, 1],
    ]);
  });

  it('at theme level, cells count segments once per theme', () => {
    const matrix = buildThemeMatrix(compiled, tallies(), 'theme');
    expect(matrix.columns).toEqual(['a', 'b']);
    expect(matrix.rows.map((entry) => entry.cells)).toEqual([
      [2, 0],
      [1, 2],
      [1, 0],
      [0, 1],
    ]);
  });
});

describe('sources: automatic, manual (all coders) and one coder', () => {
  it('`manual` counts the human codes of all coders, each code once per segment, unknown ids skipped', () => {
    // i1 s0: ann {x}, ben {x, z} → {x, z}; i1 s1: ann {} ; i2 s0: ann {z, unknown} → {z}; i4 s2: ben {y, y} → {y}.
    const table = countFrequencies(compiled, tallies('manual'));
    expect(table.codes.map((code) => [code.id, code.segments, code.interviews])).toEqual([
      ['a.x', 1, 1],
      ['a.y', 1, 1],
      ['b.z', 2, 2],
    ]);
    // Theme a: i1 s0, i4 s2 → 2 in 2; b: i1 s0, i2 s0 → 2 in 2.
    expect(table.themes.map((theme) => [theme.segments, theme.interviews])).toEqual([
      [2, 2],
      [2, 2],
    ]);
    expect(table.segments).toBe(9);
  });

  it('a named coder counts only that coder', () => {
    const table = countFrequencies(compiled, tallies({ coder: 'ben' }));
    expect(table.codes.map((code) => code.segments)).toEqual([1, 1, 1]); // x: i1 s0; y: i4 s2; z: i1 s0
  });
});

describe('coding records (tidy form)', () => {
  const transcript = parseYamlTranscript(
    'id: t1\nlanguage: en\nunit: U1\nturns:\n  - speaker: interviewer\n    text: An apple?\n  - speaker: R\n    text: Apple and pear, apples.\n    codes: { ann: [a.y, nope.nope] }\n',
    't1.yaml',
  ).transcript!;
  const item = codeTranscript(compiled, transcript);

  it('code respondent turns only, unless asked', () => {
    expect(item.segments.map((segment) => segment.segment.index)).toEqual([1]);
    expect(codeTranscript(compiled, transcript, { includeInterviewer: true }).segments.map((segment) => segment.auto)).toEqual([[0], [0, 1]]);
  });

  it('one record per segment, code and source, with matched words as written', () => {
    const records = codingRecordsOf(compiled, item);
    // The respondent's text is on line 8 of the YAML.
    expect(records.map((record) => [record.code, record.source, record.terms, record.line, record.segment])).toEqual([
      ['a.x', 'auto', ['Apple', 'apples'], 8, 1],
      ['a.y', 'auto', ['pear'], 8, 1],
      ['a.y', 'ann', [], 8, 1],
    ]);
    const segment = transcript.segments[1]!;
    expect(records[0]).toMatchObject({ interview: 't1', file: 't1.yaml', theme: 'a', start: segment.start, end: segment.end, attributes: { unit: 'U1' } });
    expect(transcript.plainText.slice(segment.start, segment.end)).toBe('Apple and pear, apples.');
  });

  it('filter by source', () => {
    expect(codingRecordsOf(compiled, item, 'auto').map((record) => record.source)).toEqual(['auto', 'auto']);
    expect(codingRecordsOf(compiled, item, 'manual').map((record) => record.code)).toEqual(['a.y']);
    expect(codingRecordsOf(compiled, item, { coder: 'bob' })).toEqual([]);
  });
});
