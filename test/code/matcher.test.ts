/**
 * The matcher, rule kind by rule kind, with small inline codebooks: stems
 * (en, es), prefix globs, `=exact`, phrases, proximity, exclusions, RE2
 * regexes, folding of case and diacritics, word boundaries and hyphens.
 * Every match's offsets are checked by slicing the text: the slice must be
 * exactly the matched words.
 */
import { describe, expect, it } from 'vitest';
import { compileCodebook, type CompiledCodebook } from '../../src/code/compile.js';
import { codesOf, matchText, type RuleMatch } from '../../src/code/match.js';
import { parseCodebook } from '../../src/load/codebook.js';
import type { Diagnostic } from '../../src/model/diagnostic.js';

/** Compiles a codebook whose single theme `t` holds the given codes (`id: rules` as YAML flow maps). */
function compileRules(codes: Record<string, string>): { compiled: CompiledCodebook; diagnostics: Diagnostic[] } {
  const yaml = ['themes:', '  - id: t', '    codes:', ...Object.entries(codes).map(([id, rules]) => `      - id: ${id}\n        rules: ${rules}`)].join('\n');
  const loaded = parseCodebook(yaml, 'inline.yaml');
  expect(loaded.diagnostics).toEqual([]);
  return compileCodebook(loaded.codebook!);
}

function matcherOf(codes: Record<string, string>) {
  const { compiled, diagnostics } = compileRules(codes);
  expect(diagnostics).toEqual([]);
  return {
    compiled,
    /** The matched words of each match, as sliced from the text, with the code id. */
    hits(language: string, text: string): [string, string][] {
      return matchText(compiled, compiled.matchers.get(language), text).map((match: RuleMatch) => [compiled.codes[match.code]!.name, text.slice(match.start, match.end)]);
    },
    matches(language: string, text: string): RuleMatch[] {
      return matchText(compiled, compiled.matchers.get(language), text);
    },
  };
}

describe('stemming', () => {
  it('English: a rule word matches its inflections, possessives included, not derived words with another stem', () => {
    const m = matcherOf({ c: '{ en: { terms: [citizen] } }' });
    expect(m.hits('en', "Citizens, a citizen and the citizen's view; the citizens' portal. Citizenship.")).toEqual([
      ['c', 'Citizens'],
      ['c', 'citizen'],
      ['c', "citizen's"],
      ['c', 'citizens'],
    ]);
  });

  it('English: participate/participation share a stem only when Porter says so (no guessing)', () => {
    const m = matcherOf({ c: '{ en: { terms: [participation] } }' });
    expect(m.hits('en', 'participation participations')).toEqual([
      ['c', 'participation'],
      ['c', 'participations'],
    ]);
  });

  it('Spanish: participación matches participaciones, with or without accents in the text', () => {
    const m = matcherOf({ c: '{ es: { terms: [participación] } }' });
    expect(m.hits('es', 'La participación, las participaciones, la participacion, PARTICIPACIÓN.')).toEqual([
      ['c', 'participación'],
      ['c', 'participaciones'],
      ['c', 'participacion'],
      ['c', 'PARTICIPACIÓN'],
    ]);
  });

  it('Spanish: a rule written without accents is the same word (regression: participacion did not match participaciones)', () => {
    const m = matcherOf({ c: '{ es: { terms: [participacion, tecnologia] } }' });
    expect(m.hits('es', 'participaciones, participación, participacion; tecnologías y tecnología')).toEqual([
      ['c', 'participaciones'],
      ['c', 'participación'],
      ['c', 'participacion'],
      ['c', 'tecnologías'],
      ['c', 'tecnología'],
    ]);
  });

  it('Spanish: plural and feminine forms of a noun', () => {
    const m = matcherOf({ c: '{ es: { terms: [ciudadano, asociación] } }' });
    expect(m.hits('es', 'Los ciudadanos y las asociaciones; un ciudadano.')).toEqual([
      ['c', 'ciudadanos'],
      ['c', 'asociaciones'],
      ['c', 'ciudadano'],
    ]);
  });

  it('rules apply only to their own language', () => {
    const m = matcherOf({ c: '{ en: { terms: [citizen] }, es: { terms: [ciudadano] } }' });
    expect(m.hits('es', 'citizen')).toEqual([]);
    expect(m.hits('en', 'ciudadano')).toEqual([]);
    expect(matchText(m.compiled, m.compiled.matchers.get('fr'), 'citizen ciudadano')).toEqual([]);
  });
});

