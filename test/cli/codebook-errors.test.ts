/**
 * Issue 16, item 13: analysis commands refuse a codebook with errors (the
 * errors `validate` reports about the codebook itself), exit 2, the
 * problems with their lines on stderr, nothing on stdout and no `-o` file;
 * exactly as they refuse an unreadable codebook. Each kind of error is
 * planted alone in an otherwise good codebook, which itself works; every
 * analysis command is run on each, with and without the compiled-codebook
 * cache (a warm cache of the good codebook must not let the bad one in).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const GOOD = `id: cb
title: Errors
languages: [en]
themes:
  - id: success
    label: Success
    codes:
      - id: quick-wins
        label: Quick wins
        definition: Early results, unlike success.other.
        rules:
          en:
            terms: [first version]
      - id: other
        label: Other
        definition: Anything else.
        rules:
          en:
            terms: [citizen]
            regex: ['\\bthree months\\b']
`;

/** One error each: [name, rule id, line it is reported at, codebook text]. */
const BROKEN: [string, string, number, string][] = [
  ['duplicate theme id', 'duplicate-theme-id', 21, `${GOOD}  - id: success\n    label: Again\n    codes:\n      - id: again\n        definition: Again.\n        rules: { en: { terms: [again] } }\n`],
  ['duplicate code id', 'duplicate-code-id', 14, GOOD.replace('      - id: other\n', '      - id: quick-wins\n').replace('unlike success.other', 'unlike success.quick-wins')],
  ['regex that does not compile', 'invalid-regex', 18, GOOD.replace("regex: ['\\bthree months\\b']", "regex: ['(?<=three) months']")],
  ['regex matching the empty string', 'regex-matches-empty', 18, GOOD.replace("regex: ['\\bthree months\\b']", "regex: ['x*']")],
  ['reference to a code that does not exist', 'unknown-code-reference', 8, GOOD.replace('unlike success.other', 'unlike success.others')],
  ['term with = and *', 'invalid-term', 18, GOOD.replace('terms: [citizen]', 'terms: ["=citiz*"]')],
];

let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'cocreate-codebook-errors-'));
  mkdirSync(join(root, 'interviews'));
  writeFileSync(
    join(root, 'interviews', 'ok-01.yaml'),
    'id: ok-01\nlanguage: en\nrole: head-of-unit\nturns:\n  - speaker: respondent\n    text: We shipped a first version in three months and every citizen could use it.\n    codes: [success.quick-wins]\n',
  );
  writeFileSync(join(root, 'good.yaml'), GOOD);
  BROKEN.forEach(([, , , text], index) => writeFileSync(join(root, `broken-${index}.yaml`), text));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Every analysis command, reading codebook `file`; `out` names an `-o` file where the command writes one. */
function commands(file: string, out: string): string[][] {
  const cb = ['--codebook', file];
  return [
    ['code', ...cb, 'interviews/'],
    ['code', ...cb, 'interviews/', '--codings', '--format', 'csv', '-o', `${out}.csv`],
    ['compare', ...cb, 'interviews/', '--by', 'role'],
    ['cooccur', ...cb, 'interviews/'],
    ['quotes', 'success', ...cb, 'interviews/'],
    ['agree', ...cb, 'interviews/'],
    ['report', ...cb, 'interviews/', '--by', 'role', '-o', `${out}.html`],
    ['export', ...cb, '--qdc', `${out}.qdc`],
    ['export', ...cb, '--qdpx', `${out}.qdpx`, 'interviews/'],
    ['explain', ...cb, 'interviews/ok-01.yaml:6'],
  ];
}

describe('issue 16 item 13: a codebook with errors is refused by every analysis command', () => {
  it('the good codebook works in every command (so a refusal below is the planted error)', () => {
    for (const args of commands('good.yaml', 'good')) {
      const result = runCli(args, { cwd: root });
      expect(result.status, `${args.join(' ')}\n${result.stderr}`).toBe(0);
    }
  });

  for (const [index, [name, ruleId, line]] of BROKEN.entries()) {
    it(`${name}: exit 2, "${ruleId}" at line ${line} on stderr, nothing written (cache on and off)`, () => {
      // Warm the cache with the good codebook first: the bad one has other bytes, so another entry.
      runCli(['code', '--codebook', 'good.yaml', 'interviews/'], { cwd: root });
      for (const cache of [[], ['--no-cache']]) {
        for (const args of commands(`broken-${index}.yaml`, `out-${index}`)) {
          if (cache.length > 0 && args[0] !== 'code') continue; // the cache path is the same for every command that uses it
          const full = args[0] === 'export' || args[0] === 'explain' ? args : [...args, ...cache];
          const result = runCli(full, { cwd: root });
          const label = `${full.join(' ')}\n${result.stderr}`;
          expect(result.status, label).toBe(2);
          expect(result.stdout, label).toBe('');
          expect(result.stderr, label).toContain(`broken-${index}.yaml:${line}:`);
          expect(result.stderr, label).toContain(ruleId);
          expect(result.stderr, label).not.toMatch(/internal error|\n\s+at \S+ \(/);
        }
        for (const extension of ['csv', 'html', 'qdc', 'qdpx']) expect(existsSync(join(root, `out-${index}.${extension}`))).toBe(false);
      }
    });
  }

  it('validate reports the same error (exit 1), and the codebook command still shows the codebook', () => {
    const validated = runCli(['validate', '--codebook', 'broken-0.yaml', 'interviews/'], { cwd: root });
    expect(validated.status).toBe(1);
    expect(validated.stdout).toContain('duplicate-theme-id');
    const shown = runCli(['codebook', '--codebook', 'broken-0.yaml'], { cwd: root });
    expect(shown.status).toBe(0);
  });
});
