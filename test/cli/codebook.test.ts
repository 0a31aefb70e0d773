/**
 * `cocreate codebook` (the appendix) and `cocreate codebook test` (examples
 * run through the rules, failures at the codebook's file:line, exit 1).
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('cocreate codebook test', () => {
  it('passes on codebooks/coval.yaml', () => {
    const result = runCli(['codebook', 'test']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/✔ \d+ examples and \d+ counter-examples \(en, es\) in codebooks\/coval\.yaml: all pass/);
  });

  it('fails with file:line on a codebook with a broken example', () => {
    const result = runCli(['codebook', 'test', '--codebook', 'test/fixtures/agree/codebooks/broken.yaml']);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('test/fixtures/agree/codebooks/broken.yaml:13:16  error  feeling.joy (en): the example "I am glad." is not coded with feeling.joy by its rules.');
    expect(result.stdout).toContain('test/fixtures/agree/codebooks/broken.yaml:15:17  error  feeling.joy (en): the counter-example "I am not happy at all." is coded with feeling.joy: terms: happy matched "happy".');
    expect(result.stdout).toContain('2 failed');
  });

  it('reports for scripts and for GitHub', () => {
    const json = JSON.parse(runCli(['codebook', 'test', '--codebook', 'test/fixtures/agree/codebooks/broken.yaml', '--format', 'json']).stdout);
    expect(json).toMatchObject({ examples: 2, counterExamples: 1, failures: 2, languages: ['en'] });
    expect(json.diagnostics.map((d: { line: number; ruleId: string }) => [d.line, d.ruleId])).toEqual([
      [13, 'example-not-coded'],
      [15, 'counter-example-coded'],
    ]);
    const github = runCli(['codebook', 'test', '--codebook', 'test/fixtures/agree/codebooks/broken.yaml', '--format', 'github']);
    expect(github.stdout).toContain('::error file=test/fixtures/agree/codebooks/broken.yaml,line=13');
  });

  it('is part of `cocreate validate`', () => {
    const result = runCli(['validate', 'test/fixtures/agree/interviews', '--codebook', 'test/fixtures/agree/codebooks/broken.yaml', '--format', 'json']);
    expect(result.status).toBe(1);
    const found = JSON.parse(result.stdout).filter((d: { ruleId: string }) => d.ruleId === 'example-not-coded' || d.ruleId === 'counter-example-coded');
    expect(found.map((d: { line: number }) => d.line)).toEqual([13, 15]);
  });

  it('is a usage error (exit 2) for a codebook that does not exist', () => {
    expect(runCli(['codebook', 'test', '--codebook', 'nope.yaml']).status).toBe(2);
  });
});

describe('cocreate codebook', () => {
  const CODEBOOK = 'test/fixtures/agree/codebooks/fruit.yaml';
  it('prints a table by default, per theme', () => {
    const result = runCli(['codebook', '--codebook', CODEBOOK]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('food — Food');
    expect(result.stdout).toContain('feeling — Feelings');
    expect(result.stdout).toContain('en: “I ate an apple.”');
  });

  it('prints the Markdown appendix', () => {
    const result = runCli(['codebook', '--codebook', CODEBOOK, '--format', 'md']);
    expect(result.stdout).toContain('## Codebook: Fruit and feelings');
    expect(result.stdout).toContain('### Food (`food`)');
    expect(result.stdout).toContain('| `food.apple` | Apple | The speaker mentions apples. | Any apple. | Pears (use food.pear). | en: “I ate an apple.”<br>en: “Apples every day.” |');
  });

  it('writes CSV and JSON', () => {
    const csv = runCli(['codebook', '--codebook', CODEBOOK, '--format', 'csv']).stdout;
    expect(csv.split('\r\n')[0]).toBe('theme,theme_label,code,label,definition,when_to_use,when_not_to_use,examples,counter_examples');
    const json = JSON.parse(runCli(['codebook', 'show', '--codebook', CODEBOOK, '--format', 'json']).stdout);
    expect(json.themes[0].codes[0]).toMatchObject({ id: 'food.apple', label: 'Apple', languages: ['en'] });
    expect(json.themes[0].codes[0].examples[0]).toMatchObject({ language: 'en', text: 'I ate an apple.' });
  });

  it('prints the project codebook appendix', () => {
    const result = runCli(['codebook', '--format', 'md']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('7 themes, 37 codes.');
  });
});
