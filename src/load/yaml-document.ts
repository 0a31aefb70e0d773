/**
 * Safe YAML parsing shared by transcripts, front matter, codebooks and the
 * project file: duplicate keys are errors, alias expansion is capped (a
 * "billion laughs" file becomes a diagnostic, not an out-of-memory crash),
 * and every error carries the file's line and column.
 *
 * Plain files are read by the fast reader (yaml-fast.ts); anything else by
 * the `yaml` package, loaded only then (it takes a tenth of a second to
 * load, more than coding the fourteen interviews). Both give a YamlTree.
 */
import { createRequire } from 'node:module';
import type { Document, LineCounter, Node } from 'yaml';
import { createDiagnostic, type Diagnostic } from '../model/diagnostic.js';
import type { SourcePoint } from '../model/transcript.js';
import { LineIndex } from './lines.js';
import { findExcessiveNesting, MAX_YAML_DEPTH } from './yaml-depth.js';
import { parseYamlFast } from './yaml-fast.js';
import { coreReading, RETYPED_HINT, retypedMessage, type CoreReading } from './yaml-scalars.js';
import { yamlNodeAt, type YamlMapNode, type YamlNode, type YamlPairNode, type YamlTree } from './yaml-tree.js';

export type { YamlTree } from './yaml-tree.js';

const require = createRequire(import.meta.url);
type YamlModule = typeof import('yaml');
let yamlModule: YamlModule | undefined;

/** The `yaml` package, loaded on first need. */
export function loadYamlPackage(): YamlModule {
  return (yamlModule ??= require('yaml') as YamlModule);
}

/** Aliases allowed per document; real transcripts use none, a billion-laughs file needs millions. */
export const MAX_ALIAS_COUNT = 200;

export interface ParsedYaml {
  /** The plain JS value, or undefined when the YAML could not be read. */
  value?: unknown;
  /** Node positions (from whichever parser read the text). */
  document?: YamlTree;
  diagnostics: Diagnostic[];
  /** Position of a node (by its offset in the parsed text) in the file. */
  pointAt(offset: number): SourcePoint;
}

/**
 * Parses `text` (which starts at `firstLine` of `file`, for front matter)
 * into a JS value plus diagnostics. Never throws.
 */
export function parseYaml(text: string, file: string, firstLine = 1): ParsedYaml {
  const fast = parseYamlFast(text);
  if (fast) {
    let lines: LineIndex | undefined; // built on the first position asked for
    const pointAt = (offset: number): SourcePoint => {
      const point = (lines ??= new LineIndex(text)).pointAt(offset);
      return { line: point.line + firstLine - 1, column: point.column };
    };
    const diagnostics = fast.retyped.map((scalar) => retypedWarning(file, scalar.source, scalar.reading, pointAt(scalar.offset)));
    return { value: fast.value, document: { contents: fast.contents }, diagnostics, pointAt };
  }
  return parseYamlFully(text, file, firstLine);
}

