/**
 * Loaders: the YAML and the Markdown format give one model. The fixture
 * pair test/fixtures/formats/interview.{yaml,md} is the same interview
 * written twice; only file, format and file positions may differ. Line and
 * column numbers are asserted exactly (counted by hand in the fixture
 * files), for LF, CRLF and BOM-prefixed files, and every segment's offsets
 * are checked against the plain text.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMarkdownTranscript } from '../../src/load/transcript-markdown.js';
import { parseYamlTranscript } from '../../src/load/transcript-yaml.js';
import { parseTranscript, parseTranscriptBytes } from '../../src/load/transcript.js';
import type { Segment, Transcript } from '../../src/model/transcript.js';
import { FIXTURES } from '../helpers/cli.js';

const yamlSource = readFileSync(join(FIXTURES, 'formats', 'interview.yaml'), 'utf8');
const markdownSource = readFileSync(join(FIXTURES, 'formats', 'interview.md'), 'utf8');

function load(source: string, format: 'yaml' | 'markdown', file = `interview.${format === 'yaml' ? 'yaml' : 'md'}`): Transcript {
  const loaded = parseTranscript(source, file, format);
  expect(loaded.diagnostics).toEqual([]);
  expect(loaded.transcript).toBeDefined();
  return loaded.transcript!;
}

/** The model without what may legitimately differ between formats: file, format and positions in the file. */
function formatNeutral(transcript: Transcript) {
  return {
    id: transcript.id,
    language: transcript.language,
    illustrative: transcript.illustrative,
    attributes: transcript.attributes,
    plainText: transcript.plainText,
    segments: transcript.segments.map((segment) => ({
      index: segment.index,
      speaker: segment.speaker,
      interviewer: segment.interviewer,
      question: segment.question,
      text: segment.text,
      start: segment.start,
      end: segment.end,
      human: segment.human.map((coding) => ({ coder: coding.coder, codes: coding.codes })),
    })),
  };
}

const positions = (transcript: Transcript) => transcript.segments.map((segment) => ({ ...segment.at, endLine: segment.endLine }));

// The plain text, written out by hand from the fixture: `Speaker: text`, turns separated by a blank line.
const EXPECTED_PLAIN_TEXT = [
  'Moderator: Could you describe your unit?',
  'Respondent: We are a team of about twenty people.\nMost are civil servants.\n\nThe rest come from the public company.',
  'Moderator: What is your most relevant project?',
  'Respondent: Cl@ve, without a doubt 🙂 with about 14 million users.',
  'Respondent: Participación ciudadana, sobre todo a través de asociaciones.',
  'Moderator: And public value?',
  'Respondent: Mostly time saved for citizens.',
].join('\n\n');

