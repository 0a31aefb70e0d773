/**
 * Byte-preserving writeback of a coder's decisions (src/edit/transcript-edit.ts):
 * hand-written cases for each form of `codes`, then fast-check properties over
 * generated YAML and Markdown transcripts — after a random edit the file reads
 * back as the original except the edited coder's coding of the edited segment,
 * and every byte outside that turn's lines is unchanged.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { growthRatio } from '../helpers/timing.js';
import { codingsByCoder, editTranscriptCoding, editTranscriptCodings, type CodingEdit } from '../../src/edit/transcript-edit.js';
import { parseTranscript } from '../../src/load/transcript.js';

function edited(source: string, format: 'yaml' | 'markdown', edit: CodingEdit): string {
  const result = editTranscriptCoding(source, format === 'yaml' ? 't.yaml' : 't.md', format, edit);
  if ('error' in result) throw new Error(result.error);
  return result.text;
}

const YAML = `id: t1 # the id
language: en
turns:
  - speaker: interviewer
    text: Hello?
  - speaker: respondent
    text: |
      We do things.
    codes: [a.b, 'c.d']   # keep
  - speaker: respondent
    text: "More things"
    codes:
      - a.b
  - speaker: respondent
    text: Last
    codes:
      alice: [a.b]
      bob: []
`;

describe('YAML writeback, by hand', () => {
  it('adds to the single-coder flow list, keeping its quoting and comment', () => {
    const out = edited(YAML, 'yaml', { segment: 1, coder: 'human', add: ['x.y'], reviewed: null });
    expect(out).toBe(YAML.replace("codes: [a.b, 'c.d']   # keep", "codes: [a.b, 'c.d', x.y]   # keep"));
  });

  it('converts the list form to the map form for a second coder, the first coder\'s list kept as written', () => {
    const out = edited(YAML, 'yaml', { segment: 1, coder: 'alice', add: ['x.y'], reviewed: null });
    expect(out).toBe(YAML.replace("codes: [a.b, 'c.d']   # keep", "codes: { human: [a.b, 'c.d'], alice: [x.y] }   # keep"));
    const out2 = edited(YAML, 'yaml', { segment: 2, coder: 'alice', add: ['x.y'], reviewed: null });
    expect(out2).toBe(YAML.replace('    codes:\n      - a.b\n', '    codes:\n      human:\n        - a.b\n      alice: [x.y]\n'));
  });

  it('adds a line to a block list, and a coder to a block map', () => {
    expect(edited(YAML, 'yaml', { segment: 2, coder: 'human', add: ['x.y'], reviewed: null })).toBe(YAML.replace('      - a.b\n', '      - a.b\n      - x.y\n'));
    expect(edited(YAML, 'yaml', { segment: 3, coder: 'carol', add: [], reviewed: null })).toBe(YAML.replace('      bob: []\n', '      bob: []\n      carol: []\n'));
    expect(edited(YAML, 'yaml', { segment: 3, coder: 'bob', add: ['x.y'], reviewed: null })).toBe(YAML.replace('bob: []', 'bob: [x.y]'));
  });

  it('writes a review in progress as `reviewed`, and removes it when the review is complete', () => {
    const partial = edited(YAML, 'yaml', { segment: 0, coder: 'alice', add: [], reviewed: ['a.b'] });
    expect(partial).toBe(YAML.replace('    text: Hello?\n', '    text: Hello?\n    reviewed: { alice: [a.b] }\n'));
    const more = edited(partial, 'yaml', { segment: 0, coder: 'alice', add: ['c.d'], reviewed: ['a.b', 'c.d'] });
    expect(more).toBe(YAML.replace('    text: Hello?\n', '    text: Hello?\n    reviewed: { alice: [a.b, c.d] }\n    codes: { alice: [c.d] }\n'));
    const done = edited(more, 'yaml', { segment: 0, coder: 'alice', add: [], reviewed: null });
    expect(done).toBe(YAML.replace('    text: Hello?\n', '    text: Hello?\n    codes: { alice: [c.d] }\n'));
    const transcript = parseTranscript(more, 't.yaml', 'yaml').transcript!;
    expect(codingsByCoder(transcript.segments[0]!.human).get('alice')).toEqual({ codes: ['c.d'], reviewed: ['a.b', 'c.d'] });
  });

  it('keeps CRLF line endings and a file without a final line break', () => {
    const crlf = YAML.replace(/\n/g, '\r\n').replace(/\r\n$/, '');
    const out = edited(crlf, 'yaml', { segment: 3, coder: 'dan', add: ['x.y'], reviewed: ['x.y'] });
    expect(out).toBe(`${crlf}\r\n      dan: [x.y]\r\n    reviewed: { dan: [x.y] }`);
  });

  it('refuses a turn written as a flow map, changing nothing', () => {
    const flow = 'id: t\nlanguage: en\nturns:\n  - { speaker: r, text: hi }\n';
    const result = editTranscriptCoding(flow, 't.yaml', 'yaml', { segment: 0, coder: 'alice', add: ['a.b'], reviewed: null });
    expect(result).toEqual({ error: expect.stringContaining('not a block map') });
  });
});

const MD = `---
id: m
language: en
---

## Project

**Interviewer:** Hi?

**Respondent:** Text here.
<!-- codes: a.b -->

**Respondent:** More

second para
`;

describe('Markdown writeback, by hand', () => {
  it('extends the coder\'s comment, or adds one under the turn', () => {
    expect(edited(MD, 'markdown', { segment: 1, coder: 'human', add: ['x.y'], reviewed: null })).toBe(MD.replace('<!-- codes: a.b -->', '<!-- codes: a.b, x.y -->'));
    expect(edited(MD, 'markdown', { segment: 1, coder: 'alice', add: ['x.y'], reviewed: null })).toBe(MD.replace('<!-- codes: a.b -->\n', '<!-- codes: a.b -->\n<!-- codes alice: x.y -->\n'));
    expect(edited(MD, 'markdown', { segment: 2, coder: 'alice', add: [], reviewed: null })).toBe(`${MD}<!-- codes alice: -->\n`);
  });

  it('extends a codes comment written at the end of a text line, and keeps a comment that shares its line', () => {
    const inline = MD.replace('**Respondent:** More', '**Respondent:** More <!-- codes alice: a.b -->');
    expect(edited(inline, 'markdown', { segment: 2, coder: 'alice', add: ['c.d'], reviewed: null })).toBe(inline.replace('<!-- codes alice: a.b -->', '<!-- codes alice: a.b, c.d -->'));
    const shared = MD.replace('<!-- codes: a.b -->', '<!-- codes: a.b --> <!-- reviewed bob: c.d -->');
    expect(edited(shared, 'markdown', { segment: 1, coder: 'bob', add: [], reviewed: null })).toBe(MD.replace('<!-- codes: a.b -->', '<!-- codes: a.b --> \n<!-- codes bob: -->'));
  });

  it('writes and removes the review record', () => {
    const partial = edited(MD, 'markdown', { segment: 2, coder: 'alice', add: ['x.y'], reviewed: ['x.y', 'a.b'] });
    expect(partial).toBe(`${MD}<!-- codes alice: x.y -->\n<!-- reviewed alice: x.y, a.b -->\n`);
    expect(edited(partial, 'markdown', { segment: 2, coder: 'alice', add: [], reviewed: null })).toBe(`${MD}<!-- codes alice: x.y -->\n`);
  });
});

// ---------------------------------------------------------------------------
// Generated transcripts
// ---------------------------------------------------------------------------

const CODES = ['a.b', 'c.d', 'e.f-g'];
const CODERS = ['human', 'alice', 'bob'];
const codeSet = fc.subarray(CODES);
const word = fc.constantFrom('we', 'the', 'unit', 'platform', 'citizens', 'Cl@ve', 'año', 'did', 'it', 'quickly');
const textWords = fc.array(word, { minLength: 1, maxLength: 6 }).map((words) => words.join(' '));

interface GenTurn {
  speaker: string;
  text: string;
  /** Codes per coder (human: the single-coder form when `list`). */
  codes: { coder: string; codes: string[] }[];
  codesForm: 'none' | 'flow-list' | 'block-list' | 'flow-map' | 'block-map';
  reviewed: { coder: string; codes: string[] }[];
  textForm: 'plain' | 'double' | 'single' | 'block';
  comment: boolean;
}