/** Parses with the `yaml` package (every construct, exact error messages). */
export function parseYamlFully(text: string, file: string, firstLine = 1): ParsedYaml {
  const { LineCounter, parseDocument } = loadYamlPackage();
  const lineCounter: LineCounter = new LineCounter();
  const pointAt = (offset: number): SourcePoint => {
    const position = lineCounter.linePos(offset);
    return { line: position.line + firstLine - 1, column: position.col };
  };
  const diagnostics: Diagnostic[] = [];
  const tooDeep = findExcessiveNesting(text);
  if (tooDeep) {
    diagnostics.push(
      createDiagnostic('error', 'yaml-too-deep', file, `The YAML nests more than ${MAX_YAML_DEPTH} levels deep; it was not read.`, {
        line: tooDeep.line + firstLine - 1,
        column: tooDeep.column,
        hint: `cocreate reads YAML nested at most ${MAX_YAML_DEPTH} levels (lists and maps inside each other); no transcript, codebook or project file needs more.`,
      }),
    );
    return { diagnostics, pointAt };
  }
  let parsedDocument: Document.Parsed;
  try {
    parsedDocument = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true, logLevel: 'error' });
  } catch (error) {
    diagnostics.push(createDiagnostic('error', 'yaml-syntax', file, `YAML could not be parsed: ${messageOf(error)}`, { line: firstLine, column: 1 }));
    return { diagnostics, pointAt };
  }
  keepPlainText(parsedDocument, (source, reading, offset) => diagnostics.push(retypedWarning(file, source, reading, pointAt(offset))));
  const document = treeOf(parsedDocument);
  for (const error of parsedDocument.errors) {
    const point = pointAt(error.pos[0]);
    const duplicate = error.code === 'DUPLICATE_KEY';
    // Name the repeated key: "Map keys must be unique" alone leaves the reader searching.
    const key = duplicate ? keyTextAt(text, error.pos[0]) : '';
    const message = duplicate && key !== '' && key.length <= 80 ? `The key "${key}" appears more than once in the same map.` : firstLineOf(error.message);
    diagnostics.push(
      createDiagnostic('error', duplicate ? 'duplicate-key' : 'yaml-syntax', file, message, {
        ...point,
        hint: duplicate ? 'Each key may appear once; merge or rename the repeated key.' : undefined,
      }),
    );
  }
  for (const warning of parsedDocument.warnings) {
    diagnostics.push(createDiagnostic('warning', 'yaml-warning', file, firstLineOf(warning.message), pointAt(warning.pos[0])));
  }
  if (parsedDocument.errors.length > 0) return { diagnostics, document, pointAt };
  try {
    const value = parsedDocument.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    return { value, document, diagnostics, pointAt };
  } catch (error) {
    const aliasBomb = /alias/i.test(messageOf(error));
    diagnostics.push(
      createDiagnostic('error', aliasBomb ? 'yaml-alias-limit' : 'yaml-syntax', file, aliasBomb ? `Too many YAML aliases (more than ${MAX_ALIAS_COUNT}); the file looks like an alias bomb and was not expanded.` : `YAML could not be read: ${messageOf(error)}`, {
        line: firstLine,
        column: 1,
      }),
    );
    return { diagnostics, document, pointAt };
  }
}

/**
 * Gives every untagged plain scalar of the document its text as written
 * (yaml-scalars.ts), calling `retyped` where YAML 1.2 would have read
 * something else. Keys included: `0x10:` is the key "0x10".
 */
function keepPlainText(document: Document.Parsed, retyped: (source: string, reading: CoreReading, offset: number) => void): void {
  const { visit } = loadYamlPackage();
  visit(document, {
    Scalar(_key, node) {
      if (node.type !== 'PLAIN' || node.tag !== undefined || typeof node.value === 'string') return;
      const source = (node as { source?: unknown }).source;
      if (typeof source !== 'string' || source === '') return;
      const reading = coreReading(source);
      node.value = source;
      if (reading) retyped(source, reading, node.range?.[0] ?? 0);
    },
  });
}

function retypedWarning(file: string, source: string, reading: CoreReading, at: SourcePoint): Diagnostic {
  return createDiagnostic('warning', 'yaml-scalar-type', file, retypedMessage(source, reading), { ...at, hint: RETYPED_HINT });
}

/** The `yaml` package's document as a YamlTree (positions only; values come from `toJS`). */
export function treeOf(document: Document.Parsed): YamlTree {
  const { isAlias, isMap, isScalar, isSeq } = loadYamlPackage();
  const convert = (node: unknown): YamlNode | null => {
    if (node === null || node === undefined) return null;
    const range = (node as Node).range ?? [0, 0, 0];
    if (isMap(node)) return { kind: 'map', range: [range[0], range[1]], items: node.items.map((pair) => ({ key: convert(pair.key), value: convert(pair.value) })) };
    if (isSeq(node)) return { kind: 'seq', range: [range[0], range[1]], items: node.items.map((item) => convert(item)) };
    if (isScalar(node)) return { kind: 'scalar', type: (node.type ?? 'PLAIN') as 'PLAIN', value: node.value, range: [range[0], range[1]] };
    if (isAlias(node)) return { kind: 'alias', range: [range[0], range[1]] };
    return null;
  };
  return { contents: convert(document.contents) };
}

