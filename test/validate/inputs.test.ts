/**
 * The input side of validate: the project-file loader, the decoder's
 * handling of broken encodings, the duplicate-key message, and the text
 * reporter's line format (issue 3's example, character for character).
 */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../../src/load/decode.js';
import { parseProject, parseRedactList, readProjectFile } from '../../src/load/project.js';
import { parseYaml } from '../../src/load/yaml-document.js';
import { createDiagnostic } from '../../src/model/diagnostic.js';
import { PROTOCOL_TOPICS } from '../../src/model/transcript.js';
import { renderDiagnosticsText } from '../../src/render/diagnostics.js';
import { plainStyle } from '../../src/render/style.js';

describe('project file', () => {
  it('reads every key of the documented example', () => {
    const loaded = parseProject(
      [
        'attributes:',
        '  required: [unit, role]',
        '  allowed:',
        '    role: [head-of-unit, project-manager]',
        '    year: [2019, 2020]',
        'topics: [organisation, project]',
        'coders: [alice, bob]',
        'personal_data:',
        '  redact: [María García Pérez, Juan]',
        '  allow: [info@datos.gob.es]',
      ].join('\n'),
      'cocreate.yaml',
    );
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.project).toMatchObject({
      file: 'cocreate.yaml',
      requiredAttributes: ['unit', 'role'],
      allowedValues: { role: ['head-of-unit', 'project-manager'], year: ['2019', '2020'] },
      allowedAt: { role: { line: 4, column: 5 }, year: { line: 5, column: 5 } },
      topics: ['organisation', 'project'],
      coders: ['alice', 'bob'],
      redact: [
        { name: 'María García Pérez', entry: 1, file: 'cocreate.yaml' },
        { name: 'Juan', entry: 2, file: 'cocreate.yaml' },
      ],
      allow: ['info@datos.gob.es'],
    });
  });

  it('an empty file or one with comments only gives the defaults', () => {
    for (const source of ['', '# nothing declared yet\n']) {
      const loaded = parseProject(source, 'cocreate.yaml');
      expect(loaded.diagnostics).toEqual([]);
      expect(loaded.project.topics).toEqual([...PROTOCOL_TOPICS]);
      expect(loaded.project.coders).toBeUndefined();
    }
  });

  it('wrong types and unknown keys are errors at their line; the defaults still apply', () => {
    const loaded = parseProject('topics: []\ncoders: alice\npersonal_data:\n  redcat: [x]\n', 'p.yaml');
    expect(loaded.diagnostics.map((d) => `${d.line}:${d.column} ${d.ruleId} ${d.message}`)).toEqual([
      '1:1 project-schema `topics`: list at least one topic, or leave `topics` out for the default eight',
      '2:1 project-schema `coders`: Invalid input: expected array, received string',
      '4:3 project-schema Unknown key `personal_data.redcat` in the project file.',
    ]);
    expect(loaded.project.topics).toEqual([...PROTOCOL_TOPICS]);
  });

  it('redaction files: one name per line, comments and blank lines skipped', () => {
    expect(parseRedactList('# interviewees\nAna Ruiz\r\n\n  Pedro  \n', 'r.txt')).toEqual([
      { name: 'Ana Ruiz', entry: 1, file: 'r.txt' },
      { name: 'Pedro', entry: 2, file: 'r.txt' },
    ]);
  });

  it('reads redact_file relative to the project file, and warns when it is missing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cocreate-project-'));
    try {
      mkdirSync(join(dir, 'private'));
      writeFileSync(join(dir, 'cocreate.yaml'), 'personal_data:\n  redact: [Juan]\n  redact_file: private/redact.txt\n');
      writeFileSync(join(dir, 'private', 'redact.txt'), 'Ana Ruiz\n');
      const loaded = await readProjectFile(join(dir, 'cocreate.yaml'), true);
      expect(loaded.diagnostics).toEqual([]);
      expect(loaded.project.redact.map((name) => `${name.name} (${name.entry})`)).toEqual(['Juan (1)', 'Ana Ruiz (1)']);
      expect(loaded.project.redact[1]!.file).toBe(join(dir, 'private', 'redact.txt'));

      rmSync(join(dir, 'private', 'redact.txt'));
      const missing = await readProjectFile(join(dir, 'cocreate.yaml'), true);
      expect(missing.diagnostics).toMatchObject([{ severity: 'warning', ruleId: 'redact-file-missing', line: 3, column: 3 }]);
      expect(missing.project.redact).toHaveLength(1);

      // The default ./cocreate.yaml may be absent: no finding. A named one must exist.
      expect((await readProjectFile(join(dir, 'none.yaml'), false)).diagnostics).toEqual([]);
      expect((await readProjectFile(join(dir, 'none.yaml'), true)).diagnostics).toMatchObject([{ severity: 'error', ruleId: 'path-not-found' }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('decoding broken text', () => {
  it('UTF-8 with one broken byte stays UTF-8 and names line and column', () => {
    const bytes = Buffer.concat([Buffer.from('línea uno\nsegún ', 'utf8'), Buffer.from([0xc3]), Buffer.from(' fin\n', 'utf8')]);
    const decoded = decodeText(bytes, 'x.md');
    expect(decoded.text).toBe('línea uno\nsegún \uFFFD fin\n');
    // "según " is 6 UTF-16 units → column 7 on line 2.
    expect(decoded.diagnostics).toMatchObject([{ severity: 'warning', ruleId: 'invalid-utf8', line: 2, column: 7 }]);
  });

  it('a Latin-1 file is read as Windows-1252 and names the first non-UTF-8 byte', () => {
    const decoded = decodeText(Buffer.from('id: x\nunit: Atención\n', 'latin1'), 'x.yaml');
    expect(decoded.text).toBe('id: x\nunit: Atención\n');
    // "unit: Atenci" is 12 characters → the ó is column 13 of line 2.
    expect(decoded.diagnostics).toMatchObject([{ severity: 'warning', ruleId: 'not-utf8', line: 2, column: 13 }]);
  });

  it('UTF-16 is named as such rather than as binary', () => {
    const decoded = decodeText(Buffer.from('\uFEFFid: x\n', 'utf16le'), 'x.yaml');
    expect(decoded.text).toBeUndefined();
    expect(decoded.diagnostics).toMatchObject([{ severity: 'error', ruleId: 'utf16-file', line: 1, column: 1 }]);
  });
});

describe('duplicate keys', () => {
  it('name the repeated key, plain or quoted', () => {
    expect(parseYaml('a: 1\nb:\n  c: 1\n  "c": 2\n', 'x.yaml').diagnostics).toMatchObject([
      { ruleId: 'duplicate-key', line: 4, column: 3, message: 'The key "c" appears more than once in the same map.' },
    ]);
  });
});

describe('text reporter', () => {
  it("prints issue 3's example line exactly, then the summary", () => {
    const diagnostic = createDiagnostic('error', 'unknown-code', 'interviews/sgad-03.yaml', 'Unknown code "succes.quick-wins"; did you mean "success.quick-wins"?', {
      line: 42,
      column: 7,
      expected: 'success.quick-wins',
    });
    expect(renderDiagnosticsText([diagnostic], plainStyle)).toBe(
      'interviews/sgad-03.yaml:42:7  error  Unknown code "succes.quick-wins"; did you mean "success.quick-wins"?  unknown-code\n\n✖ 1 error, 0 warnings\n',
    );
  });

  it('groups by file with a blank line between, shows each hint once, and counts given totals', () => {
    const a = createDiagnostic('warning', 'x', 'a.yaml', 'First.', { line: 2, column: 1, hint: 'Same hint.' });
    const b = createDiagnostic('warning', 'x', 'a.yaml', 'Second.', { line: 3, column: 1, hint: 'Same hint.' });
    const c = createDiagnostic('info', 'skipped-file', 'b.png', 'Skipped.');
    expect(renderDiagnosticsText([c, b, a], plainStyle, { showInfo: true, counts: { error: 0, warning: 5 }, summaryDetail: '(2 files checked)' })).toBe(
      ['a.yaml:2:1  warning  First.  x', '  hint: Same hint.', 'a.yaml:3:1  warning  Second.  x', '', 'b.png  info  Skipped.  skipped-file', '', '✖ 0 errors, 5 warnings (2 files checked)', ''].join('\n'),
    );
  });
});
