/**
 * Issue 8 (cold start): the paths rewritten so that a short run, where this
 * code runs interpreted, does less per character and allocates less per
 * word give exactly what the simple versions give:
 * - `foldText` scans natively (lower-casing ASCII text, replacing only the
 *   units that may change otherwise): against folding unit by unit with the
 *   fold as first written, including lone surrogates, and every BMP unit;
 * - the tokenizer's ASCII shortcuts: against the Unicode classes, every unit;
 * - with stem rules, words are found by a native regex and looked up by
 *   their text: against `scanTokens` and `patternsOf`, next to every unit;
 * - `matchText` / `matchCodes` collect matches, exclusions and proximity hits
 *   in reused typed buffers: against the matcher as first written (objects,
 *   a map of hits per near, a filter for exclusions), same matches in the
 *   same order with the same rule text;
 * - the tally counts each theme once per segment without a set: against
 *   counting with sets.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tallyTranscript } from '../../src/analyze/tally.js';
import { codeTranscript } from '../../src/code/coder.js';
import { compileCodebook, type LanguageMatcher } from '../../src/code/compile.js';
import { foldCharCode, foldText } from '../../src/code/fold.js';
import { codesOf, matchCodes, matchText, originalKey, patternsOf, tokenPatterns, type RuleMatch } from '../../src/code/match.js';
import { createTokenScan, isWordCharCode, scanTokens, tokenize } from '../../src/code/tokenize.js';
import type { LanguageRules } from '../../src/model/codebook.js';
import { codebookOfRules } from '../helpers/codebook.js';
import type { Segment, Transcript } from '../../src/model/transcript.js';

/** The fold of one unit as first written (normalisation for every unit, ASCII included). */
function referenceFold(code: number): number {
  if (code >= 0xd800 && code <= 0xdfff) return code;
  if (code === 0x2019 || code === 0x2018) return 0x27;
  const char = String.fromCharCode(code);
  const base = char.normalize('NFD').replace(/\p{M}+/gu, '');
  const lower = (base.length === 1 ? base : char).toLowerCase();
  if (lower.length === 1) return lower.charCodeAt(0);
  if (char.toLowerCase().length === 1) return char.toLowerCase().charCodeAt(0);
  return code;
}

function referenceFoldText(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) out += String.fromCharCode(referenceFold(text.charCodeAt(i)));
  return out;
}

