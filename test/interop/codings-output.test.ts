/**
 * Issue 6, outputs for analysis pipelines: `cocreate code --codings` gives
 * one record per coded segment, code and source with interview id,
 * attributes, code, source (auto or the coder), file, line, start and end
 * offsets and matched terms, as JSON Lines, JSON or CSV; `--bom` starts a
 * CSV with a UTF-8 byte-order mark for spreadsheets, and Spanish accents
 * survive the trip (read back here by a small RFC 4180 reader and, when
 * python3 is installed, by Python's csv module with utf-8-sig).
 *
 * Expected records worked out by hand from test/fixtures/refi-qda (see
 * refi-export.test.ts for the offsets): en-01's respondent text is on line
 * 10 of en-01.yaml (id, language, coder, unit, role, turns, speaker, text,
 * speaker, text), es-01's first coded turn on line 13 of es-01-crlf.md and
 * its second on line 19. Rules: cost = costly / costos*, time = time /
 * tiempo, citizens = citizen / ciudadan*.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { REFI_FIXTURE, ok, temporaryDirectory } from './helpers.js';

const ARGS = ['code', '--codings', '--source', 'both', '--codebook', 'codebooks/barriers.yaml', 'interviews'];
const COLUMNS = ['interview', 'file', 'line', 'segment', 'code', 'theme', 'source', 'start', 'end', 'terms', 'attributes'];

/** RFC 4180: quoted fields may hold commas, quotes (doubled) and line breaks; records end with CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += char;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

describe('cocreate code --codings (issue 6)', () => {
  it('--format jsonl: one JSON object per line with every field a pipeline needs', () => {
    const result = runCli([...ARGS, '--format', 'jsonl'], { cwd: REFI_FIXTURE });
    ok(result);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(13);
    const records = lines.map((line) => JSON.parse(line));
    for (const record of records) expect(Object.keys(record).sort()).toEqual([...COLUMNS].sort());
    expect(records[0]).toEqual({
      interview: 'en-01',
      file: 'interviews/en-01.yaml',
      line: 10,
      segment: 1,
      start: 44,
      end: 90,
      attributes: { unit: 'Digital Office', role: 'developer' },
      code: 'barriers.cost',
      theme: 'barriers',
      source: 'rules',
      terms: ['costly'],
    });
    const es = records.filter((record) => record.interview === 'es-01').map((record) => [record.line, record.start, record.end, record.code, record.source, record.terms.join('|')]);
    expect(es).toEqual([
      [13, 35, 90, 'barriers.cost', 'rules', 'costosa'],
      [13, 35, 90, 'people.citizens', 'rules', 'ciudadana'],
      [13, 35, 90, 'barriers.cost', 'alice', ''],
      [13, 35, 90, 'people.citizens', 'alice', ''],
      [13, 35, 90, 'barriers.cost', 'bob', ''],
      [19, 128, 184, 'barriers.time', 'rules', 'tiempo'],
      [19, 128, 184, 'people.citizens', 'rules', 'ciudadanía'],
      [19, 128, 184, 'barriers.time', 'alice', ''],
    ]);
  });

  it('--format json: the same records as one array', () => {
    const jsonl = ok(runCli([...ARGS, '--format', 'jsonl'], { cwd: REFI_FIXTURE })).stdout.trimEnd().split('\n').map((line) => JSON.parse(line));
    const json = JSON.parse(ok(runCli([...ARGS, '--format', 'json'], { cwd: REFI_FIXTURE })).stdout);
    expect(json).toEqual(jsonl);
  });

  it('--source: one coder only', () => {
    const records = ok(runCli([...ARGS.slice(0, 2), '--source', 'alice', ...ARGS.slice(4), '--format', 'jsonl'], { cwd: REFI_FIXTURE })).stdout.trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(records.map((record) => [record.interview, record.segment, record.code])).toEqual([
      ['es-01', 1, 'barriers.cost'],
      ['es-01', 1, 'people.citizens'],
      ['es-01', 3, 'barriers.time'],
    ]);
  });

  it('--format csv: RFC 4180 with a header row, CRLF row ends, lists and attributes as JSON cells', () => {
    const result = runCli([...ARGS, '--format', 'csv'], { cwd: REFI_FIXTURE });
    ok(result);
    expect(result.stdout.startsWith('\uFEFF')).toBe(false);
    expect(result.stdout.split('\r\n')[0]).toBe(COLUMNS.join(','));
    const rows = parseCsv(result.stdout);
    expect(rows).toHaveLength(14);
    expect(rows[1]).toEqual(['en-01', 'interviews/en-01.yaml', '10', '1', 'barriers.cost', 'barriers', 'rules', '44', '90', '["costly"]', '{"unit":"Digital Office","role":"developer"}']);
  });

  it('--bom: a UTF-8 byte-order mark first, and the Spanish accents survive the round trip', () => {
    const directory = temporaryDirectory();
    const plainFile = join(directory, 'plain.csv');
    const bomFile = join(directory, 'bom.csv');
    ok(runCli([...ARGS, '-o', plainFile], { cwd: REFI_FIXTURE }));
    ok(runCli([...ARGS, '-o', bomFile, '--bom'], { cwd: REFI_FIXTURE }));
    const bytes = readFileSync(bomFile);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const plain = readFileSync(plainFile);
    expect(Buffer.compare(bytes.subarray(3), plain)).toBe(0);
    const text = new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes); // strips the BOM, as spreadsheet programs do
    const rows = parseCsv(text);
    expect(rows[0]![0]).toBe('interview');
    const terms = rows.filter((row) => row[0] === 'es-01').map((row) => row[9]);
    expect(terms).toContain('["ciudadanía"]');
    expect(rows.find((row) => row[0] === 'es-01')![10]).toBe('{"unit":"Unidad de Participación","role":"jefa"}');
  });

  const python = spawnSync('python3', ['--version']).status === 0;
  it.skipIf(!python)('--bom: Python reads the file with utf-8-sig into the same rows', () => {
    const file = join(temporaryDirectory(), 'codings.csv');
    ok(runCli([...ARGS, '-o', file, '--bom'], { cwd: REFI_FIXTURE }));
    const script = 'import csv, json, sys\nwith open(sys.argv[1], newline="", encoding="utf-8-sig") as f:\n    print(json.dumps(list(csv.reader(f)), ensure_ascii=False))';
    const read = spawnSync('python3', ['-c', script, file], { encoding: 'utf8' });
    expect(read.status, read.stderr).toBe(0);
    const rows = JSON.parse(read.stdout) as string[][];
    expect(rows[0]).toEqual(COLUMNS);
    expect(rows).toEqual(parseCsv(new TextDecoder().decode(readFileSync(file))));
    expect(rows.flat().join(' ')).toContain('Unidad de Participación');
  });
});
