/**
 * Turns what another QDA tool exported (a parsed REFI-QDA document and its
 * source texts) into cocreate's pieces: a codebook (themes → codes, no rules
 * yet) and transcripts whose segments carry the other tool's codings as
 * human-applied codes. Pure: the CLI reads the files and writes the results.
 *
 * The rules, all documented in docs/interoperability.md:
 * - Codes: a top-level code with children, or not codable (a folder), or
 *   exported by cocreate as a theme, becomes a theme; every code below it,
 *   however deep, becomes one of its codes (deeper levels are flattened, the
 *   path kept in the label: `Parent › Child`). Other top-level codes go to a
 *   theme `codes`. Ids are slugs of the names, unique; cocreate's own `Code id:`
 *   lines win, so a round trip keeps ids.
 * - Positions: the unit is detected per source (code points or UTF-16
 *   units; CRLF counted as stored or as one line break) by choosing the
 *   reading that puts most selection boundaries between words.
 * - Segments: one per paragraph (blank-line separated; one per line when
 *   blank lines are rare, as Word-based tools write). Speaker labels
 *   (`Name: `) start turns when the source's Description is in cocreate's
 *   form (it lists the speakers; other tools such as QualCoder keep it
 *   verbatim, whatever `origin` they write), or when asked.
 * - Codings: a selection's codes go to every segment it overlaps; codings
 *   by the user who stands for cocreate's rules are not human codes and are
 *   left out (issue 15).
 */
import { pushAll } from '../model/lists.js';
import type { z } from 'zod';
import type { codebookSchema } from '../model/codebook.js';
import { createDiagnostic, type Diagnostic } from '../model/diagnostic.js';
import { slugify, uniqueId } from '../model/ids.js';
import {
  DEFAULT_IMPORT_SPEAKER,
  INTERVIEWERS_PREFIX,
  SPEAKERS_PREFIX,
  isRulesUserName,
  parseDescription,
  utf16Index,
  type ImportedSegment,
  type ImportedTranscript,
  type OffsetReading,
  type OffsetUnit,
  type ParagraphMode,
} from '../model/refi-qda.js';

export type { ImportedSegment, ImportedTranscript, OffsetReading, ParagraphMode } from '../model/refi-qda.js';
import { DEFAULT_CODER, LANGUAGES, RESERVED_KEYS, type Language } from '../model/transcript.js';
import { decodeText } from './decode.js';
import { internalFileName, normaliseGuid, type RefiCode, type RefiDocument, type RefiInput, type RefiTextSource } from './refi-qda.js';

/** The codebook YAML shape (what `codebooks/*.yaml` holds). */
export type CodebookDocument = z.input<typeof codebookSchema>;
type ThemeDocument = CodebookDocument['themes'][number];
type CodeDocument = ThemeDocument['codes'][number];

const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Theme that collects top-level codes without children. */
export const LOOSE_CODES_THEME = 'codes';

export interface ImportedCodebook {
  codebook: CodebookDocument;
  /** Normalised GUID → full code id (`theme.code`) for every code that can carry codings. */
  codeIds: Map<string, string>;
  /** Normalised GUID → theme index, for top-level codes that became themes. */
  themeOfGuid: Map<string, number>;
  /** REFI codes read (each became exactly one theme or one code). */
  refiCodes: number;
}

export interface CodebookImportOptions {
  /** Codebook id, e.g. the output file's name. */
  id: string;
  title?: string;
}

