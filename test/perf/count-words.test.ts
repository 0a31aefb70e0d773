/**
 * Issue 8: the tally's word count jumps from separator to separator with
 * indexOf instead of visiting every character; it must count what the
 * character-by-character definition counts (runs of anything but space,
 * tab, CR and LF).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countWords } from '../../src/analyze/tally.js';

function countWordsByCharacter(text: string): number {
  let count = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const space = code === 32 || code === 10 || code === 9 || code === 13;
    if (!space && !inWord) count++;
    inWord = !space;
  }
  return count;
}

describe('word count (issue 8)', () => {
  it('equals the character-by-character count on any text', () => {
    const piece = fc.constantFrom(' ', '  ', '\n', '\n\n', '\t', '\r\n', 'a', 'word', 'é', 'x.y', '🙂', '\u00a0');
    fc.assert(
      fc.property(fc.oneof(fc.array(piece, { maxLength: 30 }).map((pieces) => pieces.join('')), fc.string({ maxLength: 60 })), (text) => {
        expect(countWords(text)).toBe(countWordsByCharacter(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('counts a plain paragraph', () => {
    expect(countWords('We are a team of\nabout twenty people.  ')).toBe(8);
    expect(countWords('')).toBe(0);
    expect(countWords('   \n ')).toBe(0);
  });
});
