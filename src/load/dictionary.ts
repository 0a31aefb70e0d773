/**
 * Published dictionaries → codebook data. Reads the two formats researchers
 * share word lists in, with quanteda's semantics (so counts agree with
 * `tokens_lookup`), and turns them into the codebook shape of
 * docs/codebook-format.md:
 *
 * - quanteda YAML (`dictionary(file = "x.yml")`): nested keys, values are
 *   words, `*`/`?` globs and multi-word phrases. A top-level key whose value
 *   is a map is a theme and its keys are codes; values below the second
 *   level are pooled into their second-level code (quanteda's
 *   `levels = 1:2`). Top-level keys with direct values (a flat dictionary)
 *   are codes of one theme named after the dictionary; a key `__` (what
 *   quanteda's `as.yaml` writes) holds a key's own values beside its subkeys.
 * - LIWC `.dic`: a `%` … `%` block of `id<TAB>category` lines, then
 *   `word<TAB>id id …`. Categories are codes of one theme named after the
 *   dictionary. `<of>` lines and parenthetical (context) category codes are
 *   skipped, as quanteda does.
 *
 * Values are lower-cased; a plain word becomes `=word` (exact: quanteda does
 * not stem), `word*` stays a prefix glob, a phrase stays a phrase of
 * consecutive words. Wildcards at the start or inside a word (`*deceit*`,
 * `colo?r`) have no word-pattern equivalent and become RE2 regex rules on
 * the folded text. Pure, except `readDictionaryFile`.
 */
import { pushAll } from '../model/lists.js';
import { createDiagnostic, type Diagnostic } from '../model/diagnostic.js';
import { decodeText } from './decode.js';
import { parseYaml } from './yaml-document.js';
import type { YamlNode } from './yaml-tree.js';
import { MAX_DICTIONARY_BYTES, readCheckedFile } from './read-file.js';

/** Dictionary file formats that `cocreate import --dictionary` reads. */
export type DictionaryFormat = 'quanteda' | 'liwc';

export interface DictionaryOptions {
  /** Codebook id, also the theme id for categories without a parent, e.g. `lsd`. */
  id: string;
  /** Rule languages that receive every pattern, e.g. `['en', 'es']`. */
  languages: string[];
  /** Format; by default from the extension (`.dic` is LIWC, else quanteda YAML). */
  format?: DictionaryFormat;
}

/** The rules of one imported category, identical for every language. */
export interface ImportedRules {
  /** Word patterns and phrases in codebook syntax, e.g. `=tax`, `tax*`, `=public servic*`. */
  terms: string[];
  /** RE2 patterns for globs that are not suffix globs, e.g. `\b\w*deceit\w*\b`. */
  regex: string[];
}

/** A code of the imported codebook (one dictionary category). */
export interface ImportedCode {
  /** Kebab-case code id, e.g. `posemo`. */
  id: string;
  /** The category name as written in the dictionary, e.g. `POSEMO`. */
  label: string;
  /** Set when deeper categories were pooled into this code: names them. */
  definition?: string;
  rules: ImportedRules;
  /** 1-based line of the category in the dictionary file. */
  line: number;
}

export interface ImportedTheme {
  id: string;
  label: string;
  codes: ImportedCode[];
}

export interface ImportedDictionary {
  format: DictionaryFormat;
  /** Themes in dictionary order; empty when the file could not be read. */
  themes: ImportedTheme[];
  /** Number of dictionary values turned into rules (before the per-language copy). */
  patterns: number;
  diagnostics: Diagnostic[];
}

/** The format of a dictionary path: `.dic` files are LIWC, everything else quanteda YAML. */
export function dictionaryFormatOf(path: string): DictionaryFormat {
  return /\.dic$/i.test(path) ? 'liwc' : 'quanteda';
}

/** Parses a dictionary's text. Never throws on user input: problems become diagnostics. */
export function parseDictionary(source: string, file: string, options: DictionaryOptions): ImportedDictionary {
  const format = options.format ?? dictionaryFormatOf(file);
  const collector = new ThemeCollector(file, options.id);
  if (format === 'liwc') readLiwc(source, file, collector);
  else readQuanteda(source, file, collector);
  return { format, themes: collector.themes(), patterns: collector.patterns, diagnostics: collector.diagnostics };
}

