/**
 * Issue 16, items 1–3: `-o` never replaces what it should write into or
 * leave alone. Devices and FIFOs are written through (a reader gets the
 * report, the FIFO stays a FIFO), a symbolic link stays a link and its
 * target is updated, a folder and a read-only file are refused, a file that
 * looks like a transcript, codebook or project file is refused without
 * `--force`, and a rewritten file keeps its mode (and owner where
 * permitted). End to end through the built CLI, plus a property over many
 * shapes of target run against the writer itself.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, cpSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveWriteTarget, writeFileSafely } from '../../src/cli/write-file.js';
import { inputKindOf } from '../../src/load/input-like.js';
import { CLI, FIXTURES, runCli } from '../helpers/cli.js';

const isRoot = process.getuid?.() === 0;
const NOBODY = 65534;

const YAML_TRANSCRIPT = 'id: t-01\nlanguage: en\nturns:\n  - speaker: respondent\n    text: Hello.\n';
const MD_TRANSCRIPT = '---\nid: t-02\nlanguage: es\n---\n\n**respondent:** Hola.\n';
const CODEBOOK = '# a codebook\nid: cb\nlanguages: [en]\nthemes:\n  - id: a\n    codes: []\n';
const PROJECT = 'attributes:\n  required: [unit]\ntopics: [one]\n';

/** A copy of the basic fixture project in a fresh folder. */
function project(): string {
  const root = mkdtempSync(join(tmpdir(), 'cocreate-write-'));
  cpSync(join(FIXTURES, 'basic', 'interviews'), join(root, 'interviews'), { recursive: true });
  cpSync(join(FIXTURES, 'basic', 'codebooks'), join(root, 'codebooks'), { recursive: true });
  return root;
}

const env = { COCREATE_CACHE_DIR: 'off' };
/** The report `code --format json` prints to stdout: what every `-o` below must receive. */
function expectedReport(root: string): string {
  const run = runCli(['code', 'interviews', '--format', 'json'], { cwd: root, env });
  expect(run.status).toBe(0);
  return run.stdout;
}
const writeTo = (root: string, target: string, ...extra: string[]) => runCli(['code', 'interviews', '--format', 'json', '-o', target, ...extra], { cwd: root, env });
const temporaries = (folder: string) => readdirSync(folder).filter((name) => name.endsWith('.tmp'));

/** Runs the CLI as user nobody (only called as root, so permissions apply). */
function runAsNobody(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, ...env, NO_COLOR: '1' }, encoding: 'utf8', uid: NOBODY, gid: NOBODY, timeout: 60_000 });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Starts `cat FIFO > OUT` and resolves when it has read everything. */
function readerOf(fifo: string, out: string): Promise<number> {
  const child = spawn('sh', ['-c', 'cat "$0" > "$1"', fifo, out], { stdio: 'ignore' });
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
}

