/**
 * Agreement on the hand-computed fixture test/fixtures/agree (issue 5).
 * Segments (respondent turns; S7 "Just water." has no human codes):
 *
 *   seg  text                              rules          alice            bob
 *   S1   I ate an apple and I am happy.    apple, joy     apple, joy       apple
 *   S2   The pear was fine.                pear           pear (+banana)   pear
 *   S3   Nothing to say here.              –              joy              –
 *   S4   An apple a day.                   apple          –                apple
 *   S5   Happy with the pear.              pear, joy      pear             pear, joy
 *   S6   Apple pie.                        apple          apple            (not reviewed)
 *   S8   A pear shaped plan.               pear           –                –
 *
 * Union reference (7 reviewed segments): apple S1,S4,S6 · pear S2,S5 · joy S1,S3,S5.
 *   apple: tp 3 fp 0 fn 0 tn 4 → kappa 1, alpha 1.
 *   pear:  tp 2 fp 1 fn 0 tn 4 → po 6/7, pe (2·3 + 5·4)/49 = 26/49, kappa = (42−26)/(49−26) = 16/23;
 *          coincidences o11 4, o00 8, o01 = o10 1, n 14, n1 5, n0 9 →
 *          alpha = 1 − 13·(14−12)/(196 − 25 − 81) = 1 − 26/90 = 32/45.
 *          precision 2/3, recall 1, F1 4/5.
 *   joy:   tp 2 fp 0 fn 1 tn 4 → same margins mirrored: kappa 16/23, alpha 32/45, precision 1, recall 2/3.
 *   pooled: tp 7 fp 1 fn 1 tn 12 (21 decisions) → po 19/21, pe (8·8 + 13·13)/441 = 233/441,
 *           kappa = (399−233)/(441−233) = 166/208; alpha = 1 − 41·(42−38)/(1764 − 256 − 676) = 1 − 164/832.
 *   macro kappa (1 + 16/23 + 16/23)/3 = 55/69; macro alpha (1 + 32/45 + 32/45)/3 = 109/135.
 *   theme food (apple or pear): tp 5 fp 1 (S8) fn 0 tn 1 (S3) → po 6/7, pe (5·6 + 2·1)/49 = 32/49,
 *           kappa 10/17; alpha = 1 − 13·(14−12)/(196 − 121 − 9) = 40/66.
 * Coders alice, bob: common segments S1–S5, S8 (6); S6 is partial.
 *   apple: alice S1; bob S1,S4 → agree 5/6; kappa (30−22)/(36−22) = 8/14; alpha = 1 − 11·2/(144 − 81 − 9) = 32/54.
 *   joy:   alice S1,S3; bob S5 → agree 3/6; kappa (18−22)/14 = −4/14; alpha = 1 − 11·6/54 = −12/54.
 *   overall: both 3, alice only 2, bob only 2, neither 11 → agree 14/18; kappa (252−194)/(324−194) = 58/130;
 *            alpha = 1 − 35·(36−28)/(1296 − 676 − 100) = 240/520.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  agreementSegmentsOf,
  checkThresholds,
  compareCoders,
  compareWithHuman,
  previewOf,
  reliabilityMark,
  type AgreementSegment,
} from '../../src/analyze/agreement.js';
import { codeTranscript } from '../../src/code/coder.js';
import { compileCodebook } from '../../src/code/compile.js';
import { parseCodebook } from '../../src/load/codebook.js';
import { parseTranscript } from '../../src/load/transcript.js';
import { FIXTURES } from '../helpers/cli.js';

const DIR = join(FIXTURES, 'agree');
const loaded = parseCodebook(readFileSync(join(DIR, 'codebooks', 'fruit.yaml'), 'utf8'), 'fruit.yaml');
const compiled = compileCodebook(loaded.codebook!).compiled;

function segmentsOf(file: string, format: 'yaml' | 'markdown'): AgreementSegment[] {
  const { transcript } = parseTranscript(readFileSync(join(DIR, 'interviews', file), 'utf8'), file, format);
  return agreementSegmentsOf(compiled, codeTranscript(compiled, transcript!));
}
const segments = [...segmentsOf('a1.yaml', 'yaml'), ...segmentsOf('a2.md', 'markdown')];
const row = (rows: { id: string }[], id: string) => rows.find((r) => r.id === id)!;

describe('compareWithHuman (union of coders)', () => {
  const result = compareWithHuman(compiled, segments, { kind: 'union' });

  it('counts reviewed, unreviewed and unknown codes', () => {
    expect(result.segments).toBe(7);
    expect(result.unreviewed).toBe(1);
    expect(result.interviews).toBe(2);
    expect(result.unknownCodes).toBe(1);
    expect(result.coders).toEqual(['alice', 'bob']);
  });

  it('per code, as computed by hand', () => {
    expect(row(result.codes, 'food.apple')).toMatchObject({ tp: 3, fp: 0, fn: 0, tn: 4, kappa: 1, alpha: 1, precision: 1, recall: 1, f1: 1 });
    const pear = row(result.codes, 'food.pear') as (typeof result.codes)[number];
    expect([pear.tp, pear.fp, pear.fn, pear.tn]).toEqual([2, 1, 0, 4]);
    expect(pear.kappa).toBeCloseTo(16 / 23, 12);
    expect(pear.alpha).toBeCloseTo(32 / 45, 12);
    expect(pear.precision).toBeCloseTo(2 / 3, 12);
    expect(pear.recall).toBe(1);
    expect(pear.f1).toBeCloseTo(4 / 5, 12);
    const joy = row(result.codes, 'feeling.joy') as (typeof result.codes)[number];
    expect([joy.tp, joy.fp, joy.fn, joy.tn]).toEqual([2, 0, 1, 4]);
    expect(joy.kappa).toBeCloseTo(16 / 23, 12);
    expect(joy.recall).toBeCloseTo(2 / 3, 12);
  });

  it('pooled, macro and per theme', () => {
    expect([result.overall.tp, result.overall.fp, result.overall.fn, result.overall.tn]).toEqual([7, 1, 1, 12]);
    expect(result.overall.kappa).toBeCloseTo(166 / 208, 12);
    expect(result.overall.alpha).toBeCloseTo(1 - 164 / 832, 12);
    expect(result.overall.precision).toBeCloseTo(7 / 8, 12);
    expect(result.macro.kappa).toBeCloseTo(55 / 69, 12);
    expect(result.macro.alpha).toBeCloseTo(109 / 135, 12);
    expect(result.macro.codes).toBe(3);
    const food = row(result.themes, 'food') as (typeof result.themes)[number];
    expect([food.tp, food.fp, food.fn, food.tn]).toEqual([5, 1, 0, 1]);
    expect(food.kappa).toBeCloseTo(10 / 17, 12);
    expect(food.alpha).toBeCloseTo(40 / 66, 12);
  });

  it('lists the disagreements with file:line and who said yes', () => {
    expect(result.disagreements.map((d) => [d.file, d.line, d.code, d.yes, d.no, d.preview])).toEqual([
      ['a1.yaml', 19, 'feeling.joy', ['human'], ['auto'], 'Nothing to say here.'],
      ['a2.md', 21, 'food.pear', ['auto'], ['human'], 'A pear shaped plan.'],
    ]);
  });
});

describe('compareWithHuman (other references)', () => {
  it('consensus: a code counts when every reviewing coder applied it', () => {
    // Consensus: apple S1, S6; pear S2, S5; joy nowhere. joy: tp 0 fp 2 fn 0 tn 5 → kappa 0,
    // alpha = 1 − 13·(14−10)/(196 − 144 − 4) = −1/12; recall undefined.
    const result = compareWithHuman(compiled, segments, { kind: 'consensus' });
    const joy = row(result.codes, 'feeling.joy') as (typeof result.codes)[number];
    expect([joy.tp, joy.fp, joy.fn, joy.tn]).toEqual([0, 2, 0, 5]);
    expect(joy.kappa).toBe(0);
    expect(joy.alpha).toBeCloseTo(-1 / 12, 12);
    expect(joy.recall).toBeNull();
    expect(joy.precision).toBe(0);
  });

  it('one coder: only the segments that coder reviewed', () => {
    expect(compareWithHuman(compiled, segments, { kind: 'coder', coder: 'alice' }).segments).toBe(7);
    expect(compareWithHuman(compiled, segments, { kind: 'coder', coder: 'bob' }).segments).toBe(6);
    expect(compareWithHuman(compiled, segments, { kind: 'coder', coder: 'nobody' }).segments).toBe(0);
  });

  it('a code neither side used has null statistics, not 1 or 0', () => {
    const noPear = segments.map((segment) => ({
      ...segment,
      auto: segment.auto.filter((code) => code !== 1),
      human: new Map([...segment.human].map(([coder, codes]) => [coder, codes.filter((code) => code !== 1)])),
    }));
    const pear = row(compareWithHuman(compiled, noPear, { kind: 'union' }).codes, 'food.pear') as AgreementRowLike;
    expect(pear).toMatchObject({ tp: 0, fp: 0, fn: 0, tn: 7, precision: null, recall: null, f1: null, kappa: null, alpha: null });
  });
});

type AgreementRowLike = Record<string, unknown>;

describe('compareCoders', () => {
  it('two coders, as computed by hand', () => {
    const result = compareCoders(compiled, segments, ['alice', 'bob']);
    expect(result.segments).toBe(6);
    expect(result.partial).toBe(1);
    const apple = row(result.codes, 'food.apple') as (typeof result.codes)[number];
    expect(apple.applied).toEqual([1, 2]);
    expect(apple.agreement).toBeCloseTo(5 / 6, 12);
    expect(apple.kappa).toBeCloseTo(8 / 14, 12);
    expect(apple.alpha).toBeCloseTo(32 / 54, 12);
    const joy = row(result.codes, 'feeling.joy') as (typeof result.codes)[number];
    expect(joy.agreement).toBeCloseTo(0.5, 12);
    expect(joy.kappa).toBeCloseTo(-4 / 14, 12);
    expect(joy.alpha).toBeCloseTo(-12 / 54, 12);
    expect(row(result.codes, 'food.pear')).toMatchObject({ agreement: 1, kappa: 1, alpha: 1 });
    expect(result.overall.agreement).toBeCloseTo(14 / 18, 12);
    expect(result.overall.kappa).toBeCloseTo(58 / 130, 12);
    expect(result.overall.alpha).toBeCloseTo(240 / 520, 12);
    expect(result.disagreements.map((d) => `${d.line} ${d.code} ${d.yes.join('+')}`)).toEqual(['9 feeling.joy alice', '19 feeling.joy alice', '24 food.apple bob', '12 feeling.joy bob']);
  });

  it('three coders: alpha on the segments all of them reviewed, no kappa', () => {
    // carol reviewed S1 (apple, joy) and S2 (pear) only → 2 common segments, 5 partial.
    // joy: S1 (1,0,1), S2 (0,0,0) → o11 1, o00 3, o01 = o10 1, n 6 → alpha = 1 − 5·2/(36 − 16 − 4) = 0.375;
    // agreement: S1 1/3 of pairs, S2 all → 2/3. Overall (6 units): o11 7, o00 9, o01 = o10 1, n 18 →
    // alpha = 1 − 17·2/(324 − 64 − 100) = 126/160.
    const withCarol = segments.map((segment) =>
      segment.line === 9 && segment.file === 'a1.yaml'
        ? { ...segment, human: new Map([...segment.human, ['carol', [0, 2]]]) }
        : segment.line === 14 && segment.file === 'a1.yaml'
          ? { ...segment, human: new Map([...segment.human, ['carol', [1]]]) }
          : segment,
    );
    const result = compareCoders(compiled, withCarol, ['alice', 'bob', 'carol']);
    expect(result.segments).toBe(2);
    expect(result.partial).toBe(5);
    const joy = row(result.codes, 'feeling.joy') as (typeof result.codes)[number];
    expect(joy.kappa).toBeNull();
    expect(joy.alpha).toBeCloseTo(0.375, 12);
    expect(joy.agreement).toBeCloseTo(2 / 3, 12);
    expect(result.overall.alpha).toBeCloseTo(126 / 160, 12);
  });
});

describe('thresholds and marks', () => {
  const result = compareWithHuman(compiled, segments, { kind: 'union' });
  it('fails codes and the overall figure below the threshold, ignores undefined ones', () => {
    expect(checkThresholds(result.codes, result.overall, { minKappa: 0.6 })).toEqual([]);
    expect(checkThresholds(result.codes, result.overall, { minKappa: 0.7 }).map((f) => f.id)).toEqual(['food.pear', 'feeling.joy']);
    expect(checkThresholds(result.codes, result.overall, { minAlpha: 0.81 }).map((f) => f.id)).toEqual(['food.pear', 'feeling.joy', 'overall']);
    expect(checkThresholds([{ id: 'x', kappa: null, alpha: null }], { kappa: null, alpha: null }, { minAlpha: 0.9, minKappa: 0.9 })).toEqual([]);
  });
  it('marks by the lower of kappa and alpha', () => {
    expect(reliabilityMark(0.9, 0.79)).toBe('tentative');
    expect(reliabilityMark(0.66, 0.9)).toBe('unreliable');
    expect(reliabilityMark(0.8, null)).toBe('reliable');
    expect(reliabilityMark(null, null)).toBeNull();
  });
  it('previews the first words', () => {
    expect(previewOf('one  two\nthree four', 3)).toBe('one two three…');
    expect(previewOf('one two', 3)).toBe('one two');
  });
});

describe('properties', () => {
  const segmentArbitrary = fc.record({
    auto: fc.subarray([0, 1, 2]),
    alice: fc.option(fc.subarray([0, 1, 2]), { nil: undefined }),
    bob: fc.option(fc.subarray([0, 1, 2]), { nil: undefined }),
  });
  const build = (items: { auto: number[]; alice?: number[]; bob?: number[] }[]): AgreementSegment[] =>
    items.map((item, index) => {
      const human = new Map<string, number[]>();
      if (item.alice) human.set('alice', item.alice);
      if (item.bob) human.set('bob', item.bob);
      return { interview: 'p', file: 'p.yaml', line: index + 1, turn: index, preview: '', auto: item.auto, human, unknown: 0 };
    });

  it('every code row sums to the reviewed segments, and segment order does not matter', () => {
    fc.assert(
      fc.property(fc.array(segmentArbitrary, { maxLength: 30 }), fc.integer(), (items, seed) => {
        const list = build(items);
        const result = compareWithHuman(compiled, list, { kind: 'union' });
        for (const code of [...result.codes, ...result.themes]) expect(code.tp + code.fp + code.fn + code.tn).toBe(result.segments);
        const shuffled = [...list].sort((a, b) => ((a.line * 7919 + seed) % 101) - ((b.line * 7919 + seed) % 101));
        const again = compareWithHuman(compiled, shuffled, { kind: 'union' });
        expect(again.codes).toEqual(result.codes);
        expect(again.overall).toEqual(result.overall);
      }),
    );
  });

  it('rules identical to the human coding give kappa and alpha 1 (or null when a code is unused)', () => {
    fc.assert(
      fc.property(fc.array(fc.subarray([0, 1, 2]), { minLength: 1, maxLength: 20 }), (codes) => {
        const list = build(codes.map((auto) => ({ auto, alice: auto })));
        const result = compareWithHuman(compiled, list, { kind: 'union' });
        for (const code of result.codes) {
          if (code.kappa !== null) expect(code.kappa).toBeCloseTo(1, 12);
          expect(code.fp + code.fn).toBe(0);
        }
      }),
    );
  });

  it('coder agreement is symmetric in the order of coders', () => {
    fc.assert(
      fc.property(fc.array(segmentArbitrary, { maxLength: 30 }), (items) => {
        const list = build(items);
        const ab = compareCoders(compiled, list, ['alice', 'bob']);
        const ba = compareCoders(compiled, list, ['bob', 'alice']);
        expect(ba.overall.alpha).toEqual(ab.overall.alpha);
        if (ab.overall.kappa === null) expect(ba.overall.kappa).toBeNull();
        else expect(ba.overall.kappa).toBeCloseTo(ab.overall.kappa, 12);
      }),
    );
  });
});