describe('the YAML and Markdown fixtures of one interview', () => {
  const fromYaml = load(yamlSource, 'yaml');
  const fromMarkdown = load(markdownSource, 'markdown');

  it('give the same model apart from file, format and positions', () => {
    expect(formatNeutral(fromMarkdown)).toEqual(formatNeutral(fromYaml));
    expect(fromYaml.format).toBe('yaml');
    expect(fromMarkdown.format).toBe('markdown');
  });

  it('build the plain text as documented', () => {
    expect(fromYaml.plainText).toBe(EXPECTED_PLAIN_TEXT);
  });

  it('keep texts, speakers and protocol topics', () => {
    expect(fromYaml.segments.map((s) => [s.speaker, s.question, s.text])).toEqual([
      ['Moderator', 'organisation', 'Could you describe your unit?'],
      ['Respondent', 'organisation', 'We are a team of about twenty people.\nMost are civil servants.\n\nThe rest come from the public company.'],
      ['Moderator', 'project', 'What is your most relevant project?'],
      ['Respondent', 'project', 'Cl@ve, without a doubt 🙂 with about 14 million users.'],
      ['Respondent', 'project', 'Participación ciudadana, sobre todo a través de asociaciones.'],
      ['Moderator', 'public-value', 'And public value?'],
      ['Respondent', 'public-value', 'Mostly time saved for citizens.'],
    ]);
  });

  it('give exact offsets: the first two by hand, all by slicing the plain text', () => {
    // "Moderator: " is 11 units; "Could you describe your unit?" is 29.
    expect([fromYaml.segments[0]!.start, fromYaml.segments[0]!.end]).toEqual([11, 40]);
    // 40 + 2 (blank line) + 12 ("Respondent: ") = 54; the text is 37 + 1 + 24 + 2 + 38 = 102 units.
    expect([fromYaml.segments[1]!.start, fromYaml.segments[1]!.end]).toEqual([54, 156]);
    for (const transcript of [fromYaml, fromMarkdown]) {
      for (const segment of transcript.segments) expect(transcript.plainText.slice(segment.start, segment.end)).toBe(segment.text);
    }
  });

  it('give YAML positions: plain, literal block, double-quoted, single-quoted, multi-line plain and folded scalars', () => {
    // Counted in interview.yaml: `    text: ` is 10 characters, block scalar content is indented 6.
    expect(positions(fromYaml)).toEqual([
      { line: 14, column: 11, endLine: 14 }, // plain scalar
      { line: 17, column: 7, endLine: 20 }, // `|` block: content starts on the next line
      { line: 24, column: 12, endLine: 24 }, // "…": after the opening quote
      { line: 26, column: 12, endLine: 26 }, // '…': after the opening quote
      { line: 31, column: 11, endLine: 32 }, // plain scalar over two lines
      { line: 35, column: 11, endLine: 35 },
      { line: 38, column: 7, endLine: 39 }, // `>` block
    ]);
  });

  it('give Markdown positions: after the label, continuation paragraphs, a label alone on its line', () => {
    // `**Moderator:** ` is 15 characters, `**Respondent:** ` 16.
    expect(positions(fromMarkdown)).toEqual([
      { line: 17, column: 16, endLine: 17 },
      { line: 19, column: 17, endLine: 22 }, // continuation line 20 and paragraph 22 belong to the turn
      { line: 27, column: 16, endLine: 27 },
      { line: 30, column: 1, endLine: 30 }, // label alone on line 29: the text starts on line 30
      { line: 34, column: 17, endLine: 34 },
      { line: 38, column: 16, endLine: 38 },
      { line: 40, column: 17, endLine: 40 },
    ]);
  });

  it('read human codes in the single-coder form (named by `coder`) and the several-coder form', () => {
    for (const transcript of [fromYaml, fromMarkdown]) {
      const human = transcript.segments.map((segment) => segment.human.map((coding) => [coding.coder, coding.codes]));
      expect(human).toEqual([
        [],
        [['carmen', ['stakeholders.civil-servants', 'stakeholders.businesses']]],
        [],
        [
          ['alice', ['transformation.shared-platforms']],
          ['bob', []],
        ],
        [],
        [],
        [],
      ]);
    }
    expect(fromYaml.segments[1]!.human[0]!.at).toEqual({ line: 21, column: 12 });
    expect(fromMarkdown.segments[1]!.human[0]!.at.line).toBe(23);
    expect(fromMarkdown.segments[3]!.human.map((coding) => coding.at.line)).toEqual([31, 32]);
  });

  it('stringify number and boolean attributes and leave reserved keys out', () => {
    for (const transcript of [fromYaml, fromMarkdown]) {
      expect(transcript.attributes).toEqual({ unit: 'Identity Unit', role: 'head-of-unit', staff: '20', pilot: 'true' });
      expect(transcript.illustrative).toBe(true);
    }
  });

  it('mark speakers listed in `interviewers` as interviewers', () => {
    expect(fromYaml.segments.map((segment) => segment.interviewer)).toEqual([true, false, true, false, false, true, false]);
  });

  it('point `id` at its line', () => {
    expect(fromYaml.idAt).toEqual({ line: 2, column: 1 });
    expect(fromMarkdown.idAt).toEqual({ line: 2, column: 1 });
  });
});

describe('line endings and byte-order marks', () => {
  const lf = { yaml: load(yamlSource, 'yaml'), markdown: load(markdownSource, 'markdown') };
  const toCrlf = (text: string) => text.replace(/\n/g, '\r\n');

  for (const format of ['yaml', 'markdown'] as const) {
    const source = format === 'yaml' ? yamlSource : markdownSource;

    it(`${format}: a CRLF file gives the same texts, offsets and line/column positions as LF`, () => {
      const crlf = load(toCrlf(source), format);
      expect(formatNeutral(crlf)).toEqual(formatNeutral(lf[format]));
      expect(crlf.plainText).not.toContain('\r');
      expect(positions(crlf)).toEqual(positions(lf[format]));
    });

    it(`${format}: a UTF-8 BOM is dropped and does not shift columns (LF and CRLF)`, () => {
      for (const text of [source, toCrlf(source)]) {
        const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);
        const loaded = parseTranscriptBytes(bytes, 'bom', format);
        expect(loaded.diagnostics).toEqual([]);
        expect(formatNeutral(loaded.transcript!)).toEqual(formatNeutral(lf[format]));
        expect(positions(loaded.transcript!)).toEqual(positions(lf[format]));
      }
    });
  }

  it('a Markdown file with CRLF front matter reads its metadata', () => {
    const transcript = load('---\r\nid: crlf\r\nlanguage: es\r\nunit: Registro\r\n---\r\n\r\n**Respondente:** Hola.\r\n', 'markdown');
    expect([transcript.id, transcript.language, transcript.attributes]).toEqual(['crlf', 'es', { unit: 'Registro' }]);
    expect(transcript.segments[0]!.at).toEqual({ line: 7, column: 18 });
  });
});

