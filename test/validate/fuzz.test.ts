/**
 * Issue 3's properties: for arbitrary text and arbitrary bytes as a
 * transcript (YAML and Markdown), arbitrary strings as codebook rules
 * (terms, regex, near) and arbitrary project files, loading, checking,
 * compiling and matching either succeed or return diagnostics: they never
 * throw. Sizes are bounded and every property stops after a time budget
 * (fast-check's interruptAfterTimeLimit), so `npm test` stays bounded
 * without timing assertions.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileCodebook } from '../../src/code/compile.js';
import { matchText } from '../../src/code/match.js';
import { parseCodebook } from '../../src/load/codebook.js';
import { parseProject } from '../../src/load/project.js';
import { parseTranscript, parseTranscriptBytes } from '../../src/load/transcript.js';
import type { Codebook, LanguageRules } from '../../src/model/codebook.js';
import type { Diagnostic } from '../../src/model/diagnostic.js';
import { defaultProject } from '../../src/model/project.js';
import { checkPersonalData, findPersonalData } from '../../src/validate/personal-data.js';
import { checkTranscript } from '../../src/validate/transcript-rules.js';

const BUDGET = { numRuns: 300, interruptAfterTimeLimit: 8_000 };
const anyText = fc.string({ unit: 'binary', maxLength: 400 });
/** Text built from the characters that matter to the parsers, so runs reach deep paths. */
const structuredText = fc.string({
  unit: fc.constantFrom('\n', '\r\n', ' ', '-', ':', '#', '*', '[', ']', '{', '}', '"', "'", '&', '|', '>', '<!--', '-->', '---', '**A:**', 'id', 'language', 'en', 'turns', 'codes', 'a', 'é', '\t', '0'),
  maxLength: 120,
});
const regexText = fc.string({ unit: fc.constantFrom('a', 'b', '(', ')', '*', '+', '?', '[', ']', '{', '}', '|', '^', '$', '.', '\\', '1', ',', '-', ' ', 'é', 'P', 'p', '<', '=', '\u0000'), maxLength: 30 });
const ruleText = fc.oneof(anyText.map((text) => text.slice(0, 40)), regexText, fc.constantFrom('', ' ', '*', '=', '=*', 'a*', '=a*', '***', 'quick win', "'s", '@', '-'));

/** Every diagnostic is well formed: a file, a kebab-case rule id, 1-based positions. */
function assertWellFormed(diagnostics: readonly Diagnostic[], file: string): void {
  for (const d of diagnostics) {
    expect(d.file).toBe(file);
    expect(d.ruleId).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(['error', 'warning', 'info']).toContain(d.severity);
    if (d.line !== undefined) expect(d.line).toBeGreaterThanOrEqual(1);
    if (d.column !== undefined) expect(d.column).toBeGreaterThanOrEqual(1);
  }
}

function checkLoaded(loaded: ReturnType<typeof parseTranscript>, file: string): void {
  assertWellFormed(loaded.diagnostics, file);
  if (!loaded.transcript) {
    // No transcript means at least one error says why.
    expect(loaded.diagnostics.some((d) => d.severity === 'error')).toBe(true);
    return;
  }
  const project = { ...defaultProject(), requiredAttributes: ['unit'], coders: ['alice'], allowedValues: { role: ['x'] } };
  assertWellFormed(checkTranscript(loaded.transcript, { project, codeIds: ['success.quick-wins'] }), file);
}

describe('transcripts: arbitrary input never throws', () => {
  it.each(['yaml', 'markdown'] as const)('arbitrary text as %s', (format) => {
    const file = format === 'yaml' ? 'x.yaml' : 'x.md';
    fc.assert(
      fc.property(fc.oneof(anyText, structuredText), (text) => {
        checkLoaded(parseTranscript(text, file, format), file);
        assertWellFormed(checkPersonalData(text, file), file);
      }),
      BUDGET,
    );
  });

  it.each(['yaml', 'markdown'] as const)('arbitrary bytes as %s', (format) => {
    const file = format === 'yaml' ? 'x.yaml' : 'x.md';
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        checkLoaded(parseTranscriptBytes(bytes, file, format), file);
      }),
      BUDGET,
    );
  });

  it('arbitrary values inside a valid YAML skeleton', () => {
    fc.assert(
      fc.property(anyText, fc.oneof(anyText, structuredText), anyText, anyText, (speaker, text, codes, question) => {
        const source = `id: f\nlanguage: en\nunit: ${JSON.stringify(speaker)}\nturns:\n  - speaker: ${JSON.stringify(speaker)}\n    question: ${JSON.stringify(question)}\n    text: ${JSON.stringify(text)}\n    codes: ${JSON.stringify([codes])}\n  - speaker: r\n    text: |\n      ${text.replace(/\n/g, '\n      ')}\n`;
        checkLoaded(parseTranscript(source, 'f.yaml', 'yaml'), 'f.yaml');
      }),
      BUDGET,
    );
  });

  it('arbitrary body and front matter values in Markdown', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, structuredText), anyText, (body, unit) => {
        const source = `---\nid: f\nlanguage: es\nunit: ${JSON.stringify(unit)}\n---\n\n## Project\n\n**Respondent:** ${body}\n<!-- codes: ${body.slice(0, 20)} -->\n`;
        checkLoaded(parseTranscript(source, 'f.md', 'markdown'), 'f.md');
      }),
      BUDGET,
    );
  });
});

