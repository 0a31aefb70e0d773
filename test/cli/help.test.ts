/**
 * Issue 14, help: every command's `--help` ends with real examples, and
 * each example, read back from the help text of the built CLI, runs
 * successfully on a copy of the project; `cocreate` alone prints the usage
 * on stderr and exits 2.
 */
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../helpers/cli.js';

const COMMANDS = [['code'], ['validate'], ['report'], ['compare'], ['cooccur'], ['quotes'], ['import'], ['export'], ['agree'], ['train'], ['review'], ['codebook'], ['codebook', 'test'], ['explain']];

/** The example command lines after "Examples:" in a help text. */
function examplesIn(help: string): string[] {
  const [, after = ''] = help.split('\nExamples:\n');
  return after
    .split('\n')
    .filter((line) => line.startsWith('  $ '))
    .map((line) => line.slice(4).replace(/\s+#.*$/, ''));
}

let project: string;
const examples = new Map<string, string[]>();

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'cocreate-help-'));
  for (const name of ['interviews', 'codebooks', 'cocreate.yaml']) cpSync(join(REPO_ROOT, name), join(project, name), { recursive: true });
  for (const command of COMMANDS) {
    const result = runCli([...command, '--help']);
    expect(result.status).toBe(0);
    examples.set(command.join(' '), examplesIn(result.stdout));
  }
});

describe('help (issue 14)', () => {
  it('cocreate with no arguments prints the usage on stderr and exits 2', () => {
    const result = runCli([]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^Usage: cocreate \[options\] \[command\]/);
    expect(result.stderr).toContain('code [options] [paths...]');
    // Asked for, help is data: stdout and exit 0.
    expect(runCli(['--help']).status).toBe(0);
    expect(runCli(['help']).status).toBe(0);
  });

  it.each(COMMANDS.map((command) => [command.join(' ')]))('cocreate %s --help ends with two or three examples of that command', (name) => {
    const lines = examples.get(name)!;
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines.length).toBeLessThanOrEqual(3);
    for (const line of lines) expect(line.startsWith(`cocreate ${name.split(' ')[0]}`)).toBe(true);
  });

  it('every example runs on a copy of the project (exports first, imports, which read them and add a codebook, last)', () => {
    const order = ['export', ...COMMANDS.map((command) => command.join(' ')).filter((name) => name !== 'export' && name !== 'import'), 'import'];
    for (const name of order) {
      for (const line of examples.get(name)!) {
        const args = line.split(' ').slice(1);
        const result = runCli(args, { cwd: project });
        expect(result.status, `${line}\n${result.stderr}`).toBe(0);
      }
    }
  });
});
