/**
 * Issue 14, "typos pass silently": a misspelt attribute, attribute value,
 * code, theme or line is a usage error (exit 2) that says what exists and
 * offers the closest, instead of a run that reports zero of everything.
 * Runs the built CLI on the project corpus (interviews/, codebooks/coval.yaml).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, REPO_ROOT, runCli } from '../helpers/cli.js';
import { suggestClosest } from '../../src/validate/suggest.js';

function usageError(args: string[]): string {
  const result = runCli(args);
  expect(result.status, result.stderr).toBe(2);
  expect(result.stdout).toBe('');
  return result.stderr;
}

describe('typos are usage errors with "did you mean" (issue 14)', () => {
  it('quotes: a typo of a full code id suggests that code, not its theme', () => {
    expect(usageError(['quotes', 'success.quickwins'])).toContain('No code or theme "success.quickwins" in the codebook. Did you mean success.quick-wins?');
    expect(usageError(['quotes', 'sucess'])).toContain('Did you mean success?');
  });

  it('--where: an attribute value no transcript has (quotes, agree)', () => {
    const message = 'cocreate: --where role=head-of-units: no transcript has role "head-of-units". Did you mean "head-of-unit"? Values found: head-of-unit, project-manager.';
    expect(usageError(['quotes', 'success.quick-wins', '--where', 'role=head-of-units'])).toContain(message);
    expect(usageError(['agree', '--where', 'role=head-of-units'])).toContain(message);
    // Values are checked for language and id too; an existing value still works.
    expect(usageError(['quotes', 'success.quick-wins', '--where', 'language=english'])).toContain('Values found: en, es.');
    expect(runCli(['quotes', 'success.quick-wins', '--where', 'role=head-of-unit', '--limit', '1']).status).toBe(0);
  });

  it('--where and --by: an attribute name no transcript has suggests the closest (quotes, code, compare, report)', () => {
    expect(usageError(['quotes', 'success', '--where', 'rol=head-of-unit'])).toContain('--where: no transcript has the attribute "rol". Did you mean "role"?');
    expect(usageError(['code', '--by', 'rol'])).toContain('--by: no transcript has the attribute "rol". Did you mean "role"? Attributes found: area, project, role, unit (and language, id).');
    expect(usageError(['compare', '--by', 'unt'])).toContain('Did you mean "unit"?');
    expect(usageError(['report', '--by', 'languge'])).toContain('Did you mean "language"?');
  });

  it('cooccur --theme: a misspelt theme', () => {
    expect(usageError(['cooccur', '--theme', 'sucess'])).toContain('--theme: the codebook has no theme "sucess". Did you mean "success"?');
  });

  it('explain: a line past the end of the file names its line count', () => {
    // Counted from the file, as an editor numbers its lines (a final newline ends the last line).
    const lineCount = readFileSync(join(REPO_ROOT, 'interviews', 'sgad-03.md'), 'utf8').replace(/\n$/, '').split('\n').length;
    expect(usageError(['explain', 'interviews/sgad-03.md:9999'])).toContain(`interviews/sgad-03.md has ${lineCount} lines; line 9999 is past its end.`);
    expect(usageError(['explain', `interviews/sgad-03.md:${lineCount + 1}`])).toContain(`has ${lineCount} lines`);
  });

  it('explain: a line in no segment (front matter, heading, blank line) names the nearest segment', () => {
    // sgad-03.md: front matter on lines 1–10, "## Organisation" on 12, the first turn on 14.
    expect(usageError(['explain', 'interviews/sgad-03.md:12'])).toContain(
      'interviews/sgad-03.md:12 is not in any segment; did you mean interviews/sgad-03.md:14 (the nearest segment, line 14, turn 1 by Interviewer)?',
    );
    expect(runCli(['explain', 'interviews/sgad-03.md:14']).status).toBe(0);
    expect(runCli(['explain', 'interviews/sgad-03.md:17']).status).toBe(0); // its codes comment
  });

  it('explain: a YAML turn\'s `codes:` line still belongs to its segment', () => {
    const result = runCli(['explain', `${FIXTURES}/agree/interviews/a1.yaml:10`, '--codebook', `${FIXTURES}/agree/codebooks/fruit.yaml`, '--format', 'json']);
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ interview: 'a1', line: 9, turn: 1 }); // JSON counts turns from 0
  });

  it('suggestClosest holds a code id\'s tail to the tail\'s own typo limit', () => {
    expect(suggestClosest('sucess', ['stakeholders.citizens'])).toBeUndefined();
    expect(suggestClosest('quickwins', ['stakeholders.citizens', 'success.quick-wins'])).toBe('success.quick-wins');
    expect(suggestClosest('succes.quick-wins', ['success', 'success.quick-wins'])).toBe('success.quick-wins');
  });
});
