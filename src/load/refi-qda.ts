/**
 * Reading REFI-QDA files from other tools: `.qdc` codebooks, `.qde`
 * projects and `.qdpx` archives. Lenient on purpose, because real exports
 * differ from the standard and from each other: any namespace version
 * (`urn:QDA-XML:codebook:0:4`, `:1.0`) or prefix, a `.qde` with any name,
 * `sources/` or `Sources/`, source texts with a BOM and CRLF, Windows-1252
 * texts, empty `<Sets/>` (Taguette). What cannot be read becomes a
 * diagnostic; the rest is kept.
 *
 * Parsing is pure (`parseRefiXml`, `readRefiArchive` take bytes); only
 * `readRefiFile` touches the file system.
 */
import { pushAll } from '../model/lists.js';
import { emptyRecord } from '../model/records.js';
import { basename, dirname, join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { unzipSync } from 'fflate';
import { createDiagnostic, type Diagnostic } from '../model/diagnostic.js';

import { decodeText, MAX_TEXT_BYTES } from './decode.js';
import { MAX_REFI_BYTES, MAX_TRANSCRIPT_BYTES, readCheckedFile } from './read-file.js';

/** A code as the other tool wrote it, with its children. */
export interface RefiCode {
  guid: string;
  name: string;
  isCodable: boolean;
  description?: string;
  color?: string;
  children: RefiCode[];
}

export interface RefiUser {
  guid: string;
  /** Display name, e.g. `Gergo`; may be absent (then `id` or the GUID names the user). */
  name?: string;
  id?: string;
}

/** One value of a variable (attribute) for a source or case; every type is kept as text. */
export interface RefiVariableValue {
  variable: string;
  value: string;
}

/** One coding of a plain-text selection. */
export interface RefiCoding {
  codeGuid: string;
  /** GUID of the user who applied the code (the Coding's, else the selection's). */
  user?: string;
}

export interface RefiSelection {
  guid: string;
  name?: string;
  /** Positions as written; the unit is detected later (see `detectOffsetUnit` in refi-import.ts). */
  start: number;
  end: number;
  codings: RefiCoding[];
}

export interface RefiTextSource {
  guid: string;
  name: string;
  description?: string;
  /** `internal://…` path of the plain text in the archive, if given. */
  plainTextPath?: string;
  /** The text when it is written inline (PlainTextContent). */
  plainTextContent?: string;
  selections: RefiSelection[];
  /** Codings of the whole source rather than a passage (not imported; reported). */
  wholeSourceCodings: number;
  values: RefiVariableValue[];
}

export interface RefiCase {
  name?: string;
  values: RefiVariableValue[];
  sourceGuids: string[];
}

/** What a `.qdc` or `.qde` holds, as far as cocreate uses it, plus counts of what it does not use. */
export interface RefiDocument {
  kind: 'codebook' | 'project';
  /** The root's namespace as written, e.g. `urn:QDA-XML:project:1.0`. */
  namespace?: string;
  /** `origin` attribute, e.g. `NVivo for Windows 12.6`. */
  origin?: string;
  /** Project name (projects only). */
  name?: string;
  /** GUID of the project's creating user, the fallback coder. */
  creatingUser?: string;
  codes: RefiCode[];
  users: RefiUser[];
  /** Variable GUID → name. */
  variables: Map<string, string>;
  sources: RefiTextSource[];
  /** Normalised GUIDs of the sources that are not text (PDF, picture, audio, video), so that a case naming one is not taken for a dangling reference. */
  otherSourceGuids?: string[];
  cases: RefiCase[];
  /** Things present but not imported, by element name (e.g. `Set`: 2, `PDFSource`: 1, `Note`: 3). */
  ignored: Record<string, number>;
}

export interface ParsedRefiDocument {
  document?: RefiDocument;
  diagnostics: Diagnostic[];
}

const KNOWN_NAMESPACES = /^urn:QDA-XML:(codebook|project):/i;

const ARRAY_ELEMENTS = new Set([
  'Code',
  'User',
  'Variable',
  'Case',
  'VariableValue',
  'SourceRef',
  'TextSource',
  'PictureSource',
  'PDFSource',
  'AudioSource',
  'VideoSource',
  'PlainTextSelection',
  'Coding',
  'Set',
  'Note',
  'Link',
  'Graph',
]);

type XmlNode = Record<string, unknown>;

function parser(): XMLParser {
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    removeNSPrefix: true,
    trimValues: false,
    parseAttributeValue: false,
    parseTagValue: false,
    htmlEntities: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
    isArray: (name) => ARRAY_ELEMENTS.has(name),
  });
}

