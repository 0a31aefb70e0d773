/**
 * REFI-QDA export: a codebook as a `.qdc` file, and a whole project (the
 * codebook, each transcript's plain text, every automatic and human coding)
 * as a `.qdpx` archive, as NVivo, ATLAS.ti, MAXQDA and QualCoder exchange
 * them. Export is strict so that the files pass the official schemas
 * (Codebook.xsd, Project.xsd 1.0): exact namespaces, elements in schema
 * order, UTF-8 without BOM, LF, positions in Unicode code points.
 *
 * Output is deterministic: GUIDs are UUID v5-style hashes of cocreate ids
 * (a code keeps its GUID across exports), no timestamps are written, and
 * zip entries carry a fixed date, so the same inputs give identical bytes.
 *
 * Granularity: one PlainTextSelection per coded segment × code × coder
 * (the automatic coder included), spanning the segment's text without the
 * speaker label. That is cocreate's unit of counting, so the other tool's
 * reference counts equal cocreate's segment counts; the words that made a
 * rule match are listed in the selection's Description.
 *
 * Users: the human coders first (QualCoder makes the first user the one
 * who codes), the rules last as `cocreate rules`. Colours: each theme a
 * hue, its codes shades of it, unless the codebook sets `color:` (issue 15).
 */
import { ownValue } from '../model/records.js';
import { createHash } from 'node:crypto';
import { zipSync } from 'fflate';
import type { CodingRecord } from '../analyze/codings.js';
import type { Codebook, Code, Theme } from '../model/codebook.js';
import { AUTO_CODER_NAME, CODEBOOK_NAMESPACE, PROJECT_NAMESPACE, INTERVIEWERS_PREFIX, SPEAKERS_PREFIX, codePointIndex, formatDescription, type OffsetUnit } from '../model/refi-qda.js';
import type { Transcript } from '../model/transcript.js';

/** Fixed namespace of cocreate's name-based GUIDs (any change would change every exported GUID). */
const GUID_NAMESPACE = Buffer.from('f348ab97603545f7a41a77a763161f40', 'hex');

/** Date stored in every zip entry: a fixed local time, so the archive's bytes do not depend on the clock or time zone. */
const ZIP_DATE = new Date(2000, 0, 1, 12, 0, 0);

/**
 * A stable GUID for a name (UUID version 5 layout over SHA-1 with
 * cocreate's namespace), e.g. `refiGuid('code:success.quick-wins')`.
 * Lower-case, dashed: the form the schemas' GUIDType accepts.
 */
