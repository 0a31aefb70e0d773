/**
 * `quotes` (issue 4): target resolution, --where parsing, spans, KWIC and
 * strength order (pure), fast-check properties of highlight spans and KWIC
 * lines, and the built CLI on test/fixtures/compare/.
 *
 * Fixture quotes for alpha.apple, worked out by hand:
 *   auto:   m1 l.11 "An apple a day, a pomme for the French, and a kiwi too."  terms apple, pomme
 *           m2 l.7  "Apple pie with cherry."            (also coded by the human coder)
 *           m4 l.12 "Apples, bananas and kiwis."        (Markdown transcript)
 *           m3 l.7  "I like the apple and cherry and kiwi."
 *           m1 l.16 "Another apple, and a banana, and a cherry."
 *   manual: m2 l.7 and e1 l.9 "Nothing fruity here, only the tree in the orchard." (no rule matches)
 * Strength order: m1 l.11 has 2 distinct terms; the others 1 term, 1 match, so shorter text first:
 *   m2 (22 chars), m4 (26), m3 (37), m1 l.16 (42). With --source both, e1 (0 terms) comes last.
 * Offsets in m1 l.11: "apple" [3, 8), "pomme" [18, 23).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareQuoteStrength,
  kwicLine,
  matchesWhere,
  mergeSpans,
  parseWhere,
  quotesOfTranscript,
  resolveQuoteTarget,
  selectQuotes,
  type Quote,
} from '../../src/analyze/quotes.js';
import { codeTranscript } from '../../src/code/coder.js';
import type { Transcript } from '../../src/model/transcript.js';
import { escapeMarkdownText, highlightText, quotesMarkdown, quotesText } from '../../src/render/quotes-report.js';
import { plainStyle } from '../../src/render/style.js';
import { FIXTURES, runCli } from '../helpers/cli.js';
import { codeInline, compileInline, SMALL_CODEBOOK } from './inline.js';

const FIXTURE = `${FIXTURES}/compare`;
const compiled = compileInline(SMALL_CODEBOOK);

describe('quotes (pure)', () => {
  it('resolves full code ids, theme ids and unique short code ids; explains the rest', () => {
    expect(resolveQuoteTarget(compiled, 't1.b')).toEqual({ kind: 'code', id: 't1.b', label: 'b', codes: [1] });
    expect(resolveQuoteTarget(compiled, 't1')).toEqual({ kind: 'theme', id: 't1', label: 't1', codes: [0, 1] });
    expect(resolveQuoteTarget(compiled, 'c')).toEqual({ kind: 'code', id: 't2.c', label: 'c', codes: [2] });
    const twice = compileInline(`
themes:
  - id: x
    codes: [{ id: same }]
  - id: y
    codes: [{ id: same }, { id: other }]
`);
    expect(resolveQuoteTarget(twice, 'same')).toEqual({ error: '"same" is a code in several themes: x.same, y.same. Give the full id.' });
    expect(resolveQuoteTarget(twice, 'y.oth')).toEqual({ error: 'No code or theme "y.oth" in the codebook. Did you mean y.other?' });
  });

  it('parses --where: same attribute = any value, different attributes = all', () => {
    const filters = parseWhere(['role=manager', 'area=north', 'role=engineer', 'unit = Open Data Unit ']);
    expect(filters).toEqual([
      { attribute: 'role', values: ['manager', 'engineer'] },
      { attribute: 'area', values: ['north'] },
      { attribute: 'unit', values: ['Open Data Unit'] },
    ]);
    expect(parseWhere(['role'])).toEqual({ error: '--where expects attribute=value (e.g. role=project-manager), not "role".' });
    expect(parseWhere(['=x'])).toHaveProperty('error');
    const interview = { id: 'i1', language: 'es', attributes: { role: 'engineer', area: 'north' } };
    expect(matchesWhere(interview, [{ attribute: 'role', values: ['manager', 'engineer'] }])).toBe(true);
    expect(matchesWhere(interview, [{ attribute: 'role', values: ['engineer'] }, { attribute: 'area', values: ['south'] }])).toBe(false);
    expect(matchesWhere(interview, [{ attribute: 'language', values: ['es'] }, { attribute: 'id', values: ['i1'] }])).toBe(true);
    expect(matchesWhere(interview, [{ attribute: 'unit', values: ['x'] }])).toBe(false);
  });

  it('merges overlapping and touching spans', () => {
    expect(mergeSpans([{ start: 5, end: 9 }, { start: 0, end: 2 }, { start: 2, end: 3 }, { start: 7, end: 12 }, { start: 4, end: 4 }])).toEqual([
      { start: 0, end: 3 },
      { start: 5, end: 12 },
    ]);
  });

  it('KWIC: N words each side, glued punctuation kept but not counted, whitespace collapsed', () => {
    const text = 'An apple a day, a pomme for the French, and a kiwi too.';
    expect(kwicLine(text, { start: 18, end: 23 }, 2)).toEqual({ left: 'day, a ', keyword: 'pomme', right: ' for the', leftCut: true, rightCut: true, start: 18, end: 23 });
    expect(kwicLine(text, { start: 3, end: 8 }, 2)).toEqual({ left: 'An ', keyword: 'apple', right: ' a day,', leftCut: false, rightCut: true, start: 3, end: 8 });
    expect(kwicLine('Apples, bananas and kiwis.', { start: 0, end: 6 }, 2)).toMatchObject({ left: '', right: ', bananas and', leftCut: false, rightCut: true });
    expect(kwicLine('one\n\ntwo (alpha) three', { start: 10, end: 15 }, 1)).toMatchObject({ left: 'two (', keyword: 'alpha', right: ') three', leftCut: true, rightCut: false });
    expect(kwicLine('a b c', { start: 2, end: 3 }, 0)).toMatchObject({ left: '', keyword: 'b', right: '', leftCut: true, rightCut: true });
  });

  const coded = codeInline(
    compiled,
    `id: q1
language: en
role: lead
turns:
  - speaker: respondent
    text: Alpha, alpha and beta.
  - speaker: respondent
    text: |
      Just one alpha here,
      nothing more to say.
  - speaker: respondent
    text: Nothing coded by rules.
    codes: { ana: [t1.a], ben: [t2.c] }
  - speaker: interviewer
    text: alpha alpha alpha
`,
  );

  it('selects segments by source, with highlights, terms and references', () => {
    const target = resolveQuoteTarget(compiled, 't1') as Exclude<ReturnType<typeof resolveQuoteTarget>, { error: string }>;
    const auto = quotesOfTranscript(compiled, coded, target, { by: 'role', kwic: 1 });
    expect(auto).toHaveLength(2); // the interviewer turn is not coded
    expect(auto[0]).toMatchObject({
      interview: 'q1',
      file: 'inline.yaml',
      line: 6,
      segment: 0,
      group: 'lead',
      codes: ['t1.a', 't1.b'],
      sources: ['auto'],
      highlights: [{ start: 0, end: 5 }, { start: 7, end: 12 }, { start: 17, end: 21 }],
      terms: ['alpha', 'beta'],
      matches: 3,
    });
    expect(auto[0]!.kwic.map((line) => line.left + line.keyword + line.right)).toEqual(['Alpha, alpha', 'Alpha, alpha and', 'and beta.']);
    expect(auto[1]).toMatchObject({ line: 9, endLine: 10, terms: ['alpha'], highlights: [{ start: 9, end: 14 }] });
    const manual = quotesOfTranscript(compiled, coded, target, { source: 'manual' });
    expect(manual.map((quote) => [quote.segment, quote.sources, quote.codes, quote.highlights])).toEqual([[2, ['ana'], ['t1.a'], []]]);
    const both = quotesOfTranscript(compiled, coded, resolveQuoteTarget(compiled, 't2.c') as typeof target, { source: 'both' });
    expect(both.map((quote) => [quote.segment, quote.sources])).toEqual([[2, ['ben']]]);
    expect(quotesOfTranscript(compiled, coded, target, { source: { coder: 'ben' } })).toEqual([]);
  });

  it('orders by strength, groups, limits per group; renders highlights in every format', () => {
    const target = resolveQuoteTarget(compiled, 't1') as Exclude<ReturnType<typeof resolveQuoteTarget>, { error: string }>;
    const quotes = quotesOfTranscript(compiled, coded, target, { source: 'both' });
    const selection = selectQuotes(target, quotes, { limit: 2 });
    expect(selection.total).toBe(3);
    expect(selection.interviews).toBe(1);
    expect(selection.groups[0]!.quotes.map((quote) => quote.segment)).toEqual([0, 1]);
    expect(selectQuotes(target, quotes, { order: 'document' }).groups[0]!.quotes.map((quote) => quote.segment)).toEqual([0, 1, 2]);
    const text = quotesText(selection, { source: 'both', where: {}, kwic: 0 }, plainStyle);
    expect(text).toContain('  [Alpha], [alpha] and [beta].');
    expect(text).toContain('q1 · inline.yaml:6 · role: lead');
    expect(text).toContain('Showing 2 of 3');
    const md = quotesMarkdown(selection, { source: 'both', where: {}, kwic: 0 });
    expect(md).toContain('> **Alpha**, **alpha** and **beta**.');
    expect(md).toContain('> Just one **alpha** here,\n> nothing more to say.');
    expect(md).toContain('— q1 (role: lead), `inline.yaml:6`, t1.a, t1.b, auto');
  });

  it('escapes Markdown in quoted text', () => {
    expect(escapeMarkdownText('# not a *heading* <b> [x]_y_\n- item\n12. twelve')).toBe('\\# not a \\*heading\\* &lt;b&gt; \\[x\\]\\_y\\_\n\\- item\n12\\. twelve');
    expect(highlightText('a*b c', [{ start: 0, end: 3 }], (part) => `**${escapeMarkdownText(part)}**`, escapeMarkdownText)).toBe('**a\\*b** c');
  });

  it('strength: distinct terms, then matches, then sources, then shorter text, then document order', () => {
    const base = { interview: 'a', segment: 0, terms: ['x'], matches: 1, sources: ['auto'], text: 'xx' } as unknown as Quote;
    const make = (patch: Partial<Quote>) => ({ ...base, ...patch }) as Quote;
    const ranked = [
      make({ interview: 'z', text: 'longer text' }),
      make({ interview: 'b' }),
      make({ sources: ['auto', 'ana'] }),
      make({ matches: 2 }),
      make({ terms: ['x', 'y'], text: 'much much longer text' }),
      make({ interview: 'a', segment: 3 }),
    ].sort(compareQuoteStrength);
    expect(ranked.map((quote) => `${quote.interview}${quote.segment}|${quote.terms.length}|${quote.matches}|${quote.sources.length}|${quote.text.length}`)).toEqual([
      'a0|2|1|1|21', // 2 distinct terms, despite the longest text
      'a0|1|2|1|2', // 2 matches
      'a0|1|1|2|2', // 2 sources
      'a3|1|1|1|2', // equal so far and equally short: document order
      'b0|1|1|1|2',
      'z0|1|1|1|11', // longer text last
    ]);
  });

  it('properties: highlights lie inside the segment text, sorted, disjoint, and cover target matches; KWIC reads as the text', () => {
    const pieces = ['alpha', 'Alpha', 'ALPHAS', 'álpha', 'beta', 'betas', 'gamma', 'alphabet', 'x', 'é', '🙂', ',', '.', ' ', '  ', '\n', '\n\n', '-', '(', ')'];
    const textArb = fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 30 }).map((parts) => parts.join('').trim()).filter((text) => text.length > 0);
    const target = resolveQuoteTarget(compiled, 't1') as Exclude<ReturnType<typeof resolveQuoteTarget>, { error: string }>;
    fc.assert(
      fc.property(fc.array(textArb, { minLength: 1, maxLength: 4 }), fc.nat(4), (texts, words) => {
        const transcript: Transcript = {
          id: 'p',
          language: 'en',
          illustrative: false,
          attributes: {},
          file: 'p.yaml',
          format: 'yaml',
          idAt: { line: 1, column: 1 },
          plainText: texts.map((text) => `r: ${text}`).join('\n\n'),
          segments: texts.map((text, index) => ({ index, speaker: 'r', interviewer: false, text, at: { line: index + 1, column: 1 }, endLine: index + 1, start: 0, end: text.length, human: [] })),
        };
        const quotes = quotesOfTranscript(compiled, codeTranscript(compiled, transcript), target, { kwic: words });
        for (const quote of quotes) {
          let previousEnd = -1;
          expect(quote.highlights.length).toBeGreaterThan(0);
          for (const span of quote.highlights) {
            expect(span.start).toBeGreaterThan(previousEnd);
            expect(span.start).toBeGreaterThanOrEqual(0);
            expect(span.end).toBeLessThanOrEqual(quote.text.length);
            expect(span.end).toBeGreaterThan(span.start);
            previousEnd = span.end;
          }
          expect(quote.kwic).toHaveLength(words > 0 ? quote.highlights.length : 0);
          const collapsed = quote.text.replace(/\s+/g, ' ');
          for (const line of quote.kwic) expect(collapsed).toContain(line.left + line.keyword + line.right);
          expect(highlightText(quote.text, quote.highlights, (part) => part)).toBe(quote.text);
        }
      }),
      { numRuns: 500 },
    );
  });
});

interface JsonQuote {
  rank: number;
  interview: string;
  file: string;
  line: number;
  group: string | null;
  sources: string[];
  terms: string[];
  text: string;
  highlights: { start: number; end: number }[];
  attributes: Record<string, string>;
  kwic?: { left: string; keyword: string; right: string }[];
}

describe('cocreate quotes (end to end, issue 4)', () => {
  const json = (args: string[]) => {
    const result = runCli(['quotes', ...args, '--format', 'json'], { cwd: FIXTURE });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    return JSON.parse(result.stdout) as { target: string; kind: string; codes: string[]; source: string; total: number; interviews: number; groups: { name: string | null; total: number; shown: number }[]; quotes: JsonQuote[] };
  };
  const refs = (quotes: JsonQuote[]) => quotes.map((quote) => `${quote.file}:${quote.line}`);

  it('alpha.apple from the rules, strongest first, with highlights', () => {
    const result = json(['alpha.apple']);
    expect(result).toMatchObject({ target: 'alpha.apple', kind: 'code', codes: ['alpha.apple'], source: 'rules', total: 5, interviews: 4 });
    expect(refs(result.quotes)).toEqual(['interviews/m1.yaml:11', 'interviews/m2.yaml:7', 'interviews/m4.md:12', 'interviews/m3.yaml:7', 'interviews/m1.yaml:16']);
    const first = result.quotes[0]!;
    expect(first).toMatchObject({ rank: 1, interview: 'm1', text: 'An apple a day, a pomme for the French, and a kiwi too.', terms: ['apple', 'pomme'], attributes: { role: 'manager', area: 'north' } });
    expect(first.highlights).toEqual([{ start: 3, end: 8 }, { start: 18, end: 23 }]);
    expect(result.quotes[2]).toMatchObject({ interview: 'm4', terms: ['apples'], highlights: [{ start: 0, end: 6 }] });
  });

  it('--source manual / both; --where filters (OR within an attribute, AND across)', () => {
    const manual = json(['alpha.apple', '--source', 'manual']);
    expect(refs(manual.quotes)).toEqual(['interviews/m2.yaml:7', 'interviews/e1.yaml:9']);
    expect(manual.quotes.map((quote) => quote.sources)).toEqual([['human'], ['human']]);
    const both = json(['alpha.apple', '--source', 'both']);
    expect(both.total).toBe(6);
    expect(both.quotes.find((quote) => quote.interview === 'm2')!.sources).toEqual(['rules', 'human']);
    expect(both.quotes[5]).toMatchObject({ interview: 'e1', sources: ['human'], highlights: [], terms: [] });
    expect(refs(json(['alpha.apple', '--source', 'both', '--where', 'role=engineer']).quotes)).toEqual(['interviews/e1.yaml:9']);
    expect(refs(json(['apple', '--where', 'role=manager', '--where', 'area=north']).quotes)).toEqual(['interviews/m1.yaml:11', 'interviews/m2.yaml:7', 'interviews/m1.yaml:16']);
    expect(json(['apple', '--where', 'area=north', '--where', 'area=east']).total).toBe(4);
  });

  it('a theme, grouped --by area with (none) last, --limit per group', () => {
    const result = json(['alpha', '--by', 'area', '--limit', '2']);
    expect(result).toMatchObject({ kind: 'theme', codes: ['alpha.apple', 'alpha.banana'], total: 7, interviews: 6 });
    expect(result.groups).toEqual([
      { name: 'east', total: 1, interviews: 1, shown: 1 },
      { name: 'north', total: 3, interviews: 2, shown: 2 },
      { name: 'south', total: 2, interviews: 2, shown: 2 },
      { name: '(none)', total: 1, interviews: 1, shown: 1 },
    ]);
    // north: m1 l.16 (apple+banana, 42 chars) and m1 l.11 (apple+pomme, 55 chars) both 2 terms, 2 matches → shorter first.
    expect(result.quotes.map((quote) => `${quote.group} ${quote.interview}:${quote.line}`)).toEqual(['east m4:12', 'north m1:16', 'north m1:11', 'south e2:7', 'south m3:7', '(none) e4:6']);
  });

  it('--kwic 2 in JSON, the terminal and Markdown', () => {
    const result = json(['alpha.apple', '--kwic', '2', '--limit', '1']);
    expect(result.quotes[0]!.kwic).toEqual([
      { left: 'An ', keyword: 'apple', right: ' a day,', leftCut: false, rightCut: true, start: 3, end: 8 },
      { left: 'day, a ', keyword: 'pomme', right: ' for the', leftCut: true, rightCut: true, start: 18, end: 23 },
    ]);
    const table = runCli(['quotes', 'alpha.apple', '--kwic', '2', '--limit', '1'], { cwd: FIXTURE });
    expect(table.stdout).toMatch(/│ m1\s+│ interviews\/m1\.yaml:11 │\s+An │ apple\s+│ a day, …\s+│/);
    expect(table.stdout).toMatch(/│ m1\s+│ interviews\/m1\.yaml:11 │ … day, a │ pomme\s+│ for the …\s+│/);
    const md = runCli(['quotes', 'alpha.apple', '--kwic', '2', '--limit', '1', '--format', 'md'], { cwd: FIXTURE });
    expect(md.stdout).toContain('| m1 | interviews/m1.yaml:11 | … day, a | **pomme** | for the … |');
  });

  it('whole quotes in the terminal ([…] without colour, bold with colour) and in Markdown (**…**); CSV', () => {
    const plain = runCli(['quotes', 'alpha.apple', '--limit', '1'], { cwd: FIXTURE });
    expect(plain.stdout).toBe(
      [
        'alpha.apple (Apple)',
        '5 quotes from 4 interviews (code; source: rules)',
        '',
        'Showing 1 of 5 (strongest first unless --sort document).',
        '',
        'm1 · interviews/m1.yaml:11 · role: manager; area: north',
        '  alpha.apple · rules',
        '  An [apple] a day, a [pomme] for the French, and a kiwi too.',
        '',
      ].join('\n'),
    );
    const coloured = runCli(['quotes', 'alpha.apple', '--limit', '1'], { cwd: FIXTURE, env: { NO_COLOR: '', FORCE_COLOR: '1' } });
    expect(coloured.stdout).toContain('An \u001b[1m\u001b[4mapple\u001b[24m\u001b[22m a day');
    const md = runCli(['quotes', 'alpha.apple', '--source', 'both', '--by', 'role', '--format', 'md'], { cwd: FIXTURE });
    expect(md.stdout).toContain('### role: engineer (1 quote from 1 interview)');
    expect(md.stdout).toContain('> An **apple** a day, a **pomme** for the French, and a kiwi too.');
    expect(md.stdout).toContain('> **Apples**, bananas and kiwis.');
    expect(md.stdout).toContain('— e1 (role: engineer; area: north), `interviews/e1.yaml:9`, alpha.apple, human');
    const csv = runCli(['quotes', 'alpha.apple', '--format', 'csv', '--sort', 'document'], { cwd: FIXTURE });
    const lines = csv.stdout.trimEnd().split('\r\n');
    expect(lines[0]).toBe('interview,file,line,segment,codes,sources,terms,text,highlighted,attributes');
    expect(lines[1]).toBe('m1,interviews/m1.yaml,11,1,alpha.apple,rules,apple pomme,"An apple a day, a pomme for the French, and a kiwi too.","An **apple** a day, a **pomme** for the French, and a kiwi too.","{""role"":""manager"",""area"":""north""}"');
    expect(lines.slice(1).map((line) => line.split(',').slice(0, 3).join(':'))).toEqual(['m1:interviews/m1.yaml:11', 'm1:interviews/m1.yaml:16', 'm2:interviews/m2.yaml:7', 'm3:interviews/m3.yaml:7', 'm4:interviews/m4.md:12']);
  });

  it('usage errors: unknown target, bad --where, unknown attribute', () => {
    const unknown = runCli(['quotes', 'apples'], { cwd: FIXTURE });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('No code or theme "apples" in the codebook. Did you mean alpha.apple?');
    const where = runCli(['quotes', 'apple', '--where', 'role'], { cwd: FIXTURE });
    expect(where.status).toBe(2);
    expect(where.stderr).toContain('--where expects attribute=value');
    const attribute = runCli(['quotes', 'apple', '--where', 'colour=red'], { cwd: FIXTURE });
    expect(attribute.status).toBe(2);
    expect(attribute.stderr).toContain('--where: no transcript has the attribute "colour"');
  });
});