/** Reads and parses a dictionary file; IO failures become diagnostics. */
export async function readDictionaryFile(file: string, options: DictionaryOptions): Promise<ImportedDictionary> {
  const format = options.format ?? dictionaryFormatOf(file);
  const read = await readCheckedFile(file, MAX_DICTIONARY_BYTES);
  if (!('bytes' in read)) {
    const ruleId = read.problem === 'missing' ? 'path-not-found' : read.problem === 'too-large' ? 'file-too-large' : 'unreadable';
    return { format, themes: [], patterns: 0, diagnostics: [createDiagnostic('error', ruleId, file, `The dictionary "${file}" ${read.reason}.`)] };
  }
  const bytes = read.bytes;
  const decoded = decodeText(bytes, file);
  if (decoded.text === undefined || decoded.diagnostics.some((d) => d.severity === 'error')) {
    return { format, themes: [], patterns: 0, diagnostics: decoded.diagnostics };
  }
  const parsed = parseDictionary(decoded.text, file, { ...options, format });
  return { ...parsed, diagnostics: [...decoded.diagnostics, ...parsed.diagnostics] };
}

/** A dictionary value with the line it is written on. */
interface ValueAt {
  value: string;
  line: number;
}

/** Accumulates themes and codes with unique kebab-case ids and the patterns of each code. */
class ThemeCollector {
  readonly diagnostics: Diagnostic[] = [];
  patterns = 0;
  private readonly list: ImportedTheme[] = [];
  private readonly themeIds = new Set<string>();
  private flat: ImportedTheme | undefined;

  constructor(
    private readonly file: string,
    private readonly dictionaryId: string,
  ) {}

  /** Themes that received at least one code. */
  themes(): ImportedTheme[] {
    return this.list.filter((theme) => theme.codes.length > 0);
  }

  theme(name: string): ImportedTheme {
    const theme: ImportedTheme = { id: uniqueId(toId(name, 'theme'), this.themeIds), label: name, codes: [] };
    this.list.push(theme);
    return theme;
  }

  /** The theme of categories that have no parent (a flat dictionary), created on first use. */
  flatTheme(): ImportedTheme {
    this.flat ??= this.theme(this.dictionaryId);
    return this.flat;
  }

  addCode(theme: ImportedTheme, name: string, line: number, values: readonly ValueAt[], pooled: readonly string[] = []): void {
    const rules: ImportedRules = { terms: [], regex: [] };
    for (const { value, line: valueLine } of values) {
      const converted = convertValue(value);
      if ('skip' in converted) {
        this.diagnostics.push(createDiagnostic('warning', 'dictionary-value-skipped', this.file, `"${value}" in "${name}" is skipped: ${converted.skip}`, { line: valueLine, column: 1 }));
        continue;
      }
      const list = 'term' in converted ? rules.terms : rules.regex;
      const rule = 'term' in converted ? converted.term : converted.regex;
      if (list.includes(rule)) continue;
      list.push(rule);
      this.patterns += 1;
    }
    if (rules.terms.length === 0 && rules.regex.length === 0) {
      this.diagnostics.push(createDiagnostic('info', 'dictionary-empty-category', this.file, `The category "${name}" has no usable values; it is left out.`, { line, column: 1 }));
      return;
    }
    const ids = new Set(theme.codes.map((code) => code.id));
    const code: ImportedCode = { id: uniqueId(toId(name, 'category'), ids), label: name, rules, line };
    if (pooled.length > 0) code.definition = `Pools the dictionary's sub-categories ${pooled.map((key) => `"${key}"`).join(', ')}.`;
    theme.codes.push(code);
  }
}

/** `Économie & Finanzas` → `economie-finanzas`; `fallback` when nothing is left. */
function toId(name: string, fallback: string): string {
  const id = name
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return id === '' ? fallback : id;
}

function uniqueId(id: string, taken: Set<string>): string {
  let candidate = id;
  for (let n = 2; taken.has(candidate); n++) candidate = `${id}-${n}`;
  taken.add(candidate);
  return candidate;
}