describe('personal data: hits are inside the text and never overlap', () => {
  it('arbitrary text with digits, @ and names', () => {
    const piece = fc.oneof(anyText, fc.constantFrom('612 345 678', '+34 ', '12345678Z', 'ES91 2100 0418 4502 0005 1332', 'a@b.es', '@', '.', ' ', 'Ana', 'ana-ruiz', '\n'));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const text = pieces.join('');
        const hits = findPersonalData(text, { redact: [{ name: 'Ana Ruiz', entry: 1, file: 'p' }], allow: ['a@b.es'] });
        let previousEnd = 0;
        for (const hit of hits) {
          expect(hit.start).toBeGreaterThanOrEqual(previousEnd);
          expect(hit.end).toBeGreaterThan(hit.start);
          expect(hit.end).toBeLessThanOrEqual(text.length);
          previousEnd = hit.end;
        }
      }),
      BUDGET,
    );
  });
});

describe('codebook rules: arbitrary strings compile or give diagnostics, and matching never throws', () => {
  const codebookWith = (rules: LanguageRules): Codebook => ({
    id: 'fuzz',
    languages: ['en', 'es'],
    file: 'fuzz.yaml',
    themes: [
      {
        id: 't',
        label: 't',
        at: { line: 1, column: 1 },
        codes: [
          { id: 't.c', theme: 't', name: 'c', label: 'c', examples: [], counterExamples: [], rules: { en: rules, es: rules }, rulesAt: {}, at: { line: 1, column: 1 } },
        ],
      },
    ],
  });

  it('terms, exclusions, regular expressions and proximity rules', () => {
    fc.assert(
      fc.property(
        fc.array(ruleText, { maxLength: 4 }),
        fc.array(ruleText, { maxLength: 2 }),
        fc.array(regexText, { maxLength: 3 }),
        fc.array(fc.tuple(fc.array(fc.oneof(ruleText, fc.array(ruleText, { minLength: 1, maxLength: 3 })), { minLength: 2, maxLength: 3 }), fc.integer({ min: 1, max: 100 })), { maxLength: 2 }),
        fc.oneof(anyText, fc.constantFrom('a'.repeat(300), 'quick win and quick wins', 'aaaa!')),
        (terms, exclude, regex, nears, text) => {
          const { compiled, diagnostics } = compileCodebook(codebookWith({ terms, exclude, regex, near: nears.map(([near, within]) => ({ near, within })) }));
          assertWellFormed(diagnostics, 'fuzz.yaml');
          for (const language of ['en', 'es']) {
            const matches = matchText(compiled, compiled.matchers.get(language), text);
            for (const match of matches) {
              expect(match.start).toBeGreaterThanOrEqual(0);
              expect(match.end).toBeLessThanOrEqual(text.length);
            }
          }
        },
      ),
      BUDGET,
    );
  });

  it('arbitrary strings as rules inside codebook YAML', () => {
    fc.assert(
      fc.property(fc.array(ruleText, { maxLength: 4 }), fc.array(regexText, { maxLength: 2 }), (terms, regex) => {
        const source = `id: f\nthemes:\n  - id: t\n    codes:\n      - id: c\n        rules:\n          en:\n            terms: ${JSON.stringify(terms)}\n            regex: ${JSON.stringify(regex)}\n`;
        const loaded = parseCodebook(source, 'f.yaml');
        assertWellFormed(loaded.diagnostics, 'f.yaml');
        if (loaded.codebook) assertWellFormed(compileCodebook(loaded.codebook).diagnostics, 'f.yaml');
      }),
      BUDGET,
    );
  });

  it('arbitrary text as a codebook or a project file', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, structuredText), (text) => {
        const codebook = parseCodebook(text, 'c.yaml');
        assertWellFormed(codebook.diagnostics, 'c.yaml');
        if (!codebook.codebook) expect(codebook.diagnostics.some((d) => d.severity === 'error')).toBe(true);
        assertWellFormed(parseProject(text, 'p.yaml').diagnostics, 'p.yaml');
      }),
      BUDGET,
    );
  });
});