describe('interviewer detection', () => {
  it('knows the default interviewer names in English and Spanish, in any case', () => {
    const transcript = load(
      ['---', 'id: x', 'language: es', '---', '', '**INTERVIEWER:** a', '', '**Entrevistadora:** b', '', '**entrevistador:** c', '', '**Ana:** d', '', '**I:** e'].join('\n'),
      'markdown',
    );
    expect(transcript.segments.map((segment) => [segment.speaker, segment.interviewer])).toEqual([
      ['INTERVIEWER', true],
      ['Entrevistadora', true],
      ['entrevistador', true],
      ['Ana', false],
      ['I', true],
    ]);
  });

  it('adds the names of `interviewers` to the defaults', () => {
    const transcript = load('id: x\nlanguage: en\ninterviewers: [Ana]\nturns:\n  - { speaker: ana, text: a }\n  - { speaker: Interviewer, text: b }\n  - { speaker: Pepe, text: c }\n', 'yaml');
    expect(transcript.segments.map((segment) => segment.interviewer)).toEqual([true, true, false]);
  });
});

describe('Markdown details (regressions found by these tests)', () => {
  const md = (body: string) => load(`---\nid: x\nlanguage: en\n---\n${body}`, 'markdown');
  const texts = (transcript: Transcript) => transcript.segments.map((segment: Segment) => [segment.speaker, segment.question, segment.text]);

  it('a label alone on its line: the segment starts where the text does', () => {
    const transcript = md('**Respondent:**\n  Text on the next line.\n');
    expect(transcript.segments[0]!.at).toEqual({ line: 6, column: 3 });
    expect(transcript.segments[0]!.text).toBe('Text on the next line.');
  });

  it('a codes comment at the end of the label line belongs to that turn', () => {
    const loaded = parseMarkdownTranscript('---\nid: x\nlanguage: en\n---\n**Respondent:** One. <!-- codes: a.b -->\n', 'x.md');
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.transcript!.segments[0]!.human.map((coding) => [coding.coder, coding.codes])).toEqual([['human', ['a.b']]]);
    expect(loaded.transcript!.segments[0]!.text).toBe('One.');
  });

  it('a codes comment before any turn is a warning, not a code', () => {
    const loaded = parseMarkdownTranscript('---\nid: x\nlanguage: en\n---\n<!-- codes: a.b -->\n\n**Respondent:** One.\n', 'x.md');
    expect(loaded.diagnostics.map((d) => [d.ruleId, d.line])).toEqual([['codes-outside-turn', 5]]);
    expect(loaded.transcript!.segments[0]!.human).toEqual([]);
  });

  it('a `##` heading right under a text line ends the turn and sets the next topic', () => {
    const transcript = md('## Actors\n**Respondent:** One.\n## Challenges\n\n**Interviewer:** Two?\n');
    expect(texts(transcript)).toEqual([
      ['Respondent', 'actors', 'One.'],
      ['Interviewer', 'challenges', 'Two?'],
    ]);
  });

  it('other HTML comments, single or multi-line, are not text (a comment block ends a paragraph, as on GitHub)', () => {
    const transcript = md('**Respondent:** One <!-- aside --> two.\n<!-- a note\nover lines -->\nthree.\n');
    expect(transcript.segments[0]!.text).toBe('One  two.\n\nthree.');
  });

  it('headings other than `##` do not set a topic', () => {
    const transcript = md('# Title\n\n### Sub\n\n**Respondent:** One.\n');
    expect(texts(transcript)).toEqual([['Respondent', undefined, 'One.']]);
  });
});

