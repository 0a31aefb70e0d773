/**
 * Issue 3, "Bad input, in every command": each bad input meets a clear
 * diagnostic naming the file (and the line, where there is one), with the
 * documented exit code, in `validate` AND in `code`; the good transcript
 * beside it is still processed; nothing hangs; no input is modified.
 *
 * Committed fixtures: test/fixtures/bad-input/ (text files). Files whose
 * bytes matter (empty, BOM, CRLF, binary, Latin-1, invalid UTF-8), the
 * 50 MB transcript, unrelated files and symlink loops are generated here
 * into a temporary copy, never committed.
 *
 * Every scenario folder holds `ok-01.yaml` (one respondent turn, coded
 * automatically with success.quick-wins via "first version" and
 * stakeholders.citizens via "citizen") plus the bad input, so "other files
 * still processed" means `code --format json` reports at least one interview.
 */
import { createHash } from 'node:crypto';
import { cpSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, runCli } from '../helpers/cli.js';

let root: string;
const GOOD = readFileSync(join(FIXTURES, 'bad-input', 'good', 'ok-01.yaml'));
/** Line of the DNI planted at the end of the 50 MB transcript, counted by the generator. */
let bigDniLine = 0;

function scenario(name: string, files: Record<string, string | Uint8Array>): void {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'ok-01.yaml'), GOOD);
  for (const [file, content] of Object.entries(files)) writeFileSync(join(dir, file), content);
}

const fixture = (name: string) => readFileSync(join(FIXTURES, 'bad-input', 'cases', name));

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'cocreate-bad-input-'));
  cpSync(join(FIXTURES, 'bad-input', 'codebooks'), join(root, 'codebooks'), { recursive: true });
  mkdirSync(join(root, 'good'));
  writeFileSync(join(root, 'good', 'ok-01.yaml'), GOOD);

  scenario('malformed-yaml', { 'malformed-yaml.yaml': fixture('malformed-yaml.yaml') });
  scenario('malformed-front-matter', { 'malformed-front-matter.md': fixture('malformed-front-matter.md') });
  scenario('unclosed-front-matter', { 'unclosed-front-matter.md': fixture('unclosed-front-matter.md') });
  scenario('wrong-types', { 'wrong-types.yaml': fixture('wrong-types.yaml') });
  scenario('wrong-turns-type', { 'wrong-turns-type.yaml': fixture('wrong-turns-type.yaml') });
  scenario('duplicate-keys', { 'duplicate-keys.yaml': fixture('duplicate-keys.yaml') });
  scenario('missing-keys', { 'missing-keys.yaml': fixture('missing-keys.yaml') });
  scenario('missing-turns', { 'missing-turns.yaml': fixture('missing-turns.yaml') });
  scenario('missing-language', { 'missing-language.md': fixture('missing-language.md') });
  scenario('wrong-metadata-types', { 'wrong-metadata-types.md': fixture('wrong-metadata-types.md') });
  scenario('alias-bomb', { 'alias-bomb.yaml': fixture('alias-bomb.yaml') });
  scenario('alias-bomb-front-matter', { 'alias-bomb-front-matter.md': fixture('alias-bomb-front-matter.md') });
  scenario('empty', { 'empty.yaml': '' });
  // PNG signature and the start of an IHDR chunk: 0x0A at offsets 5 and 7, first NUL at offset 8 → line 3.
  scenario('binary', { 'scan.yaml': Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]) });
  // Valid UTF-8 (ó, é) with one stray 0xFF on line 6, after "    text: Según " (16 UTF-16 units) → column 17.
  scenario('invalid-utf8', {
    'broken.yaml': Buffer.concat([
      Buffer.from('id: broken\nlanguage: es\nunit: Unidad de Gestión\nturns:\n  - speaker: respondent\n    text: Según ', 'utf8'),
      Buffer.from([0xff]),
      Buffer.from(' él, el ciudadano ganó.\n', 'utf8'),
    ]),
  });
  // Latin-1: the first non-ASCII byte is "ó" of "pidió" on line 7, after "**Respondent:** El ciudadano pidi" (33 units) → column 34.
  scenario('latin-1', {
    'latin1.md': Buffer.from('---\nid: latin-1\nlanguage: es\nunit: Unidad\n---\n\n**Respondent:** El ciudadano pidió una victoria rápida.\n', 'latin1'),
  });
  // BOM before "id:"; the unknown code on line 9 starts after "    codes: [" (12 units) → column 13, as without a BOM.
  scenario('bom', {
    'bom.yaml': Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('id: bom-01\nlanguage: en\nturns:\n  - speaker: interviewer\n    text: Tell me.\n  - speaker: respondent\n    text: |\n      A first version for every citizen.\n    codes: [succes.quick-wins]\n', 'utf8'),
    ]),
  });
  // CRLF line endings: the phone on line 7 starts after "**Respondent:** Call me at " (27 units) → column 28;
  // the misspelt code on line 8 after "<!-- codes: " (12 units) → column 13.
  scenario('crlf', {
    'crlf.md': '---\r\nid: crlf-01\r\nlanguage: en\r\n---\r\n\r\n## Project\r\n**Respondent:** Call me at 612 345 678, any citizen can.\r\n<!-- codes: stakeholders.citizen -->\r\n',
  });
  // Unrelated files: an image, a PDF, notes, a README and macOS metadata (dot files are skipped silently).
  scenario('unrelated', {
    'photo.png': Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]),
    'scan.pdf': '%PDF-1.4\n%âãÏÓ\n',
    'notes.txt': 'call the unit back\n',
    'README.md': '# Interviews\n',
    '.DS_Store': Uint8Array.from([0x00, 0x00, 0x00, 0x01, 0x42, 0x75, 0x64, 0x31]),
  });
  // Symbolic links: one to its own folder, and two pointing at each other.
  scenario('symlink-loop', {});
  symlinkSync('.', join(root, 'symlink-loop', 'self'));
  symlinkSync('b.yaml', join(root, 'symlink-loop', 'a.yaml'));
  symlinkSync('a.yaml', join(root, 'symlink-loop', 'b.yaml'));
  // Catastrophic backtracking input: 50,000 "a" then "!" (no match at the end, the exponential case for
  // a backtracking engine), and a turn ending in "a" (a match).
  const run = 'a'.repeat(50_000);
  scenario('catastrophic', { 'aaa.yaml': `id: aaa\nlanguage: en\nturns:\n  - speaker: respondent\n    text: ${run}!\n  - speaker: respondent\n    text: citizen ${run}\n` });

  // 50 MB transcript (Markdown), a DNI on its very last line.
  const sentence = 'We shipped a first version in three months and every citizen could use it, which won us allies across the ministries. ';
  const turn = `**Respondent:** ${sentence.repeat(8).trim()}\n\n`;
  const parts = ['---\nid: big-01\nlanguage: en\n---\n\n'];
  let size = parts[0]!.length;
  let line = 6; // the next line to be written
  while (size < 50 * 1024 * 1024) {
    parts.push(turn);
    size += turn.length;
    line += 2;
  }
  parts.push('**Respondent:** My DNI is 12345678Z.\n');
  bigDniLine = line;
  scenario('big', { 'big.md': parts.join('') });
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

