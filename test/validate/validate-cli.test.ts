/**
 * `cocreate validate` end to end on test/fixtures/validate-project: a
 * project file, a codebook and four transcripts with one of each problem.
 * Positions worked out by hand from the fixture files (1-based, UTF-16):
 *
 * codebooks/study.yaml
 * - 6:13 / 11:13 / 15:13: the value of `- id:` of each code (`      - id: ` is 12 characters).
 * interviews/p-01.yaml
 * - 4:1 `role:`; 7:15 the value of `    question: ` (14 characters).
 * - line 11 `      We shipped a first version quickly. Write to maria@…`: 6 + 45 = 51 characters before the address → 52.
 * - line 12 `      or call +34 612 345 678. My DNI is 12345678Z and the IBAN ES91 …`: phone after 6 + 8 → 15; DNI after
 *   14 + 15 ("+34 612 345 678") + 12 (". My DNI is ") = 41 → 42; IBAN after 41 + 9 + 14 (" and the IBAN ") = 64 → 65.
 * - 13:11 "Maria Garcia Perez" after `      Ask ` (10); 15:15 after `      alice: [` (14); 16:7 the key `bbo`.
 * interviews/p-02.md
 * - 2:1 `id:` (missing role is reported at the id); 7:4 text of `## Notas`; 11:16 after `**Respondent:**` (15);
 *   14:1 the codes comment.
 * interviews/p-03.yaml: 1:1 `id:`; 8:11 the first turn's text after `    text: ` (10).
 * interviews/p-04.yaml: 1:1 `id:`.
 * The IBAN ES91 2100 0418 4502 0005 1332 passes mod 97 (the standard example); 12345678 mod 23 = 14 → Z.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, cpSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, runCli } from '../helpers/cli.js';

const PROJECT = join(FIXTURES, 'validate-project');
const run = (args: string[], cwd = PROJECT) => runCli(['validate', ...args], { cwd });

const EXPECTED_TEXT = [
  'codebooks/study.yaml:6:13  warning  success.quick-wins has no rules for "es" (1 transcript), so it is never coded automatically there.  missing-language-rules',
  '  hint: Add rules for es under `rules:`, or ignore this for a code applied by hand only.',
  'codebooks/study.yaml:6:13  error  success.quick-wins: definition refers to "outcomes.procesing-time", which is not a code; did you mean "outcomes.processing-time"?  unknown-code-reference',
  'codebooks/study.yaml:11:13  error  The code "success.quick-wins" is already defined at line 6.  duplicate-code-id',
  '  hint: Each code id may appear once per theme; merge the two or rename one.',
  'codebooks/study.yaml:11:13  warning  success.quick-wins has no rules for "en" (3 transcripts) and "es" (1 transcript), so it is never coded automatically there.  missing-language-rules',
  '  hint: Add rules for en and es under `rules:`, or ignore this for a code applied by hand only.',
  'codebooks/study.yaml:15:13  warning  outcomes.processing-time has no definition.  missing-definition',
  '  hint: Add `definition:` so that every coder applies the code the same way.',
  '',
  'interviews/p-01.yaml:4:1  error  The role "Head of unit" is not one of the allowed values; did you mean "head-of-unit"?  attribute-value',
  '  hint: Allowed values of role (cocreate.yaml): head-of-unit, project-manager.',
  'interviews/p-01.yaml:7:15  error  Unknown protocol topic "public value"; did you mean "public-value"?  unknown-topic',
  '  hint: Topics are organisation, project, actors, challenges, involvement, replication, public-value, future (from cocreate.yaml).',
  'interviews/p-01.yaml:11:52  warning  Possible personal data: an e-mail address: m••••••••••••rg.  personal-data-email',
  '  hint: Remove or pseudonymise it, e.g. [e-mail]; public contact data can be listed under personal_data.allow in cocreate.yaml.',
  'interviews/p-01.yaml:12:15  warning  Possible personal data: a phone number: +••••••••••••78.  personal-data-phone',
  'interviews/p-01.yaml:12:42  warning  Possible personal data: a Spanish DNI number (its check letter is valid): 1•••••••Z.  personal-data-dni',
  'interviews/p-01.yaml:12:65  warning  Possible personal data: an IBAN (its mod-97 check holds): E••••••••••••32.  personal-data-iban',
  'interviews/p-01.yaml:13:11  warning  Possible personal data: a name on the redaction list (entry 1 of cocreate.yaml).  personal-data-name',
  '  hint: Replace it with a pseudonym or a role, e.g. [head of unit].',
  'interviews/p-01.yaml:15:15  error  Unknown code "succes.quick-wins"; did you mean "success.quick-wins"?  unknown-code',
  'interviews/p-01.yaml:16:7  error  Unknown coder "bbo" (codes on 1 turn); did you mean "bob"?  unknown-coder',
  '  hint: Coders are listed under `coders:` in cocreate.yaml: alice, bob.',
  '',
  'interviews/p-02.md:2:1  error  The transcript has no `role`; cocreate.yaml requires it.  missing-attribute',
  '  hint: Add `role: …` to the front matter.',
  'interviews/p-02.md:7:4  error  Unknown protocol topic "notas".  unknown-topic',
  'interviews/p-02.md:11:16  error  Turn 2 (Respondent) has no text.  empty-turn',
  '  hint: Add the text, or delete the turn.',
  'interviews/p-02.md:14:1  error  Codes on 1 turn name no coder, and the project lists its coders (alice, bob).  unknown-coder',
  '  hint: Add `coder: NAME` to the metadata, or write codes per coder: `codes: { alice: [...] }`.',
  '',
  'interviews/p-03.yaml:1:1  error  The id "p-01" is already used by interviews/p-01.yaml:1.  duplicate-id',
  '  hint: Give every transcript its own id.',
  'interviews/p-03.yaml:8:11  error  Every turn is by an interviewer (interviewer), so no turn would be coded.  interviewer-only',
  '  hint: Check the speaker labels; `interviewers:` in the metadata lists who counts as an interviewer.',
  '',
  'interviews/p-04.yaml:1:1  error  The transcript has no turns, so there is nothing to code.  no-turns',
  '  hint: Add a `turns:` list with `speaker` and `text` for each turn.',
  '',
  '✖ 13 errors, 8 warnings (4 transcripts, codebooks/study.yaml, cocreate.yaml checked)',
  'transcripts: 11 errors, 5 warnings · codebook and project file: 2 errors, 3 warnings',
  '',
].join('\n');

describe('cocreate validate on a project with one of each problem', () => {
  it('text report: every finding as file:line:column  severity  message  rule-id, grouped by file; exit 1', () => {
    const result = run([]);
    expect(result.stdout).toBe(EXPECTED_TEXT);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
  });

  it('json report: an array with stable field names, same findings, "did you mean" in expected', () => {
    const result = run(['--format', 'json']);
    expect(result.status).toBe(1);
    const findings = JSON.parse(result.stdout) as Record<string, unknown>[];
    expect(findings).toHaveLength(21);
    for (const finding of findings) {
      expect(Object.keys(finding)).toEqual(['file', 'line', 'column', 'endLine', 'endColumn', 'severity', 'ruleId', 'message', 'hint', 'expected', 'actual', 'source']);
    }
    expect(findings.find((f) => f.ruleId === 'unknown-code')).toMatchObject({
      file: 'interviews/p-01.yaml',
      line: 15,
      column: 15,
      severity: 'error',
      expected: 'success.quick-wins',
      actual: 'succes.quick-wins',
      source: 'cocreate',
    });
    // The phone "+34 612 345 678" spans columns 15 to 30 (15 characters, end exclusive).
    expect(findings.find((f) => f.ruleId === 'personal-data-phone')).toMatchObject({ line: 12, column: 15, endLine: 12, endColumn: 30 });
  });

  it('github report: one workflow command per finding, then the summary', () => {
    const result = run(['--format', 'github']);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(23);
    expect(lines).toContain('::error file=interviews/p-01.yaml,line=15,col=15,title=cocreate unknown-code::Unknown code "succes.quick-wins"; did you mean "success.quick-wins"?');
    expect(lines).toContain(
      '::warning file=interviews/p-01.yaml,line=12,col=15,endLine=12,endColumn=30,title=cocreate personal-data-phone::Possible personal data: a phone number: +••••••••••••78. (Remove or pseudonymise it, e.g. [e-mail]; public contact data can be listed under personal_data.allow in cocreate.yaml.)',
    );
    expect(lines[21]).toBe('✖ 13 errors, 8 warnings (4 transcripts, codebooks/study.yaml, cocreate.yaml checked)');
    expect(lines[22]).toBe('transcripts: 11 errors, 5 warnings · codebook and project file: 2 errors, 3 warnings');
    expect(result.status).toBe(1);
  });

  it('--scope transcripts: only the transcripts\' findings are reported and counted; --scope codebook the others (issue 14)', () => {
    const transcripts = run(['--scope', 'transcripts', '--format', 'json']);
    const findings = JSON.parse(transcripts.stdout) as { file: string }[];
    expect(findings).toHaveLength(16);
    expect(findings.every((finding) => finding.file.startsWith('interviews/'))).toBe(true);
    expect(transcripts.status).toBe(1);
    const text = run(['--scope', 'transcripts']).stdout.trimEnd().split('\n');
    expect(text.slice(-2)).toEqual([
      '✖ 11 errors, 5 warnings (4 transcripts, codebooks/study.yaml, cocreate.yaml checked)',
      'transcripts: 11 errors, 5 warnings · codebook and project file: 2 errors, 3 warnings (not counted: --scope transcripts)',
    ]);
    const codebook = JSON.parse(run(['--scope', 'codebook', '--format', 'json']).stdout) as { file: string }[];
    expect(codebook.map((finding) => finding.file)).toEqual(Array(5).fill('codebooks/study.yaml'));
  });

  it('--scope transcripts --strict passes on a project whose only findings are codebook warnings, and fails on a transcript warning', () => {
    // A copy of the project corpus (no finding) whose codebook gains a code no rule of which ever matches: a codebook warning only.
    const project = mkdtempSync(join(tmpdir(), 'cocreate-scope-'));
    for (const name of ['interviews', 'codebooks', 'cocreate.yaml']) cpSync(join(FIXTURES, '..', '..', name), join(project, name), { recursive: true });
    const codebook = join(project, 'codebooks', 'coval.yaml');
    writeFileSync(codebook, `${readFileSync(codebook, 'utf8').trimEnd()}\n  - id: unused\n    label: Unused\n    codes:\n      - id: never\n        label: Never\n        definition: A code no transcript speaks of.\n        rules:\n          en: { terms: [xyzzyplugh] }\n          es: { terms: [xyzzyplugh] }\n`);
    const inProject = (args: string[]) => runCli(['validate', ...args], { cwd: project });
    expect(inProject(['--strict']).status).toBe(1);
    expect(inProject(['--strict', '--scope', 'transcripts']).status).toBe(0);
    expect(inProject(['--strict', '--scope', 'codebook']).status).toBe(1);
    // A transcript warning fails the transcripts scope too.
    const transcript = join(project, 'interviews', 'sgad-03.md');
    writeFileSync(transcript, readFileSync(transcript, 'utf8').replace(/^role: head-of-unit$/m, 'role: head-of-units'));
    expect(inProject(['--strict', '--scope', 'transcripts']).status).toBe(1);
    rmSync(project, { recursive: true, force: true });
  });

  it('--strict turns personal data into errors', () => {
    const result = run(['--strict', '--format', 'json']);
    const findings = JSON.parse(result.stdout) as { ruleId: string; severity: string }[];
    const personal = findings.filter((f) => f.ruleId.startsWith('personal-data-'));
    expect(personal).toHaveLength(5);
    expect(personal.every((f) => f.severity === 'error')).toBe(true);
    expect(result.status).toBe(1);
  });

  it('--quiet shows errors only but the summary still counts the warnings', () => {
    const result = run(['--quiet']);
    expect(result.stdout).not.toContain('  warning  ');
    expect(result.stdout.split('\n').filter((line) => line.includes('  error  '))).toHaveLength(13);
    expect(result.stdout).toContain('✖ 13 errors, 8 warnings');
    expect(result.status).toBe(1);
  });

  it('a file given explicitly is checked alone (plus the codebook)', () => {
    const result = run(['interviews/p-04.yaml']);
    expect(result.stdout).toContain('interviews/p-04.yaml:1:1  error  The transcript has no turns, so there is nothing to code.  no-turns');
    expect(result.stdout).not.toContain('p-01');
    expect(result.status).toBe(1);
  });
});

describe('exit codes', () => {
  let dir: string;
  beforeAll(() => {
    // A clean corpus with exactly one warning: a code without a definition.
    dir = mkdtempSync(join(tmpdir(), 'cocreate-validate-exit-'));
    mkdirSync(join(dir, 'codebooks'));
    mkdirSync(join(dir, 'interviews'));
    writeFileSync(join(dir, 'codebooks', 'one.yaml'), 'id: one\nthemes:\n  - id: success\n    codes:\n      - id: quick-wins\n        rules:\n          en:\n            terms: [first version]\n');
    writeFileSync(
      join(dir, 'interviews', 'a-01.yaml'),
      'id: a-01\nlanguage: en\nturns:\n  - speaker: respondent\n    question: project\n    text: We shipped a first version.\n    codes: [success.quick-wins]\n',
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('0 with warnings only; 1 with --strict; 1 over --max-warnings; 0 at the limit', () => {
    const plain = run([], dir);
    expect(plain.stdout).toContain('codebooks/one.yaml:5:13  warning  success.quick-wins has no definition.  missing-definition');
    expect(plain.stdout).toContain('✖ 0 errors, 1 warning (1 transcript, codebooks/one.yaml checked)');
    expect(plain.status).toBe(0);
    const strict = run(['--strict'], dir);
    expect(strict.status).toBe(1);
    expect(strict.stdout).toContain('— warnings fail under --strict');
    expect(run(['--max-warnings', '0'], dir).status).toBe(1);
    expect(run(['--max-warnings', '0'], dir).stdout).toContain('— more than --max-warnings 0');
    expect(run(['--max-warnings', '1'], dir).status).toBe(0);
  });

  it('2 for usage errors: an unknown format, a bad --max-warnings, several codebooks', () => {
    expect(run(['--format', 'xml'], dir).status).toBe(2);
    expect(run(['--max-warnings', '-1'], dir).status).toBe(2);
    writeFileSync(join(dir, 'codebooks', 'two.yaml'), 'id: two\nthemes: []\n');
    try {
      const several = run([], dir);
      expect(several.status).toBe(2);
      expect(several.stderr).toContain('Several codebooks in codebooks/ (one.yaml, two.yaml)');
      expect(several.stderr).not.toMatch(/\n\s+at /);
    } finally {
      rmSync(join(dir, 'codebooks', 'two.yaml'));
    }
  });

  it('no codebook at all: transcripts are still checked and a warning says what was skipped', () => {
    const bare = mkdtempSync(join(tmpdir(), 'cocreate-validate-bare-'));
    try {
      cpSync(join(dir, 'interviews'), join(bare, 'interviews'), { recursive: true });
      const result = run([], bare);
      expect(result.stdout).toContain('codebooks/  warning  No codebook given and there is no codebooks/ folder here; codes and codebook rules are not checked.  no-codebook');
      expect(result.status).toBe(0);
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });

  it('an empty folder is an error: nothing was validated', () => {
    const empty = mkdtempSync(join(tmpdir(), 'cocreate-validate-empty-'));
    try {
      const result = runCli(['validate', '.', '--codebook', join(dir, 'codebooks', 'one.yaml')], { cwd: empty });
      expect(result.stdout).toContain('.  error  No transcripts found in ".".  no-transcripts');
      expect(result.status).toBe(1);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('a --codebook or --project that does not exist is an error finding, exit 1', () => {
    const missingCodebook = run(['--codebook', 'codebooks/nope.yaml'], dir);
    expect(missingCodebook.stdout).toContain('codebooks/nope.yaml  error  The codebook "codebooks/nope.yaml" does not exist.  path-not-found');
    expect(missingCodebook.status).toBe(1);
    const missingProject = run(['--project', 'nope.yaml'], dir);
    expect(missingProject.stdout).toContain('nope.yaml  error  The project file "nope.yaml" does not exist.  path-not-found');
    expect(missingProject.status).toBe(1);
  });

  it('a project file with a wrong key or type names its line', () => {
    writeFileSync(join(dir, 'bad-project.yaml'), 'attributes:\n  required: unit\natributes: {}\n');
    const result = run(['--project', 'bad-project.yaml'], dir);
    const lines = result.stdout.split('\n');
    // `required` (line 2, column 3) must be a list; `atributes` (line 3, column 1) is not a key of the project file.
    expect(lines).toContain('bad-project.yaml:2:3  error  `attributes.required`: Invalid input: expected array, received string  project-schema');
    expect(lines).toContain('bad-project.yaml:3:1  error  Unknown key `atributes` in the project file.  project-schema');
    expect(lines).toContain('  hint: The keys are attributes, topics, coders, personal_data; see docs/project-file.md.');
    expect(result.status).toBe(1);
  });
});

describe('-o: atomic, replaces whole, never an input', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cocreate-validate-output-'));
    cpSync(PROJECT, dir, { recursive: true });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the report to the file, replacing an existing one whole, leaving no temporary file', () => {
    writeFileSync(join(dir, 'report.json'), 'old content that is longer than nothing'.repeat(1000));
    const result = run(['--format', 'json', '-o', 'report.json'], dir);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'))).toHaveLength(21);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('takes the format from a .json extension; text reports to a file carry no colour codes', () => {
    run(['-o', 'auto.json'], dir);
    expect(JSON.parse(readFileSync(join(dir, 'auto.json'), 'utf8'))).toHaveLength(21);
    runCli(['validate', '-o', 'report.txt'], { cwd: dir, env: { FORCE_COLOR: '1', NO_COLOR: '' } });
    expect(readFileSync(join(dir, 'report.txt'), 'utf8')).toBe(EXPECTED_TEXT);
  });

  it('refuses a transcript, the codebook or the project file as output (exit 2), leaving it untouched', () => {
    for (const input of ['interviews/p-01.yaml', 'codebooks/study.yaml', 'cocreate.yaml']) {
      const before = readFileSync(join(dir, input));
      const result = run(['--format', 'text', '-o', input], dir);
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(/^cocreate: The output ".*" is (one of the inputs|a file inside the input folder)/);
      expect(readFileSync(join(dir, input))).toEqual(before);
    }
    expect(existsSync(join(dir, 'interviews', 'p-01.yaml'))).toBe(true);
  });
});
