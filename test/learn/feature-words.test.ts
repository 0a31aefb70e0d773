/**
 * The model's word features shown as the words of the segment under review
 * (src/learn/feature-words.ts): hand-made segments in English and Spanish,
 * the stems written out by hand (Porter: already → alreadi, because → becaus).
 */
import { describe, expect, it } from 'vitest';
import { readableFeatures } from '../../src/learn/feature-words.js';

describe('readableFeatures', () => {
  it('English: a stem shows the first word of the segment with that stem, as written', () => {
    const text = 'Already, because the quick wins helped; we were already there.';
    expect(readableFeatures(['u:alreadi', 'u:becaus', 'b:quick win', 'u:help'], text, 'en')).toEqual([
      { text: 'Already', stem: false },
      { text: 'because', stem: false },
      { text: 'quick wins', stem: false },
      { text: 'helped', stem: false },
    ]);
  });

  it('a stem the segment has no word for is kept and marked as a stem; other features are described', () => {
    const text = 'We won quickly.';
    expect(readableFeatures(['u:alreadi', 'b:quick win', 'b:won quickli', 'r:success.quick-wins', 'q:challenges'], text, 'en')).toEqual([
      { text: 'alreadi', stem: true },
      { text: 'quick win', stem: true },
      { text: 'won quickly', stem: false },
      { text: 'rule success.quick-wins', stem: false },
      { text: 'topic challenges', stem: false },
    ]);
  });

  it('a bigram needs the two words next to each other, in order (punctuation between them does not part them, as in the features)', () => {
    expect(readableFeatures(['b:win quick'], 'Quick wins, quick!', 'en')).toEqual([{ text: 'wins quick', stem: false }]);
    expect(readableFeatures(['b:help quick'], 'Quick help.', 'en')).toEqual([{ text: 'help quick', stem: true }]);
  });

  it('Spanish: accents as written in the segment, the first matching word or pair', () => {
    const text = 'Las participaciones útiles; la participación ciudadana. Ya estábamos.';
    expect(readableFeatures(['u:particip', 'u:util', 'b:particip ciudadan', 'u:estab', 'u:junt'], text, 'es')).toEqual([
      { text: 'participaciones', stem: false },
      { text: 'útiles', stem: false },
      { text: 'participación ciudadana', stem: false },
      { text: 'estábamos', stem: false },
      { text: 'junt', stem: true },
    ]);
  });

  it('an empty segment or feature list', () => {
    expect(readableFeatures([], 'Anything.', 'en')).toEqual([]);
    expect(readableFeatures(['u:alreadi'], '', 'en')).toEqual([{ text: 'alreadi', stem: true }]);
  });
});
