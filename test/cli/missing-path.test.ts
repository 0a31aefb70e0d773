/**
 * Issue 14, "exit codes differ between commands": a path that does not
 * exist is a usage error (exit 2, nothing on stdout) in every command that
 * reads transcripts, validate included; one check (cli/paths.ts) before any work.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('a path that does not exist (issue 14)', () => {
  it.each([
    [['validate']],
    [['code']],
    [['compare', '--by', 'role']],
    [['cooccur']],
    [['quotes', 'success']],
    [['agree']],
    [['report']],
    [['export', '--qdpx', '-']],
  ])('%j /no/such/path interviews/: exit 2 naming it', (args) => {
    const result = runCli([...args, '/no/such/path', 'interviews/']);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^cocreate: The path "\/no\/such\/path" does not exist \(in .+\)\. Check the spelling, or run the command from the project folder\.\n$/);
  });

  it('names every missing path at once', () => {
    const result = runCli(['validate', 'nope-1', 'interviews/', 'nope-2']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('These paths do not exist: "nope-1", "nope-2"');
  });

  it('export --qdc reads no transcripts, so its default paths are not checked', () => {
    const result = runCli(['export', '--qdc', '-', 'no-such-folder']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('<CodeBook');
  });
});
