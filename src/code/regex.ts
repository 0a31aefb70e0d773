/**
 * Rule regexes (`regex:` in a codebook): RE2 syntax and RE2's guarantee
 * that matching runs in linear time, so no rule can hang coding.
 *
 * Two engines give the same matches. Patterns in a common subset of RE2
 * (literals, classes, `.`, `\b \d \w \s`, groups, alternation, quantifiers,
 * `^ $`) are translated to JavaScript and run on V8's own linear-time
 * engine (the `l` flag): native code, nothing to load. Everything else
 * (inline flags, `\pL`, `[[:alpha:]]`, `\Q…\E`, …) and every pattern V8
 * refuses runs on re2js, a JavaScript port of RE2 loaded only then: it
 * cost ≈ 75 ms of the ≈ 0.55 s start-up case (issue 8).
 *
 * The translation keeps RE2's meaning where JavaScript's differs: `\s` is
 * `[\t\n\f\r ]`, `.` excludes only `\n`, RE2 works on code points (a
 * non-BMP character is one character for `.` and `[^…]`), bounded
 * repetition is spelled out the way RE2 simplifies it (V8's engine refuses
 * `x{0,40}`), and a quantifier over something that can match empty (where
 * JavaScript and RE2 iterate differently) is left to re2js, as is text
 * with lone surrogates (one character each for RE2, none for the
 * translation). test/code/regex-engine.test.ts holds the two engines equal.
 */
import { pushAll } from '../model/lists.js';
import { createRequire } from 'node:module';
import type { RE2JS } from 're2js';

/** A compiled rule regex; offsets are UTF-16 units. */
export interface RuleRegex {
  /** The pattern as compiled (RE2 syntax), e.g. `\bparticipacion\b`. */
  readonly source: string;
  /** Which engine runs it: V8's linear-time engine, or re2js for patterns outside the common subset. */
  readonly engine: 'native' | 're2js';
  /** Whether the pattern matches the empty text (a rule that does would code every segment). */
  readonly matchesEmpty: boolean;
  /**
   * Successive leftmost-first matches in `text` as flat [start, end) pairs,
   * `[s0, e0, s1, e1, …]`, found as RE2 finds them: after an empty match
   * the search resumes one character (code point) further.
   * `nonEmptyOnly` leaves out empty matches.
   */
  spans(text: string, nonEmptyOnly: boolean): number[];
  /** Whether `text` holds a non-empty match. */
  hasMatch(text: string): boolean;
}

/** Compiles an RE2 pattern (already folded by the caller); never throws. The error is re2js's message, first line. */
export function compileRuleRegex(source: string): { regex: RuleRegex } | { error: string } {
  const translated = translatePattern(source);
  if (translated !== null) {
    const native = nativeRegExp(translated);
    if (native) return { regex: new NativeRuleRegex(source, native, translated.length) };
  }
  try {
    return { regex: new Re2RuleRegex(source, re2().compile(source)) };
  } catch (error) {
    return { error: (error as Error).message.split('\n')[0] ?? String(error) };
  }
}

// ---------------------------------------------------------------------------
// Engines

const require = createRequire(import.meta.url);
let re2Class: typeof RE2JS | undefined;

/** RE2JS, loaded on the first pattern (or text) the native engine cannot take. */
function re2(): typeof RE2JS {
  return (re2Class ??= (require('re2js') as { RE2JS: typeof RE2JS }).RE2JS);
}

/** Whether `new RegExp(…, 'l')` works: unknown until the first native compile. */
let linearFlag: boolean | undefined;

/** The translated pattern on V8's linear-time engine, or null when the flag is unavailable or V8 refuses the pattern. */
function nativeRegExp(translated: string): RegExp | null {
  if (linearFlag === undefined) linearFlag = enableLinearFlag();
  if (!linearFlag) return null;
  try {
    return new RegExp(translated, 'lg');
  } catch {
    return null; // "Cannot be executed in linear time" (e.g. too large): re2js takes it
  }
}

/**
 * Turns on V8's linear-time engine (off by default in Node 20). The flag is
 * process-wide, so code-worker threads see it as well; it only adds the
 * `l` flag and changes no other RegExp.
 */
function enableLinearFlag(): boolean {
  try {
    new RegExp('', 'l');
    return true;
  } catch {
    // not enabled yet
  }
  try {
    // Required here, not imported: only codebooks with regex rules pay for loading node:v8.
    (require('node:v8') as typeof import('node:v8')).setFlagsFromString('--enable-experimental-regexp-engine');
    new RegExp('', 'l');
    return true;
  } catch {
    return false;
  }
}

