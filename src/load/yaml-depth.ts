/**
 * A bound on YAML nesting, checked before any parser builds a value.
 * Both readers recurse once per nesting level, and the `yaml` package
 * dies outright (out of memory in its regular expressions, not a
 * catchable error) on a few thousand levels written as `- - - - x`
 * (issue 16, item 10). No transcript, codebook, dictionary or project file
 * needs more than a dozen levels, so a file nested deeper than
 * MAX_YAML_DEPTH gets a located error instead. The fast reader stops at
 * the same depth on its own; this linear scan guards the full parser.
 */

/** Deepest nesting (block and flow collections, compact `- - x` and `key: value` levels counted) read; documented in docs/ci.md. */
export const MAX_YAML_DEPTH = 100;

/** Where a text first nests deeper than the limit. */
export interface NestingExcess {
  /** 1-based line of the text (front matter callers add their offset). */
  line: number;
  /** 1-based column where the limit is passed. */
  column: number;
}

const SPACE = 32;
const HASH = 35;

/** A structure marker of an earlier line: `- ` (a list item) or `key:` (a map entry), at a column, with the nesting level of its collection. */
interface Marker {
  column: number;
  dash: boolean;
  level: number;
}

/**
 * The first place where `text` nests more than `max` levels, or undefined.
 * One pass over the text. Block structure comes from the columns of the
 * `- ` and `key:` markers (several may share a line: `- k: - x`): a marker
 * further right than the one above it opens a level, one at the same column
 * and of the same kind continues the same collection. Flow brackets count
 * one level each. Scalars never count, so a file nested N levels reads as
 * about N (a stray bracket or an odd layout may count one level more).
 */
export function findExcessiveNesting(text: string, max = MAX_YAML_DEPTH): NestingExcess | undefined {
  const markers: Marker[] = [];
  let flow = 0;
  /** Level of the innermost block collection open where a flow collection started. */
  let flowBase = 0;
  /** While reading a block scalar: the indentation of the line that opened it (its content is more indented). */
  let blockScalarParent = -1;
  let line = 0;
  for (let start = 0; start <= text.length; ) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    line++;
    let i = start;
    while (i < end && text.charCodeAt(i) === SPACE) i++;
    const first = i < end ? text.charCodeAt(i) : -1;
    const empty = first === -1 || (first === 13 && i + 1 === end);
    if (blockScalarParent >= 0 && (empty || i - start > blockScalarParent)) {
      start = end + 1;
      continue;
    }
    blockScalarParent = -1;
    if (empty || (first === HASH && flow === 0)) {
      start = end + 1;
      continue;
    }
    /** Level of the block collection the next marker on this line belongs to. */
    let level = 0;
    /** Whether the next marker is the line's first (placed by its column against earlier lines). */
    let firstMarker = flow === 0;
    const place = (column: number, dash: boolean): number => {
      if (!firstMarker) return ++level;
      firstMarker = false;
      while (markers.length > 0 && markers[markers.length - 1]!.column > column) markers.pop();
      const top = markers[markers.length - 1];
      if (top && top.column === column && top.dash === dash) {
        markers.pop();
        return top.level;
      }
      return (top?.level ?? 0) + 1;
    };
    let quote = 0;
    let valueStart = true;
    let keyStart = i;
    if (flow === 0) {
      // A line that is neither `- ` nor `key:` (a scalar, a flow collection) sits inside the block above it.
      while (markers.length > 0 && markers[markers.length - 1]!.column > i - start) markers.pop();
      level = markers[markers.length - 1]?.level ?? 0;
    }
    for (let j = i; j < end; j++) {
      const c = text.charCodeAt(j);
      if (quote !== 0) {
        if (c === 92 && quote === 34) j++;
        else if (c === quote) {
          if (quote === 39 && text.charCodeAt(j + 1) === 39) j++;
          else {
            quote = 0;
            valueStart = false;
          }
        }
        continue;
      }
      if (c === SPACE || c === 9) continue;
      if (c === HASH && (j === start || text.charCodeAt(j - 1) === SPACE || text.charCodeAt(j - 1) === 9)) break;
      const next = text.charCodeAt(j + 1);
      const separated = j + 1 >= end || next === SPACE || next === 13 || next === 9;
      if ((c === 91 || c === 123) && (valueStart || flow > 0)) {
        if (flow === 0) flowBase = level;
        flow++;
        valueStart = true;
      } else if ((c === 93 || c === 125) && flow > 0) {
        flow--;
        valueStart = false;
      } else if ((c === 34 || c === 39) && valueStart) {
        quote = c;
      } else if (flow > 0 && (c === 44 || (c === 58 && separated))) {
        valueStart = true;
      } else if (flow === 0 && (c === 45 || c === 63) && valueStart && separated) {
        level = place(j - start, true);
        markers.push({ column: j - start, dash: true, level });
        keyStart = j + 2;
      } else if (flow === 0 && c === 58 && separated) {
        while (keyStart < j && text.charCodeAt(keyStart) === SPACE) keyStart++;
        level = place(keyStart - start, false);
        markers.push({ column: keyStart - start, dash: false, level });
        valueStart = true;
        keyStart = j + 1;
      } else if ((c === 124 || c === 62) && valueStart && flow === 0) {
        blockScalarParent = i - start;
        break;
      } else {
        valueStart = false;
      }
      if ((flow > 0 ? flowBase + flow : level) > max) return { line, column: j - start + 1 };
    }
    start = end + 1;
  }
  return undefined;
}
