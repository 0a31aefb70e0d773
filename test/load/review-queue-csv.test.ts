/**
 * The review queue file read back (load/review-queue-csv.ts): what
 * render/review-queue-csv.ts writes reads back as the same rows whatever the
 * excerpts hold (quotes, commas, line breaks, a byte-order mark); any text
 * gives rows or diagnostics, never an exception; bad rows are named by the
 * row number a spreadsheet shows.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseQueueCsv, QUEUE_COLUMNS } from '../../src/load/review-queue-csv.js';
import { renderCsvRecords } from '../../src/render/review-queue-csv.js';

const cell = fc.string({ unit: fc.constantFrom('a', 'é', ' ', ',', '"', '\n', '\r\n', '🙂', ';', 'x', '=', '@', '-'), maxLength: 20 });
// Ids and excerpts may start with what a spreadsheet runs as a formula: written with a leading ', read back without it.
const id = fc.stringMatching(/^[-=+@]?[a-z][a-z0-9-]{0,8}$/);
const row = fc.record({ transcript: id, turn: fc.integer({ min: 1, max: 500 }), code: fc.stringMatching(/^[a-z]+\.[a-z-]{1,10}$/), excerpt: cell, decision: fc.constantFrom('', 'y', 'N', 'accept', 'Reject', 'yes', 'no') });

describe('the queue file', () => {
  it('reads back what was written, whatever the excerpts hold', () => {
    fc.assert(
      fc.property(fc.uniqueArray(row, { selector: (r) => `${r.transcript}#${r.turn}#${r.code}`, maxLength: 20 }), fc.boolean(), (rows, bom) => {
        const records = [[...QUEUE_COLUMNS], ...rows.map((r) => [r.transcript, 'f.yaml', '3', String(r.turn), r.code, 'Label, "quoted"', 'yes', '0.500', 'abc', r.excerpt, r.decision])];
        const parsed = parseQueueCsv(renderCsvRecords(records, { bom }), 'q.csv');
        expect(parsed.fatal).toBeUndefined();
        expect(parsed.diagnostics).toEqual([]);
        expect(parsed.rows.map((r) => [r.transcript, r.turn, r.code, r.decision])).toEqual(
          rows.map((r) => [r.transcript, r.turn, r.code, r.decision === '' ? undefined : ['y', 'accept', 'yes'].includes(r.decision.toLowerCase()) ? 'accept' : 'reject']),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('neutralises formula-like text cells for spreadsheets (OWASP CSV injection), numbers excepted', () => {
    const text = renderCsvRecords([[...QUEUE_COLUMNS], ['=t1', 'f.yaml', '3', '2', 'a.b', '@label', 'yes', '-0.5', 'abc', '=HYPERLINK("http://x")', '']]);
    const written = text.split('\r\n')[1]!;
    expect(written).toBe(`'=t1,f.yaml,3,2,a.b,'@label,yes,-0.5,abc,"'=HYPERLINK(""http://x"")",`);
    expect(parseQueueCsv(text.replace(/,\r\n$/, ',y\r\n'), 'q.csv').rows).toEqual([{ row: 2, transcript: '=t1', turn: 2, code: 'a.b', textHash: 'abc', file: 'f.yaml', decision: 'accept' }]);
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('transcript', 'turn', 'code', 'text_hash', 'decision', ',', '"', '\n', '\r', 'y', '1', 'a.b', '\uFEFF', 'x'), maxLength: 40 }), (text) => {
        const parsed = parseQueueCsv(text, 'q.csv');
        expect(parsed.fatal !== undefined || Array.isArray(parsed.rows)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('names bad rows by their spreadsheet row number', () => {
    const text = 'decision,code,turn,transcript,text_hash\r\ny,a.b,2,t1,h\r\nperhaps,a.b,3,t1,h\r\n,a.b,0,t1,h\r\nn,a.b,2,t1,h\r\n,,,,\r\nY,,4,t1,h\r\n';
    const parsed = parseQueueCsv(text, 'q.csv');
    expect(parsed.diagnostics.map((d) => [d.line, d.ruleId])).toEqual([
      [3, 'queue-bad-decision'],
      [4, 'queue-bad-turn'],
      [5, 'queue-duplicate-row'],
      [7, 'queue-missing-value'],
    ]);
    expect(parsed.rows).toEqual([{ row: 2, transcript: 't1', turn: 2, code: 'a.b', textHash: 'h', decision: 'accept' }]);
  });
});