/** Units to step over the character at `at`: 2 for a surrogate pair, else 1 (RE2 advances by code point). */
function charWidth(text: string, at: number): number {
  const unit = text.charCodeAt(at);
  if (unit >= 0xd800 && unit <= 0xdbff) {
    const next = text.charCodeAt(at + 1);
    if (next >= 0xdc00 && next <= 0xdfff) return 2;
  }
  return 1;
}

/** Whether `at` falls between the two halves of a surrogate pair, where RE2 never is. */
function insidePair(text: string, at: number): boolean {
  const unit = text.charCodeAt(at);
  if (!(unit >= 0xdc00 && unit <= 0xdfff) || at === 0) return false;
  const before = text.charCodeAt(at - 1);
  return before >= 0xd800 && before <= 0xdbff;
}

type WellFormed = { isWellFormed(): boolean };

/**
 * Most pattern characters × text characters run on V8's linear engine.
 * Its memory grows with both: the automaton's live states are kept for
 * every character a match may span, about 12 bytes per translated pattern
 * character per text character — `(.*a){200}` on one 300,000-character
 * turn took 18.6 GB (issue 16, item 7), `[^\n]*a` alone on a 3 MB line
 * 375 MB. Past this product (about 250 MB), the text is matched by re2js,
 * whose memory is bounded by the pattern (RE2's program, at most a few
 * thousand instructions with repeats up to 1000) and does not grow with
 * the text: the same `(.*a){200}` then takes about 50 MB and 9 s.
 * Documented in docs/codebook-format.md.
 */
export const MAX_NATIVE_WORK = 20_000_000;

class NativeRuleRegex implements RuleRegex {
  readonly engine = 'native';
  readonly matchesEmpty: boolean;
  /** For text with lone surrogates, which the translation does not match as RE2 does (as one character each). */
  private fallback: Re2RuleRegex | undefined;

  constructor(
    readonly source: string,
    private readonly regexp: RegExp,
    /** Characters of the translated pattern: the size of V8's automaton, for MAX_NATIVE_WORK. */
    private readonly size: number,
  ) {
    this.regexp.lastIndex = 0;
    this.matchesEmpty = this.regexp.exec('') !== null;
  }

  /** Whether `text` goes to re2js: lone surrogates (matched otherwise), or too much work for V8's engine's memory. */
  private toRe2(text: string): boolean {
    return text.length * this.size > MAX_NATIVE_WORK || !(text as unknown as WellFormed).isWellFormed();
  }

  spans(text: string, nonEmptyOnly: boolean): number[] {
    if (this.toRe2(text)) return this.re2().spans(text, nonEmptyOnly);
    const out: number[] = [];
    this.each(text, (start, end) => {
      if (end > start || !nonEmptyOnly) out.push(start, end);
      return true;
    });
    return out;
  }

  hasMatch(text: string): boolean {
    if (this.toRe2(text)) return this.re2().hasMatch(text);
    let found = false;
    this.each(text, (start, end) => !(found = end > start));
    return found;
  }

  /** Calls `visit` per match, as RE2 iterates them, while it returns true. */
  private each(text: string, visit: (start: number, end: number) => boolean): void {
    const regexp = this.regexp;
    regexp.lastIndex = 0;
    for (;;) {
      const found = regexp.exec(text);
      if (found === null) return;
      const start = found.index;
      const end = start + found[0].length;
      if (end === start) {
        // JavaScript also tries positions inside a surrogate pair; only empty matches can start there.
        if (!insidePair(text, start) && !visit(start, end)) return;
        if (start >= text.length) return;
        regexp.lastIndex = start + charWidth(text, start);
      } else if (!visit(start, end)) return;
    }
  }

  private re2(): Re2RuleRegex {
    return (this.fallback ??= new Re2RuleRegex(this.source, re2().compile(this.source)));
  }
}

class Re2RuleRegex implements RuleRegex {
  readonly engine = 're2js';
  readonly matchesEmpty: boolean;

  constructor(
    readonly source: string,
    private readonly pattern: RE2JS,
  ) {
    this.matchesEmpty = pattern.matches('');
  }

  spans(text: string, nonEmptyOnly: boolean): number[] {
    const out: number[] = [];
    const found = this.pattern.matcher(text);
    while (found.find()) {
      const start = found.start();
      const end = found.end();
      if (end > start || !nonEmptyOnly) out.push(start, end);
    }
    return out;
  }

  hasMatch(text: string): boolean {
    const found = this.pattern.matcher(text);
    while (found.find()) if (found.end() > found.start()) return true;
    return false;
  }
}

// ---------------------------------------------------------------------------
// Translation of the common subset

