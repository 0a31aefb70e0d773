/**
 * Issue 16, item 5: every file cocreate reads is checked to be a regular
 * file within its size limit before it is read. A FIFO given as a codebook
 * used to hang, `--codebook /dev/zero` to grow past 5 GB. Each reader is run
 * end to end on a FIFO (no writer: it would wait forever if opened for a
 * blocking read), a device and a folder, under a process timeout (no timing
 * assertion: a hang fails the test by killing the process).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCheckedFile, readCheckedFileSync } from '../../src/load/read-file.js';
import { FIXTURES, runCli } from '../helpers/cli.js';

/** Generous: a run that reads the FIFO or /dev/zero never ends, or ends after eating memory for many seconds. */
const TIMEOUT = 30_000;

function project(): string {
  const root = mkdtempSync(join(tmpdir(), 'cocreate-read-'));
  cpSync(join(FIXTURES, 'basic', 'interviews'), join(root, 'interviews'), { recursive: true });
  cpSync(join(FIXTURES, 'basic', 'codebooks'), join(root, 'codebooks'), { recursive: true });
  expect(spawnSync('mkfifo', [join(root, 'fifo.yaml')]).status).toBe(0);
  mkdirSync(join(root, 'folder.yaml'));
  return root;
}

const run = (root: string, args: string[]) => runCli(args, { cwd: root, env: { COCREATE_CACHE_DIR: join(root, 'cache') }, timeout: TIMEOUT });

describe('readCheckedFile', () => {
  it('reads a regular file, refuses a FIFO, a device, a folder and a file over the limit', async () => {
    const root = project();
    writeFileSync(join(root, 'small.txt'), 'twelve bytes');
    for (const read of [readCheckedFile, async (path: string, max: number) => readCheckedFileSync(path, max)]) {
      expect(await read(join(root, 'small.txt'), 12)).toEqual({ bytes: Buffer.from('twelve bytes') });
      expect(await read(join(root, 'small.txt'), 11)).toMatchObject({ problem: 'too-large', size: 12 });
      expect(await read(join(root, 'fifo.yaml'), 100)).toEqual({ problem: 'not-a-file', reason: 'is a FIFO (named pipe), not a file' });
      expect(await read('/dev/zero', 100)).toEqual({ problem: 'not-a-file', reason: 'is a device, not a file' });
      expect(await read(join(root, 'folder.yaml'), 100)).toEqual({ problem: 'not-a-file', reason: 'is a folder, not a file' });
      expect(await read(join(root, 'none.yaml'), 100)).toEqual({ problem: 'missing', reason: 'does not exist' });
    }
  });
});

describe('issue 16: a FIFO, device or folder where a file is read gives a message, never a hang', () => {
  for (const [name, path] of [
    ['a FIFO', 'fifo.yaml'],
    ['/dev/zero', '/dev/zero'],
    ['a folder', 'folder.yaml'],
  ] as const) {
    it(`--codebook ${name}: exit 2 naming the file, with and without the cache`, () => {
      const root = project();
      for (const extra of [[], ['--no-cache']]) {
        const result = run(root, ['code', 'interviews', '--codebook', path, ...extra]);
        expect(result.status).toBe(2);
        expect(result.stderr).toContain(`The codebook "${path}" is a`);
        expect(result.stderr).toMatch(/not a file/);
      }
      const validate = run(root, ['validate', 'interviews', '--codebook', path]);
      expect(validate.stdout + validate.stderr).toMatch(/not a file/);
      expect(validate.status).not.toBe(0);
    });
  }

  it('--project, redact_file, --dictionary, --qdc, --qdpx, review queue, model file and a transcript on a FIFO: a located message each', () => {
    const root = project();
    const project1 = run(root, ['validate', 'interviews', '--project', 'fifo.yaml']);
    expect(project1.stdout + project1.stderr).toContain('The project file "fifo.yaml" is a FIFO (named pipe), not a file.');
    expect(project1.status).not.toBe(0);

    writeFileSync(join(root, 'cocreate.yaml'), 'personal_data:\n  redact_file: fifo.yaml\n');
    const redact = run(root, ['validate', 'interviews']);
    expect(redact.stdout + redact.stderr).toMatch(/cocreate\.yaml:2:\d+.*The redaction list "fifo.yaml" is a FIFO \(named pipe\), not a file/);

    const dictionary = run(root, ['import', '--dictionary', 'fifo.yaml']);
    expect(dictionary.status).toBe(1);
    expect(dictionary.stdout + dictionary.stderr).toContain('The dictionary "fifo.yaml" is a FIFO (named pipe), not a file.');

    for (const flag of ['--qdc', '--qdpx']) {
      const refi = run(root, ['import', flag, '/dev/zero', '-o', join(root, 'out')]);
      expect(refi.status).toBe(1);
      expect(refi.stdout + refi.stderr).toContain('"/dev/zero" is a device, not a file.');
    }

    // cocreate.yaml itself a FIFO: the analysis commands read its allowed values too, and must not wait for a writer.
    const projectFifo = project();
    expect(spawnSync('mkfifo', [join(projectFifo, 'cocreate.yaml')]).status).toBe(0);
    const coded = run(projectFifo, ['code', 'interviews', '--format', 'json']);
    expect(coded.status).toBe(0);
    expect(JSON.parse(coded.stdout).interviews).toBe(5);

    // The review queue and the model file (cocreate review, --source model).
    const queue = run(root, ['review', '--coder', 'alice', '--apply', 'fifo.yaml']);
    expect(queue.status).toBe(2);
    expect(queue.stderr).toContain('The queue file "fifo.yaml" is a FIFO (named pipe), not a file.');
    const model = run(root, ['review', '--coder', 'alice', '--model', 'fifo.yaml', '--export', 'queue.csv']);
    expect(model.status).toBe(2);
    expect(model.stderr).toContain('The model file fifo.yaml is a FIFO (named pipe), not a file.');

    // A transcript named on the command line that is a FIFO is skipped with a warning; the others are still read.
    const transcript = run(root, ['validate', 'interviews', 'fifo.yaml']);
    expect(transcript.stdout + transcript.stderr).toMatch(/fifo\.yaml.*not a regular file/);
    expect(transcript.stdout + transcript.stderr).toMatch(/\d+ transcripts/);
  });
});