const turnArb: fc.Arbitrary<GenTurn> = fc
  .record({
    speaker: fc.constantFrom('interviewer', 'respondent', 'Ana'),
    text: textWords,
    list: codeSet,
    map: fc.array(fc.record({ coder: fc.constantFrom(...CODERS), codes: codeSet }), { maxLength: 3 }),
    codesForm: fc.constantFrom('none', 'flow-list', 'block-list', 'flow-map', 'block-map'),
    reviewed: fc.array(fc.record({ coder: fc.constantFrom(...CODERS), codes: codeSet }), { maxLength: 2 }),
    textForm: fc.constantFrom('plain', 'double', 'single', 'block'),
    comment: fc.boolean(),
  })
  .map((raw) => {
    const unique = <T extends { coder: string }>(list: T[]) => list.filter((item, index) => list.findIndex((other) => other.coder === item.coder) === index);
    let codesForm = raw.codesForm as GenTurn['codesForm'];
    const map = unique(raw.map);
    if ((codesForm === 'flow-map' || codesForm === 'block-map') && map.length === 0) codesForm = 'none';
    if (codesForm === 'block-list' && raw.list.length === 0) codesForm = 'flow-list';
    const codes = codesForm === 'none' ? [] : codesForm.endsWith('list') ? [{ coder: 'human', codes: raw.list }] : map;
    return { speaker: raw.speaker, text: raw.text, codes, codesForm, reviewed: unique(raw.reviewed), textForm: raw.textForm as GenTurn['textForm'], comment: raw.comment };
  });

