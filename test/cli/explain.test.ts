/**
 * `cocreate explain FILE:LINE` end to end: which rule of which code matched
 * which words (with the rule's codebook line), next to the human codes.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const CODEBOOK = 'test/fixtures/agree/codebooks/fruit.yaml';
const explain = (location: string, ...args: string[]) => runCli(['explain', location, '--codebook', CODEBOOK, ...args]);

describe('cocreate explain', () => {
  it('shows the rule, where it is written and the words it matched, with the human codes', () => {
    const result = explain('test/fixtures/agree/interviews/a1.yaml:9');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('test/fixtures/agree/interviews/a1.yaml:9  a1, turn 2 (respondent, en)');
    expect(result.stdout).toContain('I ate an [apple] and I am [happy].');
    expect(result.stdout).toMatch(/food\.apple\s+│ terms: apple │ test\/fixtures\/agree\/codebooks\/fruit\.yaml:21 │ apple │\s+9-14/);
    expect(result.stdout).toMatch(/feeling\.joy\s+│ terms: happy │ test\/fixtures\/agree\/codebooks\/fruit\.yaml:44 │ happy │\s+24-29/);
    expect(result.stdout).toMatch(/feeling\.joy\s+│ yes\s+│ yes\s+│ no\s+│ disagree/);
  });

  it('finds the segment from a line of its codes, and from Markdown', () => {
    const json = JSON.parse(explain('test/fixtures/agree/interviews/a1.yaml:16', '--format', 'json').stdout);
    expect(json).toMatchObject({ interview: 'a1', line: 14, turn: 2, auto: ['food.pear'] });
    expect(json.human).toEqual([
      { coder: 'alice', codes: ['food.pear', 'food.banana'], at: { line: 16, column: 7 } },
      { coder: 'bob', codes: ['food.pear'], at: { line: 17, column: 7 } },
    ]);
    expect(json.codes).toEqual([
      { code: 'food.pear', auto: true, coders: ['alice', 'bob'] },
      { code: 'food.banana', auto: false, coders: ['alice'] },
    ]);
    const md = explain('test/fixtures/agree/interviews/a2.md:12', '--format', 'md');
    expect(md.stdout).toContain('> **Happy** with the **pear**.');
  });

  it('is a usage error for a bad location', () => {
    expect(explain('test/fixtures/agree/interviews/a1.yaml').status).toBe(2);
    expect(explain('test/fixtures/agree/interviews/a1.yaml:2').status).toBe(2);
    expect(explain('test/fixtures/agree/missing.yaml:3').status).toBe(2);
  });

  it('explains a segment of the project corpus', () => {
    const result = runCli(['explain', 'interviews/sgad-01.yaml:15', '--format', 'json']);
    expect(result.status).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.matches.length).toBeGreaterThan(0);
    for (const match of json.matches) expect(json.text.slice(match.start, match.end)).toBe(match.words);
  });
});
