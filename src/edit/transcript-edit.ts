/**
 * Writing a coder's decisions back into a transcript's text, byte for byte:
 * the edit touches only the span of the one segment's `codes` / `reviewed`
 * (YAML) or its `<!-- codes … -->` / `<!-- reviewed … -->` comments
 * (Markdown), and keeps everything else — comments, quoting, key order, flow
 * or block lists, CRLF line endings, indentation, Markdown layout — as it was
 * (STYLE.md, "Growing the house": git's index, `yq --inplace`).
 *
 * Pure: text in, text out. Every edit is checked by parsing the result again:
 * the transcript must read the same except the edited coder's coding of the
 * edited segment, which must be exactly the intended one; otherwise the edit
 * is refused (the caller writes nothing).
 */
import { pushAll } from '../model/lists.js';
import type { HumanCoding, Segment, Transcript } from '../model/transcript.js';
import { singleCoderName } from '../load/transcript-builder.js';
import { parseTranscript } from '../load/transcript.js';
import { parseYaml } from '../load/yaml-document.js';
import type { YamlMapNode, YamlNode, YamlPairNode, YamlSeqNode } from '../load/yaml-tree.js';

/** One change to one coder's coding of one segment. */
export interface CodingEdit {
  /** 0-based turn index of the segment, e.g. `3`. */
  segment: number;
  /** Coder name, e.g. `alice`. */
  coder: string;
  /** Code ids to add to the coder's codes (codes already there are kept; none is ever removed). */
  add: string[];
  /**
   * The coder's review record after the edit: the code ids decided so far while the review of
   * the segment is in progress, or null when the review is complete (the record is removed and
   * the coder's codes entry is written, empty if need be, so the segment counts as coded).
   */
  reviewed: string[] | null;
}

/** The result of an edit: the new text, or why it was refused (nothing should be written). */
export type EditResult = { text: string } | { error: string };

/** A coder's coding of one segment, as the analyses would read it: codes in order, decided codes (undefined when complete). */
export interface CoderState {
  /** Code ids the coder applied, in file order, e.g. `['food.apple']`. */
  codes: string[];
  /** While the coder's review of the segment is in progress: the code ids decided so far. */
  reviewed?: string[];
}

/** Joins a segment's codings per coder (a coder may have several entries: Markdown comments, a `reviewed` record). */
export function codingsByCoder(human: readonly HumanCoding[]): Map<string, CoderState> {
  const result = new Map<string, CoderState>();
  for (const coding of human) {
    const state = result.get(coding.coder) ?? { codes: [] };
    for (const code of coding.codes) if (!state.codes.includes(code)) state.codes.push(code);
    if (coding.reviewed !== undefined) {
      state.reviewed ??= [];
      for (const code of coding.reviewed) if (!state.reviewed.includes(code)) state.reviewed.push(code);
    }
    result.set(coding.coder, state);
  }
  return result;
}

/** Applies `edit` to a transcript's text (`format` as its extension says); refuses rather than write anything unintended. */
export function editTranscriptCoding(source: string, file: string, format: 'yaml' | 'markdown', edit: CodingEdit): EditResult {
  return editTranscriptCodings(source, file, format, [edit]);
}

/**
 * Applies edits of different segments at once (one parse before, one after: linear in the file,
 * however many segments change). Two edits of one segment are refused.
 */
export function editTranscriptCodings(source: string, file: string, format: 'yaml' | 'markdown', edits: readonly CodingEdit[]): EditResult {
  const before = parseTranscript(source, file, format);
  if (!before.transcript) return { error: `${file} cannot be read as a transcript; fix it first (cocreate validate ${file}).` };
  const seen = new Set<number>();
  for (const edit of edits) {
    if (!before.transcript.segments[edit.segment]) return { error: `${file} has no turn ${edit.segment + 1}.` };
    if (seen.has(edit.segment)) return { error: `${file}, turn ${edit.segment + 1}: two edits of one segment at once.` };
    seen.add(edit.segment);
  }
  let pieces: Splice[] | { error: string };
  let current: CodingEdit | undefined;
  try {
    if (format === 'yaml') {
      const tree = yamlTree(source, file);
      if ('error' in tree) return tree;
      pieces = [];
      for (const edit of edits) pushAll(pieces, yamlSplices(source, tree, (current = edit)));
    } else {
      const context = markdownContext(source, file);
      pieces = [];
      for (const edit of edits) pushAll(pieces, markdownSplices(source, context, before.transcript, (current = edit)));
    }
  } catch (error) {
    if (error instanceof Refusal) return { error: `${file}, turn ${(current?.segment ?? 0) + 1}: ${error.message}` };
    throw error;
  }
  let text: string;
  try {
    text = applySplices(source, pieces);
  } catch (error) {
    if (error instanceof Refusal) return { error: `${file}: ${error.message}` };
    throw error;
  }
  return checkEdits(before.transcript, text, file, format, edits) ?? { text };
}