/** Maps from which `pairOf` keeps an index (a WeakMap entry per small map costs the garbage collector more than it saves). */
const INDEXED_MAP_SIZE = 32;

/** The first entry of a map whose scalar key reads `key` (as a string); large maps get an index on first use. */
function pairOf(map: YamlMapNode, key: string | number): YamlPairNode | undefined {
  if (map.items.length < INDEXED_MAP_SIZE) {
    const name = String(key);
    for (let i = 0; i < map.items.length; i++) {
      const item = map.items[i]!;
      if (item.key?.kind === 'scalar' && String(item.key.value) === name) return item;
    }
    return undefined;
  }
  let index = pairIndexes.get(map);
  if (!index) {
    index = new Map();
    for (const item of map.items) {
      if (item.key?.kind !== 'scalar') continue;
      const name = String(item.key.value);
      if (!index.has(name)) index.set(name, item);
    }
    pairIndexes.set(map, index);
  }
  return index.get(String(key));
}

const pairIndexes = new WeakMap<YamlMapNode, Map<string, YamlPairNode>>();

/** Start offset of the node at `path` (keys and indexes), when it is a plain node in the tree. */
export function nodeOffset(document: YamlTree | undefined, path: readonly (string | number)[]): number | undefined {
  if (!document) return undefined;
  let node: YamlNode | null | undefined = document.contents;
  for (let i = 0; i < path.length; i++) {
    const key = path[i]!;
    if (node?.kind === 'map') {
      const pair = pairOf(node, key);
      if (!pair) return undefined;
      node = pair.value ?? pair.key;
    } else if (node?.kind === 'seq' && typeof key === 'number') {
      node = node.items[key];
    } else {
      return undefined;
    }
  }
  return node?.range?.[0];
}

/** Start offset of the key of the entry at `path` (to point at `codes:` rather than its value). */
export function keyOffset(document: YamlTree | undefined, path: readonly (string | number)[]): number | undefined {
  if (!document || path.length === 0) return undefined;
  let node: YamlNode | null | undefined = document.contents;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i]!;
    if (node?.kind === 'map') node = pairOf(node, key)?.value;
    else if (node?.kind === 'seq' && typeof key === 'number') node = node.items[key];
    else return undefined;
  }
  if (node?.kind !== 'map') return nodeOffset(document, path);
  const last = path[path.length - 1];
  return pairOf(node, last!)?.key?.range?.[0];
}

/** Offset just past the node at `path` (for a block scalar: after its last content line). */
export function nodeEndOffset(document: YamlTree | undefined, path: readonly (string | number)[]): number | undefined {
  return yamlNodeAt(document, path)?.range?.[1];
}

/** Offset where a scalar's text content begins (skips `|`/`>` headers and opening quotes). */
export function scalarContentOffset(document: YamlTree | undefined, path: readonly (string | number)[], source: string): number | undefined {
  const node = yamlNodeAt(document, path);
  if (node?.kind !== 'scalar' || !node.range) return undefined;
  const start = node.range[0];
  if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') {
    let i = source.indexOf('\n', start);
    if (i === -1) return start;
    i += 1;
    while (i < source.length && (source[i] === ' ' || source[i] === '\t' || source[i] === '\n' || source[i] === '\r')) i++;
    return i;
  }
  if (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') return start + 1;
  return start;
}

/** The key written at `offset`: a quoted key up to its closing quote, a plain key up to its colon. */
function keyTextAt(text: string, offset: number): string {
  const lineEnd = text.indexOf('\n', offset);
  const rest = text.slice(offset, lineEnd === -1 ? text.length : lineEnd).replace(/\r$/, '');
  const quote = rest[0];
  if (quote === '"' || quote === "'") {
    const close = rest.indexOf(quote, 1);
    return close === -1 ? '' : rest.slice(1, close);
  }
  const colon = rest.search(/:(\s|$)/);
  return (colon === -1 ? rest : rest.slice(0, colon)).trim();
}

function firstLineOf(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '').trim();
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0]! : String(error);
}