describe('issue 16: -o writes through devices and FIFOs, follows links, refuses folders', () => {
  it('writes into a character device without replacing it', () => {
    const root = project();
    // As root a copy of /dev/null made here (the bug would turn the real one into a file); otherwise /dev/null itself.
    const device = isRoot ? join(root, 'null') : '/dev/null';
    if (isRoot) expect(spawnSync('mknod', [device, 'c', '1', '3']).status).toBe(0);
    const run = writeTo(root, device);
    expect(run.stderr).not.toMatch(/Cannot write|Not writing/);
    expect(run.status).toBe(0);
    expect(statSync(device).isCharacterDevice()).toBe(true);
    expect(temporaries(root)).toEqual([]);
  });

  it('writes into a FIFO: the reader receives the report and the FIFO stays a FIFO', async () => {
    const root = project();
    const fifo = join(root, 'pipe.json');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const out = join(root, 'received.json');
    const reader = readerOf(fifo, out);
    const run = writeTo(root, fifo);
    expect(run.status).toBe(0);
    expect(await reader).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(expectedReport(root));
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(temporaries(root)).toEqual([]);
  });

  it('writes /dev/stdout through to where stdout goes', () => {
    const root = project();
    const run = writeTo(root, '/dev/stdout');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(expectedReport(root));
  });

  it('follows a symbolic link: the link stays a link, its target (in another folder) is updated', () => {
    const root = project();
    mkdirSync(join(root, 'shared'));
    const target = join(root, 'shared', 'report.json');
    writeFileSync(target, 'old report\n');
    symlinkSync('shared/report.json', join(root, 'link.json'));
    const run = writeTo(root, 'link.json');
    expect(run.status).toBe(0);
    expect(lstatSync(join(root, 'link.json')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(root, 'link.json'))).toBe('shared/report.json');
    expect(readFileSync(target, 'utf8')).toBe(expectedReport(root));
    expect(temporaries(root)).toEqual([]);
    expect(temporaries(join(root, 'shared'))).toEqual([]);
  });

  it('creates the file a dangling link names, and keeps the link', () => {
    const root = project();
    mkdirSync(join(root, 'out'));
    symlinkSync('out/new.json', join(root, 'dangling.json'));
    expect(writeTo(root, 'dangling.json').status).toBe(0);
    expect(lstatSync(join(root, 'dangling.json')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(root, 'out', 'new.json'), 'utf8')).toBe(expectedReport(root));
  });

  it('refuses a folder (exit 2, nothing written)', () => {
    const root = project();
    mkdirSync(join(root, 'reports'));
    const run = writeTo(root, 'reports');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/"reports": it is a folder, not a file/);
    expect(readdirSync(join(root, 'reports'))).toEqual([]);
  });

  it.runIf(isRoot)('refuses a block device (a disk): resolving the target throws, nothing is opened', () => {
    const root = project();
    const disk = join(root, 'disk');
    expect(spawnSync('mknod', [disk, 'b', '7', '0']).status).toBe(0);
    expect(() => resolveWriteTarget(disk)).toThrow(/block device/);
    expect(() => resolveWriteTarget(root)).toThrow(/is a folder/);
    expect(resolveWriteTarget('/dev/null')).toMatchObject({ kind: 'through' });
    expect(resolveWriteTarget('/dev/stdout')).toMatchObject({ kind: 'through', fd: 1 });
  });

  it('refuses a read-only file and leaves it as it was', () => {
    const root = project();
    const file = join(root, 'locked.json');
    writeFileSync(file, 'keep me\n');
    chmodSync(file, 0o444);
    const run = writeTo(root, 'locked.json');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/"locked.json": the file is read-only/);
    expect(readFileSync(file, 'utf8')).toBe('keep me\n');
    expect(statSync(file).mode & 0o777).toBe(0o444);
    expect(temporaries(root)).toEqual([]);
  });

  it('refuses a file in a read-only folder with a clear message (nothing written)', () => {
    const root = project();
    const folder = join(root, 'frozen');
    mkdirSync(folder);
    writeFileSync(join(folder, 'report.json'), 'old\n');
    chmodSync(join(folder, 'report.json'), 0o666);
    chmodSync(folder, 0o555);
    if (isRoot) chownSync(root, NOBODY, NOBODY); // nobody must reach the project; the folder stays root's and read-only
    const args = ['code', 'interviews', '--format', 'json', '-o', 'frozen/report.json'];
    const run = isRoot ? runAsNobody(args, root) : runCli(args, { cwd: root, env });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/"frozen\/report.json": the folder .*frozen is not writable/);
    expect(readFileSync(join(folder, 'report.json'), 'utf8')).toBe('old\n');
    expect(readdirSync(folder)).toEqual(['report.json']);
  });

  it('removes the temporary files of a run killed outright (its process gone) at the next write, not those of a live run', () => {
    const root = project();
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    const stale = `.report.json.${dead}.0badc0de.tmp`;
    const live = `.report.json.${process.pid}.0badc0de.tmp`;
    const other = `.other.json.${dead}.0badc0de.tmp`;
    for (const name of [stale, live, other]) writeFileSync(join(root, name), 'partial');
    expect(writeTo(root, 'report.json').status).toBe(0);
    expect(temporaries(root).sort()).toEqual([other, live].sort());
  });

  it('keeps the mode of a rewritten file (0600 stays 0600), and owner and group where permitted', () => {
    const root = project();
    const file = join(root, 'private.json');
    writeFileSync(file, 'old\n');
    chmodSync(file, 0o600);
    if (isRoot) chownSync(file, NOBODY, NOBODY);
    const run = writeTo(root, 'private.json');
    expect(run.status).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(expectedReport(root));
    const stats = statSync(file);
    expect(stats.mode & 0o7777).toBe(0o600);
    if (isRoot) expect([stats.uid, stats.gid]).toEqual([NOBODY, NOBODY]);
    // A new file gets the usual mode (umask applied), not 0600.
    expect(writeTo(root, 'fresh.json').status).toBe(0);
    expect(statSync(join(root, 'fresh.json')).mode & 0o777).toBe(0o666 & ~process.umask());
  });
});

