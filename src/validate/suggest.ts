/**
 * "Did you mean …?" for misspelt code ids, topics, coders and attribute
 * values: the closest known value by edit distance, offered only when it is
 * close enough to be a plausible typo. Pure.
 */

/**
 * Edit distance with adjacent transpositions (optimal string alignment):
 * inserting, deleting or substituting one UTF-16 unit, or swapping two
 * neighbours, costs 1, so the typos people make (`bbo` for `bob`,
 * `succes` for `success`) are each one edit. Stops early past `limit`.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) {
        value = Math.min(value, beforePrevious[j - 2]! + 1);
      }
      current.push(value);
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return limit + 1;
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length]!;
}

/** Largest edit distance still taken for a typo of a word this long: 1 for short words, about a third of longer ones. */
export function typoLimit(length: number): number {
  return Math.max(1, Math.floor(length / 3));
}

/**
 * The known value closest to `value`, or undefined when none is a plausible
 * typo. Ties go to the first in `known`. Case-insensitive comparison counts
 * as distance 0 (so `Head-of-unit` suggests `head-of-unit`).
 * `value` without a dot is also compared with the part of each known id
 * after its dot (so `quick-wins` suggests `success.quick-wins`).
 */
export function suggestClosest(value: string, known: readonly string[]): string | undefined {
  const lower = value.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const candidateLower = candidate.toLowerCase();
    const limit = typoLimit(Math.max(lower.length, candidateLower.length));
    let distance = editDistance(lower, candidateLower, limit);
    if (distance > limit) distance = Infinity;
    if (!lower.includes('.') && candidateLower.includes('.')) {
      // The tail is held to its own (shorter) limit: `sucess` is no typo of `stakeholders.citizens`.
      const tail = candidateLower.slice(candidateLower.indexOf('.') + 1);
      const tailLimit = typoLimit(Math.max(lower.length, tail.length));
      const tailDistance = editDistance(lower, tail, tailLimit);
      if (tailDistance <= tailLimit) distance = Math.min(distance, tailDistance);
    }
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
