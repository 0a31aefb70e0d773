/**
 * `cocreate review` end to end: in a pseudo-terminal (keys in, file bytes
 * checked: only the decided codes changed, a second run resumes, undo puts
 * the bytes back), without a terminal (a usage message), and the CSV queue
 * (--export / --apply round trip on YAML and Markdown, bad queue files).
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { renderCsvRecords } from '../../src/render/review-queue-csv.js';
import { FIXTURES, REPO_ROOT, runCli } from '../helpers/cli.js';
import { pressKeys, startInPty } from '../helpers/pty.js';

const ROOT = join(REPO_ROOT, 'test-output', 'review');
let project = '';
let counter = 0;

/** A fresh project: the agree fixture's two interviews and the fruit codebook. */
function makeProject(): string {
  const dir = join(ROOT, `p${process.pid}-${counter++}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'codebooks'), { recursive: true });
  cpSync(join(FIXTURES, 'agree', 'interviews'), join(dir, 'interviews'), { recursive: true });
  cpSync(join(FIXTURES, 'agree', 'codebooks', 'fruit.yaml'), join(dir, 'codebooks', 'fruit.yaml'));
  return dir;
}

const read = (name: string) => readFileSync(join(project, 'interviews', name), 'utf8');
const CARD = 'y accept  n reject';

beforeEach(() => {
  project = makeProject();
});

describe('review in a terminal', () => {
  it('writes each decision at once, only the decided codes; a second run resumes; undo puts the bytes back', async () => {
    const a1 = read('a1.yaml');
    const a2 = read('a2.md');
    const session = startInPty(['review', '--coder', 'carol'], project);
    await session.waitFor(CARD);
    expect(session.output()).toContain('8 decisions to make; proposals from rules only');
    expect(session.output()).toContain('interviews/a1.yaml:9  (a1, turn 2)');
    expect(session.output()).toContain('respondent: I ate an apple and I am [happy].');
    expect(session.output()).toContain('feeling.joy — Joy  (proposed; 1 matched word; certainty 0.50)');
    await pressKeys(session, [{ key: 'y', then: CARD }]);
    // The segment is in progress: the accepted code and the review record are in the file already.
    const partial = a1.replace('      bob: [food.apple]\n', '      bob: [food.apple]\n      carol: [feeling.joy]\n    reviewed: { carol: [feeling.joy] }\n');
    expect(read('a1.yaml')).toBe(partial);
    await pressKeys(session, [
      { key: 'n', then: CARD },
      { key: '?', then: 'undo the last decision' },
      { key: 's', then: CARD },
      { key: 'q', then: 'left: run the same command again' },
    ]);
    expect(await session.exit()).toBe(0);
    expect(session.output()).toContain('2 decisions written (1 accepted, 1 rejected), 1 skipped; 6 left');
    const afterFirst = a1.replace('      bob: [food.apple]\n', '      bob: [food.apple]\n      carol: [feeling.joy]\n');
    expect(read('a1.yaml')).toBe(afterFirst);
    expect(read('a2.md')).toBe(a2);

    // Second run: the two decided questions are not asked again; the skipped one comes first.
    const again = startInPty(['review', '--coder', 'carol'], project);
    await again.waitFor(CARD);
    expect(again.output()).toContain('6 decisions to make, 2 made earlier');
    expect(again.output()).toContain('interviews/a1.yaml:15  (a1, turn 3)'); // a line lower: carol's codes above it
    await pressKeys(again, [{ key: 'y', then: CARD }]);
    expect(read('a1.yaml')).toBe(afterFirst.replace('      bob: [food.pear]\n', '      bob: [food.pear]\n      carol: [food.pear]\n'));
    await pressKeys(again, [
      { key: 'u', then: 'undone: food.pear on interviews/a1.yaml:15' },
      { key: 'q', then: '0 decisions written' },
    ]);
    expect(await again.exit()).toBe(0);
    expect(read('a1.yaml')).toBe(afterFirst);
  });

  it('undo after a skip takes back the skip (not the decision before it); the summary counts what is in effect', async () => {
    const a1 = read('a1.yaml');
    const session = startInPty(['review', '--coder', 'carol'], project);
    await session.waitFor(CARD);
    await pressKeys(session, [
      { key: 'y', then: CARD },
      { key: 's', then: 'skipped' },
      { key: 'u', then: 'undone: the skip of food.apple on interviews/a1.yaml:9' },
    ]);
    // The accepted code is still in the file: only the skip was taken back, and the skipped question is asked again.
    expect(read('a1.yaml')).toContain('      carol: [feeling.joy]\n    reviewed: { carol: [feeling.joy] }\n');
    await pressKeys(session, [
      { key: 'n', then: CARD },
      { key: 'q', then: 'left: run the same command again' },
    ]);
    expect(await session.exit()).toBe(0);
    expect(session.output()).toContain('2 decisions written (1 accepted, 1 rejected); 6 left');
    expect(session.output()).not.toMatch(/written \([^)]*\), \d+ skipped/);
    // Both of turn 2's questions are decided: the review record is gone.
    expect(read('a1.yaml')).toBe(a1.replace('      bob: [food.apple]\n', '      bob: [food.apple]\n      carol: [feeling.joy]\n'));
  });

  it('Markdown: a coder comment is added under the turn, extended, and the review record removed when the turn is done', async () => {
    rmSync(join(project, 'interviews', 'a1.yaml'));
    const a2 = read('a2.md');
    const session = startInPty(['review', '--coder', 'carol'], project);
    await session.waitFor(CARD);
    await pressKeys(session, [{ key: 'y', then: CARD }]);
    const bob = '<!-- codes bob: food.pear, feeling.joy -->\n';
    expect(read('a2.md')).toBe(a2.replace(bob, `${bob}<!-- codes carol: feeling.joy -->\n<!-- reviewed carol: feeling.joy -->\n`));
    await pressKeys(session, [
      { key: 'y', then: CARD },
      { key: 'n', then: CARD },
      { key: 'q', then: 'left' },
    ]);
    expect(await session.exit()).toBe(0);
    expect(read('a2.md')).toBe(a2.replace(bob, `${bob}<!-- codes carol: feeling.joy, food.pear -->\n`).replace('<!-- codes alice: food.apple -->\n', '<!-- codes alice: food.apple -->\n<!-- codes carol: -->\n'));
  });

  it('a adds a code the machine did not propose; it counts as decided for the segment', async () => {
    rmSync(join(project, 'interviews', 'a1.yaml'));
    const a2 = read('a2.md');
    const bob = '<!-- codes bob: food.pear, feeling.joy -->\n';
    const session = startInPty(['review', '--coder', 'carol'], project);
    await session.waitFor(CARD);
    await pressKeys(session, [
      { key: 'a', then: 'Add a code to this segment' },
      { key: 'food.appel\r', then: 'Unknown code "food.appel"; did you mean "food.apple"?' },
      // Still in the prompt: the id is typed again, not read as keys (s skip, u undo, q quit…).
      { key: 'food.apple\r', then: CARD },
    ]);
    expect(read('a2.md')).toBe(a2.replace(bob, `${bob}<!-- codes carol: food.apple -->\n<!-- reviewed carol: food.apple -->\n`));
    await pressKeys(session, [
      { key: 'y', then: CARD },
      { key: 'y', then: CARD },
      { key: 'q', then: 'left' },
    ]);
    expect(await session.exit()).toBe(0);
    expect(read('a2.md')).toBe(a2.replace(bob, `${bob}<!-- codes carol: food.apple, feeling.joy, food.pear -->\n`));
  });

  it('an unknown code asks again; Esc cancels the add, Ctrl-C in the prompt quits; nothing is written', async () => {
    const a1 = read('a1.yaml');
    const a2 = read('a2.md');
    const session = startInPty(['review', '--coder', 'carol'], project);
    await session.waitFor(CARD);
    await pressKeys(session, [
      { key: 'a', then: 'Add a code to this segment' },
      { key: 'nope\r', then: 'Type a code id of the codebook' },
      // Typed as keys, "squash" would skip (s), undo (u), quit (q); in the prompt it is just an unknown id.
      { key: 'squash\r', then: 'Unknown code "squash"' },
      { key: '\x1b', then: CARD },
      { key: 'a', then: 'Add a code to this segment' },
      { key: 'food\x03', then: 'left: run the same command again' },
    ]);
    expect(await session.exit()).toBe(0);
    expect(session.output()).toContain('0 decisions written (0 accepted, 0 rejected); 8 left');
    expect(session.output()).not.toContain('skipped');
    expect(read('a1.yaml')).toBe(a1);
    expect(read('a2.md')).toBe(a2);
  });

  it('refuses a decision on a segment whose text changed on disk, and writes nothing', async () => {
    const session = startInPty(['review', '--coder', 'carol'], project);
    await session.waitFor(CARD);
    const changed = read('a1.yaml').replace('I ate an apple and I am happy.', 'I ate an apple and I am glad.');
    writeFileSync(join(project, 'interviews', 'a1.yaml'), changed);
    await pressKeys(session, [
      { key: 'y', then: 'the text of turn 2 changed since it was read; nothing was written' },
      { key: 'q', then: 'refused' },
    ]);
    expect(await session.exit()).toBe(1);
    expect(read('a1.yaml')).toBe(changed);
  });
});

describe('review without a terminal', () => {
  it('is a usage error that points to --export and --apply', () => {
    const result = runCli(['review', '--coder', 'carol'], { cwd: project, input: 'y' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('needs a terminal');
    expect(result.stderr).toContain('--export queue.csv');
    expect(result.stderr).toContain('--apply queue.csv');
    // One line, naming the paths this run was given (not the default folder).
    const elsewhere = runCli(['review', 'interviews/a1.yaml', '--coder', 'carol'], { cwd: project, input: 'y' });
    expect(elsewhere.stderr).toBe(
      'cocreate: review asks one question at a time and needs a terminal (stdin is not one); to review in a spreadsheet instead, run cocreate review interviews/a1.yaml --coder carol --export queue.csv, fill in its decision column, then run cocreate review interviews/a1.yaml --coder carol --apply queue.csv.\n',
    );
  });

  it('needs --coder, and a coder the project file lists', () => {
    expect(runCli(['review'], { cwd: project }).stderr).toContain('review needs --coder NAME');
    const typo = runCli(['review', '--coder', 'alcie', '--export', 'q.csv'], { cwd: project });
    expect(typo.status).toBe(2);
    expect(typo.stderr).toContain('No transcript has codes by "alcie"; did you mean "alice"?');
    expect(runCli(['review', '--coder', 'carol', '--export', '-'], { cwd: project }).stderr).toContain('carol has no codes in these transcripts yet: a new coder (coders found: alice, bob)');
    writeFileSync(join(project, 'cocreate.yaml'), 'coders: [alice, bob]\n');
    const result = runCli(['review', '--coder', 'alica', '--export', 'q.csv'], { cwd: project });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Unknown coder "alica": cocreate.yaml lists the coders alice, bob; did you mean "alice"? To review as a new coder, add the name to `coders:` in cocreate.yaml first.');
  });
});

/** Parses a queue file (csv-parse, as --apply reads it). */
function rowsOf(csv: string): string[][] {
  return parse(csv, { bom: true }) as string[][];
}

/** Writes rows as a queue file (as --export does). */
function writeRows(path: string, rows: readonly (readonly string[])[]): void {
  writeFileSync(path, renderCsvRecords(rows));
}

describe('review --export / --apply', () => {
  it('round-trips on YAML and Markdown: decided rows are written, blank rows stay in the queue', () => {
    const a1 = read('a1.yaml');
    const a2 = read('a2.md');
    const exported = runCli(['review', '--coder', 'carol', '--export', 'queue.csv'], { cwd: project });
    expect(exported.status).toBe(0);
    const csv = readFileSync(join(project, 'queue.csv'), 'utf8');
    const rows = rowsOf(csv);
    expect(rows[0]).toEqual(['transcript', 'file', 'line', 'turn', 'code', 'label', 'proposal', 'confidence', 'text_hash', 'excerpt', 'decision', 'coder']);
    expect(rows.slice(1).every((row) => row[11] === 'carol')).toBe(true);
    expect(rows.slice(1).map((row) => `${row[0]}:${row[3]}:${row[4]}`)).toEqual(['a1:2:feeling.joy', 'a1:2:food.apple', 'a1:3:food.pear', 'a1:5:food.apple', 'a2:2:feeling.joy', 'a2:2:food.pear', 'a2:3:food.apple', 'a2:5:food.pear']);
    // Decide a1 turn 2 fully, a1 turn 5, a2 turn 2 half; leave the rest blank.
    const decisions: Record<string, string> = { 'a1:2:feeling.joy': 'y', 'a1:2:food.apple': 'Reject', 'a1:5:food.apple': 'accept', 'a2:2:food.pear': 'n' };
    const filled = rows.map((row, index) => (index === 0 ? row : [...row.slice(0, 10), decisions[`${row[0]}:${row[3]}:${row[4]}`] ?? '']));
    writeFileSync(join(project, 'queue.csv'), filled.map((row) => row.join(',')).join('\r\n'));
    const applied = runCli(['review', '--coder', 'carol', '--apply', 'queue.csv'], { cwd: project });
    expect(applied.stderr).toContain('4 decisions written into 2 transcripts');
    expect(applied.status).toBe(0);
    expect(read('a1.yaml')).toBe(a1.replace('      bob: [food.apple]\n', '      bob: [food.apple]\n      carol: [feeling.joy]\n').replace('      alice: []\n      bob: [food.apple]\n', '      alice: []\n      bob: [food.apple]\n      carol: [food.apple]\n'));
    const bob = '<!-- codes bob: food.pear, feeling.joy -->\n';
    expect(read('a2.md')).toBe(a2.replace(bob, `${bob}<!-- reviewed carol: food.pear -->\n`));
    // Applying again changes nothing; a new export holds only the undecided questions.
    const before = [read('a1.yaml'), read('a2.md')];
    const twice = runCli(['review', '--coder', 'carol', '--apply', 'queue.csv'], { cwd: project });
    expect(twice.status).toBe(0);
    expect(twice.stderr).toContain('0 decisions written into 0 transcripts (4 already recorded)');
    expect([read('a1.yaml'), read('a2.md')]).toEqual(before);
    const next = rowsOf(runCli(['review', '--coder', 'carol', '--export', '-'], { cwd: project }).stdout);
    expect(next.slice(1).map((row) => `${row[0]}:${row[3]}:${row[4]}`)).toEqual(['a1:3:food.pear', 'a2:2:feeling.joy', 'a2:3:food.apple', 'a2:5:food.pear']);
  });

  it('round-trips on CRLF files with comments, quoting and the single-coder forms of both formats', () => {
    rmSync(join(project, 'interviews'), { recursive: true });
    mkdirSync(join(project, 'interviews'));
    const yaml = [
      '# Interview c1, coded by Ana',
      'id: c1',
      'language: en',
      'coder: ana',
      'turns:',
      '  - speaker: interviewer',
      '    text: "Lunch?"',
      '  - speaker: respondent',
      '    text: |',
      '      An apple, happy.',
      "    codes: ['food.apple']   # Ana's code",
      '  - speaker: respondent',
      '    text: A pear.',
      '',
    ].join('\r\n');
    const md = ['---', 'id: c2', 'language: en', '---', '', '**Interviewer:** Lunch?', '', '**Respondent:** A pear, happy.', '<!-- codes: food.pear -->', ''].join('\r\n');
    writeFileSync(join(project, 'interviews', 'c1.yaml'), yaml);
    writeFileSync(join(project, 'interviews', 'c2.md'), md);
    runCli(['review', '--coder', 'carol', '--export', 'queue.csv'], { cwd: project });
    const rows = rowsOf(readFileSync(join(project, 'queue.csv'), 'utf8'));
    expect(rows.slice(1).map((row) => `${row[0]}:${row[3]}:${row[4]}`)).toEqual(['c1:2:feeling.joy', 'c1:2:food.apple', 'c1:3:food.pear', 'c2:2:feeling.joy', 'c2:2:food.pear']);
    writeRows(join(project, 'queue.csv'), rows.map((row, index) => (index === 0 ? row : [...row.slice(0, 10), row[4] === 'food.apple' ? 'n' : 'y'])));
    const applied = runCli(['review', '--coder', 'carol', '--apply', 'queue.csv'], { cwd: project });
    expect(applied.status).toBe(0);
    expect(read('c1.yaml')).toBe(
      yaml.replace("    codes: ['food.apple']   # Ana's code", "    codes: { ana: ['food.apple'], carol: [feeling.joy] }   # Ana's code").replace('    text: A pear.\r\n', '    text: A pear.\r\n    codes: { carol: [food.pear] }\r\n'),
    );
    expect(read('c2.md')).toBe(md.replace('<!-- codes: food.pear -->\r\n', '<!-- codes: food.pear -->\r\n<!-- codes carol: feeling.joy, food.pear -->\r\n'));
    // Ana's codes read back unchanged, carol's are the decided ones (on the one segment both coded).
    const json = JSON.parse(runCli(['agree', '--coders', 'ana,carol', '--format', 'json', '--codebook', 'codebooks/fruit.yaml'], { cwd: project }).stdout);
    expect([json.segments, json.overall.applied]).toEqual([1, { ana: 1, carol: 1 }]);
  });

  it('reports every bad row with its number and changes no transcript (exit 1)', () => {
    const a1 = read('a1.yaml');
    const a2 = read('a2.md');
    runCli(['review', '--coder', 'carol', '--export', 'queue.csv'], { cwd: project });
    const rows = rowsOf(readFileSync(join(project, 'queue.csv'), 'utf8'));
    const bad = [
      rows[0]!,
      [...rows[1]!.slice(0, 10), 'y'],
      [...rows[2]!.slice(0, 10), 'maybe'],
      [...rows[3]!.slice(0, 4), 'food.peer', ...rows[3]!.slice(5, 10), 'y'],
      [...rows[1]!.slice(0, 10), 'n'],
      ['a9', ...rows[4]!.slice(1, 10), 'y'],
      [rows[5]![0]!, rows[5]![1]!, rows[5]![2]!, '99', ...rows[5]!.slice(4, 10), 'y'],
    ];
    writeFileSync(join(project, 'queue.csv'), bad.map((row) => row.join(',')).join('\n'));
    const result = runCli(['review', '--coder', 'carol', '--apply', 'queue.csv'], { cwd: project });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Row 3: the decision "maybe" is not one of y, yes, accept or n, no, reject');
    expect(result.stderr).toContain('Row 4: unknown code "food.peer"; did you mean "food.pear"?');
    expect(result.stderr).toContain('Row 5: a1 turn 2, feeling.joy is listed again (first on row 2).');
    expect(result.stderr).toContain('Row 6: no transcript "a9" among the paths given');
    expect(result.stderr).toContain('Row 7: interviews/a2.md has no turn 99 (it has 5).');
    expect(result.stderr).toContain('no transcript was changed');
    expect([read('a1.yaml'), read('a2.md')]).toEqual([a1, a2]);
  });

  it('reads a queue a spreadsheet saved with semicolons; blank lines keep the row numbers a spreadsheet shows', () => {
    const a1 = read('a1.yaml');
    runCli(['review', '--coder', 'carol', '--export', 'queue.csv'], { cwd: project });
    const rows = rowsOf(readFileSync(join(project, 'queue.csv'), 'utf8'));
    const quote = (cell: string) => (/[;"\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
    const line = (row: string[]) => row.map(quote).join(';');
    // Row 2 blank line, row 3 a good decision, row 4 a bad one: nothing may be written, and row 4 is named.
    const text = [line(rows[0]!), '', line([...rows[1]!.slice(0, 10), 'y']), line([...rows[2]!.slice(0, 10), 'perhaps'])].join('\r\n');
    writeFileSync(join(project, 'queue.csv'), text);
    const bad = runCli(['review', '--coder', 'carol', '--apply', 'queue.csv'], { cwd: project });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('queue.csv:4:1  error  Row 4: the decision "perhaps"');
    expect(read('a1.yaml')).toBe(a1);
    writeFileSync(join(project, 'queue.csv'), text.replace('perhaps', 'n'));
    const good = runCli(['review', '--coder', 'carol', '--apply', 'queue.csv'], { cwd: project });
    expect(good.stderr).toContain('2 decisions written into 1 transcript');
    expect(good.status).toBe(0);
    expect(read('a1.yaml')).not.toBe(a1);
  });

  it('the next command it prints keeps the paths; --apply refuses rows exported from another copy of a transcript', () => {
    // A scratch copy of the interviews, reviewed as the README shows: the originals must not take its decisions.
    cpSync(join(project, 'interviews'), join(project, 'scratch copy'), { recursive: true });
    const originals = [read('a1.yaml'), read('a2.md')];
    const exported = runCli(['review', 'scratch copy', '--coder', 'carol', '--export', 'queue.csv'], { cwd: project });
    expect(exported.status).toBe(0);
    expect(exported.stderr).toContain("run: cocreate review 'scratch copy' --coder carol --apply queue.csv\n");
    const rows = rowsOf(readFileSync(join(project, 'queue.csv'), 'utf8'));
    writeRows(join(project, 'queue.csv'), rows.map((row, index) => (index === 0 ? row : [...row.slice(0, 10), 'y'])));
    // Without the path, the ids are found in interviews/ (the default): same ids, same text, another file.
    const wrong = runCli(['review', '--coder', 'carol', '--apply', 'queue.csv'], { cwd: project });
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain('queue.csv:2:1  error  Row 2: the queue was exported from scratch copy/a1.yaml, but a1 is read from interviews/a1.yaml here');
    expect([read('a1.yaml'), read('a2.md')]).toEqual(originals);
    const right = runCli(['review', 'scratch copy', '--coder', 'carol', '--apply', 'queue.csv'], { cwd: project });
    expect(right.status).toBe(0);
    expect(readFileSync(join(project, 'scratch copy', 'a1.yaml'), 'utf8')).not.toBe(originals[0]);
    expect([read('a1.yaml'), read('a2.md')]).toEqual(originals);
    // Moved since the export (the listed file is gone): the id decides, as before.
    rmSync(join(project, 'scratch copy'), { recursive: true });
    expect(runCli(['review', '--coder', 'carol', '--apply', 'queue.csv'], { cwd: project }).stderr).not.toContain('queue-other-file');
  });

  it('a queue exported for one coder is not applied as another coder\'s decisions', () => {
    const originals = [read('a1.yaml'), read('a2.md')];
    runCli(['review', '--coder', 'carol', '--export', 'queue.csv'], { cwd: project });
    const rows = rowsOf(readFileSync(join(project, 'queue.csv'), 'utf8'));
    writeRows(join(project, 'queue.csv'), rows.map((row, index) => (index === 0 ? row : [...row.slice(0, 10), 'y', row[11]!])));
    const wrong = runCli(['review', '--coder', 'dave', '--apply', 'queue.csv'], { cwd: project });
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain("Row 2: the queue was exported for carol, not dave: its decisions are carol's (apply it with --coder carol, or export a queue for dave).");
    expect([read('a1.yaml'), read('a2.md')]).toEqual(originals);
    const right = runCli(['review', '--coder', 'carol', '--apply', 'queue.csv'], { cwd: project });
    expect(right.status).toBe(0);
    expect(read('a1.yaml')).toContain('carol');
  });

  it('--export does not replace a queue whose decision column is filled in, unless --force', () => {
    runCli(['review', '--coder', 'carol', '--export', 'queue.csv'], { cwd: project });
    const rows = rowsOf(readFileSync(join(project, 'queue.csv'), 'utf8'));
    // A blank queue may be exported again.
    expect(runCli(['review', '--coder', 'carol', '--export', 'queue.csv'], { cwd: project }).status).toBe(0);
    writeRows(join(project, 'queue.csv'), rows.map((row, index) => (index === 0 ? row : [...row.slice(0, 10), index <= 2 ? 'y' : ''])));
    const filled = readFileSync(join(project, 'queue.csv'), 'utf8');
    const refused = runCli(['review', '--coder', 'carol', '--export', 'queue.csv'], { cwd: project });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('queue.csv holds 2 filled-in decisions, which --export would replace; apply them first (cocreate review interviews/ --coder carol --apply queue.csv)');
    expect(readFileSync(join(project, 'queue.csv'), 'utf8')).toBe(filled);
    const forced = runCli(['review', '--coder', 'carol', '--export', 'queue.csv', '--force'], { cwd: project });
    expect(forced.status).toBe(0);
    expect(rowsOf(readFileSync(join(project, 'queue.csv'), 'utf8')).every((row, index) => index === 0 || row[10] === '')).toBe(true);
  });

  it('a transcript that cannot be read is reported and left out; the others are queued (exit 1)', () => {
    writeFileSync(join(project, 'interviews', 'broken.yaml'), 'id: broken\nlanguage: en\nturns: [\n');
    const result = runCli(['review', '--coder', 'carol', '--export', '-'], { cwd: project });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('interviews/broken.yaml');
    expect(rowsOf(result.stdout).length).toBe(9);
  });

  it('a file that is not a queue is a usage error (exit 2)', () => {
    writeFileSync(join(project, 'queue.csv'), 'transcript,code,decision\r\na1,food.apple,y\r\n');
    const result = runCli(['review', '--coder', 'carol', '--apply', 'queue.csv'], { cwd: project });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('row 1: missing columns turn, text_hash');
    writeFileSync(join(project, 'queue.csv'), 'transcript,turn\r\n"a1,2\r\n');
    expect(runCli(['review', '--coder', 'carol', '--apply', 'queue.csv'], { cwd: project }).status).toBe(2);
  });

  it('refuses rows whose segment text changed since the export and applies the others', () => {
    runCli(['review', '--coder', 'carol', '--export', 'queue.csv'], { cwd: project });
    const rows = rowsOf(readFileSync(join(project, 'queue.csv'), 'utf8'));
    writeFileSync(join(project, 'queue.csv'), rows.map((row, index) => (index === 0 ? row : [...row.slice(0, 10), 'y'])).map((row) => row.join(',')).join('\r\n'));
    const changed = read('a2.md').replace('Apple pie.', 'Apple crumble.');
    writeFileSync(join(project, 'interviews', 'a2.md'), changed);
    const result = runCli(['review', '--coder', 'carol', '--apply', 'queue.csv'], { cwd: project });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Row 8: the text of interviews/a2.md turn 3 changed since the queue was exported; this row is not applied');
    expect(result.stderr).toContain('7 decisions written into 2 transcripts; 1 row not applied');
    // The row was not applied and the run exits 1: the summary says error, as the exit code does.
    expect(result.stderr).toContain('queue.csv:8:1  error  Row 8: the text');
    expect(result.stderr).toContain('1 error, 0 warnings');
    expect(read('a2.md')).toContain('Apple crumble.\n<!-- codes alice: food.apple -->\n\n');
    expect(read('a2.md')).toContain('<!-- codes carol: food.pear -->');
  });

  it('a row decided the other way in the file is an error (exit 1); the other rows are written', () => {
    runCli(['review', '--coder', 'carol', '--export', 'queue.csv'], { cwd: project });
    const rows = rowsOf(readFileSync(join(project, 'queue.csv'), 'utf8'));
    // First apply: accept a1 turn 2 feeling.joy only.
    writeRows(join(project, 'queue.csv'), rows.map((row, index) => (index === 0 ? row : [...row.slice(0, 10), index === 1 ? 'y' : ''])));
    expect(runCli(['review', '--coder', 'carol', '--apply', 'queue.csv'], { cwd: project }).status).toBe(0);
    // Then the same question rejected, and another accepted.
    writeRows(join(project, 'queue.csv'), rows.map((row, index) => (index === 0 ? row : [...row.slice(0, 10), index === 1 ? 'n' : index === 3 ? 'y' : ''])));
    const result = runCli(['review', '--coder', 'carol', '--apply', 'queue.csv'], { cwd: project });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('queue.csv:2:1  error  Row 2: carol has already decided feeling.joy on interviews/a1.yaml turn 2 the other way');
    expect(result.stderr).toContain('1 error, 0 warnings');
    expect(result.stderr).not.toContain('warning  Row');
    expect(result.stderr).toContain('1 decision written into 1 transcript; 1 row not applied');
    expect(read('a1.yaml')).toContain('      carol: [feeling.joy]\n');
  });
});
