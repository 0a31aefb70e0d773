/**
 * Properties of the loaders over generated input: whatever the bytes, a
 * loader returns a transcript or diagnostics and never throws; for
 * well-formed transcripts generated from a model, the Markdown and the YAML
 * form both give back that model's texts, and every segment's offsets cut
 * its text out of the plain text.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseTranscriptBytes } from '../../src/load/transcript.js';
import type { Transcript } from '../../src/model/transcript.js';

const encoder = new TextEncoder();

/** Pieces that mean something to one of the parsers, so random strings hit their branches. */
const SYNTAX = ['\n', '\r\n', '\r', ' ', '\t', ':', '- ', '---', '...', '#', '## ', '**', '**R:** ', '<!--', '-->', '<!-- codes: a.b -->', 'codes', '"', "'", '|', '>', '[', ']', '{', '}', '&a ', '*a', '!!str ', '? ', '%', '@', '`', ',', 'é', '🙂', '\uFEFF', '\u0000', 'id: x\n', 'language: en\n', 'language: es\n', 'turns:\n', '  - speaker: r\n', '    text: ', 'interviewers: ', 'coder: ', 'x'];
const syntaxText = fc.array(fc.constantFrom(...SYNTAX), { maxLength: 40 }).map((parts) => parts.join(''));

describe('parseTranscriptBytes never throws', () => {
  for (const format of ['yaml', 'markdown'] as const) {
    it(`${format}: on strings built from syntax pieces`, () => {
      fc.assert(
        fc.property(syntaxText, (text) => {
          const loaded = parseTranscriptBytes(encoder.encode(text), 'fuzz', format);
          expect(Array.isArray(loaded.diagnostics)).toBe(true);
          if (!loaded.transcript) expect(loaded.diagnostics.length).toBeGreaterThan(0);
        }),
        { numRuns: 3000 },
      );
    });

    it(`${format}: on arbitrary strings, with and without a valid header`, () => {
      const header = format === 'yaml' ? 'id: x\nlanguage: en\n' : '---\nid: x\nlanguage: en\n---\n';
      fc.assert(
        fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.boolean(), (text, withHeader) => {
          const loaded = parseTranscriptBytes(encoder.encode((withHeader ? header : '') + text), 'fuzz', format);
          expect(Array.isArray(loaded.diagnostics)).toBe(true);
        }),
        { numRuns: 2000 },
      );
    });

    it(`${format}: on arbitrary bytes`, () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
          const loaded = parseTranscriptBytes(bytes, 'fuzz', format);
          expect(Array.isArray(loaded.diagnostics)).toBe(true);
        }),
        { numRuns: 2000 },
      );
    });
  }
});

// Well-formed transcripts: words without Markdown syntax at line starts, lines joined into paragraphs.
const wordChar = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCZáéíóúñüÜ0123456789'.split(''), '🙂', '€');
const word = fc.array(wordChar, { minLength: 1, maxLength: 8 }).map((chars) => chars.join(''));
const punctuated = fc.tuple(word, fc.constantFrom('', '', '.', ',', ';', ':', '?', '!', "'s", '@x', '-y', ')')).map(([w, p]) => w + p);
const line = fc.array(punctuated, { minLength: 1, maxLength: 8 }).map((words) => words.join(' '));
const paragraph = fc.array(line, { minLength: 1, maxLength: 3 }).map((lines) => lines.join('\n'));
const turnText = fc.array(paragraph, { minLength: 1, maxLength: 3 }).map((paragraphs) => paragraphs.join('\n\n'));
const speaker = fc.constantFrom('Interviewer', 'Respondent', 'Ana María', 'R2', 'Entrevistadora');
const topic = fc.option(fc.constantFrom('organisation', 'project', 'actors', 'public-value'), { nil: undefined });
const turnArb = fc.record({ speaker, text: turnText, question: topic, codes: fc.option(fc.subarray(['a.b', 'c.d', 'e.f']), { nil: undefined }) });
const turnsArb = fc.array(turnArb, { minLength: 1, maxLength: 8 });

