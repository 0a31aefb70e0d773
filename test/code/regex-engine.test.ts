/**
 * Issue 8: rule regexes run on V8's linear-time engine when the pattern is
 * in the common subset of RE2 that src/code/regex.ts translates, on re2js
 * otherwise. re2js (RE2's semantics, the engine every regex ran on before)
 * is the reference: the same compile errors, the same `matchesEmpty`, and
 * the same successive match spans, empty ones included, on texts with
 * accents, punctuation, newlines, non-BMP characters and lone surrogates.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import { compileCodebook } from '../../src/code/compile.js';
import { foldText } from '../../src/code/fold.js';
import { requiredLiteralSets } from '../../src/code/match.js';
import { compileRuleRegex, translatePattern } from '../../src/code/regex.js';
import { parseCodebook } from '../../src/load/codebook.js';
import { parseTranscriptBytes, transcriptFormatOf } from '../../src/load/transcript.js';
import { REPO_ROOT } from '../helpers/cli.js';

/** Every match re2js finds, as flat [start, end) pairs, iterating as the matcher did before issue 8. */
function referenceSpans(pattern: RE2JS, text: string): number[] {
  const found = pattern.matcher(text);
  const spans: number[] = [];
  while (found.find()) spans.push(found.start(), found.end());
  return spans;
}

type Outcome = { error: string } | { matchesEmpty: boolean; spans: number[][] };

function reference(source: string, texts: readonly string[]): Outcome {
  let pattern: RE2JS;
  try {
    pattern = RE2JS.compile(source);
  } catch (error) {
    return { error: (error as Error).message.split('\n')[0]! };
  }
  return { matchesEmpty: pattern.matches(''), spans: texts.map((text) => referenceSpans(pattern, text)) };
}

function ours(source: string, texts: readonly string[]): Outcome & { engine?: string } {
  const compiled = compileRuleRegex(source);
  if ('error' in compiled) return compiled;
  const { regex } = compiled;
  return { matchesEmpty: regex.matchesEmpty, spans: texts.map((text) => regex.spans(text, false)), engine: regex.engine };
}

/** Compares with the reference; returns the engine that ran (undefined for a compile error). */
function expectSameAsRe2(source: string, texts: readonly string[]): string | undefined {
  const { engine, ...outcome } = ours(source, texts);
  expect(outcome, `/${source}/ on ${JSON.stringify(texts)}`).toEqual(reference(source, texts));
  return engine;
}

// Texts: ASCII, accented letters, punctuation, whitespace RE2 and JavaScript disagree on (\v, NBSP, \u2028), non-BMP characters.
const TEXT_UNITS = ['a', 'a', 'b', 'c', 'x', ' ', ' ', '\n', '\t', '\r', '\v', '\f', '\u00a0', '\u2028', 'é', 'ñ', '.', ';', '-', '_', '/', '0', '7', '😀', '𝒜'];
const text = fc.array(fc.constantFrom(...TEXT_UNITS), { maxLength: 24 }).map((units) => units.join(''));
const texts = fc.array(text, { minLength: 1, maxLength: 4 });

// Patterns from the subset grammar (plus, now and then, what lies outside it: quantified assertions, nullable repeats).
const literal = fc.constantFrom('a', 'b', 'c', 'x', ' ', 'é', 'ñ', '😀', '0', '\\.', '\\-', '\\;', '\\/', '\\n', '\\t', '\\ ', '_', ';', ']', '}');
const perl = fc.constantFrom('.', '\\d', '\\D', '\\w', '\\W', '\\s', '\\S');
const assertion = fc.constantFrom('\\b', '\\B', '^', '$');
const classItem = fc.constantFrom('a', 'b', 'x', '.', ';', '-', 'é', 'a-c', '0-9', 'a-z', '\\d', '\\w', '\\s', '\\-', '\\]', '\\n', ' ', '_');
const charClass = fc
  .tuple(fc.boolean(), fc.array(classItem, { minLength: 1, maxLength: 4 }))
  .map(([negated, items]) => `[${negated ? '^' : ''}${items.join('')}]`);