/** SHA-256 of every regular file under `dir` (symlinks not followed). */
function hashTree(dir: string): Map<string, string> {
  const hashes = new Map<string, string>();
  const walk = (path: string) => {
    for (const entry of readdirSync(path)) {
      const full = join(path, entry);
      const info = lstatSync(full);
      if (info.isDirectory()) walk(full);
      else if (info.isFile()) hashes.set(full, createHash('sha256').update(readFileSync(full)).digest('hex'));
    }
  };
  walk(dir);
  return hashes;
}

const validate = (args: string[]) => runCli(['validate', ...args, '--codebook', 'codebooks/mini.yaml'], { cwd: root });
const code = (args: string[], codebook = 'codebooks/mini.yaml') => runCli(['code', ...args, '--codebook', codebook, '--format', 'json', '--no-progress'], { cwd: root });
const interviewsCounted = (stdout: string) => (JSON.parse(stdout) as { interviews: number }).interviews;

/** Every scenario: the exact diagnostic line, and the exit codes of validate and code. */
const CASES: { name: string; lines: string[]; validateExit: number; codeExit: number; counted: number }[] = [
  // yaml's parser reports the unclosed flow sequence where the next block entry starts (line 6, column 3).
  { name: 'malformed-yaml', lines: ['malformed-yaml/malformed-yaml.yaml:6:3  error  Flow sequence in block collection must be sufficiently indented and end with a ]  yaml-syntax'], validateExit: 1, codeExit: 1, counted: 1 },
  // Front matter starts on line 2; the unclosed `[en` on line 3 is reported where `unit:` starts, line 4.
  { name: 'malformed-front-matter', lines: ['malformed-front-matter/malformed-front-matter.md:4:1  error  Flow sequence in block collection must be sufficiently indented and end with a ]  yaml-syntax'], validateExit: 1, codeExit: 1, counted: 1 },
  { name: 'unclosed-front-matter', lines: ['unclosed-front-matter/unclosed-front-matter.md:1:1  error  The front matter is never closed with a `---` line.  unclosed-front-matter'], validateExit: 1, codeExit: 1, counted: 1 },
  // `text:` of turn 2 is the key on line 7 (column 5).
  { name: 'wrong-types', lines: ['wrong-types/wrong-types.yaml:7:5  error  Turn 2: `text` must be text, not a list or map.  wrong-type'], validateExit: 1, codeExit: 1, counted: 1 },
  { name: 'wrong-turns-type', lines: ['wrong-turns-type/wrong-turns-type.yaml:3:1  error  `turns` must be a list of turns.  wrong-type'], validateExit: 1, codeExit: 1, counted: 1 },
  // The second `language:` is on line 4.
  { name: 'duplicate-keys', lines: ['duplicate-keys/duplicate-keys.yaml:4:1  error  The key "language" appears more than once in the same map.  duplicate-key'], validateExit: 1, codeExit: 1, counted: 1 },
  { name: 'alias-bomb', lines: ['alias-bomb/alias-bomb.yaml:1:1  error  Too many YAML aliases (more than 200); the file looks like an alias bomb and was not expanded.  yaml-alias-limit'], validateExit: 1, codeExit: 1, counted: 1 },
  { name: 'alias-bomb-front-matter', lines: ['alias-bomb-front-matter/alias-bomb-front-matter.md:2:1  error  Too many YAML aliases (more than 200); the file looks like an alias bomb and was not expanded.  yaml-alias-limit'], validateExit: 1, codeExit: 1, counted: 1 },
  { name: 'empty', lines: ['empty/empty.yaml:1:1  error  The file is empty.  empty-file'], validateExit: 1, codeExit: 1, counted: 1 },
  { name: 'binary', lines: ['binary/scan.yaml:3  error  This looks like a binary file (it contains NUL bytes), not a text transcript.  binary-file'], validateExit: 1, codeExit: 1, counted: 1 },
  // A warning: the file is still read (the U+FFFD replaces one byte) and coded ("ciudadano" → citizens): 2 interviews.
  { name: 'invalid-utf8', lines: ['invalid-utf8/broken.yaml:6:17  warning  The file has bytes that are not valid UTF-8 (the first is 0xFF); they were read as "\uFFFD".  invalid-utf8'], validateExit: 0, codeExit: 0, counted: 2 },
  { name: 'latin-1', lines: ['latin-1/latin1.md:7:34  warning  The file is not valid UTF-8; it was read as Latin-1 (Windows-1252).  not-utf8'], validateExit: 0, codeExit: 0, counted: 2 },
  // Missing keys: every problem of the file is reported, metadata and turns alike.
  {
    name: 'missing-keys',
    lines: ['missing-keys/missing-keys.yaml:1:1  error  The transcript has no `id`.  missing-id', 'missing-keys/missing-keys.yaml:6:5  error  Turn 2 has no `speaker`.  missing-speaker'],
    validateExit: 1,
    codeExit: 1,
    counted: 1,
  },
  { name: 'missing-turns', lines: ['missing-turns/missing-turns.yaml:1:1  error  The transcript has no `turns` list.  missing-turns'], validateExit: 1, codeExit: 1, counted: 1 },
  { name: 'missing-language', lines: ['missing-language/missing-language.md:1:1  error  The transcript has no `language`.  missing-language'], validateExit: 1, codeExit: 1, counted: 1 },
  // Wrong metadata types in front matter, each at its key (lines 3, 4 and 5).
  {
    name: 'wrong-metadata-types',
    lines: [
      'wrong-metadata-types/wrong-metadata-types.md:3:1  error  Unknown language "fr".  unknown-language',
      'wrong-metadata-types/wrong-metadata-types.md:4:1  error  `illustrative` must be true or false.  wrong-type',
      'wrong-metadata-types/wrong-metadata-types.md:5:1  error  `interviewers` must be a list of speaker names.  wrong-type',
    ],
    validateExit: 1,
    codeExit: 1,
    counted: 1,
  },
];