function asArray(value: unknown): XmlNode[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).filter((item): item is XmlNode => typeof item === 'object' && item !== null);
}

function child(node: XmlNode | undefined, name: string): XmlNode | undefined {
  const value = node?.[name];
  if (Array.isArray(value)) return value[0] as XmlNode | undefined;
  if (typeof value === 'object' && value !== null) return value as XmlNode;
  return undefined;
}

/** Text content of an element that holds only text (`<Description>…</Description>` or `<Description/>`). */
function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return textOf(value[0]);
  if (typeof value === 'object' && value !== null) {
    const text = (value as XmlNode)['#text'];
    return typeof text === 'string' ? text : text === undefined ? '' : String(text);
  }
  return undefined;
}

function attribute(node: XmlNode | undefined, name: string): string | undefined {
  const value = node?.[name];
  return typeof value === 'string' ? value : undefined;
}

/** GUIDs compare case-insensitively and with or without braces (`{ABC…}` = `abc…`). */
export function normaliseGuid(guid: string | undefined): string {
  return (guid ?? '').trim().replace(/^\{|\}$/g, '').toLowerCase();
}

/** Parses a `.qdc` or `.qde` document. `file` names it in diagnostics. Never throws. */
/**
 * An `xml-syntax` error with line and column when `xml` is not well-formed
 * XML (fast-xml-parser's validator, one linear pass): cut short (elements
 * left open), a mismatched or unclosed tag, a second root element, text
 * after the root. Undefined when it is well-formed.
 */
export function wellFormednessError(xml: string, file: string): Diagnostic | undefined {
  const result = XMLValidator.validate(xml, { allowBooleanAttributes: true });
  if (result === true) return outsideRootError(xml, file);
  const { msg, line, col } = result.err;
  const open = /^Invalid '\[(.*)\]' found\.$/s.exec(msg);
  if (open) {
    const names = [...open[1]!.matchAll(/"([^"]*)"/g)].map((match) => `<${match[1]}>`);
    const lines = xml.split('\n');
    return createDiagnostic('error', 'xml-syntax', file, `The XML ends with ${names.join(', ')} still open: the file looks cut short, so nothing of it was imported.`, {
      line: lines.length,
      column: lines[lines.length - 1]!.length + 1,
      hint: 'Export the project again from the tool that made it.',
    });
  }
  return createDiagnostic('error', 'xml-syntax', file, `The XML is not well-formed: ${msg.replace(/\s+/g, ' ')} Nothing of it was imported.`, {
    line,
    column: col,
    hint: 'Export the project again from the tool that made it.',
  });
}

/**
 * What the validator lets through: a second root element that closes itself
 * (`<Project/>` after the project) or text after one. One pass over the
 * markup, skipping comments, CDATA, processing instructions and DOCTYPE.
 */
