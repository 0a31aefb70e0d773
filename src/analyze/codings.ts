/**
 * The tidy form of coding: one record per coded segment and code, with the
 * interview's id and attributes, the source (auto or a coder's name), the
 * file position, plain-text offsets and the matched terms. This is what
 * pandas, R and DuckDB load directly.
 */
import type { CompiledCodebook } from '../code/compile.js';
import type { CodedTranscript } from '../code/coder.js';
import type { CodeSource } from './tally.js';

export interface CodingRecord {
  /** Interview id. */
  interview: string;
  file: string;
  /** 1-based line where the segment's text starts. */
  line: number;
  /** 0-based segment (turn) index within the transcript. */
  segment: number;
  /** Full code id. */
  code: string;
  theme: string;
  /** `auto`, or the human coder's name. */
  source: string;
  /** Segment start/end offsets in the transcript's plain text (UTF-16 units, end exclusive). */
  start: number;
  end: number;
  /** For automatic codes: the distinct matched words, as written. */
  terms: string[];
  attributes: Record<string, string>;
}

/** Coding records for one transcript, automatic and/or human, in segment then code order. */
export function codingRecordsOf(compiled: CompiledCodebook, coded: CodedTranscript, source: CodeSource | 'both' = 'both'): CodingRecord[] {
  const records: CodingRecord[] = [];
  const { transcript } = coded;
  const known = new Map(compiled.codes.map((code) => [code.id, code]));
  for (const item of coded.segments) {
    const { segment } = item;
    const base = { interview: transcript.id, file: transcript.file, line: segment.at.line, segment: segment.index, start: segment.start, end: segment.end, attributes: transcript.attributes };
    if (source === 'auto' || source === 'both') {
      for (const codeIndex of item.auto) {
        const code = compiled.codes[codeIndex]!;
        const terms = [...new Set(item.matches.filter((match) => match.code === codeIndex).map((match) => segment.text.slice(match.start, match.end)))];
        records.push({ ...base, code: code.id, theme: code.theme, source: 'auto', terms });
      }
    }
    if (source !== 'auto') {
      for (const [coder, codes] of item.human) {
        if (typeof source === 'object' && source.coder !== coder) continue;
        for (const id of [...new Set(codes)]) {
          const code = known.get(id);
          if (!code) continue;
          records.push({ ...base, code: code.id, theme: code.theme, source: coder, terms: [] });
        }
      }
    }
  }
  return records;
}