type Node =
  | { kind: 'char'; code: number }
  /** A set of BMP characters outside the surrogates, as sorted, disjoint [lo, hi] ranges; `negated`: every other code point. */
  | { kind: 'set'; ranges: number[]; negated: boolean }
  | { kind: 'assert'; js: string }
  | { kind: 'seq'; items: Node[] }
  | { kind: 'alt'; branches: Node[] }
  | { kind: 'repeat'; body: Node; min: number; max: number; lazy: boolean };

/** Pattern outside the subset: re2js compiles it (or reports the error). */
class OutsideSubset extends Error {}

/** RE2's largest repeat count, also for nested counts multiplied together. */
const MAX_REPEAT = 1000;
/** Largest translated pattern (characters): bounded repetition is spelled out, and re2js keeps huge ones compact. */
const MAX_TRANSLATED = 20_000;
/** Deepest group nesting the translation follows (RE2 allows 1000; the parser recurses). */
const MAX_DEPTH = 100;

const DIGIT = [0x30, 0x39];
const WORD = [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a];
/** RE2's `\s`: tab, newline, form feed, carriage return, space (not `\v`, not Unicode spaces). */
const SPACE = [0x09, 0x0a, 0x0c, 0x0d, 0x20, 0x20];
const NEWLINE = [0x0a, 0x0a];

/** Single-character escapes RE2 and JavaScript share (RE2's `\a` is BEL). */
const CHAR_ESCAPES: Record<string, number> = { a: 0x07, f: 0x0c, n: 0x0a, r: 0x0d, t: 0x09, v: 0x0b };

/**
 * The JavaScript pattern (for flags `lg`) matching exactly what the RE2
 * pattern matches, at the same offsets, on well-formed UTF-16; null when
 * the pattern is outside the subset (or invalid: re2js then says why).
 * Every group becomes non-capturing: only the whole match is used.
 */
export function translatePattern(source: string): string | null {
  try {
    const parser = new SubsetParser(source);
    const tree = parser.parse();
    const out = emit(tree, true);
    return out.length > MAX_TRANSLATED ? null : out;
  } catch {
    // OutsideSubset, or a pattern too large to follow (a RangeError): re2js takes it.
    return null;
  }
}

class SubsetParser {
  private at = 0;
  private depth = 0;
  private readonly names = new Set<string>();

  constructor(private readonly source: string) {}

  parse(): Node {
    const tree = this.alternation();
    if (this.at < this.source.length) throw new OutsideSubset(); // a stray `)`
    return tree;
  }

  private alternation(): Node {
    const branches = [this.sequence()];
    while (this.source[this.at] === '|') {
      this.at++;
      branches.push(this.sequence());
    }
    return branches.length === 1 ? branches[0]! : { kind: 'alt', branches };
  }

  private sequence(): Node {
    const items: Node[] = [];
    while (this.at < this.source.length) {
      const char = this.source[this.at]!;
      if (char === '|' || char === ')') break;
      if (char === '*' || char === '+' || char === '?' || char === '{') throw new OutsideSubset(); // nothing to repeat, or a literal `{`
      const atom = this.atom();
      items.push(this.quantified(atom));
    }
    return items.length === 1 ? items[0]! : { kind: 'seq', items };
  }

  private atom(): Node {
    const source = this.source;
    const char = source[this.at]!;
    switch (char) {
      case '(':
        return this.group();
      case '[':
        return this.charClass();
      case '.':
        this.at++;
        return { kind: 'set', ranges: NEWLINE, negated: true };
      case '^':
      case '$':
        this.at++;
        return { kind: 'assert', js: char };
      case '\\':
        return this.escape();
      default:
        return { kind: 'char', code: this.literal() };
    }
  }

  /** One literal character of the pattern (a surrogate pair is one); lone surrogates are left to re2js. */
  private literal(): number {
    const code = this.source.codePointAt(this.at)!;
    if (code >= 0xd800 && code <= 0xdfff) throw new OutsideSubset();
    this.at += code > 0xffff ? 2 : 1;
    return code;
  }

  private group(): Node {
    const source = this.source;
    this.at++; // (
    if (source[this.at] === '?') {
      if (source.startsWith('?:', this.at)) this.at += 2;
      else {
        const named = /^\?P?<([A-Za-z0-9_]+)>/.exec(source.slice(this.at, this.at + 40));
        // Invalid or repeated names are errors in RE2: re2js reports them.
        if (!named || this.names.has(named[1]!)) throw new OutsideSubset();
        this.names.add(named[1]!);
        this.at += named[0].length;
      }
    }
    if (++this.depth > MAX_DEPTH) throw new OutsideSubset();
    const body = this.alternation();
    this.depth--;
    if (source[this.at] !== ')') throw new OutsideSubset();
    this.at++;
    return body;
  }

