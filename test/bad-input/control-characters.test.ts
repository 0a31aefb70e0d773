/**
 * Issue 16, item 16: characters no export can carry (C0 controls but tab,
 * LF and CR: NUL, BEL, ESC…) that YAML escapes put into a turn are an error
 * at validation with the line (`control-character`); `code` and `export`
 * leave that transcript out with the diagnostic, so what is exported always
 * imports again. Every such character is tried, as a YAML escape in turn
 * text, speaker and attribute values, raw in a Markdown turn, and in a
 * codebook label (which the analysis commands then refuse).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

/** Every C0 control an XML 1.0 document (a .qde) cannot hold. */
const FORBIDDEN: number[] = [];
for (let code = 0; code <= 0x1f; code++) if (code !== 9 && code !== 10 && code !== 13) FORBIDDEN.push(code);
const hex = (code: number) => code.toString(16).padStart(2, '0');

let root: string;
const GOOD_CODEBOOK = 'id: cb\nlanguages: [en]\nthemes:\n  - id: t\n    codes:\n      - id: c\n        definition: Citizens.\n        rules:\n          en: { terms: [citizen] }\n';

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'cocreate-control-'));
  mkdirSync(join(root, 'interviews'));
  writeFileSync(join(root, 'cb.yaml'), GOOD_CODEBOOK);
  writeFileSync(join(root, 'interviews', 'ok.yaml'), 'id: ok\nlanguage: en\nturns:\n  - speaker: respondent\n    text: "A citizen,\\ttab and\\r\\nline break are fine."\n    codes: [t.c]\n');
  for (const code of FORBIDDEN) {
    // The escape sits in the text (line 7), and also in the speaker (line 8) or an attribute (line 3) by turn of the character.
    const where = code % 3;
    writeFileSync(
      join(root, 'interviews', `y-${hex(code)}.yaml`),
      [
        `id: y-${hex(code)}`,
        'language: en',
        `unit: "${where === 2 ? `u\\x${hex(code)}` : 'u'}"`,
        'turns:',
        '  - speaker: respondent',
        '    text: A citizen first.',
        `  - text: "A citizen then\\x${hex(code)} here."`,
        `    speaker: "${where === 1 ? `r\\x${hex(code)}` : 'respondent'}"`,
        '',
      ].join('\n'),
    );
  }
  // Raw in Markdown (NUL excluded: a raw NUL makes the file binary, reported as such).
  writeFileSync(join(root, 'interviews', 'm-07.md'), '---\nid: m-07\nlanguage: en\n---\n\n**Respondent:** A citizen.\n\n**Respondent:** Then a bell \x07 rang.\n');
  writeFileSync(join(root, 'bad-label.yaml'), GOOD_CODEBOOK.replace('    codes:', '    label: "T\\x1b[2J"\n    codes:'));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('issue 16 item 16: control characters no export can carry', () => {
  it('validate reports each, with the line of the value that holds it', () => {
    const result = runCli(['validate', '--codebook', 'cb.yaml', 'interviews/'], { cwd: root });
    expect(result.status).toBe(1);
    for (const code of FORBIDDEN) {
      const line = [7, 7, 3][code % 3];
      const pattern = new RegExp(`interviews/y-${hex(code)}\\.yaml:${line}:\\d+  error  .*U\\+00${hex(code).toUpperCase()}.*control-character`);
      expect(result.stdout, hex(code)).toMatch(pattern);
    }
    expect(result.stdout).toMatch(/interviews\/m-07\.md:8:\d+  error  Turn 2: the text holds the control character U\+0007.*control-character/);
    expect(result.stdout).not.toMatch(/interviews\/ok\.yaml:.*control-character/);
  });

  it('code leaves those transcripts out (exit 1), counting only the good one', () => {
    const result = runCli(['code', '--codebook', 'cb.yaml', 'interviews/', '--format', 'json'], { cwd: root });
    expect(result.status).toBe(1);
    expect((JSON.parse(result.stdout) as { interviews: number }).interviews).toBe(1);
    const files = new Set(result.stderr.split('\n').filter((line) => line.includes('control-character')).map((line) => line.split(':')[0]));
    expect(files.size).toBe(FORBIDDEN.length + 1);
  });

  it('export leaves them out too, and cocreate imports its own export', () => {
    const exported = runCli(['export', '--codebook', 'cb.yaml', '--qdpx', 'out.qdpx', 'interviews/'], { cwd: root });
    expect(exported.stderr).toContain('control-character');
    expect([0, 1]).toContain(exported.status);
    const imported = runCli(['import', '--qdpx', 'out.qdpx', '-o', 'imported'], { cwd: root });
    expect(imported.status, imported.stderr).toBe(0);
    expect(imported.stderr).not.toMatch(/binary|control/);
  });

  it('a control character in a codebook label makes the analysis commands refuse the codebook', () => {
    const coded = runCli(['code', '--codebook', 'bad-label.yaml', 'interviews/ok.yaml'], { cwd: root });
    expect(coded.status).toBe(2);
    expect(coded.stderr).toMatch(/bad-label\.yaml:4:\d+  Theme t: the label holds the control character U\+001B.*control-character/);
    const exported = runCli(['export', '--codebook', 'bad-label.yaml', '--qdc', 'out.qdc'], { cwd: root });
    expect(exported.status).toBe(2);
  });
});
