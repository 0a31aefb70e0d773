/**
 * Issue 8 (cold start): the loaders look positions up from the node of a
 * turn or a code rather than by a path from the document root, and a few
 * Unicode regexes have ASCII fast paths. These tests hold each shortcut to
 * the plain computation it replaces: positions found by root paths with the
 * yaml-document helpers, topics made with the Unicode classes alone.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineIndex } from '../../src/load/lines.js';
import { fastCodebookValidator, parseCodebookWith } from '../../src/load/codebook-read.js';
import { topicOfHeading } from '../../src/load/transcript-markdown.js';
import { parseYamlTranscript } from '../../src/load/transcript-yaml.js';
import { keyOffset, nodeEndOffset, nodeOffset, parseYaml, parseYamlFully, scalarContentOffset, type ParsedYaml } from '../../src/load/yaml-document.js';
import type { SourcePoint } from '../../src/model/transcript.js';
import { REPO_ROOT } from '../helpers/cli.js';
// @ts-expect-error plain JS module without types
import { generateTranscript } from '../../bench/generate.js';

/** The topic as the loader made it before the ASCII fast path. */
function referenceTopic(heading: string): string {
  return heading
    .replace(/^\s*\d+[.)]?\s*/, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}

/** Where the YAML loader points for each turn: found, as before, by paths from the root. */
function referenceTurnPoints(source: string, parsed: ParsedYaml) {
  const document = parsed.document;
  const turns = (parsed.value as { turns: unknown[] }).turns;
  return turns.map((_turn, index) => {
    const path = ['turns', index];
    let contentOffset = scalarContentOffset(document, [...path, 'text'], source);
    if (contentOffset !== undefined) while (contentOffset < source.length && /\s/.test(source[contentOffset]!)) contentOffset++;
    const turnAt = parsed.pointAt(nodeOffset(document, path)!);
    const textNodeOffset = nodeOffset(document, [...path, 'text']);
    // No text: the loader points at the `text` node if any, else at the turn.
    const at = contentOffset !== undefined ? parsed.pointAt(contentOffset) : textNodeOffset !== undefined ? parsed.pointAt(textNodeOffset) : turnAt;
    const textEnd = nodeEndOffset(document, [...path, 'text']);
    const codes = (turns[index] as { codes?: unknown }).codes;
    const codesAt = Array.isArray(codes) ? codes.map((_code, k) => parsed.pointAt(nodeOffset(document, [...path, 'codes', k])!)) : undefined;
    return { at, endLine: textEnd === undefined ? at.line : parsed.pointAt(Math.max(textEnd - 1, 0)).line, codesAt };
  });
}

function checkTurnPositions(source: string): void {
  const loaded = parseYamlTranscript(source, 't.yaml');
  expect(loaded.transcript, JSON.stringify(loaded.diagnostics)).toBeDefined();
  for (const parsed of [parseYaml(source, 't.yaml'), parseYamlFully(source, 't.yaml')]) {
    const expected = referenceTurnPoints(source, parsed);
    loaded.transcript!.segments.forEach((segment, index) => {
      expect(segment.at).toEqual(expected[index]!.at);
      expect(segment.endLine).toBe(expected[index]!.endLine);
      if (expected[index]!.codesAt) expect(segment.human[0]?.codesAt).toEqual(expected[index]!.codesAt);
    });
  }
}

describe('cold-start shortcuts in the loaders (issue 8)', () => {
  it('topicOfHeading: the ASCII path gives what the Unicode classes give', () => {
    const unit = fc.constantFrom(...'aZ09 .-_#)(:,/\t'.split(''), 'é', 'Ñ', 'ß', '١', 'İ', '\u00a0', '😀', 'ǅ');
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit, maxLength: 30 }), fc.string({ maxLength: 30 }), fc.string({ unit: 'binary-ascii', maxLength: 30 })), (heading) => {
        expect(topicOfHeading(heading)).toBe(referenceTopic(heading));
      }),
      { numRuns: 5000 },
    );
    expect(topicOfHeading('3. Public value')).toBe('public-value');
    expect(topicOfHeading('Participación ciudadana')).toBe('participación-ciudadana');
  });

  it('YAML transcripts: turn positions equal those found by paths from the root', () => {
    for (let index = 0; index < 8; index++) checkTurnPositions((generateTranscript(index, 'yaml', 12) as { text: string }).text);
    for (const name of ['sgad-01.yaml', 'sgad-04.yaml', 'sgad-12.yaml']) checkTurnPositions(readFileSync(join(REPO_ROOT, 'interviews', name), 'utf8'));
    // Quoted, folded, plain and empty texts; codes as lists; a turn without text.
    checkTurnPositions(
      'id: x\nlanguage: en\nturns:\n  - speaker: a\n    text: "  quoted "\n    codes: [a.b, c.d]\n  - speaker: b\n    text: >-\n      folded\n      more\n  - speaker: c\n    codes:\n      - a.b\n  - speaker: d\n    text: plain\n      continued\n',
    );
  });

  it('codebooks: code, rule and example positions equal those found by paths from the root', () => {
    const file = join(REPO_ROOT, 'codebooks', 'coval.yaml');
    const source = readFileSync(file, 'utf8');
    const loaded = parseCodebookWith(source, file, fastCodebookValidator)!;
    const parsed = parseYaml(source, file);
    const lines = new LineIndex(source);
    const point = (offset: number | undefined): SourcePoint => lines.pointAt(offset!);
    const themes = (parsed.value as { themes: { codes: { examples?: Record<string, string | string[]>; rules?: Record<string, Record<string, unknown[]>> }[] }[] }).themes;
    let checked = 0;
    loaded.codebook!.themes.forEach((theme, t) => {
      theme.codes.forEach((code, c) => {
        const path = ['themes', t, 'codes', c];
        expect(code.at).toEqual(point(nodeOffset(parsed.document, [...path, 'id'])));
        const raw = themes[t]!.codes[c]!;
        for (const language of Object.keys(raw.rules ?? {})) {
          expect(code.rulesAt[language]).toEqual(point(keyOffset(parsed.document, [...path, 'rules', language])));
          for (const [kind, rules] of Object.entries(raw.rules![language]!)) {
            rules.forEach((_rule, index) => expect(code.rulePoints[`${language}.${kind}.${index}`]).toEqual(point(nodeOffset(parsed.document, [...path, 'rules', language, kind, index]))));
          }
        }
        const examples = Object.entries(raw.examples ?? {}).flatMap(([language, texts]) =>
          Array.isArray(texts) ? texts.map((_text, index) => [...path, 'examples', language, index]) : [[...path, 'examples', language]],
        );
        expect(code.examples.map((example) => example.at)).toEqual(examples.map((itemPath) => point(scalarContentOffset(parsed.document, itemPath, source))));
        checked++;
      });
    });
    expect(checked).toBeGreaterThan(30);
  });
});
