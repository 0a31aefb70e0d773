/**
 * Reads a codebook: YAML → schema-checked shape → the Codebook model with
 * the file position of every theme, code, rule set and example (so that
 * validation and `codebook test` can name file:line). Parsing is pure;
 * `readCodebookFile` and `findDefaultCodebook` are the IO shell.
 *
 * This module does not load zod (a tenth of a second of start-up): a
 * codebook that the hand-written check (model/codebook-check.ts) accepts is
 * used as it is; any other is parsed again by `parseCodebook`
 * (load/codebook.ts), whose zod schema gives the messages.
 */
import { emptyRecord } from '../model/records.js';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Code, CodeExample, Codebook, Theme } from '../model/codebook.js';
import { isCodebookData, type CodebookData } from '../model/codebook-check.js';
import { createDiagnostic, type Diagnostic } from '../model/diagnostic.js';
import { UsageError } from '../model/errors.js';
import type { SourcePoint } from '../model/transcript.js';
import { decodeText } from './decode.js';
import { MAX_CODEBOOK_BYTES, readCheckedFile, type CheckedRead } from './read-file.js';
import { keyOffset, nodeOffset, parseYaml, scalarContentOffset } from './yaml-document.js';
import { yamlNodeAt, type YamlTree } from './yaml-tree.js';

export interface LoadedCodebook {
  codebook?: Codebook;
  diagnostics: Diagnostic[];
  /** The decoded file text, when it could be decoded (validate scans it for personal data in examples). */
  source?: string;
}

/**
 * How a codebook's data is checked: `success` with the data, `issues` for
 * the problems (zod's), or undefined when this checker cannot decide (the
 * fast check: then zod decides).
 */
export type CodebookValidator = (value: unknown) => { success: true; data: CodebookData } | { success: false; issues: readonly CodebookIssue[] } | undefined;

/** One schema problem: where (path into the data) and what. */
export interface CodebookIssue {
  path: readonly PropertyKey[];
  message: string;
}

/** The zod-free check: accepts exactly the codebooks the schema accepts unchanged, decides nothing else. */
export const fastCodebookValidator: CodebookValidator = (value) => (isCodebookData(value) ? { success: true, data: value } : undefined);

/**
 * Parses codebook YAML text with a given schema check. Schema problems are
 * errors with the line of the offending key. Undefined when the validator
 * cannot decide.
 */
