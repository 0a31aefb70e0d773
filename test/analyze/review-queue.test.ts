/**
 * The review queue (analyze/review-queue.ts) with a hand-made decision source:
 * decided questions are left out (a complete coding, the codes of a review
 * record), segments come in the order of their least certain question and
 * questions within a segment least certain first, ties in file order.
 */
import { describe, expect, it } from 'vitest';
import { buildReviewQueue, coderProgress, type DecisionSource, type Proposal } from '../../src/analyze/review-queue.js';
import { parseTranscript } from '../../src/load/transcript.js';

const YAML = `id: q1
language: en
turns:
  - speaker: interviewer
    text: Question?
  - speaker: respondent
    text: first
  - speaker: respondent
    text: second
    codes: { carol: [a.a] }
  - speaker: respondent
    text: third
    codes: { carol: [b.b] }
    reviewed: { carol: [b.b, c.c] }
  - speaker: respondent
    text: fourth
`;

/** Certainties per segment text and code, written out by hand. */
const TABLE: Record<string, Record<string, number>> = {
  Question: { 'a.a': 0.01 },
  first: { 'a.a': 0.9, 'b.b': 0.6 },
  second: { 'a.a': 0.1 },
  third: { 'b.b': 0.2, 'c.c': 0.3, 'd.d': 0.7 },
  fourth: { 'a.a': 0.6, 'c.c': 0.65 },
};

const source: DecisionSource = {
  name: 'rules',
  description: 'a table',
  propose: (_transcript, segment) =>
    Object.entries(TABLE[segment.text.replace('?', '')] ?? {}).map(([code, certainty]): Proposal => ({ code, proposed: true, certainty, ruleHit: true, matched: [], strongest: [] })),
};

describe('buildReviewQueue', () => {
  const transcript = parseTranscript(YAML, 'q1.yaml', 'yaml').transcript!;

  it('leaves out what the coder decided and orders by the least certain question', () => {
    const queue = buildReviewQueue([transcript], 'carol', source);
    expect(queue.items.map((item) => `${item.segment.text}:${item.code}`)).toEqual(['first:b.b', 'first:a.a', 'fourth:a.a', 'fourth:c.c', 'third:d.d']);
    // second is complete (1 question), third has b.b and c.c decided (2): 3 decided earlier.
    expect([queue.alreadyDecided, queue.completeSegments]).toEqual([3, 1]);
    expect(queue.items.find((item) => item.segment.text === 'third')!.candidates).toEqual(['b.b', 'c.c', 'd.d']);
  });

  it('for another coder, asks everything; interviewer turns only when asked', () => {
    expect(buildReviewQueue([transcript], 'dan', source).items.length).toBe(8);
    const all = buildReviewQueue([transcript], 'dan', source, { includeInterviewer: true });
    expect(all.items[0]!.segment.text).toBe('Question?');
  });

  it('coderProgress reads complete, partial and untouched codings', () => {
    expect(coderProgress(transcript.segments[2]!.human, 'carol')).toEqual({ kind: 'complete', codes: ['a.a'] });
    expect(coderProgress(transcript.segments[3]!.human, 'carol')).toEqual({ kind: 'partial', codes: ['b.b'], decided: ['b.b', 'c.c'] });
    expect(coderProgress(transcript.segments[1]!.human, 'carol')).toEqual({ kind: 'none' });
  });
});