/** What the coder's state of the segment must be after `edit`, given the state before. */
export function expectedState(previous: CoderState | undefined, edit: CodingEdit): CoderState {
  const codes = [...(previous?.codes ?? [])];
  for (const code of edit.add) if (!codes.includes(code)) codes.push(code);
  if (edit.reviewed === null) return { codes };
  return { codes, reviewed: [...new Set(edit.reviewed)] };
}

/** Parses the edited text and compares it with the original: only the intended codings may differ. */
function checkEdits(original: Transcript, text: string, file: string, format: 'yaml' | 'markdown', edits: readonly CodingEdit[]): { error: string } | undefined {
  const where = edits.length === 1 ? `${file}, turn ${edits[0]!.segment + 1}` : file;
  const refused = (why: string) => ({ error: `${where}: the edit was refused because ${why}; the file was not changed.` });
  const after = parseTranscript(text, file, format);
  if (!after.transcript) return refused('the edited file would not parse');
  const a = original;
  const b = after.transcript;
  if (a.id !== b.id || a.language !== b.language || a.illustrative !== b.illustrative || JSON.stringify(a.attributes) !== JSON.stringify(b.attributes)) return refused('the metadata would change');
  if (a.segments.length !== b.segments.length || a.plainText !== b.plainText) return refused('the turns or their text would change');
  const bySegment = new Map(edits.map((edit) => [edit.segment, edit]));
  for (let i = 0; i < a.segments.length; i++) {
    const x = a.segments[i]!;
    const y = b.segments[i]!;
    if (x.speaker !== y.speaker || x.text !== y.text || x.question !== y.question || x.interviewer !== y.interviewer) return refused(`turn ${i + 1} would change`);
    const before = codingsByCoder(x.human);
    const now = codingsByCoder(y.human);
    const edit = bySegment.get(i);
    if (edit) before.set(edit.coder, expectedState(before.get(edit.coder), edit));
    if (!sameCodings(before, now)) return refused(edit ? `the codes of turn ${i + 1} read back are not the intended ones` : `the codes of turn ${i + 1} would change`);
  }
  return undefined;
}

function sameCodings(a: Map<string, CoderState>, b: Map<string, CoderState>): boolean {
  if (a.size !== b.size) return false;
  for (const [coder, state] of a) {
    const other = b.get(coder);
    if (!other) return false;
    if (!sameSet(state.codes, other.codes)) return false;
    if ((state.reviewed === undefined) !== (other.reviewed === undefined)) return false;
    if (state.reviewed && !sameSet(state.reviewed, other.reviewed!)) return false;
  }
  return true;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const x = new Set(a);
  const y = new Set(b);
  return x.size === y.size && [...x].every((item) => y.has(item));
}

// ---------------------------------------------------------------------------
// Splices: replace [start, end) with text; applied together on the original
// ---------------------------------------------------------------------------

interface Splice {
  start: number;
  end: number;
  text: string;
  /** Among insertions at one offset, lower ranks go first: an entry closing a nested block before a new key of the turn. */
  rank?: number;
}

/** An edit this module will not make (a form it cannot change safely). */
class Refusal extends Error {}

function refuse(message: string): never {
  throw new Refusal(message);
}

/** Applies non-overlapping splices (insertions at one point by rank, then in the order given). */
function applySplices(source: string, splices: readonly Splice[]): string {
  const ordered = splices.map((splice, order) => ({ ...splice, order })).sort((a, b) => a.start - b.start || (a.rank ?? 0) - (b.rank ?? 0) || a.order - b.order);
  let out = '';
  let at = 0;
  for (const splice of ordered) {
    if (splice.start < at) refuse('two changes would overlap');
    out += source.slice(at, splice.start) + splice.text;
    at = splice.end;
  }
  return out + source.slice(at);
}