describe('issue 16: -o refuses to replace a transcript, codebook or project file without --force', () => {
  const cases: [string, string, string][] = [
    ['a YAML transcript not among the inputs', 'other.yaml', YAML_TRANSCRIPT],
    ['a Markdown transcript not among the inputs', 'other.md', MD_TRANSCRIPT],
    ['a codebook under another name', 'codes.txt', CODEBOOK],
    ['the project file', 'cocreate.yaml', PROJECT],
    ['a project file under another name', 'settings.yml', PROJECT],
    ['a transcript written as JSON', 'other.json', JSON.stringify({ id: 't-03', language: 'en', turns: [{ speaker: 'respondent', text: 'Hi.' }] })],
    ['a codebook written as JSON', 'codebook.json', JSON.stringify({ id: 'cb', languages: ['en'], themes: [] }, null, 2)],
    ['a LIWC dictionary', 'words.txt', '%\n1\tposemo\n2\tnegemo\n%\ngood\t1\n'],
  ];
  for (const [what, name, content] of cases) {
    it(`refuses ${what} (exit 2, unchanged), replaces it with --force`, () => {
      const root = project();
      const file = join(root, name);
      writeFileSync(file, content);
      const run = writeTo(root, name);
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(/looks like a (transcript|codebook|project file|dictionary).*--force/);
      expect(readFileSync(file, 'utf8')).toBe(content);
      const forced = writeTo(root, name, '--force');
      expect(forced.status).toBe(0);
      expect(readFileSync(file, 'utf8')).toBe(expectedReport(root));
    });
  }

  it('refuses a transcript of the corpus that is not among this run\'s paths (the issue\'s example)', () => {
    const root = project();
    const before = readFileSync(join(root, 'interviews', 'b-02.md'), 'utf8');
    const run = runCli(['code', 'interviews/b-01.yaml', '-o', 'interviews/b-02.md', '--format', 'md'], { cwd: root, env });
    expect(run.status).toBe(2);
    expect(readFileSync(join(root, 'interviews', 'b-02.md'), 'utf8')).toBe(before);
  });

  it('applies to every command with -o, and to export and import --dictionary', () => {
    const root = project();
    writeFileSync(join(root, 'cocreate.yaml'), PROJECT);
    const commands = [
      ['validate', 'interviews', '-o', 'cocreate.yaml', '--format', 'json'],
      ['quotes', 'actors', 'interviews', '-o', 'cocreate.yaml', '--format', 'json'],
      ['import', '--dictionary', join(FIXTURES, 'dictionary', 'small.dic'), '-o', 'cocreate.yaml'],
      ['report', 'interviews', '-o', 'cocreate.yaml', '--format', 'md'],
      ['codebook', '-o', 'cocreate.yaml', '--format', 'json'],
      ['export', '--qdc', 'cocreate.yaml'],
    ];
    for (const args of commands) {
      const run = runCli(args, { cwd: root, env });
      expect({ args, status: run.status }).toEqual({ args, status: 2 });
      // validate reads cocreate.yaml, so it is an input there; everywhere else it looks like one.
      expect(run.stderr).toMatch(args[0] === 'validate' ? /is one of the inputs/ : /looks like a project file/);
      expect(readFileSync(join(root, 'cocreate.yaml'), 'utf8')).toBe(PROJECT);
    }
  });
});

