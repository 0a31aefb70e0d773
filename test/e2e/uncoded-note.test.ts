/**
 * A human source that has coded only some segments: `code`, `compare`,
 * `cooccur` and `report` say how many of the segments counted it has coded
 * (the others count as carrying no code), in every text format, and give the
 * number in JSON as `reviewed`. Built CLI on test/fixtures/basic (see
 * test/e2e/code.test.ts for the hand-worked corpus): 13 respondent segments
 * (b-01 3, b-02 3, b-03 3, b-04 2, b-05 2); alice has coded two of them, b-01
 * T3 and b-03 T1, both head-of-unit interviews (b-01, b-03, b-05: 8
 * segments; project-manager b-02, b-04: 5). b-05 has no `unit`.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, runCli } from '../helpers/cli.js';

const BASIC = join(FIXTURES, 'basic');
const run = (args: string[]) => {
  const result = runCli(args, { cwd: BASIC });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
};
const NOTE = 'the source has coded 2; the other 11 count as carrying no code.';
const OUT = mkdtempSync(join(tmpdir(), 'cocreate-uncoded-'));

afterAll(() => rmSync(OUT, { recursive: true, force: true }));

describe('the note on segments a human source has not coded', () => {
  it('code: JSON gives the segments the source has coded as `reviewed`', () => {
    const alice = JSON.parse(run(['code', '--source', 'alice', '--format', 'json']));
    expect([alice.segments, alice.reviewed]).toEqual([13, 2]);
    const rules = JSON.parse(run(['code', '--format', 'json']));
    expect([rules.segments, rules.reviewed]).toEqual([13, 13]);
  });

  it('compare: in the table and Markdown footers, and in JSON; the statistics are those without the note', () => {
    expect(run(['compare', '--by', 'role', '--source', 'alice'])).toContain(`\nOf the 13 segments compared, ${NOTE}\n`);
    expect(run(['compare', '--by', 'role', '--source', 'alice', '--format', 'md'])).toContain(`Of the 13 segments compared, ${NOTE}`);
    // b-05 has no unit: it is left out, and so are its two segments (none coded by alice).
    expect(run(['compare', '--by', 'unit', '--source', 'alice'])).toContain('Of the 11 segments compared, the source has coded 2; the other 9 count as carrying no code.');
    const json = JSON.parse(run(['compare', '--by', 'role', '--source', 'alice', '--format', 'json']));
    expect([json.segments, json.reviewed]).toEqual([13, 2]);
    // alice's codes (test/e2e/code.test.ts): reuse on b-01 T3, associations on b-03 T1; counted as before.
    expect(json.rows.filter((row: { interviews: number }) => row.interviews > 0).map((row: { id: string; segments: number }) => [row.id, row.segments])).toEqual([
      ['actors.associations', 1],
      ['practice.reuse', 1],
    ]);
    // An automatic source codes every segment: no note.
    expect(run(['compare', '--by', 'role'])).not.toContain('carrying no code');
    expect(JSON.parse(run(['compare', '--by', 'role', '--format', 'json'])).reviewed).toBe(13);
  });

  it('cooccur: under the pairs and the matrix, per --by group, in Markdown and JSON', () => {
    expect(run(['cooccur', '--source', 'alice'])).toContain(`\nOf the 13 segments, ${NOTE}\n`);
    expect(run(['cooccur', '--source', 'alice', '--matrix', '--level', 'interview', '--format', 'md'])).toContain(`Of the 13 segments, ${NOTE}`);
    const byRole = run(['cooccur', '--source', 'alice', '--by', 'role']);
    expect(byRole).toContain('Of the 8 segments, the source has coded 2; the other 6 count as carrying no code.');
    expect(byRole).toContain('Of the 5 segments, the source has coded 0; the other 5 count as carrying no code.');
    const json = JSON.parse(run(['cooccur', '--source', 'alice', '--by', 'role', '--format', 'json']));
    expect([json.units, json.segments, json.reviewed]).toEqual([13, 13, 2]);
    expect(json.groups.map((group: { name: string; segments: number; reviewed: number }) => [group.name, group.segments, group.reviewed])).toEqual([
      ['head-of-unit', 8, 2],
      ['project-manager', 5, 0],
    ]);
    // alice never put two codes on one segment: no pairs; each of her codes once.
    expect(json.pairs).toEqual([]);
    expect(json.codes.filter((code: { count: number }) => code.count > 0).map((code: { id: string }) => code.id)).toEqual(['actors.associations', 'practice.reuse']);
    expect(run(['cooccur'])).not.toContain('carrying no code');
  });

  it('report: the corpus section says it, in Markdown and HTML', () => {
    expect(run(['report', '--source', 'alice', '--format', 'md'])).toContain(`segments are what the codes are counted on. Of the 13 segments, ${NOTE}`);
    runCli(['report', '--source', 'alice', '-o', join(OUT, 'r.html')], { cwd: BASIC });
    expect(readFileSync(join(OUT, 'r.html'), 'utf8')).toContain(`segments are what the codes are counted on. Of the 13 segments, ${NOTE}</p>`);
    expect(run(['report', '--format', 'md'])).not.toContain('carrying no code');
  });
});