const quantifier = fc.oneof(
  { weight: 6, arbitrary: fc.constant('') },
  { weight: 4, arbitrary: fc.constantFrom('*', '+', '?', '*?', '+?', '??', '{2}', '{0,3}', '{1,}', '{2,4}?', '{0,40}', '{3,}', '{1,2}') },
);

const { pattern } = fc.letrec<{ pattern: string; sequence: string; piece: string; atom: string }>((tie) => ({
  pattern: fc.array(tie('sequence'), { minLength: 1, maxLength: 3 }).map((branches) => branches.join('|')),
  sequence: fc.array(tie('piece'), { minLength: 0, maxLength: 4 }).map((pieces) => pieces.join('')),
  piece: fc.oneof(
    { weight: 8, arbitrary: fc.tuple(tie('atom'), quantifier).map(([atom, q]) => atom + q) },
    { weight: 2, arbitrary: assertion },
  ),
  atom: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 5, arbitrary: literal },
    { weight: 2, arbitrary: perl },
    { weight: 2, arbitrary: charClass },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom('(', '(?:', '(?P<n>', '(?<m>'), tie('pattern')).map(([open, body]) => `${open}${body})`) },
  ),
}));

describe('rule regexes: V8 linear engine and re2js agree (issue 8)', () => {
  it('gives the spans re2js gives, for patterns of the subset grammar', () => {
    const engines = { native: 0, re2js: 0, error: 0 };
    fc.assert(
      fc.property(pattern, texts, (source, inputs) => {
        const engine = expectSameAsRe2(source, inputs);
        engines[(engine ?? 'error') as keyof typeof engines]++;
      }),
      { numRuns: 3000 },
    );
    // The grammar is mostly inside the subset: most patterns must really run natively.
    expect(engines.native).toBeGreaterThan(engines.re2js);
    expect(engines.native).toBeGreaterThan(1000);
  });

  it('gives the compile errors and spans re2js gives, for any string of regex syntax', () => {
    const syntax = fc.constantFrom(...'ab.(|)[]{}*+?^$\\-,:0129dDwWsSbBPpLx<>=!iQEAz'.split(''), '(?', '{2}', '{1,3}', '😀', '\ud83d');
    fc.assert(
      fc.property(fc.array(syntax, { minLength: 1, maxLength: 10 }).map((units) => units.join('')), texts, (source, inputs) => {
        expectSameAsRe2(source, inputs);
      }),
      { numRuns: 3000 },
    );
  });

  it('matches text with lone surrogates as re2js does (one character each)', () => {
    const units = fc.constantFrom('a', 'b', ' ', '😀', '\ud83d', '\ude00', '\n');
    const lonely = fc.array(units, { maxLength: 12 }).map((list) => list.join(''));
    fc.assert(
      fc.property(pattern, fc.array(lonely, { minLength: 1, maxLength: 3 }), (source, inputs) => {
        expectSameAsRe2(source, inputs);
      }),
      { numRuns: 1000 },
    );
    expect(expectSameAsRe2('[^x]', ['\ude00', 'a\ud83d', '😀\ud83d.'])).toBe('native');
  });

  it('translates RE2 meanings JavaScript does not share: \\s, ., non-BMP characters, ^ and $', () => {
    const sample = ['a\vb\u00a0c\u2028d\re\nf', '😀😀x', '\n', 'ab\n', 'x😀😀'];
    for (const source of ['\\s', '\\S+', '.', '..', '.x', '[^x]', '[^x]{2}', '^.', '.$', 'a$', '^$', '\\W+', '😀+', '(😀|x)+']) {
      expect(expectSameAsRe2(source, sample), source).toBe('native');
    }
  });

  it('falls back to re2js outside the subset, and still matches as RE2', () => {
    const sample = ['Abc abc ABC', 'αβγ abc', 'a.b a+b', 'aa\nab', 'x41 A A', '', 'aaa'];
    const outside = ['(?i)abc', '\\pL+', '\\p{Greek}+', '[[:alpha:]]+', '\\Qa.b\\E', '\\Aab', 'ab\\z', '\\x{41}', '\\x41', '\\101', '(|a)*', '(a*)+', '^*a', 'a{,3}', '[😀x]', '(?s).', '\\C'];
    for (const source of outside) {
      expect(translatePattern(source), source).toBeNull();
      const engine = expectSameAsRe2(source, sample);
      expect(engine === 're2js' || engine === undefined, source).toBe(true);
    }
  });

  it('reads group names as RE2 does', () => {
    for (const source of ['(?P<1a>x)', '(?<_>x)+', '(?P<>x)', '(?<a-b>x)', '(?P<a>x)(?<a>y)', '(?P=a)', '(?P<a>x)|(?P<b>y)']) {
      expectSameAsRe2(source, ['x', 'xy yx']);
    }
  });

  it('falls back, never throws, on patterns too large to translate', () => {
    const long = 'a'.repeat(300_000);
    expect(translatePattern(long)).toBeNull();
    expect(expectSameAsRe2(`(?:x{0,50}){0,20}`, ['xxxx'])).toBe('re2js');
  });

  it('reports invalid patterns with re2js\'s message', () => {
    for (const source of ['(a', 'a)', '[a', 'a**', '*a', 'a{1001}', '(a{100}){100}', '[z-a]', '\\8', '(?P<n>a)(?P<n>b)', '(?<=a)b', '(a)\\1']) {
      const compiled = compileRuleRegex(source);
      expect('error' in compiled, source).toBe(true);
      expect(ours(source, [])).toEqual(reference(source, []));
    }
  });

  it('runs a pattern that backtracking would never finish, (a+)+$, on 50,000 characters', () => {
    const long = 'a'.repeat(50_000);
    for (const source of ['(a+)+$', '(a|aa)+$', '(x+x+)+y', '(\\w+\\s?)+$']) {
      const compiled = compileRuleRegex(source);
      if ('error' in compiled) throw new Error(compiled.error);
      expect(compiled.regex.engine, source).toBe('native');
      expect(compiled.regex.spans(`${long}!`, true)).toEqual([]);
      expect(compiled.regex.hasMatch(`${long}!`)).toBe(false);
    }
    const whole = compileRuleRegex('(a+)+$');
    if ('error' in whole) throw new Error(whole.error);
    expect(whole.regex.spans(long, true)).toEqual([0, 50_000]);
  });

  it('spells out bounded repeats, which V8 refuses as x{0,40}, with RE2\'s greedy and lazy choices', () => {
    const sample = ['aaaaa', 'a'.repeat(45), 'ab'.repeat(30), 'bbb'];
    for (const source of ['a{0,40}', 'a{2,4}', 'a{2,4}?b?', '(ab){1,3}?', '(ab){2,}', 'a{3}', 'a{0}b', 'b{0,40}?b', '(a|ab){0,16}b']) {
      expect(expectSameAsRe2(source, sample), source).toBe('native');
    }
  });

  it('hasMatch is "some non-empty span"', () => {
    fc.assert(
      fc.property(pattern, text, (source, input) => {
        const compiled = compileRuleRegex(source);
        if ('error' in compiled) return;
        expect(compiled.regex.hasMatch(input)).toBe(compiled.regex.spans(input, true).length > 0);
      }),
      { numRuns: 1000 },
    );
  });

  it('prefilter: a text with a match holds, for some alternative, a literal of each of its required parts', () => {
    // Plain groups only (the prefilter does not read `(?…`); texts are built from the pattern's own literals, so many match.
    const withLiterals = pattern
      .map((source) => source.replace(/\(\?(:|P<n>|<m>)/g, '('))
      .map((source) => ({ source, branches: requiredLiteralSets(source) }))
      .filter(({ branches }) => branches !== null);
    const cases = withLiterals.chain(({ source, branches }) => {
      const pieces = [...new Set([...branches!.flat(2), ...TEXT_UNITS])];
      const input = fc.array(fc.constantFrom(...pieces), { maxLength: 12 }).map((parts) => parts.join(''));
      return fc.tuple(fc.constant(source), fc.constant(branches!), fc.array(input, { minLength: 1, maxLength: 4 }));
    });
    let checked = 0;
    fc.assert(
      fc.property(cases, ([source, branches, inputs]) => {
        let reference: RE2JS;
        try {
          reference = RE2JS.compile(source);
        } catch {
          return;
        }
        for (const input of inputs) {
          const spans = referenceSpans(reference, input);
          if (!spans.some((start, k) => k % 2 === 0 && spans[k + 1]! > start)) continue;
          checked++;
          const kept = branches.some((sets) => sets.every((set) => set.some((literal) => input.includes(literal))));
          expect(kept, `/${source}/ on ${JSON.stringify(input)}: ${JSON.stringify(branches)}`).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
    expect(checked).toBeGreaterThan(300);
    expect(requiredLiteralSets('\\b24\\s*(/|x)\\s*(7|365)\\b')).toEqual([[['24'], ['/', 'x'], ['7', '365']]]);
    expect(requiredLiteralSets('colou?r|(ab)?c')).toEqual([[['colo'], ['r']], [['c']]]);
    // A quantifier after a non-BMP character repeats the whole character (both UTF-16 units).
    expect(requiredLiteralSets('😀*a')).toEqual([[['a']]]);
  });

  it('codes the coval codebook\'s regexes natively, with re2js\'s spans on every interview segment', () => {
    const loaded = parseCodebook(readFileSync(join(REPO_ROOT, 'codebooks', 'coval.yaml'), 'utf8'), 'coval.yaml');
    const { compiled, diagnostics } = compileCodebook(loaded.codebook!);
    expect(diagnostics.filter((diagnostic) => diagnostic.ruleId.includes('regex'))).toEqual([]);
    const regexes = [...compiled.matchers.values()].flatMap((matcher) => matcher.regexes.map((regex) => ({ language: matcher.language, regex })));
    expect(regexes.length).toBeGreaterThan(5);
    for (const { regex } of regexes) expect(regex.pattern.engine, regex.source).toBe('native');
    const segments: { language: string; text: string }[] = [];
    const folder = join(REPO_ROOT, 'interviews');
    for (const name of readdirSync(folder).sort()) {
      const format = transcriptFormatOf(name);
      if (!format) continue;
      const { transcript } = parseTranscriptBytes(readFileSync(join(folder, name)), name, format);
      for (const segment of transcript!.segments) segments.push({ language: transcript!.language, text: foldText(segment.text) });
    }
    expect(segments.length).toBeGreaterThan(100);
    let matched = 0;
    for (const { language, regex } of regexes) {
      const reference = RE2JS.compile(regex.pattern.source);
      for (const segment of segments) {
        if (segment.language !== language) continue;
        const spans = regex.pattern.spans(segment.text, false);
        expect(spans).toEqual(referenceSpans(reference, segment.text));
        matched += spans.length;
      }
    }
    expect(matched).toBeGreaterThan(0);
  });

  it('turns the linear engine on inside worker threads too (dist/, as the CLI runs it)', () => {
    // A fresh process whose main thread has compiled no regex: the worker must set the V8 flag itself.
    const script = `
      import { Worker } from 'node:worker_threads';
      const code = \`
        const { parentPort, workerData } = await import('node:worker_threads');
        const { compileRuleRegex } = await import(workerData.url);
        const { regex } = compileRuleRegex(workerData.source);
        parentPort.postMessage({ engine: regex.engine, spans: regex.spans(workerData.text, true) });
      \`;
      const workerData = ${JSON.stringify({
        url: new URL('../../dist/code/regex.js', import.meta.url).href,
        source: '\\b(each|every) unit\\b[^.;]{0,40}\\bown\\b',
        text: 'each unit has its own. every unit, own',
      })};
      const worker = new Worker(code, { eval: true, workerData });
      worker.on('message', (message) => { console.log(JSON.stringify(message)); worker.terminate(); });
      worker.on('error', (error) => { console.error(error); process.exitCode = 1; });
    `;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({ engine: 'native', spans: [0, 21, 23, 38] });
  });
});