function outsideRootError(xml: string, file: string): Diagnostic | undefined {
  let depth = 0;
  let roots = 0;
  let i = 0;
  const at = (offset: number, message: string): Diagnostic => {
    const before = xml.slice(0, offset);
    const line = before.split('\n').length;
    return createDiagnostic('error', 'xml-syntax', file, `The XML is not well-formed: ${message} Nothing of it was imported.`, {
      line,
      column: offset - before.lastIndexOf('\n'),
      hint: 'Export the project again from the tool that made it.',
    });
  };
  while (i < xml.length) {
    const open = xml.indexOf('<', i);
    const text = xml.slice(i, open === -1 ? xml.length : open);
    if (depth === 0 && roots > 0 && text.trim() !== '') return at(i + text.search(/\S/), 'there is text after the root element.');
    if (open === -1) break;
    let end: number;
    if (xml.startsWith('<!--', open)) end = xml.indexOf('-->', open + 4) + 3;
    else if (xml.startsWith('<![CDATA[', open)) end = xml.indexOf(']]>', open + 9) + 3;
    else if (xml.startsWith('<?', open)) end = xml.indexOf('?>', open + 2) + 2;
    else if (xml.startsWith('<!', open)) {
      const subset = xml.indexOf('[', open);
      const close = xml.indexOf('>', open);
      end = (subset !== -1 && subset < close ? xml.indexOf('>', xml.indexOf(']', subset)) : close) + 1;
    } else {
      // A tag: its end is the first `>` outside quoted attribute values.
      let j = open + 1;
      let quote = '';
      for (; j < xml.length; j++) {
        const c = xml[j]!;
        if (quote) {
          if (c === quote) quote = '';
        } else if (c === '"' || c === "'") quote = c;
        else if (c === '>') break;
      }
      end = j + 1;
      if (xml[open + 1] === '/') depth--;
      else {
        if (depth === 0 && ++roots > 1) return at(open, 'a second root element follows the first.');
        if (xml[j - 1] !== '/') depth++;
      }
    }
    if (end <= open) break; // unterminated markup: the validator has judged it
    i = end;
  }
  return undefined;
}

