/**
 * A compiled codebook as plain JSON data, and back: what the compiled-codebook
 * cache (cli/codebook-cache.ts) stores. Compiling a large codebook (every
 * rule word stemmed, thousands of phrases) takes a fifth of a small run while
 * the JIT is still cold; reading this form back takes a small part of that.
 * A stored form is sealed: a header line with the SHA-256 of the JSON below
 * it, recomputed on read (issue 16: an entry altered to map every word to
 * every pattern id was trusted). The hash catches damage and edits made
 * without recomputing it; it is no signature (anyone who can write the
 * cache folder can also write a matching hash), so a cache folder is only
 * as trustworthy as whoever can write to it.
 * Pure: no IO. Rule sources repeat (every term of a proximity rule carries
 * the whole rule), so strings are stored once, in a table.
 */
import { createHash } from 'node:crypto';
import type { Code, Codebook } from '../model/codebook.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { CompiledCodebook, CompiledPhrase, LanguageMatcher, PhraseRole } from './compile.js';
import { compileRuleRegex } from './regex.js';

/** Bumped whenever the shape below changes (old cache files are then ignored). */
export const COMPILED_FORM_VERSION = 1;

/**
 * Phrase: pattern ids, code, role (0 term, 1 exclude, 2 near), near index,
 * slot, source string index. A proximity term's source is its rule's source,
 * a space and the term (compile.ts): role 3 stores only the term.
 */
type PhraseForm = [number[], number, 0 | 1 | 2 | 3, number, number, number];

interface MatcherForm {
  language: string;
  exact: [string, number[]][];
  stems: [string, number[]][];
  prefixes: [string, number[]][];
  prefixLengths: number[];
  phrases: PhraseForm[];
  byFirstPattern: [number, number[]][];
  /** Near rule: code, slots, within, source string index. */
  nears: [number, number, number, number][];
  /** Regex rule: code, folded pattern, source string index. */
  regexes: [number, string, number][];
  /** Words already looked up and the pattern ids they satisfy (the matcher's memo): a warm run stems none of them again. */
  memo?: [string, number[]][];
}

/** Most memoised words kept per language: beyond that, reading the form back would cost more than stemming. */
export const MAX_FORM_WORDS = 50_000;

export interface CompiledForm {
  version: number;
  /** The codebook model without rule positions (`rulePoints`, found lazily from the file; coding never needs them). */
  codebook: Codebook;
  /** What reading and compiling the codebook reported, replayed on every run. */
  diagnostics: Diagnostic[];
  strings: string[];
  matchers: MatcherForm[];
}

/** First word of a sealed form's header line: what the file is. */
export const SEALED_FORM_MAGIC = 'cocreate-compiled-codebook';

const SEALED_HEADER = new RegExp(`^${SEALED_FORM_MAGIC} (\\d+) sha256:([0-9a-f]{64})$`);

/** A form as stored: `cocreate-compiled-codebook VERSION sha256:HEX`, a newline, then the form as JSON. */
export function sealCompiledForm(form: CompiledForm): string {
  const body = JSON.stringify(form);
  return `${SEALED_FORM_MAGIC} ${form.version} sha256:${createHash('sha256').update(body).digest('hex')}\n${body}`;
}

/** Whether a line is the header of a sealed form of this version (the cache prunes only such files). */
export function isSealedHeader(line: string): boolean {
  const match = SEALED_HEADER.exec(line);
  return match !== null && Number(match[1]) === COMPILED_FORM_VERSION;
}

