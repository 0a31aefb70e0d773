/**
 * Types for the cell helpers of cli-table3 0.6 (`cli-table3/src/utils.js`,
 * which ships no types). src/render/table.ts draws box tables itself but
 * measures, cuts and re-colours cell lines with these very helpers, so its
 * output stays byte-identical to cli-table3's (test/render/box-table.test.ts).
 */
declare module 'cli-table3/src/utils.js' {
  interface CliTable3Utils {
    /** Display width of the widest line, ANSI SGR codes ignored (string-width 4), e.g. `strlen('a\nbcd')` is 3. */
    strlen(text: string): number;
    /** Cuts `text` to `width` display columns, the last one being `marker`; closes SGR styles it cut off. */
    truncate(text: string, width: number, marker?: string): string;
    /** Carries SGR styles across lines: each line reopens the styles open at its start and closes those open at its end. */
    colorizeLines(lines: string[]): string[];
  }
  const utils: CliTable3Utils;
  export = utils;
}