export function parseRefiXml(xml: string, file: string): ParsedRefiDocument {
  const diagnostics: Diagnostic[] = [];
  let root: XmlNode;
  // Well-formed first, or nothing: a truncated or broken file must not import in part (issue 16, item 11).
  const malformed = wellFormednessError(xml.replace(/^\uFEFF/, ''), file);
  if (malformed) return { diagnostics: [malformed] };
  try {
    root = parser().parse(xml.replace(/^\uFEFF/, '')) as XmlNode;
  } catch (error) {
    diagnostics.push(createDiagnostic('error', 'xml-syntax', file, `The XML cannot be read: ${(error as Error).message.split('\n')[0]}`));
    return { diagnostics };
  }
  const codebookRoot = child(root, 'CodeBook');
  const projectRoot = child(root, 'Project');
  const top = projectRoot ?? codebookRoot;
  if (!top) {
    const found = Object.keys(root).filter((key) => !key.startsWith('?') && !key.startsWith('#'));
    diagnostics.push(
      createDiagnostic('error', 'not-refi-qda', file, `This is not a REFI-QDA codebook or project: the root element is ${found[0] ? `<${found[0]}>` : 'missing'}, not <CodeBook> or <Project>.`),
    );
    return { diagnostics };
  }
  const kind = projectRoot ? 'project' : 'codebook';
  const namespace = Object.entries(top).find(([key]) => key === 'xmlns')?.[1] as string | undefined;
  if (namespace !== undefined && !KNOWN_NAMESPACES.test(namespace)) {
    diagnostics.push(createDiagnostic('warning', 'unknown-namespace', file, `Unexpected namespace "${namespace}"; read as REFI-QDA ${kind} anyway.`));
  }
  const ignored = emptyRecord<number>();
  const count = (name: string, n: number) => {
    if (n > 0) ignored[name] = (ignored[name] ?? 0) + n;
  };

  const codesParent = kind === 'project' ? child(child(top, 'CodeBook'), 'Codes') : child(top, 'Codes');
  const readCode = (node: XmlNode): RefiCode | undefined => {
    const guid = attribute(node, 'guid');
    const name = attribute(node, 'name');
    if (!guid || name === undefined) {
      diagnostics.push(createDiagnostic('warning', 'code-without-guid', file, `A code without ${guid ? 'a name' : 'a guid'} is skipped${name ? ` ("${name}")` : ''}.`));
      return undefined;
    }
    const codable = attribute(node, 'isCodable');
    count('NoteRef', asArray(node.NoteRef).length);
    return {
      guid,
      name,
      isCodable: codable === undefined ? true : codable === 'true' || codable === '1',
      description: emptyToUndefined(textOf(node.Description)),
      color: attribute(node, 'color'),
      children: asArray(node.Code).map(readCode).filter((code): code is RefiCode => code !== undefined),
    };
  };
  const codes = asArray(codesParent?.Code).map(readCode).filter((code): code is RefiCode => code !== undefined);

  count('Set', asArray(child(top, 'Sets')?.Set).length);
  if (kind === 'codebook') {
    return { document: { kind, namespace, origin: attribute(top, 'origin'), codes, users: [], variables: new Map(), sources: [], cases: [], ignored }, diagnostics };
  }

  const users = asArray(child(top, 'Users')?.User).map((node) => ({ guid: attribute(node, 'guid') ?? '', name: attribute(node, 'name'), id: attribute(node, 'id') }));
  const variables = new Map<string, string>();
  for (const node of asArray(child(top, 'Variables')?.Variable)) {
    const guid = attribute(node, 'guid');
    const name = attribute(node, 'name');
    if (guid && name) variables.set(normaliseGuid(guid), name);
  }
  const readValues = (owner: XmlNode): RefiVariableValue[] => {
    const values: RefiVariableValue[] = [];
    for (const node of asArray(owner.VariableValue)) {
      const ref = normaliseGuid(attribute(child(node, 'VariableRef'), 'targetGUID'));
      const variable = variables.get(ref);
      const typed = ['TextValue', 'BooleanValue', 'IntegerValue', 'FloatValue', 'DateValue', 'DateTimeValue'].map((type) => textOf(node[type])).find((value) => value !== undefined);
      if (variable === undefined) {
        diagnostics.push(createDiagnostic('warning', 'unknown-variable', file, `A variable value refers to an unknown variable ${ref || '(none)'}; it is skipped.`));
        continue;
      }
      if (typed !== undefined) values.push({ variable, value: typed });
    }
    return values;
  };

  const cases: RefiCase[] = asArray(child(top, 'Cases')?.Case).map((node) => {
    count('CodeRef (case)', asArray(node.CodeRef).length);
    return {
      name: attribute(node, 'name'),
      values: readValues(node),
      sourceGuids: asArray(node.SourceRef).map((ref) => normaliseGuid(attribute(ref, 'targetGUID'))),
    };
  });

  const sourcesNode = child(top, 'Sources');
  const otherSourceGuids: string[] = [];
  for (const type of ['PictureSource', 'PDFSource', 'AudioSource', 'VideoSource']) {
    const nodes = asArray(sourcesNode?.[type]);
    count(type, nodes.length);
    for (const node of nodes) otherSourceGuids.push(normaliseGuid(attribute(node, 'guid')));
  }
  const sources: RefiTextSource[] = [];
  for (const node of asArray(sourcesNode?.TextSource)) {
    const guid = attribute(node, 'guid');
    if (!guid) {
      diagnostics.push(createDiagnostic('warning', 'source-without-guid', file, `A text source without a guid is skipped (${attribute(node, 'name') ?? 'unnamed'}).`));
      continue;
    }
    const selections: RefiSelection[] = [];
    for (const selection of asArray(node.PlainTextSelection)) {
      const start = Number(attribute(selection, 'startPosition'));
      const end = Number(attribute(selection, 'endPosition'));
      const selectionUser = attribute(selection, 'creatingUser');
      const codings = asArray(selection.Coding)
        .map((coding) => ({ codeGuid: attribute(child(coding, 'CodeRef'), 'targetGUID') ?? '', user: attribute(coding, 'creatingUser') ?? selectionUser }))
        .filter((coding) => coding.codeGuid !== '');
      count('NoteRef', asArray(selection.NoteRef).length);
      if (codings.length === 0) continue; // a memo on a passage, not a coding
      if (!Number.isInteger(start) || !Number.isInteger(end)) {
        diagnostics.push(createDiagnostic('warning', 'bad-selection', file, `Selection ${attribute(selection, 'guid') ?? ''} has no valid start/end position; skipped.`));
        continue;
      }
      selections.push({ guid: attribute(selection, 'guid') ?? '', name: emptyToUndefined(attribute(selection, 'name')), start, end, codings });
    }
    count('NoteRef', asArray(node.NoteRef).length);
    sources.push({
      guid,
      name: attribute(node, 'name') ?? guid,
      description: emptyToUndefined(textOf(node.Description)),
      plainTextPath: attribute(node, 'plainTextPath'),
      plainTextContent: textOf(node.PlainTextContent),
      selections,
      wholeSourceCodings: asArray(node.Coding).length,
      values: readValues(node),
    });
  }
  count('Note', asArray(child(top, 'Notes')?.Note).length);
  count('Link', asArray(child(top, 'Links')?.Link).length);
  count('Graph', asArray(child(top, 'Graphs')?.Graph).length);

  return {
    document: {
      kind,
      namespace,
      origin: attribute(top, 'origin'),
      name: attribute(top, 'name'),
      creatingUser: attribute(top, 'creatingUserGUID'),
      codes,
      users,
      variables,
      sources,
      otherSourceGuids,
      cases,
      ignored,
    },
    diagnostics,
  };
}

function emptyToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** A REFI-QDA file read from disk or an archive: the document and the bytes of its source texts. */
export interface RefiInput {
  document?: RefiDocument;
  /** Source texts found, by file name in lower case (e.g. `5b1e…01.txt`), as raw bytes. */
  texts: Map<string, Uint8Array>;
  /** Name of the `.qde`/`.qdc` entry that was read, e.g. `project.qde`. */
  entry?: string;
  diagnostics: Diagnostic[];
}

/** Largest total of uncompressed entries read from an archive (a zip bomb becomes a diagnostic). */
export const MAX_ARCHIVE_BYTES = 1024 * 1024 * 1024;

/** True for zip bytes (`PK\x03\x04`). */
export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/**
 * Reads a `.qdpx` archive: the `.qde` (`project.qde`, or the only `*.qde`
 * however it is named) and the plain-text sources, wherever they sit
 * (`sources/`, `Sources/`). Rich text, PDFs and media are not extracted.
 */
export function readRefiArchive(bytes: Uint8Array, file: string): RefiInput {
  const diagnostics: Diagnostic[] = [];
  let total = 0;
  let tooLarge = false;
  const oversized: string[] = [];
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, {
      filter: (info) => {
        const lower = info.name.toLowerCase();
        if (!lower.endsWith('.qde') && !lower.endsWith('.txt') && !lower.endsWith('.xml')) return false;
        if (info.originalSize > MAX_TEXT_BYTES) {
          // Too large to decode as one string: not even inflated (the size is the archive's word for it).
          oversized.push(info.name);
          return false;
        }
        total += info.originalSize;
        if (total > MAX_ARCHIVE_BYTES) {
          tooLarge = true;
          return false;
        }
        return true;
      },
    });
  } catch (error) {
    diagnostics.push(createDiagnostic('error', 'bad-archive', file, `The archive cannot be read: ${(error as Error).message}`));
    return { texts: new Map(), diagnostics };
  }
  if (tooLarge) diagnostics.push(createDiagnostic('warning', 'archive-too-large', file, `The archive holds more than ${MAX_ARCHIVE_BYTES / 1048576} MB of text; the rest was not read.`));
  const tooLargeProject = oversized.find((name) => name.toLowerCase().endsWith('.qde'));
  if (tooLargeProject !== undefined) {
    diagnostics.push(createDiagnostic('error', 'file-too-large', `${file}:${tooLargeProject}`, `The project file inside the archive is over ${MAX_TEXT_BYTES / 1048576} MB uncompressed; it is not read.`));
    return { texts: new Map(), diagnostics };
  }
  for (const name of oversized) diagnostics.push(createDiagnostic('warning', 'file-too-large', `${file}:${name}`, `The source text is over ${MAX_TEXT_BYTES / 1048576} MB uncompressed; it was not read.`));
  const names = Object.keys(entries);
  const qdes = names.filter((name) => name.toLowerCase().endsWith('.qde'));
  const entry = qdes.find((name) => name.toLowerCase() === 'project.qde') ?? qdes.find((name) => !name.includes('/')) ?? qdes[0];
  if (!entry) {
    diagnostics.push(createDiagnostic('error', 'no-project', file, 'The archive has no .qde project file.', { hint: 'A .qdpx holds project.qde (or <name>.qde) and a sources/ folder.' }));
    return { texts: new Map(), diagnostics };
  }
  if (qdes.length > 1) diagnostics.push(createDiagnostic('warning', 'several-projects', file, `The archive holds ${qdes.length} .qde files; ${entry} was read.`));
  const texts = new Map<string, Uint8Array>();
  for (const name of names) if (name !== entry && name.toLowerCase().endsWith('.txt')) texts.set(basename(name).toLowerCase(), entries[name]!);
  const decoded = decodeText(entries[entry]!, `${file}:${entry}`);
  pushAll(diagnostics, decoded.diagnostics);
  if (decoded.text === undefined) return { texts, entry, diagnostics };
  const parsed = parseRefiXml(decoded.text, `${file}:${entry}`);
  return { document: parsed.document, texts, entry, diagnostics: [...diagnostics, ...parsed.diagnostics] };
}

