/**
 * Issue 16, item 14: YAML scalars are the text written. Ids, attribute
 * values, speakers, questions, codes and turn text written as plain scalars
 * that YAML 1.2 would type (`0x10`, `1.10`, `010`, `~`, `null`, `True`,
 * `1e3`, `.inf`…) keep their text in both transcript formats and through
 * both YAML readers (the fast one and the `yaml` package, forced by an
 * anchor), with a `yaml-scalar-type` warning at the line of each value that
 * YAML would have read differently, and none for values that read the same
 * (`2018`, `true`, `1.5`). The collision `id: 0x10` vs `id: 16` is gone;
 * project-file allowed values compare as written; `within: 3` still works.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTranscript } from '../../src/load/transcript.js';
import { parseCodebook } from '../../src/load/codebook.js';
import { coreReading } from '../../src/load/yaml-scalars.js';
import { runCli } from '../helpers/cli.js';

/** Plain scalars YAML 1.2 types, and some it does not. */
const TYPED = ['0x10', '0x1F', '0o17', '1.10', '010', '+1', '-0', '1e3', '.5', '.inf', '-.Inf', '.NaN', '~', 'null', 'Null', 'NULL', 'True', 'FALSE', '12345678901234567890'];
const SAME = ['2018', '16', '1.5', 'true', 'false', '-5', 'yes', 'no', 'on', '2021-03-04', 'x1'];

const scalar = fc.oneof(
  fc.constantFrom(...TYPED, ...SAME),
  fc.tuple(fc.constantFrom('', '+', '-'), fc.nat(99999), fc.constantFrom('', '.', '.0', '.10', 'e2', 'E-1')).map(([sign, n, tail]) => `${sign}${n}${tail}`),
);

function yamlTranscript(value: string, viaPackage: boolean): string {
  return [
    `id: ${value}`,
    'language: en',
    `wave: ${value}`,
    ...(viaPackage ? ['anchor: &a x', 'alias: *a'] : []),
    'turns:',
    '  - speaker: interviewer',
    `    question: ${value}`,
    '    text: Which?',
    `  - speaker: ${value}`,
    `    text: ${value}`,
    `    codes: [${value}]`,
    '',
  ].join('\n');
}

function markdownTranscript(value: string, viaPackage: boolean): string {
  return ['---', `id: ${value}`, 'language: en', `wave: ${value}`, ...(viaPackage ? ['anchor: &a x', 'alias: *a'] : []), '---', '', '**Respondent:** Fine.', ''].join('\n');
}