/** The form inside a sealed text, or undefined when the header is missing, of another version, or its hash does not match the content. */
export function unsealCompiledForm(text: string): unknown {
  const newline = text.indexOf('\n');
  if (newline < 0) return undefined;
  const match = SEALED_HEADER.exec(text.slice(0, newline));
  if (!match || Number(match[1]) !== COMPILED_FORM_VERSION) return undefined;
  const body = text.slice(newline + 1);
  if (createHash('sha256').update(body).digest('hex') !== match[2]) return undefined;
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/** The form of a compiled codebook and the diagnostics that came with it. */
export function toCompiledForm(compiled: CompiledCodebook, diagnostics: readonly Diagnostic[]): CompiledForm {
  const strings: string[] = [];
  const stringIndex = new Map<string, number>();
  const intern = (text: string): number => {
    let index = stringIndex.get(text);
    if (index === undefined) {
      index = strings.length;
      strings.push(text);
      stringIndex.set(text, index);
    }
    return index;
  };
  const matchers: MatcherForm[] = [];
  for (const matcher of compiled.matchers.values()) {
    matchers.push({
      language: matcher.language,
      exact: [...matcher.exact],
      stems: [...matcher.stems],
      prefixes: [...matcher.prefixes],
      prefixLengths: matcher.prefixLengths,
      phrases: matcher.phrases.map((phrase): PhraseForm => {
        const role = phrase.role;
        if (role.kind !== 'near') return [phrase.patterns, phrase.code, role.kind === 'term' ? 0 : 1, 0, 0, intern(phrase.source)];
        const prefix = `${matcher.nears[role.near]!.source} `;
        return phrase.source.startsWith(prefix)
          ? [phrase.patterns, phrase.code, 3, role.near, role.slot, intern(phrase.source.slice(prefix.length))]
          : [phrase.patterns, phrase.code, 2, role.near, role.slot, intern(phrase.source)];
      }),
      byFirstPattern: [...matcher.byFirstPattern],
      nears: matcher.nears.map((near) => [near.code, near.slots, near.within, intern(near.source)]),
      regexes: matcher.regexes.map((regex) => [regex.code, regex.pattern.source, intern(regex.source)]),
      memo: memoEntries(matcher),
    });
  }
  const codebook: Codebook = { ...compiled.codebook, themes: compiled.codebook.themes.map((theme) => ({ ...theme, codes: theme.codes.map(withoutRulePoints) })) };
  return { version: COMPILED_FORM_VERSION, codebook, diagnostics: [...diagnostics], strings, matchers };
}

function memoEntries(matcher: LanguageMatcher): [string, number[]][] {
  const entries: [string, number[]][] = [];
  for (const [word, ids] of matcher.memo) {
    if (entries.length >= MAX_FORM_WORDS) break;
    entries.push([word, [...ids]]);
  }
  return entries;
}

/** A code's data properties only: `rulePoints` is a getter that would read the whole codebook's positions. */
function withoutRulePoints(code: Code): Code {
  const plain: Record<string, unknown> = {};
  for (const [key, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(code))) {
    if ('value' in descriptor && key !== 'rulePoints') plain[key] = descriptor.value;
  }
  return plain as unknown as Code;
}

const TERM: PhraseRole = { kind: 'term' };
const EXCLUDE: PhraseRole = { kind: 'exclude' };

/**
 * The compiled codebook a form describes, or undefined when the form is not
 * one this version wrote (another version, a damaged file): the caller then
 * compiles afresh. Never throws.
 */
export function fromCompiledForm(form: unknown): { compiled: CompiledCodebook; diagnostics: Diagnostic[] } | undefined {
  try {
    if (!isFormShaped(form)) return undefined;
    const { codebook, strings } = form;
    const codes = codebook.themes.flatMap((theme) => theme.codes);
    const themeIds = codebook.themes.map((theme) => theme.id);
    const themeOfCode = codes.map((code) => themeIds.indexOf(code.theme));
    const stringAt = (index: number): string => {
      const text = strings[index];
      if (typeof text !== 'string') throw new Error('string index out of range');
      return text;
    };
    const matchers = new Map<string, LanguageMatcher>();
    for (const entry of form.matchers) {
      const nears = entry.nears.map(([code, slots, within, source]) => ({ code, slots, within, source: stringAt(source) }));
      const phrases = entry.phrases.map(([patterns, code, kind, near, slot, source]): CompiledPhrase => ({
        patterns,
        code,
        role: kind === 0 ? TERM : kind === 1 ? EXCLUDE : { kind: 'near', near, slot },
        source: kind === 3 ? `${nears[near]!.source} ${stringAt(source)}` : stringAt(source),
      }));
      const regexes = entry.regexes.map(([code, pattern, source]) => {
        const compiled = compileRuleRegex(pattern);
        if ('error' in compiled) throw new Error(compiled.error);
        return { code, pattern: compiled.regex, source: stringAt(source) };
      });
      matchers.set(entry.language, {
        language: entry.language,
        exact: new Map(entry.exact),
        stems: new Map(entry.stems),
        prefixes: new Map(entry.prefixes),
        prefixLengths: entry.prefixLengths,
        phrases,
        byFirstPattern: new Map(entry.byFirstPattern),
        nears,
        regexes,
        memo: new Map(entry.memo ?? []),
      });
    }
    return { compiled: { codebook, codes, themeOfCode, matchers }, diagnostics: form.diagnostics };
  } catch {
    return undefined;
  }
}

/** A cheap check of the outer shape; anything deeper that is wrong throws while rebuilding (and is caught). */
function isFormShaped(form: unknown): form is CompiledForm {
  if (typeof form !== 'object' || form === null) return false;
  const candidate = form as Partial<CompiledForm>;
  return (
    candidate.version === COMPILED_FORM_VERSION &&
    typeof candidate.codebook === 'object' &&
    candidate.codebook !== null &&
    Array.isArray(candidate.codebook.themes) &&
    candidate.codebook.themes.every((theme) => typeof theme === 'object' && theme !== null && Array.isArray(theme.codes)) &&
    Array.isArray(candidate.diagnostics) &&
    Array.isArray(candidate.strings) &&
    Array.isArray(candidate.matchers)
  );
}