interface GenFile {
  text: string;
  /** [start, end) of each turn's lines in `text`. */
  spans: [number, number][];
}

/** `anchored` puts a YAML anchor in the header, which sends the file to the full `yaml` parser (its node ranges differ from the fast reader's). */
function yamlFile(turns: GenTurn[], eol: string, indent: string, finalBreak: boolean, anchored = false): GenFile {
  let text = `id: gen # generated${eol}language: en${eol}unit: ${anchored ? '&u ' : ''}'Unit: one'${eol}turns:${eol}`;
  const spans: [number, number][] = [];
  const i = `${indent}  `;
  for (const turn of turns) {
    const start = text.length;
    const lines: string[] = [`${indent}- speaker: ${turn.speaker}`];
    if (turn.textForm === 'plain') lines.push(`${i}text: ${turn.text}`);
    else if (turn.textForm === 'double') lines.push(`${i}text: "${turn.text}"`);
    else if (turn.textForm === 'single') lines.push(`${i}text: '${turn.text}'`);
    else lines.push(`${i}text: |`, `${i}  ${turn.text}`);
    const flow = (codes: string[]) => `[${codes.map((code, k) => (k % 2 === 1 ? `'${code}'` : code)).join(', ')}]`;
    const tail = turn.comment ? '  # coded by hand' : '';
    if (turn.codesForm === 'flow-list') lines.push(`${i}codes: ${flow(turn.codes[0]!.codes)}${tail}`);
    else if (turn.codesForm === 'block-list') lines.push(`${i}codes:${tail}`, ...turn.codes[0]!.codes.map((code) => `${i}  - ${code}`));
    else if (turn.codesForm === 'flow-map') lines.push(`${i}codes: { ${turn.codes.map((entry) => `${entry.coder}: ${flow(entry.codes)}`).join(', ')} }${tail}`);
    else if (turn.codesForm === 'block-map') lines.push(`${i}codes:`, ...turn.codes.map((entry) => `${i}  ${entry.coder}: ${flow(entry.codes)}${tail}`));
    if (turn.reviewed.length > 0) lines.push(`${i}reviewed:`, ...turn.reviewed.map((entry) => `${i}  ${entry.coder}: ${flow(entry.codes)}`));
    text += lines.join(eol) + eol;
    if (turn.comment) text += `${i}# a note between turns${eol}`;
    spans.push([start, text.length]);
  }
  if (!finalBreak) {
    text = text.slice(0, text.length - eol.length);
    spans[spans.length - 1]![1] = text.length;
  }
  return { text, spans };
}