describe('prefix globs and exact words', () => {
  it('`word*` matches words starting with it, without stemming', () => {
    const m = matcherOf({ c: '{ en: { terms: ["interoperab*"] } }' });
    expect(m.hits('en', 'Interoperability, interoperable systems; interop; non-interoperable.')).toEqual([
      ['c', 'Interoperability'],
      ['c', 'interoperable'],
      ['c', 'interoperable'], // "non-interoperable": the hyphen separates words
    ]);
  });

  it('`=word` matches exactly that folded word', () => {
    const m = matcherOf({ c: '{ en: { terms: ["=data"] } }' });
    expect(m.hits('en', 'data, DATA, Data; dated, database, datum')).toEqual([
      ['c', 'data'],
      ['c', 'DATA'],
      ['c', 'Data'],
    ]);
  });

  it('`=` inside a phrase applies to its word only', () => {
    const m = matcherOf({ c: '{ en: { terms: ["=data exchanges"] } }' });
    expect(m.hits('en', 'data exchange; data exchanges; dated exchange')).toEqual([
      ['c', 'data exchange'],
      ['c', 'data exchanges'],
    ]);
  });
});

describe('word boundaries and hyphens', () => {
  it('"reuse" never matches inside another word; the glob "reus*" matches "reusable"', () => {
    const m = matcherOf({ stem: '{ en: { terms: [reuse] } }', glob: '{ en: { terms: ["reus*"] } }' });
    expect(m.hits('en', 'prereuse')).toEqual([]);
    expect(m.hits('en', 'reusable')).toEqual([['glob', 'reusable']]);
    // Same span: sorted by code (codebook order), `stem` first.
    expect(m.hits('en', 'We reuse, reused and keep reusing.')).toEqual([
      ['stem', 'reuse'],
      ['glob', 'reuse'],
      ['stem', 'reused'],
      ['glob', 'reused'],
      ['stem', 'reusing'],
      ['glob', 'reusing'],
    ]);
  });

  it('a rule `once-only` matches "once only" and "once-only", not other words in between', () => {
    const m = matcherOf({ c: '{ en: { terms: [once-only] } }' });
    expect(m.hits('en', 'The once-only principle, asked once only. Once, and only then.')).toEqual([
      ['c', 'once-only'],
      ['c', 'once only'],
    ]);
  });

  it('words joined by @ and dots stay one word (Cl@ve, datos.gob.es)', () => {
    const m = matcherOf({ c: '{ es: { terms: ["=cl@ve", "=datos.gob.es"] } }' });
    expect(m.hits('es', 'Cl@ve y datos.gob.es; cl ve; datos')).toEqual([
      ['c', 'Cl@ve'],
      ['c', 'datos.gob.es'],
    ]);
  });
});

describe('rule diagnostics', () => {
  it('a very short glob alone is too broad; after another word it is anchored (regression: "start-up*" warned)', () => {
    const alone = compileRules({ c: '{ en: { terms: ["up*"] } }' });
    expect(alone.diagnostics.map((d) => [d.ruleId, d.severity])).toEqual([['rule-too-broad', 'warning']]);
    const anchored = matcherOf({ c: '{ en: { terms: ["start-up*", "re-us*"] } }' });
    expect(anchored.hits('en', 'Start-ups and a start up; re-use, re-usable; a start update')).toEqual([
      ['c', 'Start-ups'],
      ['c', 'start up'],
      ['c', 're-use'],
      ['c', 're-usable'],
      ['c', 'start update'], // the glob part is a prefix, as documented
    ]);
  });

  it('`=` and `*` on one word, and empty rules, are errors naming the code', () => {
    const { diagnostics } = compileRules({ c: `{ en: { terms: ["=data*", "", "&"] } }` });
    expect(diagnostics.map((d) => d.ruleId)).toEqual(['invalid-term', 'empty-rule', 'empty-rule']);
    expect(diagnostics[0]!.message).toContain('t.c (en)');
  });
});