/** The lower-case file name an `internal://` path points at (`internal://ABC.txt` → `abc.txt`). */
export function internalFileName(path: string | undefined): string | undefined {
  if (!path) return undefined;
  const match = /^internal:\/\/\/?(.+)$/i.exec(path.trim());
  return match ? basename(match[1]!.replace(/\\/g, '/')).toLowerCase() : undefined;
}

/**
 * Reads a `.qdc`, `.qde` or `.qdpx` from disk (a zip is recognised by its
 * bytes, whatever its extension). For a bare `.qde`, source texts are
 * looked for in `sources/` or `Sources/` beside it.
 */
export async function readRefiFile(path: string): Promise<RefiInput> {
  const read = await readCheckedFile(path, MAX_REFI_BYTES);
  if (!('bytes' in read)) {
    const ruleId = read.problem === 'missing' ? 'path-not-found' : read.problem === 'too-large' ? 'file-too-large' : 'unreadable';
    return { texts: new Map(), diagnostics: [createDiagnostic('error', ruleId, path, `"${path}" ${read.reason}.`)] };
  }
  const bytes = read.bytes;
  if (isZip(bytes)) return readRefiArchive(bytes, path);
  const decoded = decodeText(bytes, path);
  if (decoded.text === undefined || decoded.diagnostics.some((d) => d.severity === 'error')) return { texts: new Map(), diagnostics: decoded.diagnostics };
  const parsed = parseRefiXml(decoded.text, path);
  const texts = new Map<string, Uint8Array>();
  for (const source of parsed.document?.sources ?? []) {
    const name = internalFileName(source.plainTextPath);
    if (!name || texts.has(name)) continue;
    for (const folder of ['sources', 'Sources']) {
      const original = source.plainTextPath!.replace(/^internal:\/\/\/?/i, '');
      // A source that is missing, not a file or too large is left out (the import reports the source without text).
      const text = await readCheckedFile(join(dirname(path), folder, basename(original)), MAX_TRANSCRIPT_BYTES);
      if ('bytes' in text) {
        texts.set(name, text.bytes);
        break;
      }
    }
  }
  return { document: parsed.document, texts, entry: basename(path), diagnostics: [...decoded.diagnostics, ...parsed.diagnostics] };
}