/** Builds a cocreate codebook from a REFI-QDA code tree (see the module comment for the rules). */
export function importCodebook(codes: readonly RefiCode[], options: CodebookImportOptions): ImportedCodebook {
  const themes: ThemeDocument[] = [];
  const themeIds = new Set<string>();
  const codeIdsInTheme: Set<string>[] = [];
  const codeIds = new Map<string, string>();
  const themeOfGuid = new Map<string, number>();
  let refiCodes = 0;
  let looseTheme: number | undefined;

  const addCode = (themeIndex: number, code: RefiCode, label: string, preferredId?: string) => {
    refiCodes++;
    const parts = parseDescription(code.description ?? '');
    const marked = parts.codeId?.split('.').pop();
    const base = preferredId ?? (marked && ID_PATTERN.test(marked) ? marked : slugify(code.name, 'code'));
    const id = uniqueId(base, codeIdsInTheme[themeIndex]!);
    const entry: CodeDocument = { id, label };
    const definition = parts.definition ?? parts.text;
    if (definition) entry.definition = definition;
    if (parts.whenToUse) entry.when_to_use = parts.whenToUse;
    if (parts.whenNotToUse) entry.when_not_to_use = parts.whenNotToUse;
    const color = colorOf(code.color);
    if (color) entry.color = color;
    themes[themeIndex]!.codes.push(entry);
    codeIds.set(normaliseGuid(code.guid), `${themes[themeIndex]!.id}.${id}`);
  };
  const addTheme = (id: string, label: string, description?: string, color?: string): number => {
    themes.push({ id: uniqueId(id, themeIds), label, ...(description ? { description } : {}), ...(color ? { color } : {}), codes: [] });
    codeIdsInTheme.push(new Set());
    return themes.length - 1;
  };
  /** A folder (a code with children at the top, or a code that is not codable at any depth) becomes a theme. */
  const addFolder = (folder: RefiCode, id: string, label: string) => {
    refiCodes++;
    const parts = parseDescription(folder.description ?? '');
    const index = addTheme(parts.themeId && ID_PATTERN.test(parts.themeId) ? parts.themeId : id, label, parts.text ?? parts.definition, colorOf(folder.color));
    themeOfGuid.set(normaliseGuid(folder.guid), index);
    addDescendants(index, folder.children, [], label);
  };
  const addDescendants = (themeIndex: number, children: readonly RefiCode[], path: string[], themeLabel: string) => {
    for (const code of children) {
      const labelPath = [...path, code.name];
      if (!code.isCodable) {
        // A sub-folder stays a folder: its own theme, named by its path (`barriers.money` must not become a code).
        addFolder(code, `${themes[themeIndex]!.id}-${slugify(code.name, 'folder')}`, [themeLabel, ...labelPath].join(' › '));
        continue;
      }
      addCode(themeIndex, code, labelPath.join(' › '));
      addDescendants(themeIndex, code.children, labelPath, themeLabel);
    }
  };

  for (const top of codes) {
    const parts = parseDescription(top.description ?? '');
    if (top.children.length > 0 || !top.isCodable || parts.themeId) {
      addFolder(top, slugify(top.name, 'theme'), top.name);
    } else {
      looseTheme ??= addTheme(LOOSE_CODES_THEME, 'Codes', 'Codes that had no parent code in the imported codebook.');
      addCode(looseTheme, top, top.name);
    }
  }
  const codebook: CodebookDocument = { id: options.id, ...(options.title ? { title: options.title } : {}), themes };
  return { codebook, codeIds, themeOfGuid, refiCodes };
}

/** A colour as the REFI-QDA schema writes it (`#RRGGBB` or `#RGB`) → `#RRGGBB` in upper case; anything else → undefined. */
function colorOf(value: string | undefined): string | undefined {
  const match = /^\s*#([0-9a-f]{6}|[0-9a-f]{3})\s*$/i.exec(value ?? '');
  if (!match) return undefined;
  const hex = match[1]!.length === 3 ? [...match[1]!].map((digit) => digit + digit).join('') : match[1]!;
  return `#${hex.toUpperCase()}`;
}

/**
 * For codings applied to a code that became a theme: a code of that theme
 * named like it, created when first needed (`cache` remembers it).
 */
function codeForTheme(imported: ImportedCodebook, themeIndex: number, cache: Map<number, string>): string {
  const cached = cache.get(themeIndex);
  if (cached) return cached;
  const theme = imported.codebook.themes[themeIndex]!;
  const used = new Set(theme.codes.map((code) => code.id));
  const id = uniqueId(slugify(theme.label ?? theme.id, 'general'), used);
  theme.codes.unshift({ id, label: theme.label ?? theme.id, definition: 'Codings applied to the parent code itself in the other tool.' });
  const full = `${theme.id}.${id}`;
  cache.set(themeIndex, full);
  return full;
}

// ---------------------------------------------------------------- positions