describe('phrases', () => {
  const m = matcherOf({ c: '{ en: { terms: [public consultation] } }' });

  it('match consecutive words in order, also across a line break and punctuation', () => {
    expect(m.hits('en', 'A public consultation. Public\nconsultations too.')).toEqual([
      ['c', 'public consultation'],
      ['c', 'Public\nconsultations'],
    ]);
  });

  it('do not match with another word between, or in the other order', () => {
    expect(m.hits('en', 'public legal consultation; consultation public')).toEqual([]);
  });
});

describe('proximity', () => {
  const m = matcherOf({ near: '{ en: { near: [{ near: [citizen, feedback], within: 3 }] } }' });

  it('`within` is an inclusive bound, in both directions', () => {
    expect(m.hits('en', 'citizen one two feedback')).toEqual([['near', 'citizen one two feedback']]); // 3 words apart
    expect(m.hits('en', 'feedback one two citizens')).toEqual([['near', 'feedback one two citizens']]);
    expect(m.hits('en', 'citizen one two three feedback')).toEqual([]); // 4 apart
    expect(m.hits('en', 'feedback one two three citizen')).toEqual([]);
  });

  it('needs every term', () => {
    expect(m.hits('en', 'citizen citizen')).toEqual([]);
  });

  it('takes alternatives, phrases among them', () => {
    const alt = matcherOf({ near: '{ en: { near: [{ near: [[citizen, user*, civil servant], [feedback, complaint]], within: 2 }] } }' });
    expect(alt.hits('en', 'Users sent feedback.')).toEqual([['near', 'Users sent feedback']]);
    expect(alt.hits('en', 'A complaint from civil servants.')).toEqual([['near', 'complaint from civil servants']]);
    expect(alt.hits('en', 'A complaint from the civil servants.')).toEqual([]); // "civil" is 3 words after "complaint"
  });
});

describe('exclusions', () => {
  it('drop a match of the code that overlaps an exclusion match', () => {
    const m = matcherOf({ portal: '{ en: { terms: [portal], exclude: [transparency portal] } }' });
    expect(m.hits('en', 'The transparency portal and the citizen portal.')).toEqual([['portal', 'portal']]);
    expect(m.matches('en', 'The transparency portal and the citizen portal.')[0]!.start).toBe(40);
  });

  it('partial overlap is enough; disjoint matches are kept', () => {
    const m = matcherOf({ open: '{ en: { terms: [open data], exclude: [data portal] } }' });
    expect(m.hits('en', 'the open data portal')).toEqual([]);
    expect(m.hits('en', 'open data, and a data portal')).toEqual([['open', 'open data']]);
  });

  it('affect only their own code', () => {
    const m = matcherOf({ a: '{ en: { terms: [portal], exclude: [transparency portal] } }', b: '{ en: { terms: [portal] } }' });
    expect(m.hits('en', 'transparency portal')).toEqual([['b', 'portal']]);
  });

  it('apply to proximity and regex matches too', () => {
    const m = matcherOf({ c: `{ en: { near: [{ near: [user, survey], within: 2 }], regex: ['\\bsurvey\\b'], exclude: [survey monkey] } }` });
    expect(m.hits('en', 'user survey monkey')).toEqual([]);
    expect(m.hits('en', 'user survey')).toEqual([
      ['c', 'user survey'],
      ['c', 'survey'],
    ]);
  });
});

