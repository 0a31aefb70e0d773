/**
 * Issue 16, item 6: the slowest paths stay linear. For each, doubling the
 * input must not much more than double the time: median of several runs,
 * ratio below 3.5 (a quadratic step gives about 4, and did: `near` rules
 * took 31 s on one 8 MB turn, quote selection copied its bucket per quote).
 * Inputs are large enough (1–8 MB of text, tens of thousands of quotes)
 * that the work, not timer noise, dominates.
 *
 * Paths: proximity rules on one long turn (all matches, as validate and
 * explain ask); quote selection, grouped; the YAML and Markdown readers on
 * one huge turn and on many turns; and the report's data (frequencies,
 * heatmap, co-occurrence, quotes) on a coded corpus and on twice that.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileCodebook } from '../../src/code/compile.js';
import { matchText } from '../../src/code/match.js';
import { parseCodebook } from '../../src/load/codebook.js';
import { parseTranscript } from '../../src/load/transcript.js';
import { selectQuotes, type Quote, type QuoteTarget } from '../../src/analyze/quotes.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { growthRatio } from '../helpers/timing.js';
import { codeTranscript } from '../../src/code/coder.js';
import type { CodedTranscript } from '../../src/code/coder.js';
import { buildReportData } from '../../src/analyze/report-data.js';
// @ts-expect-error plain JS module without types
import { generateTranscript } from '../../bench/generate.js';

const LIMIT = 3.5;

const NEAR_CODEBOOK = parseCodebook(
  'id: near\nlanguages: [en]\nthemes:\n  - id: t\n    codes:\n      - id: c\n        definition: Feedback.\n        rules:\n          en:\n            near:\n              - { near: [user, [feedback, complaint]], within: 8 }\n              - { near: [citizen, portal, form], within: 20 }\n',
  'near.yaml',
);
const nearCompiled = compileCodebook(NEAR_CODEBOOK.codebook!).compiled;

/** About `bytes` of one turn's text, dense with hits of every near slot. */
function nearText(bytes: number): string {
  const words = ['user', 'the', 'feedback', 'citizen', 'and', 'portal', 'a', 'form', 'complaint', 'of', 'users', 'x'];
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; length < bytes; i++) {
    const word = words[(i * 7 + (i >> 3)) % words.length]!;
    parts.push(word);
    length += word.length + 1;
  }
  return parts.join(' ');
}

describe('issue 16 item 6: doubling the input about doubles the time', () => {
  it('near rules on one long turn (1 MB vs 2 MB)', () => {
    const matcher = nearCompiled.matchers.get('en')!;
    const single = nearText(1_000_000);
    const double = nearText(2_000_000);
    expect(matchText(nearCompiled, matcher, single).length).toBeGreaterThan(10_000);
    const ratio = growthRatio(single, double, (text) => matchText(nearCompiled, matcher, text), 3);
    expect(ratio).toBeLessThan(LIMIT);
  });

  it('quote selection, grouped and limited (50,000 vs 100,000 quotes)', () => {
    const make = (n: number): Quote[] =>
      Array.from({ length: n }, (_, i) => ({
        interview: `i-${String(i % 997).padStart(4, '0')}`,
        file: `i-${i % 997}.yaml`,
        line: i,
        endLine: i,
        segment: i,
        speaker: 'respondent',
        question: null,
        language: 'en',
        attributes: { unit: `u${i % 7}` },
        group: `u${i % 7}`,
        codes: ['t.c'],
        sources: ['auto'],
        text: `text ${i}`,
        highlights: [],
        terms: i % 3 === 0 ? ['a'] : [],
        matches: i % 5,
      })) as unknown as Quote[];
    const target = { kind: 'code', id: 't.c' } as unknown as QuoteTarget;
    const ratio = growthRatio(make(50_000), make(100_000), (quotes) => selectQuotes(target, quotes, { by: 'unit', limit: 10 }), 9);
    expect(ratio).toBeLessThan(LIMIT);
  });

  const oneTurnYaml = (bytes: number) => `id: big\nlanguage: en\nturns:\n  - speaker: respondent\n    text: |\n${nearText(bytes).replace(/(.{1,70})( |$)/g, '      $1\n')}`;
  const manyTurnsYaml = (turns: number) => `id: many\nlanguage: en\nunit: x\nturns:\n${'  - speaker: respondent\n    text: A citizen sent feedback through the portal.\n    codes: [t.c]\n'.repeat(turns)}`;
  const oneTurnMarkdown = (bytes: number) => `---\nid: big\nlanguage: en\n---\n\n**Respondent:** ${nearText(bytes).replace(/(.{1,70})( |$)/g, '$1\n')}`;
  const manyTurnsMarkdown = (turns: number) => `---\nid: many\nlanguage: en\n---\n\n${'## project\n\n**Respondent:** A citizen sent feedback through the portal.\n<!-- codes: t.c -->\n\n'.repeat(turns)}`;

  it.each([
    ['YAML, one 4 MB turn', () => oneTurnYaml(4_000_000), () => oneTurnYaml(8_000_000), 'yaml'],
    ['YAML, 10,000 turns', () => manyTurnsYaml(10_000), () => manyTurnsYaml(20_000), 'yaml'],
    ['Markdown, one 4 MB turn', () => oneTurnMarkdown(4_000_000), () => oneTurnMarkdown(8_000_000), 'markdown'],
    ['Markdown, 10,000 turns', () => manyTurnsMarkdown(10_000), () => manyTurnsMarkdown(20_000), 'markdown'],
  ] as const)('reader: %s vs twice that', (_name, single, double, format) => {
    const a = single();
    const b = double();
    expect(parseTranscript(a, 't', format).transcript).toBeDefined();
    const ratio = growthRatio(a, b, (text) => parseTranscript(text, 't', format), 7);
    expect(ratio).toBeLessThan(LIMIT);
  });

  // 100 vs 200: between 50 and 100 the JIT and the young generation still settle, and the ratio was noise (3.6 once under load), while 100 → 200 measured 1.2–1.7.
  it('report data on 100 vs 200 generated, coded interviews (about 5 vs 10 MB; every quote is a candidate)', () => {
    const compiled = compileCodebook(parseCodebook(readFileSync(join(REPO_ROOT, 'codebooks', 'coval.yaml'), 'utf8'), 'coval.yaml').codebook!).compiled;
    const corpus = (n: number): CodedTranscript[] =>
      Array.from({ length: n }, (_, index) => {
        const { text } = generateTranscript(index, index % 2 === 0 ? 'yaml' : 'markdown') as { text: string };
        return codeTranscript(compiled, parseTranscript(text, `t${index}`, index % 2 === 0 ? 'yaml' : 'markdown').transcript!);
      });
    const all = corpus(200);
    const single = all.slice(0, 100);
    const double = all;
    const options = { by: 'unit', source: 'auto' as const, quotesPerTheme: 3, measure: 'segments' as const, version: 'test' };
    expect(buildReportData(compiled, single, options).frequencies).toBeDefined();
    const ratio = growthRatio(single, double, (coded) => buildReportData(compiled, coded, options), 3);
    expect(ratio).toBeLessThan(LIMIT);
  });
});