describe('native folding (issue 8)', () => {
  it('folds every BMP unit as the fold as first written does', () => {
    let all = '';
    for (let code = 0; code <= 0xffff; code++) {
      expect(foldCharCode(code), `U+${code.toString(16)}`).toBe(referenceFold(code));
      all += String.fromCharCode(code);
    }
    expect(foldText(all)).toBe(referenceFoldText(all));
  });

  it('folds any text unit by unit (ASCII, accents, lone surrogates, astral characters)', () => {
    const piece = fc.constantFrom('Participación', 'DATOS', 'citizen’s', 'ﬁ', 'İ', 'ß', 'Σ', '\ud83d', '\ude42', '🙂', 'e\u0301', 'K', 'Ǆ', ' ', '\n', 'abc', 'ÀÉÎÕÜ');
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 120 }), fc.string({ maxLength: 120 }), fc.array(piece, { maxLength: 20 }).map((parts) => parts.join(''))), (text) => {
        expect(foldText(text)).toBe(referenceFoldText(text));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('tokenizer shortcuts (issue 8)', () => {
  it('classes every unit as the Unicode classes do (letters, digits, marks; no surrogate)', () => {
    const wordChar = /[\p{L}\p{N}\p{M}]/u;
    for (let code = 0; code <= 0xffff; code++) {
      const expected = !(code >= 0xd800 && code <= 0xdbff) && wordChar.test(String.fromCharCode(code));
      if (isWordCharCode(code) !== expected) expect.fail(`U+${code.toString(16)}`);
    }
  });
});

describe('native word scan (issue 8)', () => {
  it('finds the words scanTokens finds, next to every BMP unit, with the patterns patternsOf gives', () => {
    const { compiled } = compileCodebook(codebookOfRules([{ terms: ['citizen', 'a', 'ab*'] }], ['en'], 3));
    const matcher = compiled.matchers.get('en')!;
    let text = '';
    for (let code = 0; code <= 0xffff; code++) text += `a${String.fromCharCode(code)}b ${String.fromCharCode(code)} `;
    const scan = createTokenScan();
    scanTokens(text, scan);
    const found = tokenPatterns(matcher, text);
    expect(found.count).toBe(scan.count);
    expect([...found.starts.subarray(0, found.count)]).toEqual([...scan.starts.subarray(0, scan.count)]);
    expect([...found.ends.subarray(0, found.count)]).toEqual([...scan.ends.subarray(0, scan.count)]);
    const tokens = tokenize(text);
    const folded = foldText(text);
    for (let i = 0; i < found.count; i++) {
      const expected = patternsOf(matcher, tokens.words[i]!, originalKey(text, folded, tokens.starts[i]!, tokens.ends[i]!));
      if (found.ids[i] !== expected && found.ids[i]!.join() !== expected.join()) expect.fail(`${JSON.stringify(tokens.words[i])}: ${found.ids[i]} vs ${expected}`);
    }
  });
});

/** The matcher as first written: `tokenize`, `patternsOf` per word, objects for hits and matches. */
function referenceMatchText(matcher: LanguageMatcher | undefined, text: string): RuleMatch[] {
  if (!matcher || text.length === 0) return [];
  const tokens = tokenize(text);
  const folded = foldText(text);
  const ids = tokens.words.map((word, i) => patternsOf(matcher, word, originalKey(text, folded, tokens.starts[i]!, tokens.ends[i]!)));
  const count = ids.length;
  const matches: RuleMatch[] = [];
  const exclusions: RuleMatch[] = [];
  const nearHits = new Map<number, { slot: number; first: number; last: number }[]>();
  for (let i = 0; i < count; i++) {
    for (const pattern of ids[i]!) {
      for (const phraseId of matcher.byFirstPattern.get(pattern) ?? []) {
        const phrase = matcher.phrases[phraseId]!;
        const length = phrase.patterns.length;
        if (i + length > count || phrase.patterns.some((p, k) => k > 0 && !ids[i + k]!.includes(p))) continue;
        const last = i + length - 1;
        const span = { code: phrase.code, start: tokens.starts[i]!, end: tokens.ends[last]!, rule: phrase.source };
        if (phrase.role.kind === 'term') matches.push(span);
        else if (phrase.role.kind === 'exclude') exclusions.push(span);
        else {
          const list = nearHits.get(phrase.role.near) ?? [];
          list.push({ slot: phrase.role.slot, first: i, last });
          nearHits.set(phrase.role.near, list);
        }
      }
    }
  }
  for (const [nearIndex, hits] of nearHits) {
    const near = matcher.nears[nearIndex]!;
    for (const anchor of hits) {
      if (anchor.slot !== 0) continue;
      let first = anchor.first;
      let last = anchor.last;
      let all = true;
      for (let slot = 1; slot < near.slots; slot++) {
        let best: { first: number; last: number } | undefined;
        let bestDistance = Infinity;
        for (const hit of hits) {
          if (hit.slot !== slot) continue;
          const distance = hit.first > anchor.last ? hit.first - anchor.last : anchor.first > hit.last ? anchor.first - hit.last : 0;
          if (distance <= near.within && distance < bestDistance) {
            best = hit;
            bestDistance = distance;
          }
        }
        if (!best) {
          all = false;
          break;
        }
        first = Math.min(first, best.first);
        last = Math.max(last, best.last);
      }
      if (all) matches.push({ code: near.code, start: tokens.starts[first]!, end: tokens.ends[last]!, rule: near.source });
    }
  }
  for (const regex of matcher.regexes) {
    const spans = regex.pattern.spans(folded, true);
    for (let k = 0; k < spans.length; k += 2) matches.push({ code: regex.code, start: spans[k]!, end: spans[k + 1]!, rule: regex.source });
  }
  const kept = matches.filter((match) => !exclusions.some((exclusion) => exclusion.code === match.code && exclusion.start < match.end && match.start < exclusion.end));
  return kept.sort((a, b) => a.start - b.start || a.code - b.code || a.end - b.end);
}

const WORDS = [
  'citizen', 'Citizens', 'citizen’s', 'service', 'services', 'digital', 'quick', 'win', 'wins', 'user', 'users', 'feedback', 'portal', 'data', 'open',
  'participación', 'Participacion', 'datos', 'abiertos', 'servicio', 'público', 'publico', 'ciudadano', 'ciudadanos', 'no', 'the', 'de', 'a', 'only', 'two', 'people',
];
const SEPARATORS = [' ', ' ', ' ', '\n', ', ', '. ', '-', ' (', ') '];

const textArbitrary = fc
  .array(fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom(...SEPARATORS)), { maxLength: 50 })
  .map((parts) => parts.map(([word, separator]) => word + separator).join(''));

const TERMS = ['citizen', 'citizen*', '=citizen', 'service*', 'digital service', 'quick win', 'user*', 'open data', 'dato* abierto*', 'participación', 'servicio* público*', 'ciudadan*', 'the citizen', 'win', 'data'];
const NEAR_TERMS = ['citizen*', 'user*', 'feedback', 'portal*', 'open data', 'digital', 'servicio*', 'datos', 'win'];

const rulesArbitrary: fc.Arbitrary<LanguageRules> = fc.record(
  {
    terms: fc.array(fc.constantFrom(...TERMS), { minLength: 1, maxLength: 4 }),
    exclude: fc.array(fc.constantFrom('quick win', 'the citizen', 'open data', 'citizen*', 'servicio público', 'no'), { maxLength: 2 }),
    near: fc.array(
      fc.record({
        near: fc.array(fc.oneof(fc.constantFrom(...NEAR_TERMS), fc.array(fc.constantFrom(...NEAR_TERMS), { minLength: 1, maxLength: 2 })), { minLength: 2, maxLength: 3 }),
        within: fc.integer({ min: 0, max: 6 }),
      }),
      { maxLength: 2 },
    ),
    regex: fc.array(fc.constantFrom('\\bwin\\b', 'dat[oa]s', '\\b(only|just) (two|three) people\\b', 'citizen', 'servic'), { maxLength: 2 }),
  },
  { requiredKeys: ['terms'] },
);

describe('matching into reused buffers (issue 8)', () => {
  it('matchText gives the matches of the matcher as first written, in the same order; matchCodes their codes', () => {
    fc.assert(
      fc.property(fc.array(rulesArbitrary, { minLength: 1, maxLength: 7 }), fc.array(textArbitrary, { minLength: 1, maxLength: 6 }), (rules, texts) => {
        const { compiled } = compileCodebook(codebookOfRules(rules, ['en', 'es'], 3));
        for (const text of texts) {
          for (const language of ['en', 'es']) {
            const matcher = compiled.matchers.get(language);
            const expected = referenceMatchText(matcher, text);
            expect(matchText(compiled, matcher, text)).toEqual(expected);
            expect(matchCodes(compiled, matcher, text)).toEqual(codesOf(expected));
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it('keeps a code an exclusion overlaps only where another of its matches lies outside every exclusion', () => {
    const { compiled } = compileCodebook(codebookOfRules([{ terms: ['citizen*'], exclude: ['the citizen'], regex: ['citizen'] }, { terms: ['win'], near: [{ near: ['quick', 'win'], within: 2 }] }], ['en'], 3));
    const matcher = compiled.matchers.get('en');
    expect(matchCodes(compiled, matcher, 'the citizen')).toEqual([]);
    expect(matchCodes(compiled, matcher, 'the citizen and a citizen')).toEqual([0]);
    expect(matchCodes(compiled, matcher, 'a quick small win')).toEqual([1]);
    expect(matchText(compiled, matcher, 'the citizen and a citizen')).toEqual(referenceMatchText(matcher, 'the citizen and a citizen'));
  });
});

describe('theme counts (issue 8)', () => {
  it('count each theme once per segment that carries any of its codes', () => {
    fc.assert(
      fc.property(fc.array(rulesArbitrary, { minLength: 1, maxLength: 7 }), fc.array(textArbitrary, { minLength: 1, maxLength: 8 }), (rules, texts) => {
        const { compiled } = compileCodebook(codebookOfRules(rules, ['en'], 3));
        const at = { line: 1, column: 1 };
        const segments = texts.map((text) => ({ text, speaker: 'R', interviewer: false, human: [], at }) as unknown as Segment);
        const transcript = { id: 'x', file: 'x.md', language: 'en', attributes: {}, segments } as unknown as Transcript;
        const tally = tallyTranscript(compiled, codeTranscript(compiled, transcript, { withMatches: false }));
        const themeSegments = compiled.codebook.themes.map(() => 0);
        for (const text of texts) {
          const themes = new Set(codesOf(matchText(compiled, compiled.matchers.get('en'), text)).map((code) => compiled.themeOfCode[code]!));
          for (const theme of themes) themeSegments[theme]! += 1;
        }
        expect(tally.themeSegments).toEqual(themeSegments);
      }),
      { numRuns: 200 },
    );
  });
});