interface Reading {
  unit: OffsetUnit;
  lineEndings: 'as-stored' | 'lf';
  /** Position as written → UTF-16 offset in the LF-normalised text, or -1 when out of range. */
  map(position: number): number;
}

/** The four readings, the standard's first (so that ties go to it). */
function readings(stored: string, normalised: string): Reading[] {
  // UTF-16 offset in the stored text → offset in the normalised text (CR of a CRLF removed).
  const storedToNormalised = new Uint32Array(stored.length + 1);
  let removed = 0;
  for (let i = 0; i <= stored.length; i++) {
    storedToNormalised[i] = i - removed;
    if (stored.charCodeAt(i) === 13 && stored.charCodeAt(i + 1) === 10) removed++;
  }
  let storedPoints: Uint32Array | undefined;
  let normalisedPoints: Uint32Array | undefined;
  const inRange = (value: number | undefined, length: number) => (value === undefined || value < 0 || value > length ? -1 : value);
  return [
    {
      unit: 'code-point',
      lineEndings: 'as-stored',
      map: (p) => {
        storedPoints ??= utf16Index(stored);
        const at = p >= 0 && p < storedPoints.length ? storedPoints[p] : undefined;
        return at === undefined ? -1 : storedToNormalised[at]!;
      },
    },
    { unit: 'utf-16', lineEndings: 'as-stored', map: (p) => (p >= 0 && p <= stored.length ? storedToNormalised[p]! : -1) },
    {
      unit: 'code-point',
      lineEndings: 'lf',
      map: (p) => {
        normalisedPoints ??= utf16Index(normalised);
        return inRange(p >= 0 && p < normalisedPoints.length ? normalisedPoints[p] : undefined, normalised.length);
      },
    },
    { unit: 'utf-16', lineEndings: 'lf', map: (p) => inRange(p, normalised.length) },
  ];
}

const WORD_CHAR = /[\p{L}\p{N}\p{M}_]/u;

function codePointBefore(text: string, offset: number): string {
  const low = text.charCodeAt(offset - 1);
  if (offset >= 2 && (low & 0xfc00) === 0xdc00 && (text.charCodeAt(offset - 2) & 0xfc00) === 0xd800) return text.slice(offset - 2, offset);
  return text.charAt(offset - 1);
}

/** A boundary fits when it does not split a word or a surrogate pair. */
function isBoundary(text: string, offset: number): boolean {
  if (offset < 0 || offset > text.length) return false;
  if (offset === 0 || offset === text.length) return true;
  if ((text.charCodeAt(offset) & 0xfc00) === 0xdc00 && (text.charCodeAt(offset - 1) & 0xfc00) === 0xd800) return false;
  const before = codePointBefore(text, offset);
  const after = String.fromCodePoint(text.codePointAt(offset)!);
  return !(WORD_CHAR.test(before) && WORD_CHAR.test(after));
}

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Where segments start and end (UTF-16 offsets in the LF-normalised text), when the text's segments are known before its positions. */
export interface SegmentEdges {
  starts: ReadonlySet<number>;
  ends: ReadonlySet<number>;
}

/**
 * Picks how a source's positions are counted: each reading is scored by
 * how many selection starts and ends fall between words (and how many
 * selection names equal the text they select, counted twice; and, given
 * `edges`, how many fall exactly on a segment's start or end); the best
 * wins, ties going to the standard's code points as stored.
 */
export function detectOffsetUnit(
  stored: string,
  selections: readonly { start: number; end: number; name?: string }[],
  edges?: SegmentEdges,
): OffsetReading & { map(position: number): number } {
  const normalised = stored.replace(/\r\n?/g, '\n');
  let best: (OffsetReading & { map(position: number): number }) | undefined;
  for (const reading of readings(stored, normalised)) {
    let fit = 0;
    let checked = 0;
    for (const selection of selections) {
      const start = reading.map(selection.start);
      const end = reading.map(selection.end);
      checked += 2;
      if (start !== -1 && isBoundary(normalised, start)) fit++;
      if (end !== -1 && isBoundary(normalised, end)) fit++;
      if (edges) {
        checked += 2;
        if (start !== -1 && edges.starts.has(start)) fit++;
        if (end !== -1 && edges.ends.has(end)) fit++;
      }
      if (selection.name && squash(selection.name).length >= 3) {
        checked += 2;
        if (start !== -1 && end !== -1 && squash(normalised.slice(start, end)) === squash(selection.name)) fit += 2;
      }
    }
    if (!best || fit > best.fit) best = { unit: reading.unit, lineEndings: reading.lineEndings, fit, checked, map: reading.map };
  }
  return best!;
}