describe('inputKindOf', () => {
  it('recognises inputs by content, whatever the name', () => {
    expect(inputKindOf('x.yaml', YAML_TRANSCRIPT)).toBe('transcript');
    expect(inputKindOf('x.txt', '\uFEFF' + MD_TRANSCRIPT)).toBe('transcript');
    expect(inputKindOf('x.json', CODEBOOK)).toBe('codebook');
    expect(inputKindOf('x', PROJECT)).toBe('project file');
    expect(inputKindOf('dir/cocreate.yaml', '')).toBe('project file');
    expect(inputKindOf('x.yaml', 'turns: []\n')).toBe('transcript');
    expect(inputKindOf('x.yaml', '"themes": []\n')).toBe('codebook');
    expect(inputKindOf('x.dic', readFileSync(join(FIXTURES, 'dictionary', 'small.dic'), 'utf8'))).toBe('dictionary');
    expect(inputKindOf('x.csv', '%,share\n1,2\n')).toBeUndefined();
  });

  it('does not take reports for inputs', () => {
    const root = project();
    for (const format of ['json', 'csv', 'md', 'table']) {
      const run = runCli(['code', 'interviews', '--format', format], { cwd: root, env });
      expect(inputKindOf(`report.${format}`, run.stdout)).toBeUndefined();
    }
    // Every JSON report: a rerun of the same command with the same -o must not be refused.
    const reports = [
      ['code', 'interviews', '--by', 'language'],
      ['code', 'interviews', '--matrix'],
      ['code', 'interviews', '--codings'],
      ['cooccur', 'interviews'],
      ['quotes', 'actors', 'interviews'],
      ['agree', 'interviews'],
      ['codebook'],
      ['codebook', 'test'],
      ['explain', `interviews/b-01.yaml:${readFileSync(join(root, 'interviews', 'b-01.yaml'), 'utf8').split('\n').indexOf('  - speaker: respondent') + 3}`],
    ];
    for (const args of reports) {
      const run = runCli([...args, '--format', 'json'], { cwd: root, env });
      expect(run.stdout.length, args.join(' ')).toBeGreaterThan(10);
      expect(inputKindOf('report.json', run.stdout), args.join(' ')).toBeUndefined();
    }
    expect(inputKindOf('r.html', runCli(['report', 'interviews'], { cwd: root, env }).stdout)).toBeUndefined();
    expect(inputKindOf('v.txt', runCli(['validate', 'interviews', '--format', 'json'], { cwd: root, env }).stdout)).toBeUndefined();
    expect(inputKindOf('notes.md', '# Notes\n\nSome text: with a colon.\n')).toBeUndefined();
  });
});

