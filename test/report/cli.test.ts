/**
 * `cocreate report` end to end (issue 7): the built CLI writes the HTML or
 * Markdown report, the same inputs give the same bytes, a timestamp only
 * when asked, and mistakes in the call exit 2 with a message.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, REPO_ROOT, runCli } from '../helpers/cli.js';

const GARDEN = join(FIXTURES, 'report');
const args = (...extra: string[]) => ['report', 'interviews', '--codebook', 'codebooks/garden.yaml', ...extra];
const out = mkdtempSync(join(tmpdir(), 'cocreate-report-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('cocreate report', () => {
  it('writes one HTML file with -o, nothing on stdout, and the same bytes twice', () => {
    const first = runCli(args('-o', join(out, 'a.html')), { cwd: GARDEN });
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toBe('');
    const second = runCli(args('-o', join(out, 'b.html')), { cwd: GARDEN });
    expect(second.status).toBe(0);
    const html = readFileSync(join(out, 'a.html'), 'utf8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(readFileSync(join(out, 'b.html'), 'utf8')).toBe(html);
    expect(html).toContain('<h1>Garden talk</h1>');
    expect(html).not.toContain('Generated');
  });

  it('writes HTML to stdout without -o, and Markdown with --format md or a .md file', () => {
    const html = runCli(args(), { cwd: GARDEN });
    expect(html.status).toBe(0);
    expect(html.stdout).toBe(readFileSync(join(out, 'a.html'), 'utf8'));
    const md = runCli(args('--format', 'md'), { cwd: GARDEN });
    expect(md.status).toBe(0);
    expect(md.stdout.startsWith('# Garden talk\n')).toBe(true);
    expect(runCli(args('-o', join(out, 'r.md')), { cwd: GARDEN }).status).toBe(0);
    expect(readFileSync(join(out, 'r.md'), 'utf8')).toBe(md.stdout);
  });

  it('prints the generation time only with --timestamp', () => {
    const result = runCli(args('--timestamp'), { cwd: GARDEN });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/Generated \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\./);
  });

  it('groups by another attribute, counts interviews or another source when asked', () => {
    const result = runCli(args('--by', 'role', '--measure', 'interviews', '--source', 'manual', '--format', 'md'), { cwd: GARDEN });
    expect(result.status).toBe(0);
    // Human codes only: plants on a1 (head), a2 (staff), b1 (head) → head 2/2, staff 1/2.
    expect(result.stdout).toContain('| Plants | [2/2](#idx-plants--g1) (100%) | [1/2](#idx-plants--g2) (50%) |');
    expect(result.stdout).toContain('| Codes applied by | the human coders |');
  });

  it('exits 2 with a message for an unknown attribute, format or source, and refuses to overwrite an input', () => {
    const by = runCli(args('--by', 'colour'), { cwd: GARDEN });
    expect(by.status).toBe(2);
    expect(by.stderr).toContain('--by: no transcript has the attribute "colour". Attributes found: role, unit (and language, id).');
    expect(runCli(args('--format', 'csv'), { cwd: GARDEN }).status).toBe(2);
    expect(runCli(args('-o', join(out, 'x.csv')), { cwd: GARDEN }).status).toBe(2);
    expect(runCli(args('--source', 'a b'), { cwd: GARDEN }).status).toBe(2);
    const overwrite = runCli(args('--format', 'html', '-o', 'codebooks/garden.yaml'), { cwd: GARDEN });
    expect(overwrite.status).toBe(2);
    expect(overwrite.stderr).toContain('is one of the inputs');
  });

  it.runIf(existsSync(join(REPO_ROOT, 'codebooks', 'coval.yaml')))('reports the fourteen interviews of the repository, byte-identical on a second run', () => {
    const first = runCli(['report', 'interviews/', '-o', join(out, 'corpus1.html')]);
    expect(first.status).toBe(0);
    const second = runCli(['report', 'interviews/', '-o', join(out, 'corpus2.html')]);
    expect(second.status).toBe(0);
    const html = readFileSync(join(out, 'corpus1.html'), 'utf8');
    const again = readFileSync(join(out, 'corpus2.html'), 'utf8');
    // Compared as a boolean: a failure would otherwise print two 900 kB documents.
    const firstDifference = html === again ? -1 : [...html].findIndex((char, index) => again[index] !== char);
    expect(html === again, `reports differ from character ${firstDifference}`).toBe(true);
    expect(html).toContain('<dt>Interviews</dt><dd>14</dd>');
  });
});