  private escape(): Node {
    const next = this.source[this.at + 1];
    if (next === undefined) throw new OutsideSubset();
    this.at += 2;
    switch (next) {
      case 'b':
        return { kind: 'assert', js: '\\b' };
      case 'B':
        return { kind: 'assert', js: '\\B' };
      case 'd':
      case 'D':
        return { kind: 'set', ranges: DIGIT, negated: next === 'D' };
      case 'w':
      case 'W':
        return { kind: 'set', ranges: WORD, negated: next === 'W' };
      case 's':
      case 'S':
        return { kind: 'set', ranges: SPACE, negated: next === 'S' };
    }
    const code = simpleEscape(next);
    if (code === undefined) throw new OutsideSubset();
    return { kind: 'char', code };
  }

  /** `[…]` and `[^…]` as RE2 reads them: a leading `]` is literal, `-` is literal where it cannot form a range. */
  private charClass(): Node {
    const source = this.source;
    this.at++; // [
    const negated = source[this.at] === '^';
    if (negated) this.at++;
    const ranges: number[] = [];
    let first = true;
    while (source[this.at] !== ']' || first) {
      if (this.at >= source.length) throw new OutsideSubset();
      first = false;
      if (source[this.at] === '\\') {
        const perl = source[this.at + 1];
        const set = perl === 'd' ? DIGIT : perl === 'w' ? WORD : perl === 's' ? SPACE : undefined;
        if (set) {
          pushAll(ranges, set);
          this.at += 2;
          continue;
        }
      }
      const lo = this.classChar();
      let hi = lo;
      if (source[this.at] === '-' && this.at + 1 < source.length && source[this.at + 1] !== ']') {
        this.at++;
        hi = this.classChar();
        if (hi < lo) throw new OutsideSubset(); // RE2: invalid character class range
      }
      // Non-BMP characters in a class (two units in JavaScript) are left to re2js.
      if (hi > 0xffff || (lo <= 0xdfff && hi >= 0xd800)) throw new OutsideSubset();
      ranges.push(lo, hi);
    }
    this.at++; // ]
    return { kind: 'set', ranges: normaliseRanges(ranges), negated };
  }

  private classChar(): number {
    const source = this.source;
    const char = source[this.at];
    if (char === undefined) throw new OutsideSubset();
    if (char === '[') throw new OutsideSubset(); // `[[:alpha:]]` and friends
    if (char === '\\') {
      const code = simpleEscape(source[this.at + 1]);
      if (code === undefined) throw new OutsideSubset(); // \D \W \S \pL \x41 … inside a class
      this.at += 2;
      return code;
    }
    return this.literal();
  }

  /** The quantifiers after an atom (`*`, `+?`, `{2,5}` …), if any. */
  private quantified(atom: Node): Node {
    const source = this.source;
    const char = source[this.at];
    let min: number;
    let max: number;
    if (char === '*') [min, max] = [0, Infinity];
    else if (char === '+') [min, max] = [1, Infinity];
    else if (char === '?') [min, max] = [0, 1];
    else if (char === '{') {
      const counted = /^\{(0|[1-9][0-9]{0,3})(,((0|[1-9][0-9]{0,3}))?)?\}/.exec(source.slice(this.at, this.at + 12));
      if (!counted) throw new OutsideSubset(); // RE2 reads such a `{` as a literal; rare enough to leave to re2js
      min = Number(counted[1]);
      max = counted[2] === undefined ? min : counted[3] === undefined ? Infinity : Number(counted[3]);
      if (min > MAX_REPEAT || (max !== Infinity && (max > MAX_REPEAT || max < min))) throw new OutsideSubset();
      this.at += counted[0].length - 1;
    } else return atom;
    this.at++;
    const lazy = source[this.at] === '?';
    if (lazy) this.at++;
    // RE2 rejects `a**`, `a+?+`, `a{2}*`; JavaScript cannot repeat `^` or `\b`, which RE2 allows.
    const after = source[this.at];
    if (after === '*' || after === '+' || after === '?' || after === '{' || atom.kind === 'assert') throw new OutsideSubset();
    // Repeating what can match empty: RE2 and JavaScript iterate `(|a)*` differently.
    if (nullable(atom)) throw new OutsideSubset();
    if (repeatProduct(atom) * (max === Infinity ? Math.max(min, 1) : Math.max(max, 1)) > MAX_REPEAT) throw new OutsideSubset();
    return { kind: 'repeat', body: atom, min, max, lazy };
  }
}