export function refiGuid(name: string): string {
  const hash = createHash('sha1').update(GUID_NAMESPACE).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** GUID names, so that export and tests derive the same GUIDs. */
export const guidOf = {
  theme: (themeId: string) => refiGuid(`theme:${themeId}`),
  code: (codeId: string) => refiGuid(`code:${codeId}`),
  user: (coder: string) => refiGuid(coder === 'auto' ? 'user:auto' : `user:coder:${coder}`),
  source: (transcriptId: string) => refiGuid(`source:${transcriptId}`),
  variable: (name: string) => refiGuid(`variable:${name}`),
  selection: (transcriptId: string, segment: number, codeId: string, coder: string) => refiGuid(`selection:${transcriptId}:${segment}:${codeId}:${coder}`),
  coding: (transcriptId: string, segment: number, codeId: string, coder: string) => refiGuid(`coding:${transcriptId}:${segment}:${codeId}:${coder}`),
};

// ---------------------------------------------------------------- XML

interface XmlElement {
  name: string;
  attributes?: Record<string, string | number | boolean | undefined>;
  children?: XmlElement[];
  /** Text content (elements with text have no child elements here). */
  text?: string;
}

/** Characters XML 1.0 cannot carry at all (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF) become U+FFFD. */
function xmlSafe(value: string): string {
  return value.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

function escapeText(value: string): string {
  return xmlSafe(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

/** Attribute values keep tabs and line breaks as character references (a literal one would be normalised to a space). */
function escapeAttribute(value: string): string {
  return xmlSafe(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

function serialize(element: XmlElement, depth: number, out: string[]): void {
  const indent = '  '.repeat(depth);
  let open = `${indent}<${element.name}`;
  for (const [name, value] of Object.entries(element.attributes ?? {})) {
    if (value === undefined) continue;
    open += ` ${name}="${escapeAttribute(String(value))}"`;
  }
  if (element.text !== undefined) {
    out.push(`${open}>${escapeText(element.text)}</${element.name}>`);
  } else if (element.children && element.children.length > 0) {
    out.push(`${open}>`);
    for (const child of element.children) serialize(child, depth + 1, out);
    out.push(`${indent}</${element.name}>`);
  } else {
    out.push(`${open}/>`);
  }
}

function xmlDocument(root: XmlElement): string {
  const out = ['<?xml version="1.0" encoding="utf-8"?>'];
  serialize(root, 0, out);
  return `${out.join('\n')}\n`;
}

// ---------------------------------------------------------------- codebook

function codeDescription(code: Code): string {
  return formatDescription({ definition: code.definition, whenToUse: code.whenToUse, whenNotToUse: code.whenNotToUse, codeId: code.id });
}

function themeDescription(theme: Theme): string {
  return formatDescription({ text: theme.description, themeId: theme.id });
}

// ---------------------------------------------------------------- colours

/** The golden angle in degrees: consecutive themes get hues far apart, however many themes there are. */
const HUE_STEP = 137.508;

function hexOf(red: number, green: number, blue: number): string {
  return `#${[red, green, blue].map((value) => Math.round(Math.min(255, Math.max(0, value))).toString(16).padStart(2, '0')).join('').toUpperCase()}`;
}

/** `hue` in degrees, `saturation` and `lightness` in 0…1 → `#RRGGBB`. */
function hslToHex(hue: number, saturation: number, lightness: number): string {
  const a = saturation * Math.min(lightness, 1 - lightness);
  const channel = (n: number) => {
    const k = (n + hue / 30) % 12;
    return (lightness - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))) * 255;
  };
  return hexOf(channel(0), channel(8), channel(4));
}

/** `#RRGGBB` → hue (degrees) and saturation (0…1). */
function hueOf(hex: string): { hue: number; saturation: number } {
  const [red, green, blue] = [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16) / 255) as [number, number, number];
  const max = Math.max(red, green, blue);
  const min = Math.min(red, green, blue);
  const delta = max - min;
  const lightness = (max + min) / 2;
  if (delta === 0) return { hue: 0, saturation: 0 };
  const saturation = delta / (1 - Math.abs(2 * lightness - 1));
  const hue = max === red ? ((green - blue) / delta) % 6 : max === green ? (blue - red) / delta + 2 : (red - green) / delta + 4;
  return { hue: (hue * 60 + 360) % 360, saturation };
}

/**
 * The colour of every theme (keyed by theme id) and code (keyed by full
 * code id), `#RRGGBB`. Theme number t (from 0) has hue t × 137.5°, or the
 * hue of its `color:`; the theme is that hue at 45% lightness, its codes
 * shades of it from dark (30%) to light (70%) in codebook order. A code's
 * own `color:` wins. Deterministic: the same codebook gives the same
 * colours in every export.
 */
export function codebookColors(codebook: Codebook): Map<string, string> {
  const colors = new Map<string, string>();
  codebook.themes.forEach((theme, t) => {
    const { hue, saturation } = theme.color ? hueOf(theme.color) : { hue: (t * HUE_STEP) % 360, saturation: 0.6 };
    colors.set(theme.id, theme.color?.toUpperCase() ?? hslToHex(hue, saturation, 0.45));
    const n = theme.codes.length;
    theme.codes.forEach((code, c) => {
      colors.set(code.id, code.color?.toUpperCase() ?? hslToHex(hue, saturation, n === 1 ? 0.5 : 0.3 + (0.4 * c) / (n - 1)));
    });
  });
  return colors;
}

/** Themes as parent codes (not codable: cocreate applies codes, not themes), codes as their codable children. */
function codesElement(codebook: Codebook): XmlElement {
  const colors = codebookColors(codebook);
  return {
    name: 'Codes',
    children: codebook.themes.map(
      (theme): XmlElement => ({
        name: 'Code',
        attributes: { guid: guidOf.theme(theme.id), name: theme.label, isCodable: false, color: colors.get(theme.id) },
        children: [
          { name: 'Description', text: themeDescription(theme) },
          ...theme.codes.map(
            (code): XmlElement => ({
              name: 'Code',
              attributes: { guid: guidOf.code(code.id), name: code.label, isCodable: true, color: colors.get(code.id) },
              children: [{ name: 'Description', text: codeDescription(code) }],
            }),
          ),
        ],
      }),
    ),
  };
}

export interface QdcOptions {
  /** `origin` attribute, e.g. `cocreate 0.1.0`. */
  origin: string;
}

/** The codebook as a REFI-QDA `.qdc` document (Codebook.xsd). A codebook needs at least one theme to be valid. */
export function renderQdc(codebook: Codebook, options: QdcOptions): string {
  return xmlDocument({
    name: 'CodeBook',
    attributes: { xmlns: CODEBOOK_NAMESPACE, origin: options.origin },
    children: [codesElement(codebook)],
  });
}

// ---------------------------------------------------------------- project

export interface QdpxInput {
  codebook: Codebook;
  /** Transcripts to include, in the order they are written (every one becomes a TextSource). */
  transcripts: readonly Transcript[];
  /** Coding records (from `codingRecordsOf`): `source` is `auto` or a coder's name; offsets are the segment's. */
  codings: readonly CodingRecord[];
  /** Project name (required by the schema), e.g. the codebook's title. */
  name: string;
  /** `origin` attribute, e.g. `cocreate 0.1.0`. */
  origin: string;
  /** How selection positions are counted: `code-point` (default, the standard) or `utf-16` (for NVivo). */
  offsets?: OffsetUnit;
}

/** A written project: the `.qde` XML and the plain text of each source, keyed by its path inside the archive. */
export interface RenderedProject {
  qde: string;
  /** `sources/<guid>.txt` → the transcript's plain text. */
  sources: Map<string, string>;
}

/** Builds project.qde and the source texts (pure; `renderQdpx` zips them). */
export function renderProject(input: QdpxInput): RenderedProject {
  // Human coders first, by name; the rules (`auto`) last.
  const coders = [...new Set(input.codings.map((record) => record.source))].sort((a, b) => (a === 'auto' ? 1 : b === 'auto' ? -1 : a < b ? -1 : a > b ? 1 : 0));
  const users: XmlElement[] = coders.map((coder) => ({ name: 'User', attributes: { guid: guidOf.user(coder), name: coder === 'auto' ? AUTO_CODER_NAME : coder } }));

  const attributeNames = [...new Set(input.transcripts.flatMap((transcript) => Object.keys(transcript.attributes)))].sort();
  const variables: XmlElement[] = [
    { name: 'Variable', attributes: { guid: guidOf.variable('language'), name: 'language', typeOfVariable: 'Text' } },
    { name: 'Variable', attributes: { guid: guidOf.variable('illustrative'), name: 'illustrative', typeOfVariable: 'Boolean' } },
    ...attributeNames.map((name): XmlElement => ({ name: 'Variable', attributes: { guid: guidOf.variable(name), name, typeOfVariable: 'Text' } })),
  ];

  const codingsByTranscript = new Map<string, CodingRecord[]>();
  for (const record of input.codings) {
    const list = codingsByTranscript.get(record.interview) ?? [];
    list.push(record);
    codingsByTranscript.set(record.interview, list);
  }
  const codeOrder = new Map(input.codebook.themes.flatMap((theme) => theme.codes).map((code, index) => [code.id, index]));
  const coderOrder = new Map(coders.map((coder, index) => [coder, index]));

  const sources = new Map<string, string>();
  const textSources = input.transcripts.map((transcript): XmlElement => {
    const guid = guidOf.source(transcript.id);
    sources.set(`sources/${guid}.txt`, transcript.plainText);
    const toPosition = input.offsets === 'utf-16' ? undefined : codePointIndex(transcript.plainText);
    const records = [...(codingsByTranscript.get(transcript.id) ?? [])].sort(
      (a, b) => a.segment - b.segment || (codeOrder.get(a.code) ?? 0) - (codeOrder.get(b.code) ?? 0) || (coderOrder.get(a.source) ?? 0) - (coderOrder.get(b.source) ?? 0),
    );
    const selections = records.map((record): XmlElement => {
      const user = guidOf.user(record.source);
      const children: XmlElement[] = [];
      if (record.source === 'auto' && record.terms.length > 0) children.push({ name: 'Description', text: `Matched: ${record.terms.join(', ')}` });
      children.push({
        name: 'Coding',
        attributes: { guid: guidOf.coding(transcript.id, record.segment, record.code, record.source), creatingUser: user },
        children: [{ name: 'CodeRef', attributes: { targetGUID: guidOf.code(record.code) } }],
      });
      return {
        name: 'PlainTextSelection',
        attributes: {
          guid: guidOf.selection(transcript.id, record.segment, record.code, record.source),
          startPosition: toPosition ? toPosition[record.start] : record.start,
          endPosition: toPosition ? toPosition[record.end] : record.end,
          creatingUser: user,
        },
        children,
      };
    });
    const values: XmlElement[] = [
      variableValue('language', 'TextValue', transcript.language),
      variableValue('illustrative', 'BooleanValue', String(transcript.illustrative)),
      ...attributeNames.filter((name) => ownValue(transcript.attributes, name) !== undefined).map((name) => variableValue(name, 'TextValue', ownValue(transcript.attributes, name)!)),
    ];
    return {
      name: 'TextSource',
      attributes: { guid, name: transcript.id, plainTextPath: `internal://${guid}.txt` },
      children: [{ name: 'Description', text: sourceDescription(transcript) }, ...selections, ...values],
    };
  });

  const children: XmlElement[] = [];
  if (users.length > 0) children.push({ name: 'Users', children: users });
  if (input.codebook.themes.length > 0) children.push({ name: 'CodeBook', children: [codesElement(input.codebook)] });
  children.push({ name: 'Variables', children: variables });
  if (textSources.length > 0) children.push({ name: 'Sources', children: textSources });
  const qde = xmlDocument({ name: 'Project', attributes: { xmlns: PROJECT_NAMESPACE, name: input.name, origin: input.origin }, children });
  return { qde, sources };
}

function variableValue(variable: string, type: 'TextValue' | 'BooleanValue', value: string): XmlElement {
  return { name: 'VariableValue', children: [{ name: 'VariableRef', attributes: { targetGUID: guidOf.variable(variable) } }, { name: type, text: value }] };
}

/** Tells the importer which `Name: ` paragraph starts are turns, and which speakers are interviewers (JSON lists, so any name survives). */
function sourceDescription(transcript: Transcript): string {
  const speakers = [...new Set(transcript.segments.map((segment) => segment.speaker))];
  const interviewers = [...new Set(transcript.segments.filter((segment) => segment.interviewer).map((segment) => segment.speaker))];
  return [
    `cocreate transcript ${transcript.id} (${transcript.file}). Each turn starts with its speaker's name; turns are separated by a blank line.`,
    `${SPEAKERS_PREFIX}${JSON.stringify(speakers)}`,
    `${INTERVIEWERS_PREFIX}${JSON.stringify(interviewers)}`,
  ].join('\n');
}

/** The project as a `.qdpx` archive: `project.qde` first, then `sources/<guid>.txt` (UTF-8, no BOM, LF). */
export function renderQdpx(input: QdpxInput): Uint8Array {
  const { qde, sources } = renderProject(input);
  const encoder = new TextEncoder();
  const entries: Record<string, Uint8Array> = { 'project.qde': encoder.encode(qde) };
  for (const [path, text] of sources) entries[path] = encoder.encode(text);
  return zipSync(entries, { level: 6, mtime: ZIP_DATE });
}