describe('YAML details', () => {
  it('a quoted text with leading spaces starts at its first character (regression)', () => {
    const transcript = load('id: x\nlanguage: en\nturns:\n  - speaker: r\n    text: "  padded"\n', 'yaml');
    expect(transcript.segments[0]!.text).toBe('padded');
    expect(transcript.segments[0]!.at).toEqual({ line: 5, column: 14 });
  });

  it('a `question` carries over to the following turns until the next one', () => {
    const transcript = load('id: x\nlanguage: en\nturns:\n  - { speaker: r, text: a }\n  - { speaker: i, question: actors, text: b }\n  - { speaker: r, text: c }\n', 'yaml');
    expect(transcript.segments.map((segment) => segment.question)).toEqual([undefined, 'actors', 'actors']);
  });

  it('codes written as one string are split on commas', () => {
    const transcript = load('id: x\nlanguage: en\nturns:\n  - speaker: r\n    text: a\n    codes: "a.b, c.d"\n', 'yaml');
    expect(transcript.segments[0]!.human.map((coding) => coding.codes)).toEqual([['a.b', 'c.d']]);
  });

  it('the same text in YAML and Markdown parses to the same segment text', () => {
    const yaml = parseYamlTranscript('id: x\nlanguage: es\nturns:\n  - speaker: R\n    text: |\n      Uno.\n\n      Dos.\n', 'x.yaml');
    const md = parseMarkdownTranscript('---\nid: x\nlanguage: es\n---\n**R:** Uno.\n\nDos.\n', 'x.md');
    expect(md.transcript!.segments[0]!.text).toBe(yaml.transcript!.segments[0]!.text);
  });
});

describe('problems become diagnostics', () => {
  it('warns when a speaker label sits directly under text: it continues that turn, as GitHub renders it', () => {
    const loaded = parseMarkdownTranscript('---\nid: x\nlanguage: en\n---\n**Interviewer:** Why?\n**Respondent:** Because.\n\n**Interviewer:** And then?\n\n**Respondent:** Then this.\n', 'x.md');
    const segments = loaded.transcript!.segments;
    expect(segments.map((segment) => [segment.speaker, segment.text])).toEqual([
      ['Interviewer', 'Why?\n**Respondent:** Because.'],
      ['Interviewer', 'And then?'],
      ['Respondent', 'Then this.'],
    ]);
    expect(loaded.diagnostics.map((d) => [d.ruleId, d.severity, d.line, d.column])).toEqual([['label-inside-paragraph', 'warning', 6, 1]]);
  });

  it('reports missing id and language with their rule ids', () => {
    const loaded = parseYamlTranscript('turns: []\n', 'x.yaml');
    expect(loaded.transcript).toBeUndefined();
    expect(loaded.diagnostics.map((d) => d.ruleId).sort()).toEqual(['missing-id', 'missing-language']);
  });

  it('reports an unknown language at its line', () => {
    const loaded = parseYamlTranscript('id: x\nlanguage: fr\nturns: []\n', 'x.yaml');
    expect(loaded.diagnostics.map((d) => [d.ruleId, d.line])).toEqual([['unknown-language', 2]]);
  });

  it('reports a Markdown file without front matter', () => {
    expect(parseMarkdownTranscript('**R:** hi\n', 'x.md').diagnostics.map((d) => d.ruleId)).toEqual(['missing-front-matter']);
  });

  it('an overlong UTF-8 sequence is a diagnostic, not a crash (found by the byte property)', () => {
    for (const format of ['yaml', 'markdown'] as const) {
      const loaded = parseTranscriptBytes(Uint8Array.from([0xf0, 0x80, 0x80, 0x80]), 'x', format);
      expect(loaded.transcript).toBeUndefined();
      expect(loaded.diagnostics.length).toBeGreaterThan(0);
    }
  });

  it('refuses binary files and reads non-UTF-8 files as Latin-1 with a warning', () => {
    expect(parseTranscriptBytes(new Uint8Array([0x69, 0x64, 0x00]), 'x.yaml', 'yaml').diagnostics.map((d) => d.ruleId)).toEqual(['binary-file']);
    const latin1 = new Uint8Array([...new TextEncoder().encode('id: x\nlanguage: es\nturns:\n  - speaker: R\n    text: Gesti'), 0xf3, 0x6e]);
    const loaded = parseTranscriptBytes(latin1, 'x.yaml', 'yaml');
    expect(loaded.diagnostics.map((d) => [d.ruleId, d.line])).toEqual([['not-utf8', 5]]);
    expect(loaded.transcript!.segments[0]!.text).toBe('Gestión');
  });
});
