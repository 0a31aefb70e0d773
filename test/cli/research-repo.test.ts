/**
 * Issue 14, "a research repository, not this one": in a layout of
 * interviews/, codebooks/, cocreate.yaml (plus what such a repository also
 * holds: node_modules/, .github/, .cocreate-cache/, models/), `cocreate code .`
 * codes the fourteen transcripts and reads nothing else as a transcript.
 */
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../helpers/cli.js';

let repository: string;

beforeAll(() => {
  repository = mkdtempSync(join(tmpdir(), 'cocreate-research-'));
  for (const name of ['interviews', 'codebooks', 'cocreate.yaml']) cpSync(join(REPO_ROOT, name), join(repository, name), { recursive: true });
  const write = (path: string, text: string) => {
    mkdirSync(join(repository, path, '..'), { recursive: true });
    writeFileSync(join(repository, path), text);
  };
  // Each of these would be a broken transcript if it were read as one.
  write('node_modules/some-package/data.yaml', 'name: not a transcript\n');
  write('node_modules/some-package/notes.md', '# Notes\n');
  write('.github/workflows/validate.yml', 'on: push\n');
  write('.cocreate-cache/entry.yaml', 'x: 1\n');
  write('models/coval-model.yaml', 'weights: [1, 2]\n');
  write('notes/README.md', '# About the study\n');
});

describe('cocreate code . in a research repository (issue 14)', () => {
  it('codes the transcripts only: no codebook, project file, package, model or dot-folder read as one', () => {
    const result = runCli(['code', '.', '--format', 'json'], { cwd: repository });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout);
    expect(report.interviews).toBe(14);
    // The same counts as coding interviews/ itself.
    expect(report).toEqual(JSON.parse(runCli(['code', 'interviews/', '--format', 'json'], { cwd: repository }).stdout));
  });

  it('validate . checks the fourteen transcripts, with no finding about those files', () => {
    const result = runCli(['validate', '.', '--format', 'json'], { cwd: repository });
    const findings = JSON.parse(result.stdout) as { file: string; severity: string; ruleId: string }[];
    // Besides the codebook's own warnings, only notes that the other files and folders were skipped.
    const others = findings.filter((finding) => finding.file !== 'codebooks/coval.yaml');
    expect(others.map((finding) => [finding.file, finding.severity, finding.ruleId])).toEqual([
      ['cocreate.yaml', 'info', 'skipped-file'],
      ['codebooks', 'info', 'skipped-folder'],
      ['models', 'info', 'skipped-folder'],
      ['node_modules', 'info', 'skipped-folder'],
      ['notes/README.md', 'info', 'skipped-file'],
    ]);
    expect(runCli(['validate', '.'], { cwd: repository }).stdout).toContain('(14 transcripts, codebooks/coval.yaml, cocreate.yaml checked)');
  });

  it('a skipped folder named on the command line is read', () => {
    const result = runCli(['code', 'models/coval-model.yaml'], { cwd: repository });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('models/coval-model.yaml');
  });
});