describe('issue 3: bad input in validate and code', () => {
  it.each(CASES)('$name: validate names file and line, exit $validateExit', ({ name, lines, validateExit }) => {
    const result = validate([name]);
    for (const line of lines) expect(result.stdout.split('\n')).toContain(line);
    expect(result.status).toBe(validateExit);
    expect(result.stderr).toBe('');
    // The good transcript beside it was checked too (and is clean).
    expect(result.stdout).not.toContain('ok-01.yaml');
    expect(result.stdout).toMatch(/\(2 transcripts, codebooks\/mini\.yaml checked\)/);
  });

  it.each(CASES)('$name: code reports it on stderr, still codes the rest, exit $codeExit', ({ name, lines, codeExit, counted }) => {
    const result = code([name]);
    for (const line of lines) expect(result.stderr.split('\n')).toContain(line);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(result.status).toBe(codeExit);
    expect(interviewsCounted(result.stdout)).toBe(counted);
  });

  it('UTF-8 with a byte-order mark: positions are those of the text after the BOM', () => {
    const result = validate(['bom']);
    expect(result.stdout.split('\n')).toContain('bom/bom.yaml:9:13  error  Unknown code "succes.quick-wins"; did you mean "success.quick-wins"?  unknown-code');
    expect(result.status).toBe(1);
    const coded = code(['bom']);
    expect(coded.status).toBe(0); // `code` counts rules, not human codes: no error there
    expect(interviewsCounted(coded.stdout)).toBe(2);
  });

  it('CRLF line endings: lines and columns as in an editor', () => {
    const result = validate(['crlf']);
    const lines = result.stdout.split('\n');
    expect(lines).toContain('crlf/crlf.md:7:28  warning  Possible personal data: a phone number: 6••••••••78.  personal-data-phone');
    expect(lines).toContain('crlf/crlf.md:8:13  error  Unknown code "stakeholders.citizen"; did you mean "stakeholders.citizens"?  unknown-code');
    expect(result.status).toBe(1);
    const coded = code(['crlf']);
    expect(coded.status).toBe(0);
    expect(interviewsCounted(coded.stdout)).toBe(2);
  });

  it('a folder of unrelated files: each is named as skipped, dot files silently; the transcript is checked', () => {
    const result = validate(['unrelated']);
    const lines = result.stdout.split('\n');
    for (const name of ['photo.png', 'scan.pdf', 'notes.txt', 'README.md']) {
      expect(lines).toContain(`unrelated/${name}  info  Skipped "unrelated/${name}": not a transcript file.  skipped-file`);
    }
    expect(result.stdout).not.toContain('.DS_Store');
    expect(result.status).toBe(0);
    const coded = code(['unrelated']);
    expect(coded.status).toBe(0);
    expect(coded.stderr).toBe('');
    expect(interviewsCounted(coded.stdout)).toBe(1);
  });

  it('a symbolic-link loop is reported and skipped, without hanging', () => {
    const result = validate(['symlink-loop']);
    const lines = result.stdout.split('\n');
    expect(lines).toContain('symlink-loop/a.yaml  warning  "symlink-loop/a.yaml" is a symbolic link to nothing (or a link loop); skipped.  broken-symlink');
    expect(lines).toContain('symlink-loop/b.yaml  warning  "symlink-loop/b.yaml" is a symbolic link to nothing (or a link loop); skipped.  broken-symlink');
    expect(lines).toContain('symlink-loop/self  info  "symlink-loop/self" leads to a folder already read (a symbolic link loop?); skipped.  symlink-loop');
    expect(result.status).toBe(0); // warnings only
    expect(validate(['symlink-loop', '--strict']).status).toBe(1);
    const coded = code(['symlink-loop']);
    expect(coded.stderr.split('\n')).toContain('symlink-loop/a.yaml  warning  "symlink-loop/a.yaml" is a symbolic link to nothing (or a link loop); skipped.  broken-symlink');
    expect(coded.status).toBe(0);
    expect(interviewsCounted(coded.stdout)).toBe(1);
  });

  it('a path that does not exist is a usage error (exit 2) in validate as in code (issue 14)', () => {
    for (const result of [validate(['missing/nope.yaml', 'good']), code(['missing/nope.yaml', 'good'])]) {
      expect(result.status).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^cocreate: The path "missing\/nope\.yaml" does not exist \(in .*\)\. Check the spelling/);
    }
  });

  it('a catastrophic-backtracking regex `(a+)+$` codes 50,000 "a"s in bounded time (RE2, linear)', () => {
    // Bounded by runCli's timeout (60 s): a backtracking engine would need about 2^50000 steps.
    const coded = code(['catastrophic'], 'codebooks/catastrophic.yaml');
    expect(coded.status).toBe(0);
    const report = JSON.parse(coded.stdout) as { interviews: number; codes: { id: string; segments: number }[] };
    expect(report.interviews).toBe(2);
    // Only the turn that ends in "a" matches; the one ending in "!" does not.
    expect(report.codes.find((c) => c.id === 'patterns.nested-quantifier')?.segments).toBe(1);
    const result = runCli(['validate', 'catastrophic', '--codebook', 'codebooks/catastrophic.yaml'], { cwd: root });
    expect(result.stdout).not.toMatch(/^codebooks\/catastrophic\.yaml:/m); // the pattern is accepted: RE2 needs no rejection
    expect(result.status).toBe(1); // ok-01's human codes are not in this codebook
  });

  it('a rule that is an empty string is a clear error at its rule set; code refuses the codebook (issue 16 item 13)', () => {
    const result = runCli(['validate', 'good', '--codebook', 'codebooks/empty-rule.yaml'], { cwd: root });
    const lines = result.stdout.split('\n');
    // `en:` of stakeholders.citizens is on line 10, column 11; of stakeholders.users on line 16.
    expect(lines).toContain('codebooks/empty-rule.yaml:10:11  error  stakeholders.citizens (en): terms: "": the rule is empty and would match nothing (or everything)  empty-rule');
    expect(lines).toContain('codebooks/empty-rule.yaml:10:11  error  stakeholders.citizens (en): regex "" does not compile: the pattern is empty  invalid-regex');
    expect(lines).toContain('codebooks/empty-rule.yaml:16:11  error  stakeholders.users (en): near: [, user] within 3 "": the rule is empty and would match nothing (or everything)  empty-rule');
    expect(result.status).toBe(1);
    const coded = code(['good'], 'codebooks/empty-rule.yaml');
    expect(coded.stderr).toContain('  codebooks/empty-rule.yaml:10:11  stakeholders.citizens (en): terms: "": the rule is empty');
    expect(coded.status).toBe(2);
    expect(coded.stdout).toBe('');
  });

  it('a codebook with wrong types: validate lists each at its line (exit 1); code refuses it naming file:line (exit 2)', () => {
    const result = runCli(['validate', 'good', '--codebook', 'codebooks/wrong-types.yaml'], { cwd: root });
    const lines = result.stdout.split('\n');
    // `definition: [42]` is line 8 (key at column 9); `terms: quick win` line 11 (key at column 13).
    expect(lines).toContain('codebooks/wrong-types.yaml:8:9  error  themes › "success" › codes › "quick-wins" › definition: Invalid input: expected string, received array  codebook-schema');
    expect(lines).toContain('codebooks/wrong-types.yaml:11:13  error  themes › "success" › codes › "quick-wins" › rules › en › terms: Invalid input: expected array, received string  codebook-schema');
    expect(result.status).toBe(1);
    const coded = code(['good'], 'codebooks/wrong-types.yaml');
    expect(coded.status).toBe(2);
    expect(coded.stderr).toContain('cocreate: The codebook codebooks/wrong-types.yaml:8 cannot be used:');
    expect(coded.stderr).toContain('  codebooks/wrong-types.yaml:11:13  themes › "success" › codes › "quick-wins" › rules › en › terms: Invalid input: expected array, received string');
    expect(coded.stderr).not.toMatch(/\n\s+at /);
    expect(coded.stdout).toBe('');
  });

  it('a 50 MB transcript is read, checked and coded; a finding on its last line has the right line', { timeout: 180_000 }, () => {
    const result = runCli(['validate', 'big', '--codebook', 'codebooks/mini.yaml'], { cwd: root, timeout: 170_000 });
    expect(result.stdout.split('\n')).toContain(`big/big.md:${bigDniLine}:27  warning  Possible personal data: a Spanish DNI number (its check letter is valid): 1•••••••Z.  personal-data-dni`);
    expect(result.status).toBe(0);
    const coded = runCli(['code', 'big', '--codebook', 'codebooks/mini.yaml', '--format', 'json', '--no-progress'], { cwd: root, timeout: 170_000 });
    expect(coded.status).toBe(0);
    expect(interviewsCounted(coded.stdout)).toBe(2);
  });

  it('inputs are never modified, by any command above or by -o', () => {
    const before = hashTree(root);
    for (const name of CASES.map((c) => c.name)) {
      validate([name]);
      code([name]);
    }
    validate(['bom', 'crlf', 'unrelated', 'symlink-loop', '--format', 'json', '-o', 'report.json']);
    validate(['good', '--format', 'text', '-o', 'good/ok-01.yaml']);
    const after = hashTree(root);
    after.delete(join(root, 'report.json'));
    expect(after).toEqual(before);
  });
});
