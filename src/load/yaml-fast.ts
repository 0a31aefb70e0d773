/**
 * A fast reader for the plain YAML that transcripts, front matter and
 * codebooks are written in: block maps and lists, one-line flow lists and
 * maps, plain, quoted and block (`|`, `>`) scalars, comments. It builds the
 * JS value and a small position tree in one pass over the lines, without
 * the `yaml` package's token stream, CST and document model (which read
 * transcripts at about 15 MB/s and cost a tenth of a second to load).
 *
 * Plain scalars are kept as the text written (yaml-scalars.ts), as the
 * full parser's path does too. It never guesses: anything outside that
 * subset (anchors, tags, multi-line quoted scalars, tabs in indentation,
 * duplicate keys, anything the full parser would warn about) makes it
 * return undefined, and the caller parses with the `yaml` package. test/load/yaml-fast.test.ts holds both to the same value and
 * the same node positions on the corpus, the fixtures and generated files.
 */
import { MAX_YAML_DEPTH } from './yaml-depth.js';
import { coreReading, type CoreReading } from './yaml-scalars.js';
import type { YamlMapNode, YamlNode, YamlPairNode, YamlScalarNode, YamlSeqNode } from './yaml-tree.js';

/** What the fast reader gives: the JS value and the node tree with offsets (as the `yaml` package reports them). */
export interface FastYaml {
  value: unknown;
  contents: YamlNode | null;
  /** Plain scalars kept as their text where YAML 1.2 would have read a number, boolean or null (yaml-scalars.ts): offset, text, reading. */
  retyped: RetypedScalar[];
}

/** A plain scalar read as its text where YAML 1.2 would read something else. */
export interface RetypedScalar {
  /** Offset of the scalar in the parsed text. */
  offset: number;
  /** The text as written, e.g. `0x10`. */
  source: string;
  reading: CoreReading;
}

/** Thrown inside the reader when the text leaves the supported subset. */
class Unsupported {}
const UNSUPPORTED = new Unsupported();

function bail(): never {
  throw UNSUPPORTED;
}

/** Reads `text`; undefined when it is not in the supported subset (the caller then uses the full parser). */
export function parseYamlFast(text: string): FastYaml | undefined {
  try {
    return new Reader(text).document();
  } catch (error) {
    if (error === UNSUPPORTED) return undefined;
    throw error;
  }
}

const CORE_NULL = /^(?:~|[Nn]ull|NULL)$/;
const CORE_TRUE = /^(?:[Tt]rue|TRUE)$/;
const CORE_FALSE = /^(?:[Ff]alse|FALSE)$/;
/** Keys the reader accepts: plain words (letters first), as every transcript and codebook uses. */
const PLAIN_KEY = /^[\p{L}_][\p{L}\p{N}_ ./-]*$/u;
/** PLAIN_KEY for ASCII keys (ASCII letters and digits are all ASCII `\p{L}`/`\p{N}`); tried first because a Unicode class takes over half a millisecond to compile. */
const ASCII_PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_ ./-]*$/;