// ---------------------------------------------------------------- segments


export interface ProjectImportOptions {
  /** Codebook id (e.g. from the output name). */
  codebookId: string;
  /** Language for sources without a `language` variable. */
  language: Language;
  /** Speaker of paragraphs without a label (default `respondent`). */
  speaker?: string;
  /** Paragraph rule; `auto` = blank-line separated for cocreate's exports, else by how often blank lines occur. */
  paragraphs?: ParagraphMode | 'auto';
  /** Read `Name: ` at the start of paragraphs as speaker labels in other tools' texts too. */
  speakerLabels?: boolean;
  /** Mark every coder who coded a source as having reviewed all its segments. */
  markReviewed?: boolean;
}

/** Counts for the summary the CLI prints and the tests check. */
export interface ImportStatistics {
  sources: number;
  sourcesSkipped: number;
  selections: number;
  /** Selections that landed on at least one segment. */
  selectionsPlaced: number;
  /** Selections that overlap more than one segment (their codes went to each). */
  selectionsSpanning: number;
  /** Codings (selection × code) read, and segment codes written after merging duplicates. */
  codings: number;
  segmentCodes: number;
  /** Codings by the user that stands for cocreate's rules: read, not imported as human codes. */
  rulesCodings: number;
}

export interface ImportedProject {
  codebook: ImportedCodebook;
  transcripts: ImportedTranscript[];
  statistics: ImportStatistics;
  diagnostics: Diagnostic[];
}

