/**
 * Issue 16, item 15: text from user files is shown, never obeyed, and CSV
 * cells never run as formulas.
 *
 * - Every C0 control but tab and line feed, DEL, every C1 control and every
 *   bidi control, written into transcript text, speaker names, attribute
 *   values, codebook labels and a file name, comes out of every text output
 *   (tables, Markdown, text and GitHub diagnostics, quotes, KWIC, explain,
 *   the codebook, usage errors) written as an escape, raw nowhere; JSON
 *   keeps the original characters.
 * - With colour forced, cocreate's own colours stay while the transcript's
 *   escape sequences are still shown; `-o` files never get colour.
 * - CSV text cells starting with = + - @ tab or CR get a leading quote in
 *   every command with CSV output; numbers stay; `--raw-csv` keeps them.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { neutraliseFormula } from '../../src/model/spreadsheet-formula.js';
import { renderCsv } from '../../src/render/csv.js';
import { renderSafeText, sanitizeText } from '../../src/render/sanitize.js';
import { plainStyle, type Style } from '../../src/render/style.js';
import { runCli } from '../helpers/cli.js';

/** Every character that must never reach a terminal raw. */
const UNSAFE: string[] = [];
for (let code = 0; code <= 0x1f; code++) if (code !== 9 && code !== 10) UNSAFE.push(String.fromCharCode(code));
for (let code = 0x7f; code <= 0x9f; code++) UNSAFE.push(String.fromCharCode(code));
UNSAFE.push('\u061c', '\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069');
const UNSAFE_RE = new RegExp(`[${UNSAFE.map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}]`);

/** A style that wraps in SGR codes, as chalk does. */
const colour: Style = {
  bold: (t) => `\x1b[1m${t}\x1b[22m`,
  dim: (t) => `\x1b[2m${t}\x1b[22m`,
  high: (t) => `\x1b[32m${t}\x1b[39m`,
  low: (t) => `\x1b[31m${t}\x1b[39m`,
  error: (t) => `\x1b[31m${t}\x1b[39m`,
  warning: (t) => `\x1b[33m${t}\x1b[39m`,
  match: (t) => `\x1b[1m\x1b[4m${t}\x1b[24m\x1b[22m`,
};
const OWN_CODES = /\x1b\[(?:1|2|4|22|24|31|32|33|39)m/g;

describe('issue 16 item 15: sanitizeText and renderSafeText', () => {
  it('leave no unsafe character, keep tab, newline and everything else, and are one-to-one on unsafe characters', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...UNSAFE), fc.string({ maxLength: 3 }), fc.constantFrom('\t', '\n', 'é', '😀')), { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        const safe = sanitizeText(text);
        expect(safe).not.toMatch(UNSAFE_RE);
        expect(safe.replace(/\\x[0-9a-f]{2}|\\u[0-9a-f]{4}/g, '')).toBe(text.replace(new RegExp(UNSAFE_RE.source, 'g'), '').replace(/\\x[0-9a-f]{2}|\\u[0-9a-f]{4}/g, ''));
      }),
    );
    expect(sanitizeText('a\x1b[2Jb\x07\u202ec\td\n')).toBe('a\\x1b[2Jb\\x07\\u202ec\td\n');
  });

  it('renderSafeText keeps the style\'s colours and shows the user\'s escapes', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...UNSAFE), fc.string({ maxLength: 4 })), { maxLength: 12 }), (parts) => {
        const user = parts.join('');
        const render = (style: Style) => `${style.bold('Title')}\n${style.match(user)} and ${style.high(style.bold(user))}\n`;
        const out = renderSafeText(render, colour);
        // Only our own colour codes remain as raw escapes; stripping them leaves the plain, sanitised rendering.
        expect(out.replace(OWN_CODES, '')).toBe(sanitizeText(render(plainStyle)));
        expect(out.replace(OWN_CODES, '')).not.toMatch(UNSAFE_RE);
        if (user !== '' && !/[\uFDD0\uFDD1\uFDE0-\uFDE6]/.test(user)) expect(out).toContain('\x1b[1mTitle\x1b[22m');
      }),
    );
  });

  it('neutraliseFormula quotes formula starts, not numbers or other text', () => {
    for (const cell of ['=1+1', '+cmd', '-2+3+cmd|\' /C calc\'!A0', '@SUM(A1)', '\tx', '\rx', '=HYPERLINK("http://x")']) expect(neutraliseFormula(cell)).toBe(`'${cell}`);
    for (const cell of ['-0.5', '+3', '-12', '1e-3', '42%', 'plain', ' =x', '', 'a=b']) expect(neutraliseFormula(cell)).toBe(cell);
    const csv = renderCsv({ columns: [{ header: '=h' }, { header: 'n' }], rows: [['@x', -3]] });
    expect(csv).toBe("'=h,n\r\n'@x,-3\r\n");
    expect(renderCsv({ columns: [{ header: '=h' }], rows: [['@x']] }, { raw: true })).toBe('=h\r\n@x\r\n');
  });
});