describe('regular expressions', () => {
  it('run on folded text: case and accents in pattern and text do not matter', () => {
    const m = matcherOf({ c: `{ es: { regex: ['participación ciudadana', '\\bMVP\\b'] } }` });
    expect(m.hits('es', 'La PARTICIPACION Ciudadana; un mvp; mvps')).toEqual([
      ['c', 'PARTICIPACION Ciudadana'],
      ['c', 'mvp'],
    ]);
  });

  it('use RE2: a catastrophic pattern on 100,000 characters completes', () => {
    const m = matcherOf({ c: `{ en: { regex: ['(a+)+$'] } }` });
    const noMatch = `${'a'.repeat(100_000)}!`;
    expect(m.matches('en', noMatch)).toEqual([]);
    const all = 'a'.repeat(100_000);
    expect(m.matches('en', all).map((match) => [match.start, match.end])).toEqual([[0, 100_000]]);
  });

  it('a pattern RE2 cannot compile, or one matching the empty string, is a diagnostic, not a crash', () => {
    const { compiled, diagnostics } = compileRules({ bad: `{ en: { regex: ['(?=x)y', 'a*'] } }`, good: '{ en: { terms: [citizen] } }' });
    expect(diagnostics.map((d) => d.ruleId)).toEqual(['invalid-regex', 'regex-matches-empty']);
    expect(diagnostics[0]!.file).toBe('inline.yaml');
    expect(matchText(compiled, compiled.matchers.get('en'), 'a citizen').map((match) => compiled.codes[match.code]!.name)).toEqual(['good']);
  });
});

describe('diacritics and case folding', () => {
  const m = matcherOf({ c: '{ en: { terms: [cafe, naïve] }, es: { terms: ["gestión"] } }' });

  it('fold case and accents on both sides', () => {
    expect(m.hits('en', 'CAFÉ, Café, cafe; NAIVE, naïve')).toEqual([
      ['c', 'CAFÉ'],
      ['c', 'Café'],
      ['c', 'cafe'],
      ['c', 'NAIVE'],
      ['c', 'naïve'],
    ]);
    expect(m.hits('es', 'GESTION y gestiones')).toEqual([
      ['c', 'GESTION'],
      ['c', 'gestiones'],
    ]);
  });

  it('decomposed accents (NFD text, e.g. pasted from a PDF) fold too (regression)', () => {
    const text = 'cafe\u0301 and nai\u0308ve; gestio\u0301n';
    expect(m.hits('en', text)).toEqual([
      ['c', 'cafe\u0301'],
      ['c', 'nai\u0308ve'],
    ]);
    expect(m.hits('es', text)).toEqual([['c', 'gestio\u0301n']]);
  });
});

describe('offsets', () => {
  const m = matcherOf({ c: '{ en: { terms: [citizen, open data] } }' });

  it('are UTF-16 offsets into the original text, exact to the matched words', () => {
    // A closing ’ is punctuation, not part of the word.
    const text = 'Our Citizens’ view of Open\n  Data.';
    expect(m.matches('en', text).map((match) => [match.start, match.end])).toEqual([
      [4, 12],
      [22, 33],
    ]);
    expect(m.hits('en', text)).toEqual([
      ['c', 'Citizens'],
      ['c', 'Open\n  Data'],
    ]);
  });

  it('stay right after characters outside the BMP (emoji are two UTF-16 units)', () => {
    const text = '🙂🙂 citizen 👍🏽 open data';
    expect(m.matches('en', text).map((match) => [match.start, match.end])).toEqual([
      [5, 12],
      [18, 27],
    ]);
    expect(m.hits('en', text)).toEqual([
      ['c', 'citizen'],
      ['c', 'open data'],
    ]);
  });

  it('matches are sorted by start, and codesOf lists distinct codes', () => {
    const two = matcherOf({ a: '{ en: { terms: [data] } }', b: '{ en: { terms: [citizen] } }' });
    const matches = two.matches('en', 'data citizen data citizen');
    expect(matches.map((match) => match.start)).toEqual([0, 5, 13, 18]);
    expect(codesOf(matches)).toEqual([0, 1]);
  });
});
