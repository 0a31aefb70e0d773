/**
 * Offsets in a file's text → 1-based line and column (UTF-16 units), for
 * checks that scan a whole file rather than the loaded model (personal
 * data). Built once per file; lookups are a binary search. Pure.
 */
import type { SourcePoint } from '../model/transcript.js';

/** Maps offsets of one text to points. */
export interface PointLocator {
  pointAt(offset: number): SourcePoint;
}

/** Indexes the line starts of `text` (LF, CRLF and lone CR all end a line). */
export function createPointLocator(text: string): PointLocator {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 10) starts.push(i + 1);
    else if (code === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
  }
  return {
    pointAt(offset: number): SourcePoint {
      let low = 0;
      let high = starts.length - 1;
      while (low < high) {
        const mid = (low + high + 1) >> 1;
        if (starts[mid]! <= offset) low = mid;
        else high = mid - 1;
      }
      return { line: low + 1, column: offset - starts[low]! + 1 };
    },
  };
}