describe('issue 16 item 14: plain scalars keep their text', () => {
  it('YAML transcripts: id, attribute, question, speaker, text and codes are the text written, with a warning exactly where YAML would read otherwise', () => {
    fc.assert(
      fc.property(scalar, fc.boolean(), (value, viaPackage) => {
        const loaded = parseTranscript(yamlTranscript(value, viaPackage), 't.yaml', 'yaml');
        const transcript = loaded.transcript;
        expect(transcript, JSON.stringify(loaded.diagnostics)).toBeDefined();
        expect(transcript!.id).toBe(value);
        expect(transcript!.attributes.wave).toBe(value);
        const respondent = transcript!.segments[1]!;
        expect(respondent.speaker).toBe(value);
        expect(respondent.text).toBe(value);
        expect(respondent.question).toBe(value);
        expect(respondent.human?.[0]?.codes).toEqual([value]);
        const warned = loaded.diagnostics.filter((d) => d.ruleId === 'yaml-scalar-type');
        const lines = viaPackage ? [1, 3, 8, 10, 11, 12] : [1, 3, 6, 8, 9, 10];
        expect(warned.map((d) => d.line)).toEqual(coreReading(value) ? lines : []);
        for (const warning of warned) {
          expect(warning.severity).toBe('warning');
          expect(warning.message).toContain(`"${value}" is read as the text`);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('Markdown front matter: the same', () => {
    fc.assert(
      fc.property(scalar, fc.boolean(), (value, viaPackage) => {
        const loaded = parseTranscript(markdownTranscript(value, viaPackage), 't.md', 'markdown');
        expect(loaded.transcript?.id).toBe(value);
        expect(loaded.transcript?.attributes.wave).toBe(value);
        const warned = loaded.diagnostics.filter((d) => d.ruleId === 'yaml-scalar-type');
        // Front matter starts on line 2 of the file.
        expect(warned.map((d) => d.line)).toEqual(coreReading(value) ? [2, 4] : []);
      }),
      { numRuns: 200 },
    );
  });

  it('coreReading agrees with the yaml package on what YAML 1.2 would read', async () => {
    const { parse } = await import('yaml');
    fc.assert(
      fc.property(scalar, (value) => {
        const typed = parse(`v: ${value}`).v as unknown;
        const reading = coreReading(value);
        if (typed === null) expect(reading).toEqual({ kind: 'null', value: 'null' });
        else if (typeof typed === 'string') expect(reading).toBeUndefined();
        else if (String(typed) === value) expect(reading).toBeUndefined();
        else expect(reading?.value).toBe(String(typed));
      }),
      { numRuns: 500 },
    );
  });

  it('codebook: ids and labels keep their text, `within: 3` is still a number', () => {
    const loaded = parseCodebook(
      'id: cb\nlanguages: [en]\nthemes:\n  - id: t\n    label: 1.10\n    codes:\n      - id: c\n        label: NULL\n        rules:\n          en:\n            near:\n              - { near: [user, feedback], within: 3 }\n',
      'cb.yaml',
    );
    expect(loaded.codebook?.themes[0]!.label).toBe('1.10');
    expect(loaded.codebook?.themes[0]!.codes[0]!.label).toBe('NULL');
    expect(loaded.codebook?.themes[0]!.codes[0]!.rules.en?.near?.[0]?.within).toBe(3);
    expect(loaded.diagnostics.filter((d) => d.ruleId === 'yaml-scalar-type').map((d) => d.line)).toEqual([5, 8]);
  });
});

describe('issue 16 item 14: through the CLI', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'cocreate-scalars-'));
    mkdirSync(join(root, 'interviews'));
    writeFileSync(join(root, 'interviews', 'a.yaml'), 'id: 0x10\nlanguage: en\nwave: 1.10\nturns:\n  - speaker: respondent\n    text: Citizens took part.\n');
    writeFileSync(join(root, 'interviews', 'b.yaml'), 'id: 16\nlanguage: en\nwave: 1.1\nturns:\n  - speaker: respondent\n    text: Citizens took part.\n');
    writeFileSync(join(root, 'cocreate.yaml'), 'attributes:\n  allowed:\n    wave: [1.10, "1.1"]\n');
    writeFileSync(join(root, 'cb.yaml'), 'id: cb\nlanguages: [en]\nthemes:\n  - id: t\n    codes:\n      - id: c\n        definition: Citizens.\n        rules:\n          en: { terms: [citizen] }\n');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('`id: 0x10` and `id: 16` are two interviews, `wave: 1.10` and `wave: 1.1` two groups; validate warns with the lines', () => {
    const validated = runCli(['validate', '--codebook', 'cb.yaml', 'interviews/'], { cwd: root });
    expect(validated.stdout).not.toContain('duplicate-id');
    expect(validated.stdout).not.toContain('attribute-value');
    expect(validated.stdout).toContain('interviews/a.yaml:1:5  warning  "0x10" is read as the text "0x10", as written; YAML 1.2 would read it as the number 16.  yaml-scalar-type');
    expect(validated.stdout).toContain('interviews/a.yaml:3:7  warning  "1.10" is read as the text "1.10", as written; YAML 1.2 would read it as the number 1.1.  yaml-scalar-type');
    expect(validated.stdout).toContain('cocreate.yaml:3:12  warning  "1.10"');
    expect(validated.status).toBe(0);
    const coded = runCli(['code', '--codebook', 'cb.yaml', 'interviews/', '--by', 'wave', '--format', 'json'], { cwd: root });
    expect(coded.status, coded.stderr).toBe(0);
    const report = JSON.parse(coded.stdout) as { interviews: number; groups: { name: string; size: number }[] };
    expect(report.interviews).toBe(2);
    expect(report.groups.map((group) => [group.name, group.size]).sort()).toEqual([
      ['1.1', 1],
      ['1.10', 1],
    ]);
  });
});