function markdownFile(turns: GenTurn[], eol: string, finalBreak: boolean): GenFile {
  let text = `---${eol}id: gen${eol}language: en${eol}---${eol}${eol}## Project${eol}${eol}`;
  const spans: [number, number][] = [];
  for (const turn of turns) {
    const start = text.length;
    const lines = [`**${turn.speaker}:** ${turn.text}`];
    if (turn.comment) lines.push('', 'A second paragraph.');
    for (const entry of turn.codes) lines.push(entry.coder === 'human' && turn.comment ? `<!-- codes: ${entry.codes.join(', ')} -->` : `<!-- codes ${entry.coder}: ${entry.codes.join(', ')} -->`);
    for (const entry of turn.reviewed) lines.push(`<!-- reviewed ${entry.coder}: ${entry.codes.join(', ')} -->`);
    text += lines.join(eol) + eol;
    spans.push([start, text.length]);
    text += eol;
  }
  if (!finalBreak) text = text.slice(0, text.length - 2 * eol.length);
  spans[spans.length - 1]![1] = Math.min(spans[spans.length - 1]![1], text.length);
  return { text, spans };
}

const editArb = (turns: number) =>
  fc.record({
    segment: fc.integer({ min: 0, max: turns - 1 }),
    coder: fc.constantFrom(...CODERS, 'dan'),
    add: codeSet,
    reviewed: fc.option(codeSet, { nil: null }),
  });

/** What the test expects of the edited coder, computed here from the generated turn (not from the module). */
function expectedCoder(turn: GenTurn, edit: CodingEdit): { codes: string[]; reviewed?: string[] } {
  const codes = new Set(turn.codes.filter((entry) => entry.coder === edit.coder).flatMap((entry) => entry.codes));
  for (const code of edit.add) codes.add(code);
  if (edit.reviewed === null) return { codes: [...codes].sort() };
  return { codes: [...codes].sort(), reviewed: [...new Set(edit.reviewed)].sort() };
}

function readCodings(text: string, format: 'yaml' | 'markdown') {
  const transcript = parseTranscript(text, format === 'yaml' ? 't.yaml' : 't.md', format).transcript;
  expect(transcript).toBeDefined();
  return {
    transcript: transcript!,
    codings: transcript!.segments.map((segment) => {
      const map = codingsByCoder(segment.human);
      return Object.fromEntries([...map].sort(([a], [b]) => (a < b ? -1 : 1)).map(([coder, state]) => [coder, { codes: [...state.codes].sort(), ...(state.reviewed ? { reviewed: [...state.reviewed].sort() } : {}) }]));
    }),
  };
}

function checkProperty(file: GenFile, turns: GenTurn[], format: 'yaml' | 'markdown', edit: CodingEdit): void {
  const before = readCodings(file.text, format);
  const out = edited(file.text, format, edit);
  const after = readCodings(out, format);
  expect(after.transcript.plainText).toBe(before.transcript.plainText);
  expect(after.transcript.attributes).toEqual(before.transcript.attributes);
  const wanted = before.codings.map((codings) => ({ ...codings }));
  wanted[edit.segment]![edit.coder] = expectedCoder(turns[edit.segment]!, edit);
  expect(after.codings).toEqual(wanted);
  // Bytes outside the edited turn's lines are identical: the text before the turn starts the new
  // file, the text after it ends it, and the new file is no shorter than the two together.
  const [start, end] = file.spans[edit.segment]!;
  expect(out.slice(0, start)).toBe(file.text.slice(0, start));
  expect(out.slice(out.length - (file.text.length - end))).toBe(file.text.slice(end));
  expect(out.length).toBeGreaterThanOrEqual(start + file.text.length - end);
}