interface GeneratedTurn {
  speaker: string;
  text: string;
  question?: string;
  codes?: string[];
}

function toMarkdown(turns: GeneratedTurn[], crlf: boolean): string {
  const lines = ['---', 'id: gen', 'language: es', 'unit: Generated', '---', ''];
  for (const turn of turns) {
    if (turn.question) lines.push(`## ${turn.question.replace('-', ' ')}`, '');
    lines.push(`**${turn.speaker}:** ${turn.text}`);
    if (turn.codes) lines.push(`<!-- codes: ${turn.codes.join(', ')} -->`);
    lines.push('');
  }
  const text = lines.join('\n');
  return crlf ? text.replace(/\n/g, '\r\n') : text;
}

function toYaml(turns: GeneratedTurn[]): string {
  return stringify({
    id: 'gen',
    language: 'es',
    unit: 'Generated',
    turns: turns.map((turn) => ({ speaker: turn.speaker, ...(turn.question ? { question: turn.question } : {}), text: turn.text, ...(turn.codes ? { codes: turn.codes } : {}) })),
  });
}

function checkAgainstModel(transcript: Transcript, turns: GeneratedTurn[]): void {
  expect(transcript.segments.map((segment) => [segment.speaker, segment.text])).toEqual(turns.map((turn) => [turn.speaker, turn.text]));
  let question: string | undefined;
  transcript.segments.forEach((segment, index) => {
    question = turns[index]!.question ?? question;
    expect(segment.question).toBe(question);
    expect(segment.human.flatMap((coding) => coding.codes)).toEqual(turns[index]!.codes ?? []);
    expect(transcript.plainText.slice(segment.start, segment.end)).toBe(segment.text);
    expect(transcript.plainText.slice(segment.start - segment.speaker.length - 2, segment.start)).toBe(`${segment.speaker}: `);
  });
  expect(transcript.plainText).toBe(turns.map((turn) => `${turn.speaker}: ${turn.text}`).join('\n\n'));
}

describe('generated well-formed transcripts', () => {
  it('Markdown (LF and CRLF) → model: texts, topics, codes, and plainText.slice(start, end) === text', () => {
    fc.assert(
      fc.property(turnsArb, fc.boolean(), (turns, crlf) => {
        const loaded = parseTranscriptBytes(encoder.encode(toMarkdown(turns, crlf)), 'gen.md', 'markdown');
        expect(loaded.diagnostics).toEqual([]);
        checkAgainstModel(loaded.transcript!, turns);
      }),
      { numRuns: 500 },
    );
  });

  it('YAML → model gives the same as Markdown', () => {
    fc.assert(
      fc.property(turnsArb, (turns) => {
        const fromYaml = parseTranscriptBytes(encoder.encode(toYaml(turns)), 'gen.yaml', 'yaml');
        const fromMarkdown = parseTranscriptBytes(encoder.encode(toMarkdown(turns, false)), 'gen.md', 'markdown');
        expect(fromYaml.diagnostics).toEqual([]);
        checkAgainstModel(fromYaml.transcript!, turns);
        expect(fromYaml.transcript!.plainText).toBe(fromMarkdown.transcript!.plainText);
        expect(fromYaml.transcript!.attributes).toEqual(fromMarkdown.transcript!.attributes);
      }),
      { numRuns: 300 },
    );
  });

  it('Markdown positions: each segment starts on its label line, just after the label', () => {
    fc.assert(
      fc.property(turnsArb, (turns) => {
        const source = toMarkdown(turns, false);
        const sourceLines = source.split('\n');
        const loaded = parseTranscriptBytes(encoder.encode(source), 'gen.md', 'markdown');
        for (const segment of loaded.transcript!.segments) {
          const lineText = sourceLines[segment.at.line - 1]!;
          expect(lineText.startsWith(`**${segment.speaker}:** `)).toBe(true);
          expect(lineText.slice(segment.at.column - 1)).toBe(segment.text.split('\n')[0]);
          expect(segment.endLine - segment.at.line).toBe(segment.text.split('\n').length - 1);
        }
      }),
      { numRuns: 300 },
    );
  });
});
