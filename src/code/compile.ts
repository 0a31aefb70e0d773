/**
 * Compiles a codebook's rules, once, into one matcher per language:
 * every distinct word pattern (stem, prefix glob, exact word) gets an id,
 * phrases are indexed by their first pattern, and regular expressions are
 * compiled with RE2 (linear time: no rule can hang coding). Problems with
 * rules become diagnostics naming the codebook line; a bad rule is dropped,
 * the rest still code.
 */
import type { Code, Codebook } from '../model/codebook.js';
import { createDiagnostic, type Diagnostic } from '../model/diagnostic.js';
import { foldText } from './fold.js';
import { compileRuleRegex, type RuleRegex } from './regex.js';
import { stemKeys } from './stem.js';
import { tokenize } from './tokenize.js';

/** How one word of a rule is matched. */
export type WordPatternKind = 'stem' | 'prefix' | 'exact';

/** What a phrase hit means for its code. */
export type PhraseRole =
  | { kind: 'term' }
  | { kind: 'exclude' }
  | { kind: 'near'; near: number; slot: number };

export interface CompiledPhrase {
  /** Word pattern ids, in order. */
  patterns: number[];
  /** Index of the owning code in `codes`. */
  code: number;
  role: PhraseRole;
  /** The rule as the researcher wrote it, for `explain`, e.g. `terms: quick win`. */
  source: string;
}

export interface CompiledNear {
  code: number;
  slots: number;
  within: number;
  source: string;
}

export interface CompiledRegex {
  code: number;
  /** The folded pattern, compiled (regex.ts: V8's linear-time engine or re2js). */
  pattern: RuleRegex;
  source: string;
}

/** The rules of every code for one language, ready to match. */
export interface LanguageMatcher {
  language: string;
  exact: Map<string, number[]>;
  stems: Map<string, number[]>;
  prefixes: Map<string, number[]>;
  /** Distinct prefix lengths, ascending, so a token is checked against each once. */
  prefixLengths: number[];
  phrases: CompiledPhrase[];
  /** Pattern id → phrases that start with it. */
  byFirstPattern: Map<number, number[]>;
  nears: CompiledNear[];
  regexes: CompiledRegex[];
  /** Word key → pattern ids it satisfies (memoised per distinct word). */
  memo: Map<string, readonly number[]>;
}

export interface CompiledCodebook {
  codebook: Codebook;
  /** Codes in codebook order; matches refer to them by index. */
  codes: Code[];
  /** Theme index of each code. */
  themeOfCode: number[];
  matchers: Map<string, LanguageMatcher>;
}

export interface CompileResult {
  compiled: CompiledCodebook;
  diagnostics: Diagnostic[];
}

/** Shortest prefix glob accepted without a warning: `a*` would match a tenth of any text. */
const MIN_PREFIX = 3;

/** Compiles every language's rules. Never throws on user input. */
export function compileCodebook(codebook: Codebook): CompileResult {
  // (Not `listCodes`: model/codebook.js loads zod, which start-up does not need.)
  const codes = codebook.themes.flatMap((theme) => theme.codes);
  const themeIds = codebook.themes.map((theme) => theme.id);
  const themeOfCode = codes.map((code) => themeIds.indexOf(code.theme));
  const diagnostics: Diagnostic[] = [];
  const languages = new Set<string>(codebook.languages);
  for (const code of codes) for (const language of Object.keys(code.rules)) languages.add(language);
  const matchers = new Map<string, LanguageMatcher>();
  for (const language of [...languages].sort()) {
    matchers.set(language, compileLanguage(codebook.file, codes, language, diagnostics));
  }
  return { compiled: { codebook, codes, themeOfCode, matchers }, diagnostics };
}