describe('writeback properties', () => {
  it('YAML: only the edited coding changes, only inside the edited turn', () => {
    fc.assert(
      fc.property(
        fc.array(turnArb, { minLength: 1, maxLength: 5 }).chain((turns) => fc.tuple(fc.constant(turns), editArb(turns.length), fc.constantFrom('\n', '\r\n'), fc.constantFrom('', '  '), fc.boolean(), fc.boolean())),
        ([turns, edit, eol, indent, finalBreak, anchored]) => checkProperty(yamlFile(turns, eol, indent, finalBreak, anchored), turns, 'yaml', edit),
      ),
      { numRuns: Number(process.env.EDIT_RUNS ?? 600) },
    );
  });

  it('Markdown: only the edited coding changes, only inside the edited turn', () => {
    fc.assert(
      fc.property(
        fc.array(turnArb, { minLength: 1, maxLength: 5 }).chain((turns) => fc.tuple(fc.constant(turns), editArb(turns.length), fc.constantFrom('\n', '\r\n'), fc.boolean())),
        ([turns, edit, eol, finalBreak]) => checkProperty(markdownFile(turns, eol, finalBreak), turns, 'markdown', edit),
      ),
      { numRuns: Number(process.env.EDIT_RUNS ?? 600) },
    );
  });

  it('a sequence of edits gives the same file as applying the final state at once (review of one segment)', () => {
    fc.assert(
      fc.property(fc.array(turnArb, { minLength: 1, maxLength: 3 }), fc.constantFrom('yaml', 'markdown') as fc.Arbitrary<'yaml' | 'markdown'>, fc.subarray(CODES, { minLength: 1 }), fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }), (turns, format, proposals, answers) => {
        let text = format === 'yaml' ? yamlFile(turns, '\n', '  ', true).text : markdownFile(turns, '\n', true).text;
        const decided: string[] = [];
        const accepted: string[] = [];
        proposals.forEach((code, k) => {
          decided.push(code);
          if (answers[k]) accepted.push(code);
          const last = k === proposals.length - 1;
          text = edited(text, format, { segment: 0, coder: 'dan', add: answers[k] ? [code] : [], reviewed: last ? null : [...decided] });
        });
        const state = codingsByCoder(parseTranscript(text, 't', format).transcript!.segments[0]!.human).get('dan');
        expect(state).toEqual({ codes: accepted });
      }),
      { numRuns: 300 },
    );
  });

  it('edits of several segments at once give the same bytes as one after another', () => {
    fc.assert(
      fc.property(
        fc.array(turnArb, { minLength: 1, maxLength: 6 }).chain((turns) =>
          fc.tuple(fc.constant(turns), fc.uniqueArray(editArb(turns.length), { selector: (edit) => edit.segment, minLength: 1, maxLength: turns.length }), fc.constantFrom('yaml', 'markdown') as fc.Arbitrary<'yaml' | 'markdown'>, fc.constantFrom('\n', '\r\n')),
        ),
        ([turns, edits, format, eol]) => {
          const source = format === 'yaml' ? yamlFile(turns, eol, '  ', true).text : markdownFile(turns, eol, true).text;
          let sequential = source;
          for (const edit of edits) sequential = edited(sequential, format, edit);
          const together = editTranscriptCodings(source, 't', format, edits);
          expect(together).toEqual({ text: sequential });
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('writeback stays linear in the file', () => {
  /** A YAML transcript of `turns` turns, every one with codes in the map form. */
  const big = (turns: number) => `id: big\nlanguage: en\nturns:\n${Array.from({ length: turns }, (_, i) => `  - speaker: respondent\n    text: Turn ${i} about the shared platform and the citizens.\n    codes: { alice: [a.b] }\n`).join('')}`;
  /** The file of `turns` turns and an edit of every segment. */
  const input = (turns: number) => ({
    source: big(turns),
    edits: Array.from({ length: turns }, (_, segment): CodingEdit => ({ segment, coder: 'carol', add: ['c.d'], reviewed: null })),
  });
  const edit = ({ source, edits }: ReturnType<typeof input>) => editTranscriptCodings(source, 'big.yaml', 'yaml', edits);

  it('editing every segment of a file twice as long takes about twice as long', () => {
    const small = input(4000);
    const large = input(8000);
    expect('text' in edit(small) && 'text' in edit(large)).toBe(true);
    expect(growthRatio(small, large, edit, 5)).toBeLessThan(3.5);
  });
});
