/**
 * What a count is shown as, one vocabulary for every command that counts
 * segments: the count itself, a rate per 1,000 words (comparable across
 * interviews and groups of different length), or a share of segments
 * (comparable across groups with different numbers of turns). Pure.
 */

/** Measures a count can be shown as. */
export const MEASURES = ['count', 'rate', 'share'] as const;
/** `count`: segments; `rate`: segments per 1,000 words; `share`: % of the group's segments. */
export type Measure = (typeof MEASURES)[number];

/** Words a rate is given per. */
export const RATE_PER_WORDS = 1000;

/** Segments per 1,000 words, e.g. 12 segments in 4,000 words → 3; null when there are no words. */
export function rateOf(segments: number, words: number): number | null {
  return words > 0 ? (RATE_PER_WORDS * segments) / words : null;
}

/** Share of segments as a percentage in [0, 100], e.g. 12 of 48 → 25; null when there are no segments. */
export function shareOf(segments: number, total: number): number | null {
  return total > 0 ? (100 * segments) / total : null;
}

/** Rounds to `decimals` places (JSON and CSV carry rounded measures, e.g. 2.5 per 1,000 words). */
export function roundTo(value: number | null, decimals: number): number | null {
  if (value === null) return null;
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/** What a measure's cells mean, for table footers. */
export function measureNote(measure: Measure): string {
  switch (measure) {
    case 'rate':
      return 'Measure: rate, segments coded per 1,000 words of the group’s segments.';
    case 'share':
      return 'Measure: share, segments coded as a % of the group’s segments.';
    default:
      return 'Measure: count, segments coded.';
  }
}