describe('issue 16 item 15: through the CLI', () => {
  let root: string;
  /**
   * The unsafe characters a transcript or codebook may hold: DEL, C1 and bidi
   * controls. C0 controls (ESC, BEL, NUL…) in content are a control-character
   * error (item 16), so they reach the output only through file names, command
   * arguments and a second transcript that is reported, not shown.
   */
  const all = UNSAFE.filter((c) => c.charCodeAt(0) >= 0x7f).join('');
  const yamlEscaped = all.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const fileName = 'e1\x1b[31m\u202e.yaml';

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'cocreate-hostile-'));
    mkdirSync(join(root, 'interviews'));
    writeFileSync(
      join(root, 'cb.yaml'),
      `id: cb\nlanguages: [en]\nthemes:\n  - id: t\n    label: "T ${yamlEscaped}"\n    codes:\n      - id: c\n        label: "=cmd|' /C calc'!A0 ${yamlEscaped}"\n        definition: "Citizens ${yamlEscaped}"\n        rules:\n          en: { terms: [citizen] }\n`,
    );
    // C0 controls in content: reported (with the line), never printed raw.
    writeFileSync(join(root, 'interviews', 'c0.yaml'), `id: c0\nlanguage: en\nturns:\n  - speaker: respondent\n    text: "A citizen \\e[2J\\e]52;c;eA==\\a here"\n`);
    writeFileSync(
      join(root, 'interviews', fileName),
      `id: e1\nlanguage: en\nunit: "=HYPERLINK(1) ${yamlEscaped}"\nturns:\n  - speaker: "resp ${yamlEscaped}"\n    text: "A citizen said ${yamlEscaped.replace('\\u0000', '')} here"\n    codes: [t.c]\n  - speaker: respondent\n    text: "@SUM(1) citizen"\n`,
    );
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const cb = ['--codebook', 'cb.yaml'];
  const textCommands: string[][] = [
    ['validate', ...cb, 'interviews/'],
    ['validate', ...cb, 'interviews/', '--format', 'github'],
    ['code', ...cb, 'interviews/'],
    ['code', ...cb, 'interviews/', '--format', 'md'],
    ['code', ...cb, 'interviews/', '--by', 'unit'],
    ['code', ...cb, 'interviews/', '--matrix'],
    ['compare', ...cb, 'interviews/', '--by', 'unit'],
    ['cooccur', ...cb, 'interviews/', '--format', 'md'],
    ['quotes', 't.c', ...cb, 'interviews/'],
    ['quotes', 't.c', ...cb, 'interviews/', '--kwic', '3'],
    ['quotes', 't.c', ...cb, 'interviews/', '--format', 'md', '--by', 'unit'],
    ['agree', ...cb, 'interviews/'],
    ['explain', ...cb, `interviews/${fileName}:6`],
    ['explain', ...cb, `interviews/${fileName}:6`, '--format', 'md'],
    ['codebook', ...cb],
    ['codebook', ...cb, '--format', 'md'],
    ['report', ...cb, 'interviews/', '--by', 'unit', '--format', 'md'],
    ['code', '--codebook', 'missing\x1b[2J.yaml', 'interviews/'],
    ['quotes', 'no\x1b]52;c;eA==\x07pe', ...cb, 'interviews/'],
  ];

  it.each(textCommands.map((args) => [args.join(' ').replace(/[\x00-\x1f]/g, '?'), args]))('%s: no raw control character on stdout or stderr', (_label, args) => {
    const result = runCli(args as string[], { cwd: root });
    expect(result.stderr).not.toMatch(/internal error/);
    expect(result.stdout).not.toMatch(UNSAFE_RE);
    expect(result.stderr).not.toMatch(UNSAFE_RE);
  });

  it('the escapes are visible where the text is shown', () => {
    const result = runCli(['quotes', 't.c', ...cb, 'interviews/'], { cwd: root });
    expect(result.stdout).toContain('\\x7f');
    expect(result.stdout).toContain('\\u202e');
    expect(result.stdout).toContain('\\x9b');
    expect(result.stdout).toContain('interviews/e1\\x1b[31m\\u202e.yaml:6');
  });

  it('JSON keeps the original characters', () => {
    const result = runCli(['code', ...cb, 'interviews/', '--codings', '--format', 'json'], { cwd: root });
    const records = JSON.parse(result.stdout) as { file: string; unit?: string; attributes?: Record<string, string> }[];
    expect(JSON.stringify(records)).toContain(JSON.stringify(`=HYPERLINK(1) ${all}`).slice(1, -1));
  });

  it('with colour forced, stdout keeps cocreate\'s colours and shows the transcript\'s escapes; -o files get no colour', () => {
    const coloured = runCli(['quotes', 't.c', ...cb, 'interviews/'], { cwd: root, env: { NO_COLOR: '', FORCE_COLOR: '1' } });
    expect(coloured.stdout).toMatch(/\x1b\[1m/);
    expect(coloured.stdout.replace(/\x1b\[[0-9;]*m/g, '')).not.toMatch(UNSAFE_RE);
    expect(coloured.stdout).toContain('\\x7f\\x80');
    const toFile: string[][] = [
      ['code', ...cb, 'interviews/', '--format', 'table', '-o', 'out.txt'],
      ['validate', ...cb, 'interviews/', '-o', 'out.txt'],
      ['quotes', 't.c', ...cb, 'interviews/', '--format', 'table', '-o', 'out.txt'],
      ['compare', ...cb, 'interviews/', '--by', 'unit', '--format', 'table', '-o', 'out.txt'],
      ['cooccur', ...cb, 'interviews/', '--format', 'table', '-o', 'out.txt'],
      ['agree', ...cb, 'interviews/', '--format', 'table', '-o', 'out.txt'],
      ['codebook', ...cb, '--format', 'table', '-o', 'out.txt'],
      ['explain', ...cb, `interviews/${fileName}:6`, '--format', 'table', '-o', 'out.txt'],
    ];
    for (const args of toFile) {
      writeFileSync(join(root, 'out.txt'), '');
      const result = runCli(args, { cwd: root, env: { NO_COLOR: '', FORCE_COLOR: '1' } });
      expect([0, 1], `${args.join(' ')}\n${result.stderr}`).toContain(result.status);
      const written = readFileSync(join(root, 'out.txt'), 'utf8');
      expect(written.length, args.join(' ')).toBeGreaterThan(0);
      expect(written, args.join(' ')).not.toMatch(UNSAFE_RE);
    }
  });

  it('every CSV output neutralises formula cells; --raw-csv keeps them', () => {
    const csvCommands: string[][] = [
      ['code', ...cb, 'interviews/', '--codings', '--format', 'csv'],
      ['code', ...cb, 'interviews/', '--format', 'csv'],
      ['code', ...cb, 'interviews/', '--matrix', '--format', 'csv'],
      ['code', ...cb, 'interviews/', '--by', 'unit', '--format', 'csv'],
      ['compare', ...cb, 'interviews/', '--by', 'unit', '--format', 'csv'],
      ['cooccur', ...cb, 'interviews/', '--format', 'csv'],
      ['quotes', 't.c', ...cb, 'interviews/', '--format', 'csv'],
      ['agree', ...cb, 'interviews/', '--format', 'csv'],
      ['codebook', ...cb, '--format', 'csv'],
    ];
    let sawFormula = 0;
    for (const args of csvCommands) {
      const result = runCli([...args, '--bom'], { cwd: root });
      expect(result.status, `${args.join(' ')}\n${result.stderr}`).toBeLessThan(2);
      // Every cell: split on commas outside quotes is enough here, as no formula cell holds a quoted comma first.
      for (const line of result.stdout.replace(/^\uFEFF/, '').split('\r\n')) {
        for (const cell of line.match(/("([^"]|"")*"|[^,]*)(,|$)/g) ?? []) {
          const value = cell.replace(/,$/, '').replace(/^"|"$/g, '').replace(/""/g, '"');
          expect(value, `${args.join(' ')}: ${line}`).not.toMatch(/^[=+@\t\r]|^-(?![0-9.])/);
          if (value.startsWith("'=") || value.startsWith("'@")) sawFormula++;
        }
      }
      const raw = runCli([...args, '--raw-csv'], { cwd: root });
      expect(raw.status).toBeLessThan(2);
      expect(raw.stdout).not.toMatch(/'=|'@/);
    }
    expect(sawFormula).toBeGreaterThan(5);
  });
});