function compileLanguage(file: string, codes: Code[], language: string, diagnostics: Diagnostic[]): LanguageMatcher {
  const matcher: LanguageMatcher = {
    language,
    exact: new Map(),
    stems: new Map(),
    prefixes: new Map(),
    prefixLengths: [],
    phrases: [],
    byFirstPattern: new Map(),
    nears: [],
    regexes: [],
    memo: new Map(),
  };
  const patternIds = new Map<string, number>();
  const patternId = (kind: WordPatternKind, keys: string[]): number => {
    const name = `${kind}:${keys.join('|')}`;
    let id = patternIds.get(name);
    if (id !== undefined) return id;
    id = patternIds.size;
    patternIds.set(name, id);
    const table = kind === 'exact' ? matcher.exact : kind === 'prefix' ? matcher.prefixes : matcher.stems;
    for (const key of keys) {
      const list = table.get(key) ?? [];
      list.push(id);
      table.set(key, list);
    }
    return id;
  };

  codes.forEach((code, codeIndex) => {
    const rules = code.rules[language];
    if (!rules) return;
    const at = code.rulesAt[language] ?? code.at;
    const problem = (severity: 'error' | 'warning', ruleId: string, message: string, hint?: string) =>
      diagnostics.push(createDiagnostic(severity, ruleId, file, `${code.id} (${language}): ${message}`, { ...at, hint }));

    const addPhrase = (term: string, role: PhraseRole, label: string): boolean => {
      const parsed = parseTerm(term, language);
      if ('error' in parsed) {
        problem('error', parsed.ruleId, `${label} ${JSON.stringify(term)}: ${parsed.error}`, parsed.hint);
        return false;
      }
      for (const warning of parsed.warnings) problem('warning', 'rule-too-broad', `${label} ${JSON.stringify(term)}: ${warning}`);
      const patterns = parsed.words.map((word) => patternId(word.kind, word.keys));
      const index = matcher.phrases.length;
      matcher.phrases.push({ patterns, code: codeIndex, role, source: `${label} ${term}` });
      const list = matcher.byFirstPattern.get(patterns[0]!) ?? [];
      list.push(index);
      matcher.byFirstPattern.set(patterns[0]!, list);
      return true;
    };

    for (const term of rules.terms ?? []) addPhrase(term, { kind: 'term' }, 'terms:');
    for (const term of rules.exclude ?? []) addPhrase(term, { kind: 'exclude' }, 'exclude:');
    for (const near of rules.near ?? []) {
      const nearIndex = matcher.nears.length;
      const source = `near: [${near.near.map((slot) => (Array.isArray(slot) ? `[${slot.join(', ')}]` : slot)).join(', ')}] within ${near.within}`;
      let ok = true;
      near.near.forEach((slot, slotIndex) => {
        for (const term of Array.isArray(slot) ? slot : [slot]) ok = addPhrase(term, { kind: 'near', near: nearIndex, slot: slotIndex }, source) && ok;
      });
      matcher.nears.push({ code: codeIndex, slots: near.near.length, within: near.within, source });
    }
    for (const source of rules.regex ?? []) {
      const compiled = compileRegex(source);
      if ('error' in compiled) {
        problem('error', 'invalid-regex', `regex ${JSON.stringify(source)} does not compile: ${compiled.error}`, 'Regexes use RE2 syntax: no look-around or backreferences.');
        continue;
      }
      if (compiled.pattern.matchesEmpty) {
        problem('error', 'regex-matches-empty', `regex ${JSON.stringify(source)} matches the empty string, so it would code every segment; it is ignored.`);
        continue;
      }
      matcher.regexes.push({ code: codeIndex, pattern: compiled.pattern, source: `regex: ${source}` });
    }
  });
  matcher.prefixLengths = [...new Set([...matcher.prefixes.keys()].map((prefix) => prefix.length))].sort((a, b) => a - b);
  return matcher;
}

interface ParsedWord {
  kind: WordPatternKind;
  keys: string[];
}

type ParsedTerm = { words: ParsedWord[]; warnings: string[] } | { error: string; ruleId: string; hint?: string };

/** A word the tokenizer would return whole and unchanged. */
const PLAIN_WORD = /^[a-z]+$/;

/** Parses one rule term (`quick win`, `interoperab*`, `=data`) into word patterns. */
export function parseTerm(term: string, language: string): ParsedTerm {
  if (typeof term !== 'string' || term.trim() === '') {
    return { error: 'the rule is empty and would match nothing (or everything)', ruleId: 'empty-rule', hint: 'Delete the empty entry.' };
  }
  const words: ParsedWord[] = [];
  const shortGlobs: string[] = [];
  for (const raw of term.trim().split(/\s+/)) {
    let body = raw;
    let kind: WordPatternKind = 'stem';
    if (body.startsWith('=')) {
      kind = 'exact';
      body = body.slice(1);
    }
    if (body.endsWith('*')) {
      if (kind === 'exact') return { error: '`=` and `*` cannot be combined on one word', ruleId: 'invalid-term' };
      kind = 'prefix';
      body = body.replace(/\*+$/, '');
    }
    const lower = body.toLowerCase();
    // Most rule words are plain ASCII letters: one token, the word itself (tokenizing them cost start-up time).
    const tokens = PLAIN_WORD.test(lower) ? { words: [lower], starts: [0], ends: [lower.length] } : tokenize(lower);
    if (tokens.words.length === 0) {
      if (kind === 'prefix') return { error: 'a bare `*` matches every word', ruleId: 'rule-matches-everything', hint: 'Give at least three letters before `*`.' };
      continue; // punctuation inside a phrase, e.g. "&"
    }
    tokens.words.forEach((word, index) => {
      const last = index === tokens.words.length - 1;
      const wordKind: WordPatternKind = kind === 'prefix' && !last ? 'stem' : kind;
      if (wordKind === 'prefix') {
        if (word.length < MIN_PREFIX) shortGlobs.push(word);
        words.push({ kind: 'prefix', keys: [word] });
      } else if (wordKind === 'exact') {
        words.push({ kind: 'exact', keys: [word] });
      } else {
        const original = lower.slice(tokens.starts[index], tokens.ends[index]).normalize('NFC');
        words.push({ kind: 'stem', keys: stemKeys(original, language) });
      }
    });
  }
  if (words.length === 0) return { error: 'the rule has no words (only punctuation)', ruleId: 'empty-rule' };
  // A short glob after other words (`start-up*`, `re-us*`) is anchored by them; alone it matches too much.
  const warnings = words.length === 1 ? shortGlobs.map((word) => `the glob "${word}*" is very short and will match many unrelated words`) : [];
  return { words, warnings };
}

/** Compiles a regex (RE2 syntax, linear time) on folded text; never throws. */
export function compileRegex(source: string): { pattern: RuleRegex } | { error: string } {
  if (source === '') return { error: 'the pattern is empty' };
  const compiled = compileRuleRegex(foldPattern(source));
  return 'error' in compiled ? compiled : { pattern: compiled.regex };
}

/** Folds literal letters in a pattern so `participación` in a regex matches folded text; escapes like `\B` keep their case. */
function foldPattern(source: string): string {
  let out = '';
  for (let i = 0; i < source.length; i++) {
    const char = source[i]!;
    if (char === '\\' && i + 1 < source.length) {
      out += char + source[i + 1];
      i++;
      continue;
    }
    out += foldText(char);
  }
  return out;
}