/** The code of a one-character escape both engines read alike (`\n`, `\.`), or undefined. */
function simpleEscape(char: string | undefined): number | undefined {
  if (char === undefined) return undefined;
  if (char in CHAR_ESCAPES) return CHAR_ESCAPES[char];
  // RE2 takes any escaped ASCII punctuation as itself; letters and digits are escapes of their own.
  const code = char.charCodeAt(0);
  return code >= 0x20 && code <= 0x7e && !isAlphanumeric(code) ? code : undefined;
}

function isAlphanumeric(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

/** Sorted, merged ranges. */
function normaliseRanges(ranges: number[]): number[] {
  const pairs: [number, number][] = [];
  for (let i = 0; i < ranges.length; i += 2) pairs.push([ranges[i]!, ranges[i + 1]!]);
  pairs.sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  for (const [lo, hi] of pairs) {
    if (out.length > 0 && lo <= out[out.length - 1]! + 1) out[out.length - 1] = Math.max(out[out.length - 1]!, hi);
    else out.push(lo, hi);
  }
  return out;
}

function nullable(node: Node): boolean {
  switch (node.kind) {
    case 'char':
    case 'set':
      return false;
    case 'assert':
      return true;
    case 'seq':
      return node.items.every(nullable);
    case 'alt':
      return node.branches.some(nullable);
    case 'repeat':
      return node.min === 0 || nullable(node.body);
  }
}

/** The largest product of counted repeats nested in `node` (RE2 bounds it by 1000, as it does each count). */
function repeatProduct(node: Node): number {
  switch (node.kind) {
    case 'seq':
    case 'alt': {
      let largest = 1;
      for (const child of node.kind === 'seq' ? node.items : node.branches) largest = Math.max(largest, repeatProduct(child));
      return largest;
    }
    case 'repeat': {
      const counted = node.max === Infinity ? Math.max(node.min, 1) : Math.max(node.max, 1);
      return counted * repeatProduct(node.body);
    }
    default:
      return 1;
  }
}

function hex4(code: number): string {
  return `\\u${code.toString(16).padStart(4, '0')}`;
}

/** A BMP unit in a JavaScript pattern or class: letters, digits and space as themselves, anything else as `\uXXXX`. */
function unit(code: number): string {
  return isAlphanumeric(code) || code === 0x20 ? String.fromCharCode(code) : hex4(code);
}

function classBody(ranges: number[]): string {
  let out = '';
  for (let i = 0; i < ranges.length; i += 2) {
    const lo = ranges[i]!;
    const hi = ranges[i + 1]!;
    out += lo === hi ? unit(lo) : `${unit(lo)}-${unit(hi)}`;
  }
  return out;
}

/** Any surrogate pair: one non-BMP character, which RE2's `.` and `[^…]` match whole. */
const ASTRAL = '[\\ud800-\\udbff][\\udc00-\\udfff]';

/** JavaScript for `node`; `top`: not inside a sequence or quantifier, so an alternation needs no group. */
function emit(node: Node, top = false): string {
  switch (node.kind) {
    case 'char':
      if (node.code <= 0xffff) return unit(node.code);
      // One RE2 character, two units: grouped so a quantifier repeats both.
      return `(?:${String.fromCodePoint(node.code)
        .split('')
        .map((half) => hex4(half.charCodeAt(0)))
        .join('')})`;
    case 'set':
      if (!node.negated) return `[${classBody(node.ranges)}]`;
      return `(?:[^${classBody(node.ranges)}\\ud800-\\udfff]|${ASTRAL})`;
    case 'assert':
      return node.js;
    case 'seq':
      return node.items.map((item) => emit(item)).join('');
    case 'alt': {
      const body = node.branches.map((branch) => emit(branch, true)).join('|');
      return top ? body : `(?:${body})`;
    }
    case 'repeat':
      return emitRepeat(node);
  }
}

/**
 * A repeat as RE2 simplifies it: `x{2,5}` is `xx(?:x(?:x(?:x)?)?)?` and
 * `x{2,}` is `xx+`; V8's linear engine only takes small counts itself.
 */
function emitRepeat(node: { body: Node; min: number; max: number; lazy: boolean }): string {
  const body = `(?:${emit(node.body, true)})`;
  const lazy = node.lazy ? '?' : '';
  const { min, max } = node;
  if (max === Infinity) {
    if (min === 0) return `${body}*${lazy}`;
    return body.repeat(min - 1) + `${body}+${lazy}`;
  }
  let optional = '';
  for (let k = 0; k < max - min; k++) optional = `(?:${body}${optional})?${lazy}`;
  return body.repeat(min) + optional;
}