/** Whether `key` matches PLAIN_KEY, compiling the Unicode pattern only for a key outside ASCII. */
function isPlainKeyText(key: string): boolean {
  return ASCII_PLAIN_KEY.test(key) || PLAIN_KEY.test(key);
}
/** Characters that may not start a block plain scalar (or that start something else). */
const INDICATOR_START = /^[-?:,[\]{}#&*!|>'"%@`]/;

// Sticky scanners: each skips, natively, a run of characters that need no decision, and leaves
// `lastIndex` on the next one that does. The reader runs once per process, mostly before V8 has
// compiled it, where a JavaScript loop over every character costs several times a native scan.
/** Leading spaces of a line. */
const SPACES = / */y;
/** Inside a block key: up to a colon or a possible comment. */
const KEY_RUN = /[^:#\r\n]*/y;
/** Inside a block plain scalar: up to what may end it or make it unsupported. */
const PLAIN_RUN = /[^\t#:\r\n]*/y;
/** Inside a plain item of a flow collection: up to a delimiter or what may make it unsupported. */
const FLOW_PLAIN_RUN = /[^,[\]{}\r\n:\t#]*/y;
/** Inside a flow map key: up to its colon or a character no plain key holds. */
const FLOW_KEY_RUN = /[^:,[\]{}#"'\r\n]*/y;
/** Inside a double-quoted scalar: up to the closing quote, an escape or the line end. */
const DOUBLE_RUN = /[^"\\\r\n]*/y;

/** Where a sticky scanner stops when started at `from`. */
function runEnd(scanner: RegExp, text: string, from: number): number {
  scanner.lastIndex = from;
  scanner.test(text);
  return scanner.lastIndex;
}

/** What follows a line's leading spaces, as `Reader.firsts` records it: nothing. */
const EMPTY_LINE = -1;

class Reader {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  /** Leading spaces of each line. */
  private readonly spaces: number[] = [];
  /** Character code after each line's leading spaces (EMPTY_LINE when there is none): tells blank, comment and tab lines apart without a scan. */
  private readonly firsts: number[] = [];
  /** Current line. */
  private line = 0;
  /**
   * The JS value of the node the last `…Node`/scalar method returned. Kept
   * here rather than returned with the node, so that reading a node does not
   * allocate a pair for it; read it right after the call.
   */
  private value: unknown = null;
  /** The key `keyAt` found. */
  private key = '';
  /** Read position inside a flow collection. */
  private at = 0;
  /** Line of `at` inside a flow collection (flow collections may go on over several lines). */
  private flowLine = 0;
  /** Plain scalars whose text YAML 1.2 would read as something else. */
  readonly retyped: RetypedScalar[] = [];

  /** A plain scalar's value: its text as written (yaml-scalars.ts), noting where YAML 1.2 would read otherwise. */
  private plainValue(text: string, offset: number): string {
    const reading = coreReading(text);
    if (reading) this.retyped.push({ offset, source: text, reading });
    return text;
  }

  /** Collections open around the one being read; past MAX_YAML_DEPTH the full parser's path reports the depth (no stack overflow here). */
  private depth = 0;

  /** Enters a collection; too deep a nesting is left to the caller's depth check. */
  private enter(): void {
    if (++this.depth > MAX_YAML_DEPTH) bail();
  }

  constructor(private readonly text: string) {
    let start = 0;
    for (;;) {
      const newline = text.indexOf('\n', start);
      const end = newline === -1 ? text.length : newline;
      const lineEnd = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
      const content = runEnd(SPACES, text, start);
      this.starts.push(start);
      this.ends.push(lineEnd);
      this.spaces.push(content - start);
      this.firsts.push(content < lineEnd ? text.charCodeAt(content) : EMPTY_LINE);
      if (newline === -1) break;
      start = newline + 1;
    }
    // A carriage return anywhere but before a line feed is an old Mac line break: leave it to the full parser.
    for (let i = text.indexOf('\r'); i !== -1; i = text.indexOf('\r', i + 1)) if (text.charCodeAt(i + 1) !== 10) bail();
  }

  document(): FastYaml {
    this.skipBlank();
    if (this.line < this.starts.length && this.lineText(this.line) === '---') {
      this.line++;
      this.skipBlank();
    }
    if (this.line >= this.starts.length) return { value: null, contents: null, retyped: this.retyped };
    const first = this.line;
    if (this.indent(first) !== 0) bail();
    const node = this.blockNode(-1);
    this.skipBlank();
    if (this.line < this.starts.length || !node) bail();
    return { value: this.value, contents: node, retyped: this.retyped };
  }

  private lineText(line: number): string {
    return this.text.slice(this.starts[line], this.ends[line]);
  }

  /** Leading spaces of a line; a tab in the indentation is left to the full parser. */
  private indent(line: number): number {
    if (this.firsts[line] === 9) bail();
    return this.spaces[line]!;
  }

  /** Whether a line holds nothing but spaces or a comment. */
  private isBlank(line: number): boolean {
    const first = this.firsts[line];
    if (first === 9) bail();
    return first === EMPTY_LINE || first === 35;
  }

  /** Whether `line` starts with a document marker or directive (`---`, `...`, `%`). */
  private isMarker(line: number): boolean {
    const start = this.starts[line]!;
    const first = this.text.charCodeAt(start);
    if (first === 37) return true;
    if (first !== 45 && first !== 46) return false;
    return this.ends[line]! - start >= 3 && this.text.charCodeAt(start + 1) === first && this.text.charCodeAt(start + 2) === first;
  }

  private skipBlank(): void {
    while (this.line < this.starts.length && this.isBlank(this.line)) {
      if (this.isMarker(this.line)) bail();
      this.line++;
    }
    if (this.line < this.starts.length && this.isMarker(this.line)) bail();
  }

  /** A block map or list starting on the current line, more indented than `parentIndent`; undefined when there is none. */
  private blockNode(parentIndent: number): YamlNode | undefined {
    this.skipBlank();
    if (this.line >= this.starts.length) return undefined;
    const indent = this.indent(this.line);
    if (indent <= parentIndent) return undefined;
    if (this.isDash(this.line, indent)) return this.sequence(indent);
    return this.map(indent, indent);
  }

  private isDash(line: number, column: number): boolean {
    const at = this.starts[line]! + column;
    if (this.text.charCodeAt(at) !== 45) return false;
    return at + 1 >= this.ends[line]! || this.text.charCodeAt(at + 1) === 32;
  }

  /** The colon of `key:` on `line` at `column` (up to `: ` or a final `:`), the key in `this.key`; -1 when the line is not `key: …`. */
  private keyAt(line: number, column: number): number {
    const start = this.starts[line]! + column;
    const end = this.ends[line]!;
    const first = this.text.charCodeAt(start);
    // A flow collection, quoted or block scalar ([ { " ' | >), not `key:`.
    if (first === 91 || first === 123 || first === 34 || first === 39 || first === 124 || first === 62) return -1;
    let colon = -1;
    for (let i = runEnd(KEY_RUN, this.text, start); i < end; i = runEnd(KEY_RUN, this.text, i + 1)) {
      if (this.text.charCodeAt(i) === 58) {
        if (i + 1 === end || this.text.charCodeAt(i + 1) === 32) {
          colon = i;
          break;
        }
      } else if (i > start && this.text.charCodeAt(i - 1) === 32) return -1; // a comment before any colon
    }
    if (colon === -1) return -1;
    const key = this.text.slice(start, colon);
    if (!plainKey(key)) bail();
    this.key = key;
    return colon;
  }

  /** A block map whose keys are at `indent`; its first key may sit further right (`- key: value` in a list). */
  private map(indent: number, firstColumn: number): YamlMapNode {
    this.enter();
    const items: YamlPairNode[] = [];
    const value = Object.create(null) as Record<string, unknown>;
    let column = firstColumn;
    const mapStart = this.starts[this.line]! + firstColumn;
    for (;;) {
      const line = this.line;
      const colon = this.keyAt(line, column);
      if (colon === -1) bail();
      const key = this.key;
      if (Object.prototype.hasOwnProperty.call(value, key)) bail();
      const keyStart = this.starts[line]! + column;
      const keyNode: YamlScalarNode = { kind: 'scalar', type: 'PLAIN', value: key, range: [keyStart, keyStart + key.length] };
      items.push({ key: keyNode, value: this.valueAfterColon(line, colon, indent) });
      value[key] = this.value;
      // The next entry: same indentation, or the map ends.
      this.skipBlank();
      if (this.line >= this.starts.length) break;
      const next = this.indent(this.line);
      if (next < indent) break;
      if (next > indent || this.isDash(this.line, next)) bail();
      column = indent;
    }
    this.value = value;
    this.depth--;
    return { kind: 'map', range: [mapStart, this.rangeEnd()], items };
  }

  /** The value of `key:` written after the colon on `line`, or on the lines below. */
  private valueAfterColon(line: number, colon: number, indent: number): YamlNode {
    const end = this.ends[line]!;
    let at = colon + 1;
    while (at < end && this.text.charCodeAt(at) === 32) at++;
    if (at < end && this.text.charCodeAt(at) === 9) bail();
    if (at === end || this.text.charCodeAt(at) === 35) {
      const comment = at < end;
      this.line = line + 1;
      const nested = this.blockNode(indent);
      if (nested) return nested;
      // A list may sit at the key's own indentation (`turns:` then `- …`).
      if (this.line < this.starts.length && this.indent(this.line) === indent && this.isDash(this.line, indent)) return this.sequence(indent);
      if (comment) bail();
      this.value = null;
      return { kind: 'scalar', type: 'PLAIN', value: null, range: [end, end] };
    }
    return this.inlineValue(line, at - this.starts[line]!, indent);
  }

  /** A block list whose dashes are at `indent`. */
  private sequence(indent: number): YamlSeqNode {
    this.enter();
    const items: (YamlNode | null)[] = [];
    const value: unknown[] = [];
    const seqStart = this.starts[this.line]! + indent;
    for (;;) {
      const line = this.line;
      const end = this.ends[line]!;
      let at = this.starts[line]! + indent + 1;
      while (at < end && this.text.charCodeAt(at) === 32) at++;
      if (at < end && this.text.charCodeAt(at) === 9) bail();
      let item: YamlNode;
      if (at === end || this.text.charCodeAt(at) === 35) {
        this.line = line + 1;
        const nested = this.blockNode(indent);
        if (!nested) bail();
        item = nested;
      } else {
        const column = at - this.starts[line]!;
        if (this.isDash(line, column)) bail(); // `- - x`
        item = this.keyAt(line, column) !== -1 ? this.map(column, column) : this.inlineValue(line, column, indent);
      }
      items.push(item);
      value.push(this.value);
      this.skipBlank();
      if (this.line >= this.starts.length) break;
      const next = this.indent(this.line);
      if (next < indent) break;
      if (next > indent) bail();
      if (!this.isDash(this.line, indent)) break; // the parent map goes on at this indentation
    }
    this.value = value;
    this.depth--;
    return { kind: 'seq', range: [seqStart, this.rangeEnd()], items };
  }

  /** End offset for a collection: where the next content starts (collections' ends are not used by callers). */
  private rangeEnd(): number {
    return this.line < this.starts.length ? this.starts[this.line]! : this.text.length;
  }

  /** A value that starts on `line` at `column` (after `key: ` or `- `); `indent` is the owning map's or list's. */
  private inlineValue(line: number, column: number, indent: number): YamlNode {
    const start = this.starts[line]! + column;
    const code = this.text.charCodeAt(start);
    let node: YamlNode;
    this.lastLine = line;
    if (code === 124 || code === 62) return this.blockScalar(line, start, indent); // | >
    if (code === 34) node = this.doubleQuoted(start, this.ends[line]!, line);
    else if (code === 39) node = this.singleQuoted(start, this.ends[line]!, line);
    else if (code === 91 || code === 123) node = this.flowValue(line, start, indent);
    else node = this.plain(line, start, indent);
    // Nothing else may continue the value on a more indented line.
    this.line = this.lastLine + 1;
    this.skipBlank();
    if (this.line < this.starts.length && this.indent(this.line) > indent) bail();
    return node;
  }

  /** Last line of the value `inlineValue` is reading (plain scalars and flow collections may continue on later lines). */
  private lastLine = 0;

  /** The end of a plain scalar's text on one line from `start`: up to a comment, trailing spaces trimmed. */
  private plainPart(start: number, end: number): number {
    let stop = end;
    for (let i = runEnd(PLAIN_RUN, this.text, start); i < end; i = runEnd(PLAIN_RUN, this.text, i + 1)) {
      const code = this.text.charCodeAt(i);
      if (code === 35) {
        const before = this.text.charCodeAt(i - 1);
        if (before === 32 || before === 9) {
          stop = i;
          break;
        }
      } else if (code === 9) bail();
      else if (i + 1 === end || this.text.charCodeAt(i + 1) === 32) bail(); // `a: b: c`
    }
    while (stop > start && this.text.charCodeAt(stop - 1) === 32) stop--;
    return stop;
  }

  /** A plain scalar; it may go on over more indented lines (folded: a line break is a space, an empty line a newline). */
  private plain(line: number, start: number, indent: number): YamlScalarNode {
    const end = this.ends[line]!;
    let stop = this.plainPart(start, end);
    const source = this.text.slice(start, stop);
    if (source === '' || INDICATOR_START.test(source)) bail();
    let value = source;
    if (stop === end) {
      // Continuation lines: more indented than the owner, not comments.
      let empties = 0;
      for (let next = line + 1; next < this.starts.length; next++) {
        const first = this.firsts[next]!;
        if (first === EMPTY_LINE) {
          empties++;
          continue;
        }
        const spaces = this.spaces[next]!;
        if (spaces <= indent) break;
        if (first === 9 || first === 35) bail();
        const partStart = this.starts[next]! + spaces;
        const lineEnd = this.ends[next]!;
        const partStop = this.plainPart(partStart, lineEnd);
        if (partStop !== lineEnd) bail(); // a comment ends the scalar; what follows would be an error
        const part = this.text.slice(partStart, partStop);
        value += empties > 0 ? '\n'.repeat(empties) + part : ` ${part}`;
        empties = 0;
        stop = partStop;
        this.lastLine = next;
      }
    }
    const resolved = this.plainValue(value, start);
    this.value = resolved;
    return { kind: 'scalar', type: 'PLAIN', value: resolved, range: [start, stop] };
  }

  /** The rest of the line after a closing quote or bracket may hold only spaces and a comment. */
  private assertLineRest(line: number, from: number): void {
    const end = this.ends[line]!;
    let i = from;
    while (i < end && this.text.charCodeAt(i) === 32) i++;
    if (i < end && !(this.text.charCodeAt(i) === 35 && i > from)) bail();
  }

  /** A double-quoted scalar from `start` that closes before `end` (its line's end); `line` checks the rest of a block value's line. */
  private doubleQuoted(start: number, end: number, line?: number): YamlScalarNode {
    let out = '';
    let run = start + 1;
    let i = run;
    for (;;) {
      i = runEnd(DOUBLE_RUN, this.text, i);
      if (i >= end) bail(); // closes on a later line
      if (this.text.charCodeAt(i) === 34) break;
      // A backslash.
      out += this.text.slice(run, i);
      const escape = this.text[i + 1];
      switch (escape) {
        case '\\':
        case '"':
        case '/':
          out += escape;
          break;
        case 'n':
          out += '\n';
          break;
        case 't':
          out += '\t';
          break;
        case 'r':
          out += '\r';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case '0':
          out += '\0';
          break;
        case 'u': {
          const hex = this.text.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) bail();
          out += String.fromCharCode(parseInt(hex, 16));
          i += 4;
          break;
        }
        default:
          bail();
      }
      i += 2;
      run = i;
    }
    out += this.text.slice(run, i);
    if (line !== undefined) this.assertLineRest(line, i + 1);
    this.value = out;
    return { kind: 'scalar', type: 'QUOTE_DOUBLE', value: out, range: [start, i + 1] };
  }

  /** A single-quoted scalar from `start` that closes before `end` (its line's end); `line` checks the rest of a block value's line. */
  private singleQuoted(start: number, end: number, line?: number): YamlScalarNode {
    let out = '';
    let run = start + 1;
    let i: number;
    for (;;) {
      i = this.text.indexOf("'", run);
      if (i === -1 || i >= end) bail();
      if (i + 1 < end && this.text.charCodeAt(i + 1) === 39) {
        out += this.text.slice(run, i + 1); // `''` is one quote
        run = i + 2;
        continue;
      }
      break;
    }
    out += this.text.slice(run, i);
    if (line !== undefined) this.assertLineRest(line, i + 1);
    this.value = out;
    return { kind: 'scalar', type: 'QUOTE_SINGLE', value: out, range: [start, i + 1] };
  }

  /** A flow list or map; it may go on over more indented lines. */
  private flowValue(line: number, start: number, indent: number): YamlNode {
    this.flowIndent = indent;
    this.flowLine = line;
    this.at = start;
    const node = this.flowCollection();
    this.lastLine = this.flowLine; // the line of the closing bracket
    this.assertLineRest(this.lastLine, this.at);
    return node;
  }

  /** Indentation that continuation lines of the flow collection being read must exceed. */
  private flowIndent = 0;

  /** Spaces and line breaks inside a flow collection; a comment or a too little indented line goes to the full parser. */
  private skipFlowSpaces(): void {
    for (;;) {
      while (this.text.charCodeAt(this.at) === 32) this.at++;
      const code = this.text.charCodeAt(this.at);
      if (code === 9 || code === 35) bail();
      if (code !== 13 && code !== 10) return;
      this.at += code === 13 ? 2 : 1; // a lone carriage return was refused in the constructor
      const line = ++this.flowLine;
      if (this.isBlank(line) || this.indent(line) <= this.flowIndent) bail();
    }
  }

  /** The flow list or map whose bracket is at `this.at`; leaves `this.at` after its closing bracket. */
  private flowCollection(): YamlMapNode | YamlSeqNode {
    this.enter();
    const start = this.at;
    const isMap = this.text.charCodeAt(start) === 123;
    const close = isMap ? 125 : 93;
    this.at++;
    const items: (YamlNode | null)[] = [];
    const pairs: YamlPairNode[] = [];
    const list: unknown[] = [];
    const object = Object.create(null) as Record<string, unknown>;
    this.skipFlowSpaces();
    if (this.text.charCodeAt(this.at) !== close) {
      for (;;) {
        if (isMap) {
          const keyStart = this.at;
          const i = runEnd(FLOW_KEY_RUN, this.text, keyStart);
          if (this.text.charCodeAt(i) !== 58 || this.text.charCodeAt(i + 1) !== 32) bail();
          const key = this.text.slice(keyStart, i);
          if (!isPlainKeyText(key) || key.endsWith(' ') || key === '__proto__' || CORE_NULL.test(key) || CORE_TRUE.test(key) || CORE_FALSE.test(key)) bail();
          if (Object.prototype.hasOwnProperty.call(object, key)) bail();
          this.at = i + 1;
          this.skipFlowSpaces();
          const item = this.flowItem();
          pairs.push({ key: { kind: 'scalar', type: 'PLAIN', value: key, range: [keyStart, keyStart + key.length] }, value: item });
          object[key] = this.value;
        } else {
          items.push(this.flowItem());
          list.push(this.value);
        }
        this.skipFlowSpaces();
        const code = this.text.charCodeAt(this.at);
        if (code === close) break;
        if (code !== 44) bail();
        this.at++;
        this.skipFlowSpaces();
        if (this.text.charCodeAt(this.at) === close) bail(); // a trailing comma
      }
    }
    this.at++;
    this.depth--;
    const range: [number, number] = [start, this.at];
    if (isMap) {
      this.value = object;
      return { kind: 'map', range, items: pairs };
    }
    this.value = list;
    return { kind: 'seq', range, items };
  }

  /** The item of a flow collection at `this.at`; leaves `this.at` after it. */
  private flowItem(): YamlNode {
    const start = this.at;
    const text = this.text;
    if (start >= text.length) bail();
    const code = text.charCodeAt(start);
    if (code === 91 || code === 123) return this.flowCollection();
    if (code === 34 || code === 39) {
      const lineEnd = this.ends[this.flowLine]!;
      const node = code === 34 ? this.doubleQuoted(start, lineEnd) : this.singleQuoted(start, lineEnd);
      this.at = node.range[1];
      return node;
    }
    let i = runEnd(FLOW_PLAIN_RUN, text, start);
    // Stopped on a `#`, `:`, tab or delimiter: only a `#` inside a word goes on.
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 58 || c === 9) bail();
      if (c !== 35) break;
      if (text.charCodeAt(i - 1) === 32) bail(); // a comment
      i = runEnd(FLOW_PLAIN_RUN, text, i + 1);
    }
    let stop = i;
    while (stop > start && text.charCodeAt(stop - 1) === 32) stop--;
    const source = text.slice(start, stop);
    if (source === '' || INDICATOR_START.test(source)) bail();
    this.at = i;
    const value = this.plainValue(source, start);
    this.value = value;
    return { kind: 'scalar', type: 'PLAIN', value, range: [start, stop] };
  }

  /** `|` or `>` with an optional `-` (strip) chomping indicator; content on the following lines. */
  private blockScalar(line: number, start: number, indent: number): YamlScalarNode {
    const folded = this.text.charCodeAt(start) === 62;
    const headerEnd = this.ends[line]!;
    const header = this.text.slice(start + 1, headerEnd);
    if (header !== '' && header !== '-') bail(); // keep (+), indentation digits, comments: full parser
    const strip = header === '-';
    let next = line + 1;
    let contentIndent = -1;
    const lines: string[] = [];
    let lastContentLine = -1;
    for (; next < this.starts.length; next++) {
      const lineStart = this.starts[next]!;
      const lineEnd = this.ends[next]!;
      const spaces = this.spaces[next]!;
      if (this.firsts[next] === EMPTY_LINE) {
        if (contentIndent === -1 ? spaces > 0 : spaces > contentIndent) bail(); // spaces that may be content
        lines.push('');
        continue;
      }
      if (contentIndent === -1) {
        if (spaces <= indent) break; // empty scalar: full parser
        contentIndent = spaces;
      } else if (spaces < contentIndent) break;
      // More-indented lines (spaces or a tab after the indentation) are not folded: full parser.
      if (folded && (spaces > contentIndent || this.text.charCodeAt(lineStart + contentIndent) === 9)) bail();
      lines.push(this.text.slice(lineStart + contentIndent, lineEnd));
      lastContentLine = next;
    }
    if (contentIndent === -1 || lastContentLine === -1) bail();
    // Trailing empty lines belong to no one here (clip/strip drop them).
    lines.length = lastContentLine - line;
    let value: string;
    if (folded) {
      value = '';
      let empties = 0;
      let seen = false;
      for (let k = 0; k < lines.length; k++) {
        const text = lines[k]!;
        if (text === '') {
          empties++;
          continue;
        }
        if (text.endsWith(' ') || text.includes('\t')) bail();
        if (!seen) value += '\n'.repeat(empties);
        else value += empties > 0 ? '\n'.repeat(empties) : ' ';
        value += text;
        empties = 0;
        seen = true;
      }
    } else {
      value = lines.length === 1 ? lines[0]! : lines.join('\n');
    }
    if (!strip) value += '\n';
    const lastEnd = this.ends[lastContentLine]!;
    const afterLast = lastEnd < this.text.length ? this.text.indexOf('\n', lastEnd) + 1 || this.text.length : this.text.length;
    this.line = lastContentLine + 1;
    this.skipBlank();
    if (this.line < this.starts.length && this.indent(this.line) > indent) bail();
    this.value = value;
    return { kind: 'scalar', type: folded ? 'BLOCK_FOLDED' : 'BLOCK_LITERAL', value, range: [start, afterLast] };
  }
}

/** Keys already judged (transcripts repeat `speaker`, `text`, `codes` thousands of times). */
const keyVerdicts = new Map<string, boolean>();

/** Whether a block-map key is a plain word key the reader takes as it is (no number, boolean or null key). */
function plainKey(key: string): boolean {
  let verdict = keyVerdicts.get(key);
  if (verdict === undefined) {
    verdict = isPlainKeyText(key) && !key.endsWith(' ') && !key.endsWith('.') && key !== '__proto__' && !CORE_NULL.test(key) && !CORE_TRUE.test(key) && !CORE_FALSE.test(key);
    if (keyVerdicts.size < 10000) keyVerdicts.set(key, verdict);
  }
  return verdict;
}
