/**
 * `cocreate agree` end to end on the hand-computed fixture (figures worked
 * out in test/analyze/agreement.test.ts), including the JSON contract of
 * issue 5, thresholds and exit codes, subsets, formats and coder forms.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const CODEBOOK = 'test/fixtures/agree/codebooks/fruit.yaml';
const INTERVIEWS = 'test/fixtures/agree/interviews';
const agree = (...args: string[]) => runCli(['agree', INTERVIEWS, '--codebook', CODEBOOK, ...args]);

describe('cocreate agree (rules vs human)', () => {
  it('keeps the JSON contract: segments, overall, codes, themes', () => {
    const result = agree('--format', 'json');
    expect(result.status).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.segments).toBe(7);
    expect(Object.keys(json.overall)).toEqual(expect.arrayContaining(['kappa', 'alpha', 'precision', 'recall', 'f1']));
    expect(json.overall.kappa).toBeCloseTo(166 / 208, 12);
    expect(json.overall.alpha).toBeCloseTo(1 - 164 / 832, 12);
    for (const list of [json.codes, json.themes]) {
      for (const item of list) expect(Object.keys(item)).toEqual(expect.arrayContaining(['id', 'tp', 'fp', 'fn', 'tn', 'precision', 'recall', 'f1', 'kappa', 'alpha']));
    }
    expect(json.codes.map((code: { id: string }) => code.id)).toEqual(['food.apple', 'food.pear', 'feeling.joy']);
    expect(json.codes[1]).toMatchObject({ id: 'food.pear', tp: 2, fp: 1, fn: 0, tn: 4 });
    expect(json.themes[0]).toMatchObject({ id: 'food', tp: 5, fp: 1, fn: 0, tn: 1 });
    expect(json.reference).toBe('union');
    expect(json.disagreements).toBeUndefined();
  });

  it('prints the table with marks and the disagreements with file:line', () => {
    const result = agree('--show-disagreements');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Automatic coding vs human coding (7 segments)');
    expect(result.stdout).toMatch(/food\.pear\s+│\s+2 │\s+1 │\s+0 │\s+4 │\s+0\.667 │\s+1\.000 │\s+0\.800 │\s+0\.696 │\s+0\.711 │ ~ <0\.8/);
    expect(result.stdout).toContain('test/fixtures/agree/interviews/a1.yaml:19');
    expect(result.stdout).toContain('test/fixtures/agree/interviews/a2.md:21');
    expect(result.stdout).toContain('1 human code id not in the codebook was skipped');
  });

  it('writes CSV and Markdown', () => {
    const csv = agree('--format', 'csv');
    expect(csv.stdout.split('\r\n')[0]).toBe('level,id,theme,segments,tp,fp,fn,tn,precision,recall,f1,kappa,alpha,mark');
    expect(csv.stdout).toContain('code,food.apple,food,7,3,0,0,4,1,1,1,1,1,reliable');
    const list = agree('--format', 'csv', '--show-disagreements');
    expect(list.stdout.split('\r\n').slice(0, 2)).toEqual(['interview,file,line,turn,code,yes,no,segment', 'a1,test/fixtures/agree/interviews/a1.yaml,19,3,feeling.joy,human,auto,Nothing to say here.']);
    const md = agree('--format', 'md');
    expect(md.stdout).toContain('### By theme');
    expect(md.stdout).toContain('| food.pear | 2 | 1 | 0 | 4 | 0.667 |');
  });

  it('exits 1 below --min-kappa / --min-alpha and says which figure', () => {
    expect(agree('--min-kappa', '0.6').status).toBe(0);
    const failed = agree('--min-kappa', '0.7');
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain('food.pear: kappa 0.696 < 0.7');
    expect(failed.stderr).toContain('feeling.joy: kappa 0.696 < 0.7');
    expect(agree('--min-alpha', '0.81').stderr).toContain('overall: alpha 0.803 < 0.81');
    expect(agree('--min-alpha', '2').status).toBe(2);
  });

  it('chooses the reference: a coder, the consensus', () => {
    expect(JSON.parse(agree('--format', 'json', '--human', 'bob').stdout).segments).toBe(6);
    const consensus = JSON.parse(agree('--format', 'json', '--human', 'consensus').stdout);
    expect(consensus.codes[2]).toMatchObject({ id: 'feeling.joy', tp: 0, fp: 2, fn: 0, tn: 5, kappa: 0, recall: null });
    const unknown = agree('--human', 'zoe');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('Coders found: alice, bob');
  });

  it('restricts to a subset with --ids or --where, and refuses unknown ids', () => {
    expect(JSON.parse(agree('--format', 'json', '--ids', 'a1').stdout).segments).toBe(4);
    const where = JSON.parse(agree('--format', 'json', '--where', 'group=south').stdout);
    expect(where.segments).toBe(3);
    expect(where.subset).toEqual(['group=south']);
    const missing = agree('--ids', 'a1,a9');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('a9');
  });

  it('reads the single-coder form under the name given by `coder`', () => {
    const result = runCli(['agree', 'test/fixtures/agree/single', '--codebook', CODEBOOK, '--format', 'json', '--human', 'dana']);
    expect(result.status).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.coders).toEqual(['dana']);
    expect(json.codes[1]).toMatchObject({ id: 'food.pear', tp: 0, fp: 1, fn: 0, tn: 1 });
  });

  it('says so when nothing is human-coded (exit 2)', () => {
    const result = runCli(['agree', 'test/fixtures/agree/uncoded', '--codebook', CODEBOOK]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('has human codes');
  });
});

describe('cocreate agree --coders', () => {
  it('reports percent agreement, kappa and alpha for two coders', () => {
    const result = agree('--coders', 'alice,bob', '--format', 'json');
    expect(result.status).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({ mode: 'coders', coders: ['alice', 'bob'], segments: 6, partial: 1 });
    expect(json.overall.agreement).toBeCloseTo(14 / 18, 12);
    expect(json.overall.kappa).toBeCloseTo(58 / 130, 12);
    expect(json.overall.alpha).toBeCloseTo(240 / 520, 12);
    expect(json.codes[0]).toMatchObject({ id: 'food.apple', applied: { alice: 1, bob: 2 } });
    expect(json.codes[0].kappa).toBeCloseTo(8 / 14, 12);
  });

  it('gates on --min-alpha, and refuses --min-kappa with three coders', () => {
    expect(agree('--coders', 'alice,bob', '--min-alpha', '-0.5').status).toBe(0);
    const failed = agree('--coders', 'alice,bob', '--min-alpha', '0.5');
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain('feeling.joy: alpha -0.222 < 0.5');
    expect(agree('--coders', 'alice,bob,carol', '--min-kappa', '0.5').status).toBe(2);
    expect(agree('--coders', 'alice').status).toBe(2);
    expect(agree('--coders', 'alice,zoe').stderr).toContain('zoe');
    expect(agree('--coders', 'alice,bob', '--human', 'alice').status).toBe(2);
  });

  it('prints the table with the coders as columns', () => {
    const result = agree('--coders', 'alice,bob');
    expect(result.stdout).toContain('Intercoder reliability: alice, bob (6 segments)');
    expect(result.stdout).toContain('1 segment only some of them reviewed was left out');
    expect(result.stdout).toMatch(/feeling\.joy\s+│\s+2 │\s+1 │\s+50\.0% │ -0\.286 │ -0\.222 │ ✗ <0\.667/);
  });
});

describe('cocreate agree on the project corpus', () => {
  it('runs on the fourteen interviews', () => {
    const result = runCli(['agree', 'interviews/', '--format', 'json']);
    expect(result.status).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.interviews).toBe(14);
    expect(json.codes).toHaveLength(37);
    expect(json.themes).toHaveLength(7);
  });
});
