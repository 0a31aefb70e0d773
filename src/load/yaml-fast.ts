/**
 * A fast reader for the plain YAML that transcripts, front matter and
 * codebooks are written in: block maps and lists, one-line flow lists and
 * maps, plain, quoted and block (`|`, `>`) scalars, comments. It builds the
 * JS value and a small position tree in one pass over the lines, without
 * the `yaml` package's token stream, CST and document model (which read
 * transcripts at about 15 MB/s and cost a tenth of a second to load).
 *
 * It never guesses: anything outside that subset (anchors, tags, multi-line
 * plain or quoted scalars, tabs in indentation, numbers other than plain
 * integers, duplicate keys, anything the full parser would warn about)
 * makes it return undefined, and the caller parses with the `yaml`
 * package. test/load/yaml-fast.test.ts holds both to the same value and
 * the same node positions on the corpus, the fixtures and generated files.
 */
import type { YamlMapNode, YamlNode, YamlPairNode, YamlScalarNode, YamlSeqNode } from './yaml-tree.js';

/** What the fast reader gives: the JS value and the node tree with offsets (as the `yaml` package reports them). */
export interface FastYaml {
  value: unknown;
  contents: YamlNode | null;
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

interface Parsed {
  node: YamlNode;
  value: unknown;
}

const CORE_NULL = /^(?:~|[Nn]ull|NULL)$/;
const CORE_TRUE = /^(?:[Tt]rue|TRUE)$/;
const CORE_FALSE = /^(?:[Ff]alse|FALSE)$/;
const CORE_NUMBER_LIKE = /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
/** Keys the reader accepts: plain words (letters first), as every transcript and codebook uses. */
const PLAIN_KEY = /^[\p{L}_][\p{L}\p{N}_ ./-]*$/u;
/** Characters that may not start a block plain scalar (or that start something else). */
const INDICATOR_START = /^[-?:,[\]{}#&*!|>'"%@`]/;

class Reader {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  /** Current line. */
  private line = 0;

  constructor(private readonly text: string) {
    let start = 0;
    for (;;) {
      const newline = text.indexOf('\n', start);
      const end = newline === -1 ? text.length : newline;
      this.starts.push(start);
      this.ends.push(end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end);
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
    if (this.line >= this.starts.length) return { value: null, contents: null };
    const first = this.line;
    if (this.indent(first) !== 0) bail();
    const parsed = this.blockNode(-1);
    this.skipBlank();
    if (this.line < this.starts.length || !parsed) bail();
    return { value: parsed.value, contents: parsed.node };
  }

  private lineText(line: number): string {
    return this.text.slice(this.starts[line], this.ends[line]);
  }

  /** Leading spaces of a line; a tab in the indentation is left to the full parser. */
  private indent(line: number): number {
    const start = this.starts[line]!;
    const end = this.ends[line]!;
    let i = start;
    while (i < end && this.text.charCodeAt(i) === 32) i++;
    if (i < end && this.text.charCodeAt(i) === 9) bail();
    return i - start;
  }

  /** Whether a line holds nothing but spaces or a comment. */
  private isBlank(line: number): boolean {
    const start = this.starts[line]!;
    const end = this.ends[line]!;
    let i = start;
    while (i < end && this.text.charCodeAt(i) === 32) i++;
    if (i < end && this.text.charCodeAt(i) === 9) bail();
    return i === end || this.text.charCodeAt(i) === 35;
  }

  private skipBlank(): void {
    while (this.line < this.starts.length && this.isBlank(this.line)) {
      const text = this.lineText(this.line);
      if (text.startsWith('%') || text.startsWith('---') || text.startsWith('...')) bail();
      this.line++;
    }
    if (this.line < this.starts.length) {
      const text = this.lineText(this.line);
      if (text.startsWith('---') || text.startsWith('...') || text.startsWith('%')) bail();
    }
  }

  /** A block map or list starting on the current line, more indented than `parentIndent`; undefined when there is none. */
  private blockNode(parentIndent: number): Parsed | undefined {
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

  /** The key on `line` at `column`, up to `: ` or a final `:`; undefined when the line is not `key: …`. */
  private keyAt(line: number, column: number): { key: string; colon: number } | undefined {
    const start = this.starts[line]! + column;
    const end = this.ends[line]!;
    const first = this.text.charCodeAt(start);
    // A flow collection, quoted or block scalar ([ { " ' | >), not `key:`.
    if (first === 91 || first === 123 || first === 34 || first === 39 || first === 124 || first === 62) return undefined;
    let colon = -1;
    for (let i = start; i < end; i++) {
      const code = this.text.charCodeAt(i);
      if (code === 58 && (i + 1 === end || this.text.charCodeAt(i + 1) === 32)) {
        colon = i;
        break;
      }
      if (code === 35 && i > start && this.text.charCodeAt(i - 1) === 32) return undefined; // a comment before any colon
    }
    if (colon === -1) return undefined;
    const key = this.text.slice(start, colon);
    if (!plainKey(key)) bail();
    return { key, colon };
  }

  /** A block map whose keys are at `indent`; its first key may sit further right (`- key: value` in a list). */
  private map(indent: number, firstColumn: number): Parsed {
    const items: YamlPairNode[] = [];
    const value: Record<string, unknown> = {};
    let column = firstColumn;
    const mapStart = this.starts[this.line]! + firstColumn;
    for (;;) {
      const line = this.line;
      const found = this.keyAt(line, column);
      if (!found) bail();
      const { key, colon } = found;
      if (Object.prototype.hasOwnProperty.call(value, key)) bail();
      const keyStart = this.starts[line]! + column;
      const keyNode: YamlScalarNode = { kind: 'scalar', type: 'PLAIN', value: key, range: [keyStart, keyStart + key.length] };
      const parsed = this.valueAfterColon(line, colon, indent);
      items.push({ key: keyNode, value: parsed.node });
      value[key] = parsed.value;
      // The next entry: same indentation, or the map ends.
      this.skipBlank();
      if (this.line >= this.starts.length) break;
      const next = this.indent(this.line);
      if (next < indent) break;
      if (next > indent || this.isDash(this.line, next)) bail();
      column = indent;
    }
    return { node: { kind: 'map', range: [mapStart, this.rangeEnd()], items } satisfies YamlMapNode, value };
  }

  /** The value of `key:` written after the colon on `line`, or on the lines below. */
  private valueAfterColon(line: number, colon: number, indent: number): Parsed {
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
      return { node: { kind: 'scalar', type: 'PLAIN', value: null, range: [end, end] }, value: null };
    }
    return this.inlineValue(line, at - this.starts[line]!, indent);
  }

  /** A block list whose dashes are at `indent`. */
  private sequence(indent: number): Parsed {
    const items: (YamlNode | null)[] = [];
    const value: unknown[] = [];
    const seqStart = this.starts[this.line]! + indent;
    for (;;) {
      const line = this.line;
      const end = this.ends[line]!;
      let at = this.starts[line]! + indent + 1;
      while (at < end && this.text.charCodeAt(at) === 32) at++;
      if (at < end && this.text.charCodeAt(at) === 9) bail();
      let item: Parsed;
      if (at === end || this.text.charCodeAt(at) === 35) {
        this.line = line + 1;
        const nested = this.blockNode(indent);
        if (!nested) bail();
        item = nested;
      } else {
        const column = at - this.starts[line]!;
        if (this.isDash(line, column)) bail(); // `- - x`
        item = this.keyAt(line, column) ? this.map(column, column) : this.inlineValue(line, column, indent);
      }
      items.push(item.node);
      value.push(item.value);
      this.skipBlank();
      if (this.line >= this.starts.length) break;
      const next = this.indent(this.line);
      if (next < indent) break;
      if (next > indent) bail();
      if (!this.isDash(this.line, indent)) break; // the parent map goes on at this indentation
    }
    return { node: { kind: 'seq', range: [seqStart, this.rangeEnd()], items } satisfies YamlSeqNode, value };
  }

  /** End offset for a collection: where the next content starts (collections' ends are not used by callers). */
  private rangeEnd(): number {
    return this.line < this.starts.length ? this.starts[this.line]! : this.text.length;
  }

  /** A value that starts on `line` at `column` (after `key: ` or `- `); `indent` is the owning map's or list's. */
  private inlineValue(line: number, column: number, indent: number): Parsed {
    const start = this.starts[line]! + column;
    const code = this.text.charCodeAt(start);
    let parsed: Parsed;
    this.lastLine = line;
    if (code === 124 || code === 62) return this.blockScalar(line, start, indent); // | >
    if (code === 34) parsed = this.doubleQuoted(line, start);
    else if (code === 39) parsed = this.singleQuoted(line, start);
    else if (code === 91 || code === 123) parsed = this.flowValue(line, start, indent);
    else parsed = this.plain(line, start, indent);
    // Nothing else may continue the value on a more indented line.
    this.line = this.lastLine + 1;
    this.skipBlank();
    if (this.line < this.starts.length && this.indent(this.line) > indent) bail();
    return parsed;
  }

  /** Last line of the value `inlineValue` is reading (plain scalars and flow collections may continue on later lines). */
  private lastLine = 0;

  /** The end of a plain scalar's text on one line from `start`: up to a comment, trailing spaces trimmed. */
  private plainPart(start: number, end: number): number {
    let stop = end;
    for (let i = start; i < end; i++) {
      const code = this.text.charCodeAt(i);
      if (code === 35 && (this.text.charCodeAt(i - 1) === 32 || this.text.charCodeAt(i - 1) === 9)) {
        stop = i;
        break;
      }
      if (code === 9) bail();
      if (code === 58 && (i + 1 === end || this.text.charCodeAt(i + 1) === 32)) bail(); // `a: b: c`
    }
    while (stop > start && this.text.charCodeAt(stop - 1) === 32) stop--;
    return stop;
  }

  /** A plain scalar; it may go on over more indented lines (folded: a line break is a space, an empty line a newline). */
  private plain(line: number, start: number, indent: number): Parsed {
    const end = this.ends[line]!;
    let stop = this.plainPart(start, end);
    const source = this.text.slice(start, stop);
    if (source === '' || INDICATOR_START.test(source)) bail();
    let value = source;
    if (stop === end) {
      // Continuation lines: more indented than the owner, not comments.
      let empties = 0;
      for (let next = line + 1; next < this.starts.length; next++) {
        const lineStart = this.starts[next]!;
        const lineEnd = this.ends[next]!;
        let spaces = 0;
        while (lineStart + spaces < lineEnd && this.text.charCodeAt(lineStart + spaces) === 32) spaces++;
        if (lineStart + spaces === lineEnd) {
          empties++;
          continue;
        }
        if (spaces <= indent) break;
        const first = this.text.charCodeAt(lineStart + spaces);
        if (first === 9 || first === 35) bail();
        const partStop = this.plainPart(lineStart + spaces, lineEnd);
        if (partStop !== lineEnd) bail(); // a comment ends the scalar; what follows would be an error
        const part = this.text.slice(lineStart + spaces, partStop);
        value += empties > 0 ? '\n'.repeat(empties) + part : ` ${part}`;
        empties = 0;
        stop = partStop;
        this.lastLine = next;
      }
    }
    const node: YamlScalarNode = { kind: 'scalar', type: 'PLAIN', value: resolvePlain(value), range: [start, stop] };
    return { node, value: node.value };
  }

  /** The rest of the line after a closing quote or bracket may hold only spaces and a comment. */
  private assertLineRest(line: number, from: number): void {
    const end = this.ends[line]!;
    let i = from;
    while (i < end && this.text.charCodeAt(i) === 32) i++;
    if (i < end && !(this.text.charCodeAt(i) === 35 && i > from)) bail();
  }

  private doubleQuoted(line: number, start: number, flowEnd?: number): Parsed {
    const end = flowEnd ?? this.ends[line]!;
    let out = '';
    let i = start + 1;
    let run = i;
    for (;;) {
      if (i >= end) bail(); // closes on a later line
      const code = this.text.charCodeAt(i);
      if (code === 34) break;
      if (code === 92) {
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
        continue;
      }
      i++;
    }
    out += this.text.slice(run, i);
    const node: YamlScalarNode = { kind: 'scalar', type: 'QUOTE_DOUBLE', value: out, range: [start, i + 1] };
    if (flowEnd === undefined) this.assertLineRest(line, i + 1);
    return { node, value: out };
  }

  private singleQuoted(line: number, start: number, flowEnd?: number): Parsed {
    const end = flowEnd ?? this.ends[line]!;
    let out = '';
    let i = start + 1;
    for (;;) {
      if (i >= end) bail();
      const code = this.text.charCodeAt(i);
      if (code === 39) {
        if (this.text.charCodeAt(i + 1) === 39 && i + 1 < end) {
          out += "'";
          i += 2;
          continue;
        }
        break;
      }
      out += this.text[i];
      i++;
    }
    const node: YamlScalarNode = { kind: 'scalar', type: 'QUOTE_SINGLE', value: out, range: [start, i + 1] };
    if (flowEnd === undefined) this.assertLineRest(line, i + 1);
    return { node, value: out };
  }

  /** A flow list or map; it may go on over more indented lines. */
  private flowValue(line: number, start: number, indent: number): Parsed {
    this.flowIndent = indent;
    const cursor = { at: start };
    const parsed = this.flowCollection(cursor, this.text.length);
    this.lastLine = this.lineOf(cursor.at - 1);
    this.assertLineRest(this.lastLine, cursor.at);
    return parsed;
  }

  /** Indentation that continuation lines of the flow collection being read must exceed. */
  private flowIndent = 0;

  /** The line holding `offset` (binary search over line starts). */
  private lineOf(offset: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  /** Spaces and line breaks inside a flow collection; a comment or a too little indented line goes to the full parser. */
  private skipFlowSpaces(cursor: { at: number }, end: number): void {
    for (;;) {
      while (cursor.at < end && this.text.charCodeAt(cursor.at) === 32) cursor.at++;
      const code = this.text.charCodeAt(cursor.at);
      if (code === 9 || code === 35) bail();
      if (code !== 13 && code !== 10) return;
      cursor.at += code === 13 ? 2 : 1;
      const line = this.lineOf(cursor.at);
      if (this.isBlank(line) || this.indent(line) <= this.flowIndent) bail();
    }
  }

  private flowCollection(cursor: { at: number }, end: number): Parsed {
    const start = cursor.at;
    const isMap = this.text.charCodeAt(start) === 123;
    const close = isMap ? 125 : 93;
    cursor.at++;
    const items: (YamlNode | null)[] = [];
    const pairs: YamlPairNode[] = [];
    const list: unknown[] = [];
    const object: Record<string, unknown> = {};
    this.skipFlowSpaces(cursor, end);
    if (this.text.charCodeAt(cursor.at) !== close) {
      for (;;) {
        if (isMap) {
          const keyStart = cursor.at;
          let i = keyStart;
          while (i < end && this.text.charCodeAt(i) !== 58 && !/[,[\]{}#"'\r\n]/.test(this.text[i]!)) i++;
          if (this.text.charCodeAt(i) !== 58 || this.text.charCodeAt(i + 1) !== 32) bail();
          const key = this.text.slice(keyStart, i);
          if (!PLAIN_KEY.test(key) || key.endsWith(' ') || key === '__proto__' || CORE_NULL.test(key) || CORE_TRUE.test(key) || CORE_FALSE.test(key)) bail();
          if (Object.prototype.hasOwnProperty.call(object, key)) bail();
          cursor.at = i + 1;
          this.skipFlowSpaces(cursor, end);
          const item = this.flowItem(cursor, end);
          pairs.push({ key: { kind: 'scalar', type: 'PLAIN', value: key, range: [keyStart, keyStart + key.length] }, value: item.node });
          object[key] = item.value;
        } else {
          const item = this.flowItem(cursor, end);
          items.push(item.node);
          list.push(item.value);
        }
        this.skipFlowSpaces(cursor, end);
        const code = this.text.charCodeAt(cursor.at);
        if (code === close) break;
        if (code !== 44) bail();
        cursor.at++;
        this.skipFlowSpaces(cursor, end);
        if (this.text.charCodeAt(cursor.at) === close) bail(); // a trailing comma
      }
    }
    cursor.at++;
    const range: [number, number] = [start, cursor.at];
    return isMap ? { node: { kind: 'map', range, items: pairs }, value: object } : { node: { kind: 'seq', range, items }, value: list };
  }

  private flowItem(cursor: { at: number }, end: number): Parsed {
    const start = cursor.at;
    if (start >= end) bail();
    const code = this.text.charCodeAt(start);
    if (code === 91 || code === 123) return this.flowCollection(cursor, end);
    if (code === 34 || code === 39) {
      const lineEnd = this.ends[this.lineOf(start)]!;
      const parsed = code === 34 ? this.doubleQuoted(0, start, lineEnd) : this.singleQuoted(0, start, lineEnd);
      cursor.at = parsed.node.range[1];
      return parsed;
    }
    let i = start;
    while (i < end) {
      const c = this.text.charCodeAt(i);
      if (c === 44 || c === 93 || c === 125 || c === 91 || c === 123 || c === 10 || c === 13) break;
      if (c === 58 || c === 9 || (c === 35 && this.text.charCodeAt(i - 1) === 32)) bail();
      i++;
    }
    let stop = i;
    while (stop > start && this.text.charCodeAt(stop - 1) === 32) stop--;
    const source = this.text.slice(start, stop);
    if (source === '' || INDICATOR_START.test(source)) bail();
    cursor.at = i;
    const node: YamlScalarNode = { kind: 'scalar', type: 'PLAIN', value: resolvePlain(source), range: [start, stop] };
    return { node, value: node.value };
  }

  /** `|` or `>` with an optional `-` (strip) chomping indicator; content on the following lines. */
  private blockScalar(line: number, start: number, indent: number): Parsed {
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
      let spaces = 0;
      while (lineStart + spaces < lineEnd && this.text.charCodeAt(lineStart + spaces) === 32) spaces++;
      const blank = lineStart + spaces === lineEnd;
      if (blank) {
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
    const contentLines = lines.slice(0, lastContentLine - line);
    let value: string;
    if (folded) {
      if (contentLines.some((text) => text.endsWith(' ') || text.includes('\t'))) bail();
      value = '';
      let empties = 0;
      let seen = false;
      for (const text of contentLines) {
        if (text === '') {
          empties++;
          continue;
        }
        if (!seen) value += '\n'.repeat(empties);
        else value += empties > 0 ? '\n'.repeat(empties) : ' ';
        value += text;
        empties = 0;
        seen = true;
      }
    } else {
      value = contentLines.join('\n');
    }
    if (!strip) value += '\n';
    const lastEnd = this.ends[lastContentLine]!;
    const afterLast = lastEnd < this.text.length ? this.text.indexOf('\n', lastEnd) + 1 || this.text.length : this.text.length;
    const node: YamlScalarNode = { kind: 'scalar', type: folded ? 'BLOCK_FOLDED' : 'BLOCK_LITERAL', value, range: [start, afterLast] };
    this.line = lastContentLine + 1;
    this.skipBlank();
    if (this.line < this.starts.length && this.indent(this.line) > indent) bail();
    return { node, value };
  }
}

/** Keys already judged (transcripts repeat `speaker`, `text`, `codes` thousands of times). */
const keyVerdicts = new Map<string, boolean>();

/** Whether a block-map key is a plain word key the reader takes as it is (no number, boolean or null key). */
function plainKey(key: string): boolean {
  let verdict = keyVerdicts.get(key);
  if (verdict === undefined) {
    verdict = PLAIN_KEY.test(key) && !key.endsWith(' ') && !key.endsWith('.') && key !== '__proto__' && !CORE_NULL.test(key) && !CORE_TRUE.test(key) && !CORE_FALSE.test(key);
    if (keyVerdicts.size < 10000) keyVerdicts.set(key, verdict);
  }
  return verdict;
}

/** A plain scalar's value under the YAML 1.2 core schema; numbers other than plain integers go to the full parser. */
function resolvePlain(source: string): unknown {
  if (CORE_NULL.test(source)) return null;
  if (CORE_TRUE.test(source)) return true;
  if (CORE_FALSE.test(source)) return false;
  const first = source.charCodeAt(0);
  if ((first >= 48 && first <= 57) || first === 43 || first === 45 || first === 46) {
    if (/^[0-9]+$/.test(source) && (source.length === 1 || first !== 48) && source.length <= 15) return Number(source);
    if (CORE_NUMBER_LIKE.test(source)) bail();
  }
  return source;
}
