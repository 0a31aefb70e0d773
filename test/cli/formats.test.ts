/**
 * Issue 14, "the asked-for format is ignored": a format or file extension a
 * command cannot write is a usage error naming what it writes (nothing is
 * written); an explicit --format goes under any file name.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const out = mkdtempSync(join(tmpdir(), 'cocreate-formats-'));

describe('formats a command cannot write (issue 14)', () => {
  it('code --codings --format table|md: a usage error listing what --codings writes', () => {
    for (const format of ['table', 'md']) {
      const result = runCli(['code', '--codings', '--format', format]);
      expect(result.status).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(`--codings writes tidy records as jsonl (the default), json or csv, not ${format}.`);
    }
    const plain = runCli(['code', '--codings']);
    expect(plain.status).toBe(0);
    expect(JSON.parse(plain.stdout.split('\n')[0]!)).toHaveProperty('code');
  });

  it.each([
    [['code'], 'out.xlsx', 'no format is known for .xlsx files. It writes table (.txt), csv (.csv), json (.json), md (.md), jsonl (.jsonl)'],
    [['report'], 'report.pdf', 'no format is known for .pdf files. It writes html (.html), md (.md)'],
    [['code'], 'out.html', 'this command does not write html.'],
    [['code', '--codings'], 'codings.md', 'this command does not write md. It writes jsonl (.jsonl), json (.json), csv (.csv)'],
    [['quotes', 'success'], 'quotes.xlsx', 'no format is known for .xlsx files. It writes table (.txt), csv (.csv), json (.json), md (.md)'],
    [['validate'], 'report.xml', 'no format is known for .xml files. It writes text (.txt), json (.json), github'],
    [['explain', 'interviews/sgad-03.md:13'], 'segment.csv', 'this command does not write csv.'],
  ])('%j -o %s: usage error, nothing written', (args, name, message) => {
    const file = join(out, name);
    const result = runCli([...args, '-o', file]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`cocreate: Cannot write "${file}": ${message}`);
    expect(existsSync(file)).toBe(false);
  });

  it('an explicit --format goes under any name; .txt is the plain-text table', () => {
    const xlsx = join(out, 'explicit.xlsx');
    expect(runCli(['code', '--format', 'csv', '-o', xlsx]).status).toBe(0);
    expect(readFileSync(xlsx, 'utf8').split('\r\n')[0]).toBe('level,id,theme,label,segments,interviews,interviews_total,interviews_percent,segments_total,words_total,rate,share,source');
    const txt = join(out, 'table.txt');
    expect(runCli(['code', '-o', txt]).status).toBe(0);
    expect(readFileSync(txt, 'utf8')).toContain('┌');
  });
});