/** The file's line ending: CRLF when its first line ends so, LF otherwise. */
function lineEndingOf(source: string): string {
  const newline = source.indexOf('\n');
  return newline > 0 && source[newline - 1] === '\r' ? '\r\n' : '\n';
}

function lineStartOf(source: string, offset: number): number {
  return source.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset just past the line holding `offset` (past its line break); the text's length on the last line. */
function afterLineOf(source: string, offset: number): number {
  const newline = source.indexOf('\n', offset);
  return newline === -1 ? source.length : newline + 1;
}

/** Text to insert at the start of a line at `at`: a line break first when the file ends without one there. */
function lineInsert(source: string, at: number, line: string, eol: string, rank = 0): Splice {
  const needsBreak = at === source.length && source.length > 0 && !source.endsWith('\n');
  return { start: at, end: at, text: (needsBreak ? eol : '') + line + (needsBreak ? '' : eol), rank };
}

// ---------------------------------------------------------------------------
// YAML
// ---------------------------------------------------------------------------

const PLAIN_ID = /^[A-Za-z_][A-Za-z0-9_.\-/]*$/;
const YAML_SPECIAL = /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;

/** A code id or coder name as YAML: plain when it reads back as itself, double-quoted otherwise. */
export function yamlWord(word: string): string {
  return PLAIN_ID.test(word) && !YAML_SPECIAL.test(word) ? word : JSON.stringify(word);
}

function flowList(codes: readonly string[]): string {
  return `[${codes.map(yamlWord).join(', ')}]`;
}

function pairNamed(map: YamlMapNode, key: string): YamlPairNode | undefined {
  return map.items.find((pair) => pair.key?.kind === 'scalar' && String(pair.key.value) === key);
}

function isFlow(source: string, node: YamlNode): boolean {
  const first = source[node.range[0]];
  return first === '[' || first === '{';
}

/** Offset just past the last character a node's own text holds (block collections: their last item's). */
function contentEnd(source: string, node: YamlNode): number {
  if ((node.kind === 'map' || node.kind === 'seq') && !isFlow(source, node)) {
    if (node.kind === 'map') {
      const last = node.items[node.items.length - 1];
      if (!last) refuse('an empty block map');
      return contentEnd(source, (last.value && !(last.value.kind === 'scalar' && last.value.value === null && last.value.range[0] === last.value.range[1]) ? last.value : last.key) ?? refuse('a map entry without a key'));
    }
    const last = node.items[node.items.length - 1];
    if (!last) refuse('an empty block list');
    return contentEnd(source, last);
  }
  let end = node.range[1];
  while (end > node.range[0] && (source[end - 1] === '\n' || source[end - 1] === '\r')) end--;
  return end;
}

/** Spaces before a node on its line (its column, 0-based). */
function columnOf(source: string, offset: number): number {
  return offset - lineStartOf(source, offset);
}

/** Whether only spaces (and `- `) stand before `offset` on its line. */
function startsLine(source: string, offset: number): boolean {
  return /^[ -]*$/.test(source.slice(lineStartOf(source, offset), offset));
}

/** What the YAML edits need from one parse of the file: its `turns` list and single-coder name. */
interface YamlContext {
  turns: YamlSeqNode;
  single: string;
}

function yamlTree(source: string, file: string): YamlContext | { error: string } {
  const parsed = parseYaml(source, file);
  if (parsed.value === undefined || !parsed.document) return { error: `${file} cannot be read as YAML.` };
  const root = parsed.document.contents;
  if (root?.kind !== 'map') return { error: `${file}: the file is not a YAML map.` };
  const turns = pairNamed(root, 'turns')?.value;
  if (turns?.kind !== 'seq') return { error: `${file}: the file has no \`turns\` list.` };
  return { turns, single: singleCoderName(parsed.value as Record<string, unknown>) };
}

function yamlSplices(source: string, context: YamlContext, edit: CodingEdit): Splice[] {
  const turn = context.turns.items[edit.segment];
  if (turn?.kind !== 'map' || isFlow(source, turn)) refuse('the turn is not a block map (`- speaker: …` on its own lines)');
  const firstKey = turn.items[0]?.key;
  if (!firstKey) refuse('the turn has no keys');
  const indent = ' '.repeat(columnOf(source, firstKey.range[0]));
  const eol = lineEndingOf(source);
  const single = context.single;
  const turnEnd = afterLineOf(source, contentEnd(source, turn) - 1);
  const splices: Splice[] = [];

  // codes
  const codesPair = pairNamed(turn, 'codes');
  const mustExist = edit.reviewed === null || edit.add.length > 0;
  if (!codesPair) {
    if (mustExist) splices.push(lineInsert(source, turnEnd, `${indent}codes: ${edit.coder === single ? flowList(edit.add) : `{ ${yamlWord(edit.coder)}: ${flowList(edit.add)} }`}`, eol, 1));
  } else {
    const value = codesPair.value;
    const keyNode = codesPair.key!;
    if (!value || (value.kind === 'scalar' && value.value === null)) {
      if (mustExist) splices.push(replaceNullValue(source, keyNode.range[1], value, edit.coder === single ? flowList(edit.add) : `{ ${yamlWord(edit.coder)}: ${flowList(edit.add)} }`));
    } else if (value.kind === 'seq' || value.kind === 'scalar') {
      if (edit.coder === single) pushAll(splices, addToList(source, value, edit.add, eol));
      else if (mustExist) pushAll(splices, listToMap(source, value, single, edit, indent, eol));
    } else if (value.kind === 'map') {
      const entry = pairNamed(value, edit.coder);
      if (entry) {
        const list = entry.value;
        if (!list || (list.kind === 'scalar' && list.value === null)) {
          if (edit.add.length > 0) splices.push(replaceNullValue(source, entry.key!.range[1], list, flowList(edit.add)));
        } else if (list.kind === 'seq' || list.kind === 'scalar') pushAll(splices, addToList(source, list, edit.add, eol));
        else refuse(`the codes of coder ${edit.coder} are not a list`);
      } else if (mustExist) {
        splices.push(addMapEntry(source, value, edit.coder, flowList(edit.add), eol));
      }
    } else refuse('`codes` is neither a list nor a map');
  }

  // reviewed
  const reviewedPair = pairNamed(turn, 'reviewed');
  if (!reviewedPair) {
    if (edit.reviewed !== null) splices.push(lineInsert(source, turnEnd, `${indent}reviewed: { ${yamlWord(edit.coder)}: ${flowList(edit.reviewed)} }`, eol, 1));
  } else {
    const value = reviewedPair.value;
    if (value?.kind !== 'map') refuse('`reviewed` is not a map from coder to codes (cocreate review writes `reviewed: { NAME: [...] }`)');
    const entry = pairNamed(value, edit.coder);
    if (edit.reviewed !== null) {
      if (entry?.value) splices.push({ start: entry.value.range[0], end: contentEnd(source, entry.value), text: flowList(edit.reviewed) });
      else if (entry) splices.push(replaceNullValue(source, entry.key!.range[1], entry.value, flowList(edit.reviewed)));
      else splices.push(addMapEntry(source, value, edit.coder, flowList(edit.reviewed), eol));
    } else if (entry) {
      if (value.items.length === 1) {
        // The record's last entry: the whole `reviewed:` key goes.
        const key = reviewedPair.key!;
        if (!startsLine(source, key.range[0]) || source.slice(lineStartOf(source, key.range[0]), key.range[0]).includes('-')) refuse('`reviewed` does not start its own line');
        splices.push({ start: lineStartOf(source, key.range[0]), end: afterLineOf(source, contentEnd(source, value) - 1), text: '' });
      } else splices.push(removeMapEntry(source, value, entry));
    }
  }
  return splices;
}

/** `key:` with no value (or `~`/`null`): write `text` as the value. */
function replaceNullValue(source: string, keyEnd: number, value: YamlNode | null, text: string): Splice {
  if (value && value.range[1] > value.range[0]) return { start: value.range[0], end: value.range[1], text };
  // `key:` then nothing on the line: the value goes after the colon.
  const colon = source.indexOf(':', keyEnd);
  if (colon === -1) refuse('a key without its colon');
  const lineEnd = source.slice(colon + 1).search(/\r?\n|$/) + colon + 1;
  if (source.slice(colon + 1, lineEnd).trim() !== '') refuse('an empty value followed by a comment');
  return { start: colon + 1, end: colon + 1, text: ` ${text}` };
}

/** Adds codes to a list written as a flow list, a block list or a `a, b` scalar. */
function addToList(source: string, list: YamlSeqNode | YamlNode, add: readonly string[], eol: string): Splice[] {
  if (add.length === 0) return [];
  if (list.kind === 'seq' && isFlow(source, list)) {
    const last = list.items[list.items.length - 1];
    if (last) return [{ start: contentEnd(source, last), end: contentEnd(source, last), text: `, ${add.map(yamlWord).join(', ')}` }];
    return [{ start: list.range[1] - 1, end: list.range[1] - 1, text: add.map(yamlWord).join(', ') }];
  }
  if (list.kind === 'seq') {
    const dashIndent = ' '.repeat(columnOf(source, list.range[0]));
    const at = afterLineOf(source, contentEnd(source, list) - 1);
    return add.map((code) => lineInsert(source, at, `${dashIndent}- ${yamlWord(code)}`, eol));
  }
  if (list.kind === 'scalar' && typeof list.value === 'string') {
    // `codes: a, b` (a lone string): written again as a flow list.
    const codes = list.value.split(/[,\s]+/).filter((code) => code !== '');
    return [{ start: list.range[0], end: contentEnd(source, list), text: flowList([...codes, ...add.filter((code) => !codes.includes(code))]) }];
  }
  refuse('the codes are not a list of code ids');
}

/** The single-coder list becomes the map form: the first coder's list kept as written, the new coder's added. */
function listToMap(source: string, list: YamlNode, single: string, edit: CodingEdit, indent: string, eol: string): Splice[] {
  const entry = `${yamlWord(edit.coder)}: ${flowList(edit.add)}`;
  if (list.kind === 'seq' && !isFlow(source, list)) {
    const start = lineStartOf(source, list.range[0]);
    const end = afterLineOf(source, contentEnd(source, list) - 1);
    const block = source.slice(start, end);
    const moved = block.replace(/^(?=.)/gm, (_match, offset: number) => (block[offset] === '\r' ? '' : '  '));
    return [{ start, end, text: `${indent}  ${yamlWord(single)}:${eol}${moved}${moved.endsWith('\n') ? '' : eol}${indent}  ${entry}${moved.endsWith('\n') ? eol : ''}` }];
  }
  const end = contentEnd(source, list);
  return [{ start: list.range[0], end, text: `{ ${yamlWord(single)}: ${source.slice(list.range[0], end)}, ${entry} }` }];
}

/** A new `key: value` entry at the end of a flow or block map. */
function addMapEntry(source: string, map: YamlMapNode, key: string, value: string, eol: string): Splice {
  if (isFlow(source, map)) {
    const last = map.items[map.items.length - 1];
    if (!last) return { start: map.range[1] - 1, end: map.range[1] - 1, text: ` ${yamlWord(key)}: ${value} ` };
    const end = contentEnd(source, last.value ?? last.key!);
    return { start: end, end, text: `, ${yamlWord(key)}: ${value}` };
  }
  const firstKey = map.items[0]?.key;
  if (!firstKey) refuse('an empty block map');
  const at = afterLineOf(source, contentEnd(source, map) - 1);
  return lineInsert(source, at, `${' '.repeat(columnOf(source, firstKey.range[0]))}${yamlWord(key)}: ${value}`, eol);
}

/** Removes one entry of a map that has others. */
function removeMapEntry(source: string, map: YamlMapNode, entry: YamlPairNode): Splice {
  const index = map.items.indexOf(entry);
  const valueEnd = contentEnd(source, entry.value ?? entry.key!);
  if (isFlow(source, map)) {
    if (index > 0) {
      const previous = map.items[index - 1]!;
      const end = contentEnd(source, previous.value ?? previous.key!);
      return { start: end, end: valueEnd, text: '' };
    }
    const next = map.items[1]!;
    return { start: entry.key!.range[0], end: next.key!.range[0], text: '' };
  }
  if (!startsLine(source, entry.key!.range[0])) refuse('a map entry that does not start its line');
  return { start: lineStartOf(source, entry.key!.range[0]), end: afterLineOf(source, valueEnd - 1), text: '' };
}

// ---------------------------------------------------------------------------
// Markdown
// ---------------------------------------------------------------------------

const COMMENT = /<!--\s*(codes|reviewed)(?:\s+([^:\s][^:]*?))?\s*:([^]*?)-->/g;

interface FoundComment {
  kind: 'codes' | 'reviewed';
  coder: string;
  /** Offsets of the whole comment in the source. */
  start: number;
  end: number;
  /** Offset just past the last code of the list (or past the colon when it is empty). */
  listEnd: number;
}

/** What the Markdown edits need from one pass over the file. */
interface MarkdownContext {
  single: string;
  eol: string;
  starts: number[];
}

function markdownContext(source: string, file: string): MarkdownContext {
  return { single: markdownSingleCoder(source, file), eol: lineEndingOf(source), starts: lineStarts(source) };
}

function markdownSplices(source: string, context: MarkdownContext, transcript: Transcript, edit: CodingEdit): Splice[] {
  const segment = transcript.segments[edit.segment]!;
  const { single, eol, starts } = context;
  const comments = commentsOf(source, starts, segment, single);
  const lastLine = Math.max(segment.endLine, ...segment.human.map((coding) => coding.at.line));
  const after = lastLine < starts.length ? starts[lastLine]! : source.length;
  const splices: Splice[] = [];
  const label = edit.coder === single ? 'codes' : `codes ${edit.coder}`;
  const mustExist = edit.reviewed === null || edit.add.length > 0;
  const codesComment = [...comments].reverse().find((comment) => comment.kind === 'codes' && comment.coder === edit.coder);
  if (codesComment) {
    if (edit.add.length > 0) {
      const empty = source.slice(codesComment.listEnd - 1, codesComment.listEnd) === ':';
      splices.push({ start: codesComment.listEnd, end: codesComment.listEnd, text: `${empty ? ' ' : ', '}${edit.add.join(', ')}` });
    }
  } else if (mustExist) {
    splices.push(lineInsert(source, after, `<!-- ${label}:${edit.add.length > 0 ? ` ${edit.add.join(', ')}` : ''} -->`, eol));
  }
  const reviewed = comments.filter((comment) => comment.kind === 'reviewed' && comment.coder === edit.coder);
  if (edit.reviewed !== null) {
    const text = `<!-- reviewed ${edit.coder}: ${edit.reviewed.join(', ')} -->`;
    if (reviewed.length === 0) splices.push(lineInsert(source, after, text, eol));
    else {
      splices.push({ start: reviewed[0]!.start, end: reviewed[0]!.end, text });
      for (const extra of reviewed.slice(1)) splices.push(removeComment(source, extra));
    }
  } else {
    for (const comment of reviewed) splices.push(removeComment(source, comment));
  }
  return splices;
}

/** A comment goes with its line when it stands alone on it, else only its own text. */
function removeComment(source: string, comment: FoundComment): Splice {
  const lineStart = lineStartOf(source, comment.start);
  const lineEnd = afterLineOf(source, comment.start);
  const rest = source.slice(lineStart, lineEnd).replace(/\r?\n$/, '');
  if (rest.trim() === source.slice(comment.start, comment.end)) return { start: lineStart, end: lineEnd, text: '' };
  return { start: comment.start, end: comment.end, text: '' };
}

function lineStarts(source: string): number[] {
  const starts = [0];
  for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** The codes and reviewed comments the loader attached to the segment (it names their lines). */
function commentsOf(source: string, starts: readonly number[], segment: Segment, single: string): FoundComment[] {
  const lines = [...new Set(segment.human.map((coding) => coding.at.line))].sort((a, b) => a - b);
  const found: FoundComment[] = [];
  for (const line of lines) {
    const start = starts[line - 1]!;
    const end = line < starts.length ? starts[line]! : source.length;
    const text = source.slice(start, end);
    COMMENT.lastIndex = 0;
    for (let match = COMMENT.exec(text); match; match = COMMENT.exec(text)) {
      const list = match[3]!;
      const listStart = match.index + match[0].length - 3 - list.length;
      const trimmed = list.replace(/\s+$/, '');
      found.push({
        kind: match[1] as 'codes' | 'reviewed',
        coder: match[2]?.trim() || single,
        start: start + match.index,
        end: start + match.index + match[0].length,
        listEnd: start + listStart + (trimmed.trim() === '' ? 0 : trimmed.length),
      });
    }
  }
  return found;
}

/** The single-coder name of a Markdown transcript (its front matter's `coder`, or `human`). */
function markdownSingleCoder(source: string, file: string): string {
  const lines = source.split(/\r\n|\n|\r/);
  const close = lines.findIndex((line, index) => index > 0 && (line.trim() === '---' || line.trim() === '...'));
  const parsed = parseYaml(lines.slice(1, close).join('\n'), file, 2);
  const meta = parsed.value && typeof parsed.value === 'object' ? (parsed.value as Record<string, unknown>) : {};
  return singleCoderName(meta);
}