/** Characters a word keeps inside it (as the tokenizer does): letters, digits, marks and the joiners. */
const WORD_PART = /[\p{L}\p{N}\p{M}@'’.·]+/gu;
const HAS_WORD_CHAR = /[\p{L}\p{N}]/u;

type Converted = { term: string } | { regex: string } | { skip: string };

/**
 * One dictionary value → one codebook rule. quanteda glob semantics:
 * `*` is any run of characters, `?` one character, matching is on whole
 * tokens, a value with spaces is a phrase of consecutive tokens.
 */
export function convertValue(raw: string): Converted {
  const value = raw.trim().toLowerCase();
  const words = value.split(/[\p{Z}\s]+/u).filter((word) => word !== '');
  if (words.length === 0) return { skip: 'it is empty.' };
  if (!HAS_WORD_CHAR.test(value.replace(/[*?]/g, ''))) return { skip: 'it has no letters or digits (cocreate matches words, not punctuation or emoticons).' };
  const needsRegex = words.some((word) => /[*?]/.test(word.replace(/\*+$/, '')));
  if (needsRegex) return { regex: globRegex(words) };
  const parts: string[] = [];
  for (const word of words) {
    const glob = word.endsWith('*');
    if (!glob) {
      if (HAS_WORD_CHAR.test(word)) parts.push(`=${word}`); // `=sign-on`: the compiler splits it as the text tokenizer does
      continue; // punctuation between words, e.g. "&"
    }
    // A glob applies to the last word piece only: `e-gov*` is the exact word `e` then `gov*`.
    const pieces = word.replace(/\*+$/, '').match(WORD_PART) ?? [];
    const wordPieces = pieces.filter((piece) => HAS_WORD_CHAR.test(piece));
    if (wordPieces.length === 0) return { skip: 'a bare `*` would match every word.' };
    wordPieces.forEach((piece, index) => parts.push(index === wordPieces.length - 1 ? `${piece}*` : `=${piece}`));
  }
  return { term: parts.join(' ') };
}

/** `*deceit*` → `\b\w*deceit\w*\b`; words of a phrase are joined by non-word characters. */
function globRegex(words: readonly string[]): string {
  const body = words
    .map((word) =>
      [...word]
        .map((char) => (char === '*' ? '\\w*' : char === '?' ? '\\w' : /[!-/:-@[-`{-~]/.test(char) ? `\\${char}` : char))
        .join(''),
    )
    .join('\\W+');
  return `\\b${body}\\b`;
}

function readQuanteda(source: string, file: string, collector: ThemeCollector): void {
  const parsed = parseYaml(source, file);
  pushAll(collector.diagnostics, parsed.diagnostics);
  if (parsed.value === undefined || !parsed.document || parsed.diagnostics.some((d) => d.severity === 'error')) return;
  const lineOf = (node: YamlNode | null | undefined): number => (node?.range ? parsed.pointAt(node.range[0]).line : 1);
  const root = parsed.document.contents;
  if (root?.kind !== 'map') {
    collector.diagnostics.push(
      createDiagnostic('error', 'dictionary-format', file, 'A quanteda YAML dictionary is a map from category names to lists of words (or to sub-categories).', {
        line: lineOf(root),
        column: 1,
        hint: 'e.g. `economy: [tax*, budget*, "public spending"]`',
      }),
    );
    return;
  }

  interface Entry {
    values: ValueAt[];
    children: { name: string; line: number; node: YamlNode | null }[];
  }
  /** Splits a node into its own values and its named sub-categories. */
  const entryOf = (node: YamlNode | null): Entry => {
    const entry: Entry = { values: [], children: [] };
    const addPairs = (items: { key: YamlNode | null; value: YamlNode | null }[]) => {
      for (const pair of items) {
        const name = pair.key?.kind === 'scalar' ? String(pair.key.value) : '';
        if (name === '__') pushAll(entry.values, entryOf(pair.value).values);
        else entry.children.push({ name, line: lineOf(pair.key), node: pair.value });
      }
    };
    if (node?.kind === 'scalar') {
      if (node.value !== null && node.value !== '') entry.values.push({ value: scalarText(node, source), line: lineOf(node) });
    } else if (node?.kind === 'seq') {
      for (const item of node.items) {
        if (item?.kind === 'map') addPairs(item.items);
        else if (item?.kind === 'scalar' && item.value !== null) entry.values.push({ value: scalarText(item, source), line: lineOf(item) });
        else if (item?.kind === 'seq') pushAll(entry.values, entryOf(item).values);
      }
    } else if (node?.kind === 'map') {
      addPairs(node.items);
    }
    return entry;
  };
  /** Every value under a node, at any depth, and the names of the categories pooled. */
  const pool = (node: YamlNode | null, path: string, pooled: string[]): ValueAt[] => {
    const entry = entryOf(node);
    const values = [...entry.values];
    for (const child of entry.children) {
      const childPath = `${path} › ${child.name}`;
      pooled.push(childPath);
      pushAll(values, pool(child.node, childPath, pooled));
    }
    return values;
  };

  for (const top of entryOf(root).children) {
    const entry = entryOf(top.node);
    if (entry.children.length === 0) {
      collector.addCode(collector.flatTheme(), top.name, top.line, entry.values);
      continue;
    }
    const theme = collector.theme(top.name);
    if (entry.values.length > 0) collector.addCode(theme, top.name, top.line, entry.values);
    for (const child of entry.children) {
      const pooled: string[] = [];
      const values = pool(child.node, child.name, pooled);
      collector.addCode(theme, child.name, child.line, values, pooled);
    }
  }
}

/** The text of a scalar as written (so `007` stays `007`, `yes` stays `yes`). */
function scalarText(node: { value: unknown; type: string; range: [number, number] }, source: string): string {
  return typeof node.value === 'string' ? node.value : node.type === 'PLAIN' ? source.slice(node.range[0], node.range[1]) : String(node.value);
}

function readLiwc(source: string, file: string, collector: ThemeCollector): void {
  const lines = source.split(/\r\n|\n|\r/);
  const marks: number[] = [];
  for (let i = 0; i < lines.length && marks.length < 2; i++) if (lines[i]!.trim() === '%') marks.push(i);
  if (marks.length < 2) {
    collector.diagnostics.push(
      createDiagnostic('error', 'dictionary-format', file, 'A LIWC dictionary starts with its categories between two `%` lines; none were found.', {
        line: 1,
        column: 1,
        hint: 'The file should begin with `%`, then lines like `1<TAB>posemo`, then `%`, then `word<TAB>1`.',
      }),
    );
    return;
  }
  const categories = new Map<string, { name: string; line: number; values: ValueAt[] }>();
  for (let i = marks[0]! + 1; i < marks[1]!; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const header = /^(\d+)\s+(.+)$/.exec(line);
    if (!header) {
      collector.diagnostics.push(createDiagnostic('warning', 'dictionary-format', file, `"${line}" is not a category line (\`number<TAB>name\`); it is skipped.`, { line: i + 1, column: 1 }));
      continue;
    }
    const name = header[2]!.split('\t')[0]!.trim();
    categories.set(String(Number(header[1])), { name, line: i + 1, values: [] });
  }
  for (let i = marks[1]! + 1; i < lines.length; i++) {
    let line = lines[i]!.trim();
    if (line === '') continue;
    const at = { line: i + 1, column: 1 };
    if (line.includes('<of>')) {
      collector.diagnostics.push(createDiagnostic('info', 'dictionary-value-skipped', file, `"${line}" uses the <of> tag, which is not supported; the line is skipped.`, at));
      continue;
    }
    if (/\(.+\)/.test(line)) {
      collector.diagnostics.push(createDiagnostic('info', 'dictionary-value-skipped', file, `The context-dependent categories in parentheses on "${line}" are ignored.`, at));
      line = line.replace(/\(.+\)/g, ' ').trim();
    }
    // Words and categories are tab-separated; some files use spaces, then the trailing numbers are the categories.
    const tab = line.indexOf('\t');
    const split = tab === -1 ? /^(.*?)((?:\s+\d+)+)$/.exec(line) : [line, line.slice(0, tab), line.slice(tab + 1)];
    const word = split?.[1]?.trim() ?? line;
    const ids = split?.[2]?.match(/\d+/g) ?? [];
    if (ids.length === 0) {
      collector.diagnostics.push(createDiagnostic('warning', 'dictionary-value-skipped', file, `"${word}" has no category numbers; it is skipped.`, at));
      continue;
    }
    for (const id of ids) {
      const category = categories.get(String(Number(id)));
      if (!category) {
        collector.diagnostics.push(createDiagnostic('warning', 'dictionary-undefined-category', file, `"${word}" refers to category ${id}, which the % block does not define; ignored.`, at));
        continue;
      }
      category.values.push({ value: word, line: i + 1 });
    }
  }
  for (const category of categories.values()) collector.addCode(collector.flatTheme(), category.name, category.line, category.values);
}
