/**
 * Issue 8: `cocreate import --dictionary` turns published dictionaries
 * (quanteda YAML, LIWC .dic) into codebooks that code as quanteda's
 * `tokens_lookup` would: case-insensitive, `*` any suffix, no stemming, a
 * multi-word value = consecutive words (across line breaks). Fixtures in
 * test/fixtures/dictionary; every expected count below is worked out by
 * hand in the comments.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileCodebook } from '../../src/code/compile.js';
import { parseCodebook } from '../../src/load/codebook.js';
import { convertValue, parseDictionary } from '../../src/load/dictionary.js';
import { renderCodebookYaml } from '../../src/render/codebook-yaml.js';
import { FIXTURES, runCli } from '../helpers/cli.js';

const DIR = join(FIXTURES, 'dictionary');
const read = (name: string) => readFileSync(join(DIR, name), 'utf8');

describe('quanteda YAML dictionaries', () => {
  const imported = parseDictionary(read('policy.yml'), 'policy.yml', { id: 'policy', languages: ['en', 'es'] });

  it('maps top-level keys to themes, second-level keys to codes, and flat keys to a theme named after the dictionary', () => {
    const shape = imported.themes.map((theme) => ({ id: theme.id, codes: theme.codes.map((code) => ({ id: code.id, label: code.label, ...code.rules, ...(code.definition ? { definition: code.definition } : {}) })) }));
    expect(shape).toEqual([
      {
        id: 'economy',
        codes: [
          { id: 'taxes', label: 'taxes', terms: ['tax*', '=fiscal', '=public =spending'], regex: [] },
          // growth's own values (under `__`) first, then the pooled deeper categories in file order.
          { id: 'growth', label: 'growth', terms: ['=growth', 'empleo*', '=job', 'factor*'], regex: [], definition: 'Pools the dictionary\'s sub-categories "growth › jobs", "growth › industry", "growth › industry › manufacturing".' },
        ],
      },
      {
        id: 'participation',
        codes: [
          { id: 'consultation', label: 'consultation', terms: ['consult*', 'participación*', '=mesa =de =diálogo'], regex: [] },
          { id: 'co-design', label: 'co-design', terms: ['=co-design', '=codiseño', 'design* =together'], regex: [] },
        ],
      },
      {
        id: 'policy',
        codes: [
          { id: 'sentiment', label: 'sentiment', terms: ['=good', '=great'], regex: [] },
          // Leading and inner wildcards have no word-pattern form: RE2 regexes on the folded text.
          { id: 'odd', label: '*odd*', terms: [], regex: ['\\b\\w*deceit\\w*\\b', '\\bcolo\\wr\\b'] },
        ],
      },
    ]);
    // 3 + 4 + 3 + 3 + 2 + 2 usable values; ":)" and "*" are not words.
    expect(imported.patterns).toBe(17);
  });

  it('says which values it skipped, with their lines', () => {
    const skipped = imported.diagnostics.filter((d) => d.ruleId === 'dictionary-value-skipped');
    expect(skipped.map((d) => [d.line, d.severity])).toEqual([
      [15, 'warning'],
      [15, 'warning'],
    ]);
    expect(skipped[0]!.message).toContain('":)"');
    expect(skipped[1]!.message).toContain('"*"');
  });

  it('reports a dictionary that is not a map of categories', () => {
    const result = parseDictionary('- tax*\n- budget\n', 'list.yml', { id: 'list', languages: ['en'] });
    expect(result.themes).toEqual([]);
    expect(result.diagnostics.map((d) => [d.ruleId, d.line])).toEqual([['dictionary-format', 1]]);
  });
});

describe('LIWC .dic dictionaries', () => {
  const imported = parseDictionary(read('small.dic'), 'small.dic', { id: 'small', languages: ['en'] });

  it('reads the % category block and the word lines into one theme', () => {
    expect(imported.format).toBe('liwc');
    expect(imported.themes.map((theme) => ({ id: theme.id, codes: theme.codes.map((code) => [code.id, code.rules.terms, code.line]) }))).toEqual([
      {
        id: 'small',
        codes: [
          // "like (02 134)1/3": the parenthetical is dropped (as quanteda does), leaving categories 1 and 3.
          ['posemo', ['=good', 'nice*', '=kind =of', '=like'], 2],
          ['negemo', ['=bad', 'hate*', 'abandon*'], 3],
          ['social', ['hate*', 'friend*', '=like'], 4],
        ],
      },
    ]);
  });

  it('names undefined categories and context-dependent entries with their lines', () => {
    expect(imported.diagnostics.map((d) => [d.ruleId, d.line, d.severity])).toEqual([
      ['dictionary-value-skipped', 12, 'info'],
      ['dictionary-undefined-category', 13, 'warning'],
    ]);
  });

  it('needs the % block', () => {
    const result = parseDictionary('good\t1\n', 'bare.dic', { id: 'bare', languages: ['en'] });
    expect(result.diagnostics.map((d) => d.ruleId)).toEqual(['dictionary-format']);
  });

  it('accepts categories separated by spaces instead of tabs', () => {
    const result = parseDictionary('%\n1 posemo\n%\nvery nice 1\n', 'spaces.dic', { id: 'spaces', languages: ['en'] });
    expect(result.themes[0]!.codes[0]!.rules.terms).toEqual(['=very =nice']);
  });
});

describe('value conversion', () => {
  it('follows quanteda: exact words, suffix globs, phrases, other globs as regexes', () => {
    expect(convertValue('Tax*')).toEqual({ term: 'tax*' });
    expect(convertValue('TAX')).toEqual({ term: '=tax' });
    expect(convertValue('public  spending*')).toEqual({ term: '=public spending*' });
    expect(convertValue('e-gov*')).toEqual({ term: '=e gov*' });
    expect(convertValue("don't")).toEqual({ term: "=don't" });
    expect(convertValue('a & b')).toEqual({ term: '=a =b' });
    expect(convertValue('*ción')).toEqual({ regex: '\\b\\w*ción\\b' });
    expect(convertValue('u.s.?')).toEqual({ regex: '\\bu\\.s\\.\\w\\b' });
    expect(convertValue('*')).toHaveProperty('skip');
    expect(convertValue(':-)')).toHaveProperty('skip');
    expect(convertValue('  ')).toHaveProperty('skip');
  });

  it('gives rules that always compile without errors (whatever the value)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ maxLength: 12 }), fc.stringMatching(/^[a-zñáé*? .'@-]{1,12}$/)), { minLength: 1, maxLength: 8 }), (values) => {
        const terms: string[] = [];
        const regex: string[] = [];
        for (const value of values) {
          const converted = convertValue(value);
          if ('term' in converted) terms.push(converted.term);
          if ('regex' in converted) regex.push(converted.regex);
        }
        if (terms.length + regex.length === 0) return;
        const yaml = renderCodebookYaml({ id: 'p', languages: ['en'], themes: [{ id: 't', codes: [{ id: 'c', rules: { terms, regex } }] }] });
        const loaded = parseCodebook(yaml, 'p.yaml');
        expect(loaded.diagnostics).toEqual([]);
        const errors = compileCodebook(loaded.codebook!).diagnostics.filter((d) => d.severity === 'error');
        expect(errors).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });
});

describe('cocreate import --dictionary, then code (end to end)', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'cocreate-dictionary-'));
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('writes a codebook that codes the fixtures as worked out by hand', () => {
    const codebook = join(tmp, 'policy.yaml');
    const imported = runCli(['import', '--dictionary', join(DIR, 'policy.yml'), '-o', codebook]);
    expect(imported.stdout).toBe('');
    expect(imported.stderr).toContain('Imported 6 categories (17 patterns)');
    expect(imported.status).toBe(0); // warnings only (the two skipped values)
    expect(readFileSync(codebook, 'utf8')).toMatch(/^# Imported from policy\.yml/);

    const result = runCli(['code', join(DIR, 'interviews'), '--codebook', codebook, '--format', 'json']);
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as { segments: number; codes: { id: string; segments: number; interviews: number }[] };
    // Respondent segments: d-01 has 4, d-02 has 3 (interviewer turns are not coded).
    expect(report.segments).toBe(7);
    // d-01 1 "Taxation … fiscal … Public⏎spending … growth … factories"  → taxes, growth
    // d-01 2 "consulted … deceitful … colour (color does not match colo?r)" → consultation, odd
    // d-01 3 "good job … designed together … Co-design … co design"     → growth (=job), co-design, sentiment
    // d-01 4 "Taxi" (tax* is a prefix glob: taxi counts, as in quanteda)  → taxes
    // d-02 1 "PARTICIPACIÓN … participaciones … mesa de⏎diálogo"           → consultation
    // d-02 2 "empleo … codiseño … Codiseno"                                → growth, co-design
    // d-02 3 "Participacion" (accents folded)                              → consultation
    expect(report.codes.map((code) => [code.id, code.segments, code.interviews])).toEqual([
      ['economy.taxes', 2, 1],
      ['economy.growth', 3, 2],
      ['participation.consultation', 3, 2],
      ['participation.co-design', 2, 2],
      ['policy.sentiment', 1, 1],
      ['policy.odd', 1, 1],
    ]);
  });

  it('records the matched words, phrases across line breaks included', () => {
    const codebook = join(tmp, 'policy.yaml');
    runCli(['import', '--dictionary', join(DIR, 'policy.yml'), '-o', codebook]);
    const result = runCli(['code', join(DIR, 'interviews'), '--codebook', codebook, '--codings', '--format', 'jsonl']);
    expect(result.status).toBe(0);
    const records = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { interview: string; segment: number; code: string; terms: string[] });
    expect(records.map((record) => [record.interview, record.segment, record.code, record.terms])).toEqual([
      ['d-01', 1, 'economy.taxes', ['Taxation', 'fiscal', 'Public\nspending']],
      ['d-01', 1, 'economy.growth', ['growth', 'factories']],
      ['d-01', 2, 'participation.consultation', ['consulted']],
      ['d-01', 2, 'policy.odd', ['deceitful', 'colour']],
      ['d-01', 3, 'economy.growth', ['job']],
      ['d-01', 3, 'participation.co-design', ['designed together', 'Co-design', 'co design']],
      ['d-01', 3, 'policy.sentiment', ['good']],
      ['d-01', 4, 'economy.taxes', ['Taxi']],
      ['d-02', 1, 'participation.consultation', ['PARTICIPACIÓN', 'participaciones', 'mesa de\ndiálogo']],
      ['d-02', 2, 'economy.growth', ['empleo']],
      ['d-02', 2, 'participation.co-design', ['codiseño', 'Codiseno']],
      ['d-02', 3, 'participation.consultation', ['Participacion']],
    ]);
  });

  it('puts the rules under the languages asked for', () => {
    const codebook = join(tmp, 'spanish.yaml');
    expect(runCli(['import', '--dictionary', join(DIR, 'policy.yml'), '--dictionary-language', 'es', '-o', codebook]).status).toBe(0);
    const result = runCli(['code', join(DIR, 'interviews'), '--codebook', codebook, '--format', 'json']);
    const report = JSON.parse(result.stdout) as { codes: { id: string; segments: number }[] };
    // Only d-02 (Spanish) is coded now: growth 1, consultation 2, co-design 1.
    expect(report.codes.filter((code) => code.segments > 0).map((code) => [code.id, code.segments])).toEqual([
      ['economy.growth', 1],
      ['participation.consultation', 2],
      ['participation.co-design', 1],
    ]);
    expect(runCli(['import', '--dictionary', join(DIR, 'policy.yml'), '--dictionary-language', 'english']).status).toBe(2);
  });

  it('imports a LIWC dictionary to stdout', () => {
    const result = runCli(['import', '--dictionary', join(DIR, 'small.dic')]);
    expect(result.status).toBe(0);
    const loaded = parseCodebook(result.stdout, 'small.yaml');
    expect(loaded.codebook!.themes.map((theme) => theme.codes.map((code) => code.id))).toEqual([['small.posemo', 'small.negemo', 'small.social']]);
    expect(result.stderr).toContain('category 9');
  });

  it('exits 1 naming the file when the dictionary cannot be read', () => {
    const result = runCli(['import', '--dictionary', join(DIR, 'missing.yml'), '-o', join(tmp, 'x.yaml')]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('does not exist');
  });
});