export function parseCodebookWith(source: string, file: string, validate: CodebookValidator): LoadedCodebook | undefined {
  const parsed = parseYaml(source, file);
  const diagnostics = [...parsed.diagnostics];
  if (parsed.value === undefined || diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  const document = parsed.document;
  const pointOf = (path: (string | number)[], key = false): SourcePoint => {
    for (let length = path.length; length >= 0; length--) {
      const sub = path.slice(0, length);
      const offset = key && length === path.length ? keyOffset(document, sub) : nodeOffset(document, sub);
      if (offset !== undefined) return parsed.pointAt(offset);
    }
    return { line: 1, column: 1 };
  };
  numericWithin(parsed.value);
  const result = validate(parsed.value);
  if (!result) return undefined;
  if (!result.success) {
    for (const issue of result.issues) {
      const path = issue.path.filter((part): part is string | number => typeof part !== 'symbol');
      diagnostics.push(
        createDiagnostic('error', 'codebook-schema', file, `${describePath(parsed.value, path)}: ${issue.message}`, {
          ...pointOf(path, true),
          hint: 'See docs/codebook-format.md for the codebook format.',
        }),
      );
    }
    return { diagnostics };
  }
  const data = result.data;
  const themes: Theme[] = data.themes.map((theme, t) => ({
    id: theme.id,
    label: theme.label ?? theme.id,
    description: theme.description,
    ...(theme.color !== undefined ? { color: theme.color.toUpperCase() } : {}),
    at: pointOf(['themes', t]),
    codes: theme.codes.map((code, c): Code => {
      const path = ['themes', t, 'codes', c];
      // Positions inside a code are looked up from the code's own node, not by a walk from the root for each.
      const codeNode = yamlNodeAt(document, path);
      const codeTree: YamlTree | undefined = codeNode?.kind === 'map' ? { contents: codeNode } : undefined;
      const pointInCode: PointInCode = codeTree ? pointFinderIn(codeTree, parsed.pointAt) : (inner, key) => pointOf([...path, ...inner], key);
      const rulesAt = emptyRecord<SourcePoint>();
      for (const language of Object.keys(code.rules ?? {})) rulesAt[language] = pointInCode(['rules', language], true);
      const rules: Code['rules'] = emptyRecord();
      for (const [language, languageRules] of Object.entries(code.rules ?? {})) if (languageRules) rules[language] = languageRules;
      const fields: CodeWithoutPoints = {
        id: `${theme.id}.${code.id}`,
        theme: theme.id,
        name: code.id,
        label: code.label ?? code.id,
        definition: code.definition,
        whenToUse: code.when_to_use,
        whenNotToUse: code.when_not_to_use,
        color: code.color?.toUpperCase(),
        examples: codeTree ? readExamples(code.examples, ['examples'], codeTree, source, parsed.pointAt) : readExamples(code.examples, [...path, 'examples'], document, source, parsed.pointAt),
        counterExamples: codeTree
          ? readExamples(code.counter_examples, ['counter_examples'], codeTree, source, parsed.pointAt)
          : readExamples(code.counter_examples, [...path, 'counter_examples'], document, source, parsed.pointAt),
        rules,
        rulesAt,
      };
      return withLazyRulePoints(fields, rules, pointInCode, pointInCode(['id']));
    }),
  }));
  const declared = data.languages ?? [...new Set(themes.flatMap((theme) => theme.codes.flatMap((code) => Object.keys(code.rules))))].sort();
  return {
    codebook: { id: data.id ?? 'codebook', title: data.title, description: data.description, languages: declared, themes, file },
    diagnostics,
  };
}

/**
 * `within` is the codebook's one number. YAML scalars are read as their
 * text (yaml-scalars.ts), so `within: 3` arrives as "3": made a number here,
 * in place, when it is written as digits; anything else is left for the
 * schema to report.
 */
function numericWithin(value: unknown): void {
  const list = (item: unknown): unknown[] => (Array.isArray(item) ? item : []);
  const map = (item: unknown): Record<string, unknown> | undefined => (item !== null && typeof item === 'object' && !Array.isArray(item) ? (item as Record<string, unknown>) : undefined);
  for (const theme of list(map(value)?.themes)) {
    for (const code of list(map(theme)?.codes)) {
      const rules = map(map(code)?.rules);
      if (!rules) continue;
      for (const language of Object.keys(rules)) {
        for (const rule of list(map(rules[language])?.near)) {
          const near = map(rule);
          if (near && typeof near.within === 'string' && /^[0-9]{1,9}$/.test(near.within)) near.within = Number(near.within);
        }
      }
    }
  }
}

/** Where `[...codePath, ...inner]` is written (its key, with `key`). */
type PointInCode = (inner: (string | number)[], key?: boolean) => SourcePoint;

type CodeWithoutPoints = Omit<Code, 'rulePoints' | 'at'>;

/**
 * `pointOf` for paths inside a code, walking from the code's node. Like
 * `pointOf`, a path that is not in the tree falls back to its longest
 * prefix that is; the code's node itself always is, so the walk never
 * needs the rest of the document. Made here, not inside
 * `parseCodebookWith`, so that the lazy `rulePoints` keeps only the code's
 * node alive rather than the whole YAML tree for the rest of the run.
 */
function pointFinderIn(codeTree: YamlTree, pointAt: (offset: number) => SourcePoint): PointInCode {
  return (inner, key = false) => {
    for (let length = inner.length; length >= 0; length--) {
      const sub = length === inner.length ? inner : inner.slice(0, length);
      const offset = key && length === inner.length ? keyOffset(codeTree, sub) : nodeOffset(codeTree, sub);
      if (offset !== undefined) return pointAt(offset);
    }
    return { line: 1, column: 1 };
  };
}

/**
 * The code with its `rulePoints` found on first use (validate, explain):
 * coding never asks, and a large codebook has thousands of rules. Made
 * outside `parseCodebookWith` for the reason given at `pointFinderIn`.
 */
function withLazyRulePoints(fields: CodeWithoutPoints, rules: Code['rules'], pointInCode: PointInCode, at: SourcePoint): Code {
  let rulePoints: Record<string, SourcePoint> | undefined;
  const findRulePoints = (): Record<string, SourcePoint> => {
    const points = emptyRecord<SourcePoint>();
    for (const language of Object.keys(rules)) {
      for (const kind of ['terms', 'near', 'regex', 'exclude'] as const) {
        (rules[language]?.[kind] ?? []).forEach((_rule, index) => {
          points[`${language}.${kind}.${index}`] = pointInCode(['rules', language, kind, index]);
        });
      }
    }
    return points;
  };
  // Listed one by one: with a spread, V8 would put the getter after `at`, changing the key order.
  return {
    id: fields.id,
    theme: fields.theme,
    name: fields.name,
    label: fields.label,
    definition: fields.definition,
    whenToUse: fields.whenToUse,
    whenNotToUse: fields.whenNotToUse,
    ...(fields.color !== undefined ? { color: fields.color } : {}),
    examples: fields.examples,
    counterExamples: fields.counterExamples,
    rules: fields.rules,
    rulesAt: fields.rulesAt,
    get rulePoints() {
      return (rulePoints ??= findRulePoints());
    },
    at,
  };
}

function readExamples(
  value: Record<string, string | string[]> | undefined,
  path: (string | number)[],
  document: YamlTree | undefined,
  source: string,
  pointAt: (offset: number) => SourcePoint,
): CodeExample[] {
  const examples: CodeExample[] = [];
  for (const [language, texts] of Object.entries(value ?? {})) {
    const list = Array.isArray(texts) ? texts : [texts];
    list.forEach((text, index) => {
      const itemPath = Array.isArray(texts) ? [...path, language, index] : [...path, language];
      const offset = scalarContentOffset(document, itemPath, source) ?? nodeOffset(document, itemPath);
      examples.push({ language, text, at: offset === undefined ? { line: 1, column: 1 } : pointAt(offset) });
    });
  }
  return examples;
}

/** `themes[2].codes[0].id` → `themes › success › codes › quick-wins › id`, readable for researchers. */
function describePath(value: unknown, path: readonly (string | number)[]): string {
  const parts: string[] = [];
  let node: unknown = value;
  for (const part of path) {
    node = node && typeof node === 'object' ? (node as Record<string | number, unknown>)[part] : undefined;
    if (typeof part === 'number' && node && typeof node === 'object' && typeof (node as { id?: unknown }).id === 'string') {
      parts.push(`"${(node as { id: string }).id}"`);
    } else {
      parts.push(String(part));
    }
  }
  return parts.length === 0 ? 'codebook' : parts.join(' › ');
}

/** Reads and parses a codebook file; IO failures become diagnostics. */
export async function readCodebookFile(file: string): Promise<LoadedCodebook> {
  const read = await readCheckedFile(file, MAX_CODEBOOK_BYTES);
  if (!('bytes' in read)) return { diagnostics: [codebookReadDiagnostic(file, read)] };
  return parseCodebookBytes(read.bytes, file);
}

/** The diagnostic for a codebook that could not be read (missing, a FIFO or device, too large). */
export function codebookReadDiagnostic(file: string, read: Exclude<CheckedRead, { bytes: Uint8Array }>): Diagnostic {
  return createDiagnostic('error', read.problem === 'missing' ? 'path-not-found' : read.problem === 'too-large' ? 'file-too-large' : 'unreadable', file, `The codebook "${file}" ${read.reason}.`);
}

/** Decodes and parses a codebook file's bytes (`file` names it in diagnostics). */
export async function parseCodebookBytes(bytes: Uint8Array, file: string): Promise<LoadedCodebook> {
  const decoded = decodeText(bytes, file);
  if (decoded.text === undefined || decoded.diagnostics.some((d) => d.severity === 'error')) return { diagnostics: decoded.diagnostics };
  const loaded = parseCodebookWith(decoded.text, file, fastCodebookValidator) ?? (await import('./codebook.js')).parseCodebook(decoded.text, file);
  return { codebook: loaded.codebook, diagnostics: [...decoded.diagnostics, ...loaded.diagnostics], source: decoded.text };
}

/** The one codebook in `./codebooks/`; a usage error says how to choose when there are none or several. */
export async function findDefaultCodebook(cwd = process.cwd()): Promise<string> {
  let entries: string[] = [];
  try {
    entries = await readdir(join(cwd, 'codebooks'));
  } catch {
    throw new UsageError('No codebook given and there is no codebooks/ folder here. Pass one with --codebook FILE.');
  }
  const candidates = entries.filter((name) => /\.(ya?ml)$/i.test(name) && !name.startsWith('.')).sort();
  if (candidates.length === 1) return `codebooks/${candidates[0]}`;
  if (candidates.length === 0) throw new UsageError('No codebook given and codebooks/ holds no .yaml codebook. Pass one with --codebook FILE.');
  throw new UsageError(`Several codebooks in codebooks/ (${candidates.join(', ')}); choose one with --codebook FILE.`);
}