describe('issue 16: property — a non-regular target is never replaced, an input-like file never overwritten without force', () => {
  type Shape = 'missing' | 'plain' | 'transcript-yaml' | 'transcript-md' | 'codebook' | 'project' | 'fifo' | 'folder' | 'device';
  const contents: Partial<Record<Shape, string>> = { plain: 'an old report\n', 'transcript-yaml': YAML_TRANSCRIPT, 'transcript-md': MD_TRANSCRIPT, codebook: CODEBOOK, project: PROJECT };
  const shapes: Shape[] = ['missing', 'plain', 'transcript-yaml', 'transcript-md', 'codebook', 'project', 'fifo', 'folder', ...(isRoot ? (['device'] as Shape[]) : [])];

  it('holds for every shape, behind zero to two symbolic links, with and without --force', async () => {
    const base = mkdtempSync(join(tmpdir(), 'cocreate-write-prop-'));
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...shapes), fc.integer({ min: 0, max: 2 }), fc.boolean(), fc.constantFrom('out.json', 'out.yaml', 'out.md', 'cocreate.yaml'), async (shape, links, force, name) => {
        const folder = join(base, `case-${run++}`);
        mkdirSync(join(folder, 'real'), { recursive: true });
        const real = join(folder, 'real', name);
        const content = contents[shape];
        if (content !== undefined) writeFileSync(real, content);
        if (shape === 'fifo') expect(spawnSync('mkfifo', [real]).status).toBe(0);
        if (shape === 'folder') mkdirSync(real);
        if (shape === 'device') expect(spawnSync('mknod', [real, 'c', '1', '3']).status).toBe(0);
        let path = real;
        for (let link = 0; link < links; link++) {
          const next = join(folder, `link-${link}`);
          symlinkSync(path, next);
          path = next;
        }
        const received = join(folder, 'received');
        const reader = shape === 'fifo' ? readerOf(real, received) : undefined;
        const report = `{"report": ${run}}\n`;
        let error: unknown;
        try {
          await writeFileSafely(path, report, { force });
        } catch (caught) {
          error = caught;
        }
        // Links stay links.
        for (let link = 0; link < links; link++) expect(lstatSync(join(folder, `link-${link}`)).isSymbolicLink()).toBe(true);
        const after = lstatSync(real, { throwIfNoEntry: false });
        // An existing regular file that is an input by its content, or by its name (cocreate.yaml).
        const inputLike = content !== undefined && (shape !== 'plain' || name === 'cocreate.yaml');
        if (shape === 'fifo' || shape === 'device' || shape === 'folder') {
          // Never replaced by a regular file.
          expect(after?.isFile()).toBe(false);
          if (shape === 'fifo') {
            expect(after?.isFIFO()).toBe(true);
            expect(await reader).toBe(0);
            expect(readFileSync(received, 'utf8')).toBe(report);
          }
          if (shape === 'device') expect(after?.isCharacterDevice()).toBe(true);
          if (shape === 'folder') expect(error).toBeDefined();
        } else if (inputLike && !force) {
          expect(error).toBeDefined();
          expect(readFileSync(real, 'utf8')).toBe(content);
        } else {
          expect(error).toBeUndefined();
          expect(after?.isFile()).toBe(true);
          expect(readFileSync(real, 'utf8')).toBe(report);
        }
        expect(readdirSync(join(folder, 'real')).filter((entry) => entry.endsWith('.tmp'))).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('holds end to end through the CLI (code -o, with and without --force) on a sample of shapes', async () => {
    const root = project();
    const report = expectedReport(root);
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...shapes), fc.boolean(), fc.boolean(), async (shape, link, force) => {
        const folder = join(root, `e2e-${run++}`);
        mkdirSync(folder);
        const real = join(folder, 'out.json');
        const content = contents[shape];
        if (content !== undefined) writeFileSync(real, content);
        if (shape === 'fifo') expect(spawnSync('mkfifo', [real]).status).toBe(0);
        if (shape === 'folder') mkdirSync(real);
        if (shape === 'device') expect(spawnSync('mknod', [real, 'c', '1', '3']).status).toBe(0);
        const path = link ? join(folder, 'link.json') : real;
        if (link) symlinkSync('out.json', path);
        const reader = shape === 'fifo' ? readerOf(real, join(folder, 'received')) : undefined;
        const result = writeTo(root, path, ...(force ? ['--force'] : []));
        if (link) expect(lstatSync(path).isSymbolicLink()).toBe(true);
        const after = lstatSync(real, { throwIfNoEntry: false });
        if (shape === 'fifo' || shape === 'device' || shape === 'folder') {
          expect(after?.isFile()).toBe(false);
          expect(result.status).toBe(shape === 'folder' ? 2 : 0);
          if (reader) {
            expect(await reader).toBe(0);
            expect(readFileSync(join(folder, 'received'), 'utf8')).toBe(report);
          }
        } else if (content !== undefined && shape !== 'plain' && !force) {
          expect(result.status).toBe(2);
          expect(readFileSync(real, 'utf8')).toBe(content);
        } else {
          expect(result.status).toBe(0);
          expect(readFileSync(real, 'utf8')).toBe(report);
        }
        expect(temporaries(folder)).toEqual([]);
      }),
      { numRuns: 30 },
    );
  });
});