const LABEL = /^([^\s:*#<][^:*\n]{0,38}?):[ \t]+(?=\S)/;
const RESERVED = new Set<string>(RESERVED_KEYS);

/** True for projects cocreate itself wrote (their texts follow cocreate's plain-text layout). */
export function isCocreateOrigin(document: RefiDocument): boolean {
  return /^cocreate\b/i.test(document.origin ?? '');
}

/** Share of a source's paragraphs that must start with `Name: ` for the import to warn that it did not read them as speakers. */
const LABELLED_SHARE_TO_WARN = 0.25;

interface Paragraph {
  start: number;
  end: number;
}

function splitParagraphs(text: string, mode: ParagraphMode): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  const push = (start: number, end: number) => {
    while (start < end && /\s/.test(text[start]!)) start++;
    while (end > start && /\s/.test(text[end - 1]!)) end--;
    if (end > start) paragraphs.push({ start, end });
  };
  let from = 0;
  for (const match of text.matchAll(mode === 'line' ? /\n/g : /\n[ \t]*\n(?:[ \t]*\n)*/g)) {
    push(from, match.index);
    from = match.index + match[0].length;
  }
  push(from, text.length);
  return paragraphs;
}

/** `auto` for other tools' texts: blank-line paragraphs when blank lines separate at least one in ten lines, else one per line. */
function paragraphModeOf(text: string, cocreate: boolean, option: ProjectImportOptions['paragraphs']): ParagraphMode {
  if (option === 'line' || option === 'blank-line') return option;
  if (cocreate) return 'blank-line';
  const lines = text.split('\n').filter((line) => line.trim() !== '').length;
  const blankRuns = [...text.matchAll(/\n[ \t]*\n/g)].length;
  return blankRuns > 0 && blankRuns * 10 >= lines ? 'blank-line' : 'line';
}

/** A JSON list of names on the Description line starting with `prefix` (cocreate's exports), or undefined. */
function listInDescription(source: RefiTextSource, prefix: string): string[] | undefined {
  const line = source.description?.split('\n').find((item) => item.startsWith(prefix));
  if (!line) return undefined;
  try {
    const list = JSON.parse(line.slice(prefix.length)) as unknown;
    if (Array.isArray(list) && list.every((item) => typeof item === 'string')) return list as string[];
  } catch {
    // not ours after all
  }
  return undefined;
}

/** Labels (`Name: `) at the start of paragraphs, with how many paragraphs each starts. */
function labelCountsOf(text: string, paragraphs: Paragraph[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const paragraph of paragraphs) {
    const label = LABEL.exec(text.slice(paragraph.start, Math.min(paragraph.end, paragraph.start + 60)))?.[1];
    if (label) counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return counts;
}

function buildSegments(text: string, paragraphs: Paragraph[], labels: Set<string>, defaultSpeaker: string): ImportedSegment[] {
  const segments: ImportedSegment[] = [];
  const byLength = [...labels].sort((a, b) => b.length - a.length);
  let current: ImportedSegment | undefined;
  for (const paragraph of paragraphs) {
    const body = text.slice(paragraph.start, paragraph.end);
    const label = byLength.find((name) => body.startsWith(`${name}: `) || body === `${name}:`);
    if (label !== undefined) {
      let start = paragraph.start + label.length + 1;
      while (start < paragraph.end && /[ \t]/.test(text[start]!)) start++;
      current = { speaker: label, paragraphs: [text.slice(start, paragraph.end)], start, end: paragraph.end, human: new Map() };
      segments.push(current);
    } else if (current && labels.size > 0) {
      current.paragraphs.push(body);
      current.end = paragraph.end;
    } else {
      segments.push({ speaker: defaultSpeaker, paragraphs: [body], start: paragraph.start, end: paragraph.end, human: new Map() });
    }
  }
  return segments.filter((segment) => segment.paragraphs.join('').trim() !== '');
}

function edgesOf(segments: readonly ImportedSegment[]): SegmentEdges {
  return { starts: new Set(segments.map((segment) => segment.start)), ends: new Set(segments.map((segment) => segment.end)) };
}

/** Index of the first segment whose end is after `offset` (segments are in text order). */
function firstEndingAfter(segments: readonly ImportedSegment[], offset: number): number {
  let low = 0;
  let high = segments.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (segments[mid]!.end <= offset) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Imports a whole project: the codebook, then each text source with its codings. */
export function importProject(input: RefiInput, file: string, options: ProjectImportOptions): ImportedProject {
  const diagnostics: Diagnostic[] = [];
  const document = input.document!;
  const codebook = importCodebook(document.codes, { id: options.codebookId, title: document.name ? `${document.name} (imported)` : undefined });
  const statistics: ImportStatistics = { sources: 0, sourcesSkipped: 0, selections: 0, selectionsPlaced: 0, selectionsSpanning: 0, codings: 0, segmentCodes: 0, rulesCodings: 0 };
  const cocreate = isCocreateOrigin(document);
  const defaultSpeaker = options.speaker ?? DEFAULT_IMPORT_SPEAKER;

  const coders = new Map<string, string>();
  const coderNames = new Set<string>();
  // Users who stand for cocreate's rules (by name: other tools write their own GUIDs). Their codings are not human codes.
  const rulesUsers = new Map<string, string>();
  for (const user of document.users) {
    const key = normaliseGuid(user.guid);
    if (key && isRulesUserName(user.name)) rulesUsers.set(key, user.name!);
    else if (key && !coders.has(key)) coders.set(key, uniqueId(slugify(user.name ?? user.id ?? `user-${key.slice(0, 8)}`, `user-${key.slice(0, 8)}`), coderNames));
  }
  const rulesCodingsBySource: [string, number][] = [];
  const coderOf = (guid: string | undefined): string => {
    const key = normaliseGuid(guid ?? document.creatingUser);
    if (!key) return DEFAULT_CODER;
    let coder = coders.get(key);
    if (!coder) {
      coder = uniqueId(`user-${key.replace(/-/g, '').slice(0, 8)}`, coderNames);
      coders.set(key, coder);
    }
    return coder;
  };

  const casesOf = new Map<string, RefiDocument['cases']>();
  for (const item of document.cases) for (const guid of item.sourceGuids) casesOf.set(guid, [...(casesOf.get(guid) ?? []), item]);
  pushAll(diagnostics, danglingCaseDiagnostics(document, file));

  const transcriptIds = new Set<string>();
  const unknownCodes = new Map<string, number>();
  const themeCodes = new Map<number, string>();
  const transcripts: ImportedTranscript[] = [];
  for (const source of document.sources) {
    const where = `${file}: source "${source.name}"`;
    const bytes = source.plainTextContent !== undefined ? undefined : input.texts.get(internalFileName(source.plainTextPath) ?? `${normaliseGuid(source.guid)}.txt`);
    let stored: string | undefined = source.plainTextContent;
    if (stored === undefined && bytes) {
      const decoded = decodeText(bytes, where);
      pushAll(diagnostics, decoded.diagnostics.filter((d) => d.ruleId !== 'empty-file'));
      stored = decoded.text;
    }
    if (stored === undefined) {
      statistics.sourcesSkipped++;
      diagnostics.push(
        createDiagnostic('warning', 'missing-source-text', file, `Source "${source.name}" has no plain text in the file (${source.plainTextPath ?? 'no plainTextPath'}); it is skipped.`, {
          hint: 'Export the project as .qdpx with its sources, or put the .txt files in a sources/ folder beside the .qde.',
        }),
      );
      continue;
    }
    statistics.sources++;
    const text = stored.replace(/\r\n?/g, '\n');
    // A Description in cocreate's form lists the speakers: trusted whatever the origin (QualCoder keeps it verbatim and writes its own origin).
    const listedSpeakers = listInDescription(source, SPEAKERS_PREFIX);
    const paragraphMode = paragraphModeOf(text, cocreate || listedSpeakers !== undefined, options.paragraphs);
    const paragraphs = splitParagraphs(text, paragraphMode);
    let labels = new Set<string>(listedSpeakers ?? []);
    if (listedSpeakers === undefined) {
      const counts = labelCountsOf(text, paragraphs);
      // Read as speakers: labels that start two paragraphs or more (so that a title such as "Koronavírus: …" is not one).
      const repeated = [...counts].filter(([, n]) => n >= 2);
      const labelled = [...counts.values()].reduce((sum, n) => sum + n, 0);
      if (options.speakerLabels || cocreate) {
        labels = new Set(repeated.map(([label]) => label));
        if (labels.size === 0 && paragraphs.length > 1) {
          diagnostics.push(
            createDiagnostic('warning', 'speakers-unknown', file, `Source "${source.name}": no speaker label (\`Name: \`) starts two paragraphs or more, so every paragraph is given to speaker "${defaultSpeaker}".`, {
              hint: 'Check the text, or name the speaker with --speaker.',
            }),
          );
        }
      } else if ((repeated.length > 0 || counts.size >= 2) && labelled >= LABELLED_SHARE_TO_WARN * paragraphs.length) {
        // A name that starts several paragraphs, or several names: these look like speakers.
        const names = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([name]) => `"${name}:"`);
        diagnostics.push(
          createDiagnostic(
            'warning',
            'speakers-unknown',
            file,
            `Source "${source.name}": ${labelled} of ${paragraphs.length} paragraphs start with what looks like a speaker label (${names.join(', ')}${counts.size > 3 ? ', …' : ''}), but the source does not say who speaks, so every paragraph is given to speaker "${defaultSpeaker}".`,
            { hint: 'Import again with --speaker-labels to read `Name: ` at the start of paragraphs as the speaker.' },
          ),
        );
      }
    }
    const segments = buildSegments(text, paragraphs, labels, defaultSpeaker);
    // In cocreate's form every selection is one segment: selections that fall exactly on segment edges tell the unit apart
    // where word boundaries alone cannot (e.g. CRLF texts with positions counted in the LF text, and few selections).
    const reading = detectOffsetUnit(stored, source.selections, listedSpeakers === undefined ? undefined : edgesOf(segments));
    if (source.selections.length > 0 && (reading.unit !== 'code-point' || reading.lineEndings !== 'as-stored')) {
      diagnostics.push(
        createDiagnostic('info', 'offset-unit', file, `Source "${source.name}": positions read as ${reading.unit === 'utf-16' ? 'UTF-16 units' : 'code points'}${reading.lineEndings === 'lf' ? ' with CRLF as one character' : ''}, not the standard's code points (${reading.fit} of ${reading.checked} checks fit).`),
      );
    }
    if (reading.checked > 0 && reading.fit * 2 < reading.checked) {
      diagnostics.push(createDiagnostic('warning', 'offsets-uncertain', file, `Source "${source.name}": only ${reading.fit} of ${reading.checked} selection boundaries fall between words; coded positions may be off.`));
    }

    const sourceCoders = new Set<string>();
    let outside = 0;
    let rulesCodings = 0;
    for (const selection of source.selections) {
      statistics.selections++;
      let start = reading.map(selection.start);
      let end = reading.map(selection.end);
      if (start === -1 || end === -1) {
        outside++;
        continue;
      }
      if (end < start) [start, end] = [end, start];
      const hit: ImportedSegment[] = [];
      for (let k = firstEndingAfter(segments, start); k < segments.length && segments[k]!.start < end; k++) hit.push(segments[k]!);
      if (hit.length === 0) {
        outside++;
        continue;
      }
      statistics.selectionsPlaced++;
      if (hit.length > 1) statistics.selectionsSpanning++;
      for (const coding of selection.codings) {
        statistics.codings++;
        const key = normaliseGuid(coding.codeGuid);
        let codeId = codebook.codeIds.get(key);
        if (codeId === undefined) {
          const theme = codebook.themeOfGuid.get(key);
          if (theme !== undefined) {
            codeId = codeForTheme(codebook, theme, themeCodes);
            codebook.codeIds.set(key, codeId);
          }
        }
        if (codeId === undefined) {
          unknownCodes.set(key, (unknownCodes.get(key) ?? 0) + 1);
          continue;
        }
        if (rulesUsers.has(normaliseGuid(coding.user ?? document.creatingUser))) {
          rulesCodings++;
          continue;
        }
        const coder = coderOf(coding.user);
        sourceCoders.add(coder);
        for (const segment of hit) {
          const list = segment.human.get(coder) ?? [];
          if (!list.includes(codeId)) list.push(codeId);
          segment.human.set(coder, list);
        }
      }
    }
    if (outside > 0) {
      diagnostics.push(
        createDiagnostic('warning', 'selection-outside-text', file, `Source "${source.name}": ${outside} selection(s) fall outside the text or between paragraphs only; their codings are not imported.`),
      );
    }
    if (rulesCodings > 0) {
      statistics.rulesCodings += rulesCodings;
      rulesCodingsBySource.push([source.name, rulesCodings]);
    }
    if (source.wholeSourceCodings > 0) {
      diagnostics.push(createDiagnostic('warning', 'source-coding', file, `Source "${source.name}": ${source.wholeSourceCodings} coding(s) of the whole source (not of a passage) are not imported.`));
    }
    if (options.markReviewed) {
      for (const segment of segments) for (const coder of sourceCoders) if (!segment.human.has(coder)) segment.human.set(coder, []);
    }
    for (const segment of segments) for (const codes of segment.human.values()) statistics.segmentCodes += codes.length;

    const { language, illustrative, attributes } = frontMatterOf(source, casesOf.get(normaliseGuid(source.guid)) ?? [], options.language, where, diagnostics);
    // Ids keep a source's name when it is already a safe file name (a round trip keeps `sgad-01`), minus a document extension.
    const name = source.name.replace(/\.(txt|docx?|rtf|odt|pdf|md)$/i, '');
    const base = /^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/.test(name) ? name : slugify(name, 'source');
    transcripts.push({
      id: uniqueId(base, transcriptIds),
      language,
      illustrative,
      attributes,
      interviewers: listInDescription(source, INTERVIEWERS_PREFIX),
      sourceName: source.name,
      segments,
      reading: { unit: reading.unit, lineEndings: reading.lineEndings, fit: reading.fit, checked: reading.checked },
      paragraphMode,
    });
  }
  if (statistics.rulesCodings > 0) {
    const names = [...new Set(rulesUsers.values())].map((name) => `"${name}"`).join(', ');
    diagnostics.push(
      createDiagnostic(
        'info',
        'rules-codings',
        file,
        `${statistics.rulesCodings} coding(s) by ${names} (cocreate's rules, not a person) are not imported as human codes (${rulesCodingsBySource.map(([name, n]) => `${name}: ${n}`).join(', ')}).`,
        { hint: 'Code the imported transcripts with the codebook that has the rules (cocreate code --codebook FILE) to get them again.' },
      ),
    );
  }
  for (const [guid, n] of unknownCodes) {
    diagnostics.push(createDiagnostic('warning', 'unknown-code-ref', file, `${n} coding(s) refer to code ${guid}, which is not in the codebook; they are skipped.`));
  }
  // Human codes in codebook order, so the written comments are stable.
  const order = new Map<string, number>();
  codebook.codebook.themes.forEach((theme) => theme.codes.forEach((code) => order.set(`${theme.id}.${code.id}`, order.size)));
  for (const transcript of transcripts) {
    for (const segment of transcript.segments) for (const codes of segment.human.values()) codes.sort((a, b) => order.get(a)! - order.get(b)!);
  }
  const ignored = Object.entries(document.ignored);
  if (ignored.length > 0) {
    diagnostics.push(createDiagnostic('warning', 'not-imported', file, `Not imported: ${ignored.map(([name, n]) => `${n} ${name}`).join(', ')}.`));
  }
  return { codebook, transcripts, statistics, diagnostics };
}

/**
 * A warning for each case with a SourceRef that points at no source in the
 * project (QualCoder 4.0 writes such references), naming the case; its
 * variables still go to the sources its other references name.
 */
function danglingCaseDiagnostics(document: RefiDocument, file: string): Diagnostic[] {
  const known = new Set([...document.sources.map((source) => normaliseGuid(source.guid)), ...(document.otherSourceGuids ?? [])]);
  const diagnostics: Diagnostic[] = [];
  document.cases.forEach((item, index) => {
    const dangling = item.sourceGuids.filter((guid) => !known.has(guid));
    if (dangling.length === 0) return;
    const name = item.name ? `"${item.name}"` : `number ${index + 1} (no name)`;
    const resolved = item.sourceGuids.length - dangling.length;
    const values = item.values.length === 0 ? 'It has no variables.' : resolved > 0 ? `Its ${item.values.length} variable(s) were applied to the ${resolved} source(s) it does name.` : `Its ${item.values.length} variable(s) (${item.values.map((value) => value.variable).join(', ')}) are applied to no transcript.`;
    diagnostics.push(
      createDiagnostic('warning', 'case-source-missing', file, `Case ${name}: ${dangling.length} of ${item.sourceGuids.length} source reference(s) point at no source in the project (${dangling.slice(0, 3).join(', ')}${dangling.length > 3 ? ', …' : ''}). ${values}`),
    );
  });
  return diagnostics;
}

/** Language, illustrative flag and attributes from the case and source variables (source values win over case values). */
function frontMatterOf(
  source: RefiTextSource,
  cases: RefiDocument['cases'],
  fallback: Language,
  where: string,
  diagnostics: Diagnostic[],
): { language: Language; illustrative?: boolean; attributes: [string, string][] } {
  const values = new Map<string, string>();
  const caseNames = cases.map((item) => item.name).filter((name): name is string => !!name);
  if (caseNames.length > 0) values.set('case', caseNames.join('; '));
  for (const item of cases) for (const value of item.values) values.set(value.variable, value.value);
  for (const value of source.values) values.set(value.variable, value.value);

  let language = fallback;
  let illustrative: boolean | undefined;
  const attributes: [string, string][] = [];
  for (const [name, value] of values) {
    if (name === 'language' && (LANGUAGES as readonly string[]).includes(value.toLowerCase())) {
      language = value.toLowerCase() as Language;
    } else if (name === 'illustrative' && (value === 'true' || value === 'false' || value === '1' || value === '0')) {
      illustrative = value === 'true' || value === '1';
    } else if (RESERVED.has(name)) {
      attributes.push([`qda-${name}`, value]);
      diagnostics.push(createDiagnostic('info', 'renamed-variable', where, `Variable "${name}" is a reserved transcript key; it is kept as attribute "qda-${name}".`));
    } else {
      attributes.push([name, value]);
    }
  }
  return { language, illustrative, attributes };
}
