/**
 * The review card's line of the model's strongest words
 * (src/render/review-card.ts): words as the segment has them, a stem only
 * marked `~`, with a note saying what `~` means.
 */
import { describe, expect, it } from 'vitest';
import type { QueueItem } from '../../src/analyze/review-queue.js';
import { renderReviewCard } from '../../src/render/review-card.js';
import { plainStyle } from '../../src/render/style.js';
import type { Segment, Transcript } from '../../src/model/transcript.js';

const segment = { index: 1, speaker: 'respondent', interviewer: false, text: 'We were already there.', at: { line: 9, column: 11 }, start: 0, end: 0, human: [] } as unknown as Segment;
const transcript = { id: 'a1', file: 'interviews/a1.yaml', language: 'en', segments: [segment] } as unknown as Transcript;

function card(strongest: QueueItem['strongest']): string {
  const item: QueueItem = { transcript, segment, code: 'food.apple', proposed: true, probability: 0.7, certainty: 0.7, ruleHit: false, matched: [], strongest, candidates: ['food.apple'] };
  return renderReviewCard(item, undefined, undefined, { decided: 0, accepted: 0, total: 1, earlier: 0, position: 1 }, { style: plainStyle, colour: false, width: 100, source: 'hybrid', sourceName: 'hybrid' });
}

describe('the strongest words on the review card', () => {
  it('shows words as given, a stem marked ~ and explained', () => {
    const shown = card([
      { word: 'already', weight: 1.2 },
      { word: 'becaus', weight: -0.4, stem: true },
      { word: 'rule food.apple', weight: 0.3 },
    ]);
    expect(shown).toContain("  model's strongest words: +already −~becaus +rule food.apple (~ a stem: no such word here)\n");
  });

  it('no note when every word is in the segment', () => {
    expect(card([{ word: 'already', weight: 1.2 }])).toContain("  model's strongest words: +already\n");
  });
});
