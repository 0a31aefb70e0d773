/**
 * Issue 14, "analysis commands drop bad data silently": on a copy of the
 * project whose sgad-03.md has `role: head-of-units` (not allowed by
 * cocreate.yaml) and, on line 16, the human codes
 * `stakeholders.civil-servant, succes.quick-wins` (not in the codebook)
 * instead of `stakeholders.civil-servants, transformation.shared-platforms`,
 * every command that reads transcripts says so on stderr, located, as
 * validate does (as warnings: exit 0), and its counts are those of the data
 * as it is (the unknown codes left out, head-of-units a group of its own).
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../helpers/cli.js';

let project: string;

const WARNINGS = [
  'interviews/sgad-03.md:7:1  warning  The role "head-of-units" is not one of the allowed values; did you mean "head-of-unit"? It is kept as a group of its own.  attribute-value',
  'interviews/sgad-03.md:17:13  warning  Unknown code "stakeholders.civil-servant"; did you mean "stakeholders.civil-servants"? It is left out of the results.  unknown-code',
  'interviews/sgad-03.md:17:41  warning  Unknown code "succes.quick-wins"; did you mean "success.quick-wins"? It is left out of the results.  unknown-code',
];

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'cocreate-unusable-'));
  for (const name of ['interviews', 'codebooks', 'cocreate.yaml']) cpSync(join(REPO_ROOT, name), join(project, name), { recursive: true });
  const file = join(project, 'interviews', 'sgad-03.md');
  const text = readFileSync(file, 'utf8');
  const edited = text
    .replace(/^role: head-of-unit$/m, 'role: head-of-units')
    .replace('<!-- codes: stakeholders.civil-servants, transformation.shared-platforms -->', '<!-- codes: stakeholders.civil-servant, succes.quick-wins -->');
  expect(edited.split('\n')[6]).toBe('role: head-of-units');
  expect(edited.split('\n')[16]).toMatch(/^<!-- codes: stakeholders\.civil-servant, succes\.quick-wins -->/);
  writeFileSync(file, edited);
});

describe('what an analysis command cannot use is reported (issue 14)', () => {
  it.each([
    [['code', '--source', 'manual']],
    [['code', '--codings', '--jobs', '2']],
    [['compare', '--by', 'role']],
    [['cooccur']],
    [['quotes', 'success']],
    [['agree']],
    [['report']],
    [['export', '--qdpx', '-']],
  ])('%j: three located warnings on stderr, exit 0', (args) => {
    const result = runCli(args, { cwd: project });
    expect(result.status, result.stderr).toBe(0);
    const lines = result.stderr.split('\n');
    for (const warning of WARNINGS) expect(lines).toContain(warning);
    expect(result.stderr).toContain('✖ 0 errors, 3 warnings');
  });

  it('counts are those of the data as it is: unknown codes left out, head-of-units a group of its own', () => {
    // coder-a's codes only: coder-b also coded that segment, so the union (manual) would still count it.
    const original = JSON.parse(runCli(['code', '--source', 'coder-a', '--by', 'role', '--format', 'json']).stdout);
    const edited = JSON.parse(runCli(['code', '--source', 'coder-a', '--by', 'role', '--format', 'json'], { cwd: project }).stdout);
    const segments = (report: any, id: string) => report.codes.find((code: any) => code.id === id).segments;
    // Line 16's segment lost coder-a's two codes; no other segment changed.
    expect(segments(edited, 'stakeholders.civil-servants')).toBe(segments(original, 'stakeholders.civil-servants') - 1);
    expect(segments(edited, 'transformation.shared-platforms')).toBe(segments(original, 'transformation.shared-platforms') - 1);
    expect(segments(edited, 'success.quick-wins')).toBe(segments(original, 'success.quick-wins'));
    expect(edited.groups.map((group: any) => [group.name, group.size])).toEqual([
      ['head-of-unit', 6],
      ['head-of-units', 1],
      ['project-manager', 7],
    ]);
  });

  it('the project corpus as it is gives no such warning', () => {
    const result = runCli(['code', '--source', 'manual']);
    expect(result.status).toBe(0);
    expect(result.stderr).not.toMatch(/attribute-value|unknown-code/);
  });
});
