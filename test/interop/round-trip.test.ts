/**
 * Issue 6, round trip: export → import gives the same codes, the same
 * segments and the same counts. End to end on the fixture project
 * (test/fixtures/refi-qda), compared through cocreate's own outputs
 * (`code --codings`, `code --source X --format csv`), and as a fast-check
 * property over arbitrary code names, definitions, speakers, texts
 * (accents, emoji, CJK, markup-like characters, several paragraphs) and
 * attributes, through the pure functions (render → parse → import →
 * Markdown → Markdown loader).
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CodingRecord } from '../../src/analyze/codings.js';
import { parseCodebook } from '../../src/load/codebook.js';
import { importProject } from '../../src/load/refi-import.js';
import { parseRefiXml } from '../../src/load/refi-qda.js';
import { buildTranscript } from '../../src/load/transcript-builder.js';
import { parseMarkdownTranscript } from '../../src/load/transcript-markdown.js';
import { listCodes, type Codebook } from '../../src/model/codebook.js';
import { slugify } from '../../src/model/ids.js';
import type { Transcript } from '../../src/model/transcript.js';
import { renderCodebookYaml } from '../../src/render/codebook-yaml.js';
import { codebookColors, renderProject } from '../../src/render/refi-qda.js';
import { renderImportedTranscript } from '../../src/render/transcript-markdown.js';
import { importCodebook } from '../../src/load/refi-import.js';
import { runCli, type CliResult } from '../helpers/cli.js';
import { REFI_FIXTURE, loadFolder, ok, temporaryDirectory } from './helpers.js';

const CODEBOOK = 'codebooks/barriers.yaml';

/** What must survive: everything but the file, its format and positions in the file (and protocol topics, see docs). */
function comparable(transcript: Transcript) {
  return {
    id: transcript.id,
    language: transcript.language,
    illustrative: transcript.illustrative,
    attributes: Object.entries(transcript.attributes).sort(),
    plainText: transcript.plainText,
    segments: transcript.segments.map((segment) => [segment.index, segment.speaker, segment.interviewer, segment.text, segment.start, segment.end]),
  };
}

describe('export → import round trip of the fixture project (CLI)', () => {
  let imported: string;
  let importResult: CliResult;

  beforeAll(() => {
    const directory = temporaryDirectory();
    const qdpx = join(directory, 'fixture.qdpx');
    ok(runCli(['export', '--qdpx', qdpx, '--codebook', CODEBOOK, 'interviews'], { cwd: REFI_FIXTURE }));
    imported = join(directory, 'imported');
    const result = runCli(['import', '--qdpx', qdpx, '-o', imported]);
    expect(result.stderr).toContain('13 of 13 coded selections placed');
    importResult = ok(result);
  });

  it('gives the same codes: ids, labels, definitions, when to use / not to use, theme labels and descriptions', () => {
    const before = parseCodebook(readFileSync(join(REFI_FIXTURE, CODEBOOK), 'utf8'), 'before.yaml').codebook!;
    const after = parseCodebook(readFileSync(join(imported, 'codebooks', 'fixture.yaml'), 'utf8'), 'after.yaml').codebook!;
    const shape = (codebook: Codebook) =>
      codebook.themes.map((theme) => ({
        id: theme.id,
        label: theme.label,
        description: theme.description,
        codes: theme.codes.map((code) => [code.id, code.label, code.definition, code.whenToUse, code.whenNotToUse]),
      }));
    expect(shape(after)).toEqual(shape(before));
  });

  it('gives the same segments: speakers, interviewer turns, texts, plain text and offsets, attributes', () => {
    expect(loadFolder(join(imported, 'interviews')).map(comparable)).toEqual(loadFolder(join(REFI_FIXTURE, 'interviews')).map(comparable));
  });

  it('gives the same human codings: every (interview, segment, code, coder) with its offsets; the rules\' codings are not made human (issue 15)', () => {
    // Attribute order is not kept (variables are written sorted by name); their values are.
    const key = (record: CodingRecord) => JSON.stringify([record.interview, record.segment, record.code, record.source, record.start, record.end, Object.entries(record.attributes).sort()]);
    const before = JSON.parse(ok(runCli(['code', '--codings', '--source', 'manual', '--format', 'json', '--codebook', CODEBOOK, 'interviews'], { cwd: REFI_FIXTURE })).stdout) as CodingRecord[];
    const after = JSON.parse(ok(runCli(['code', '--codings', '--source', 'manual', '--format', 'json'], { cwd: imported })).stdout) as CodingRecord[];
    expect(before).toHaveLength(6);
    expect(after.map(key).sort()).toEqual(before.map(key).sort());
    expect(after.map((record) => record.source)).not.toContain('cocreate');
    expect(after.map((record) => record.source)).not.toContain('cocreate-rules');
  });

  it('says the 7 codings of the rules were left out, and re-coding with the codebook gives them back exactly', () => {
    expect(importResult.stderr).toContain("7 codings by cocreate's rules left out");
    const key = (record: CodingRecord) => JSON.stringify([record.interview, record.segment, record.code, record.source, record.start, record.end, record.terms]);
    const before = JSON.parse(ok(runCli(['code', '--codings', '--source', 'auto', '--format', 'json', '--codebook', CODEBOOK, 'interviews'], { cwd: REFI_FIXTURE })).stdout) as CodingRecord[];
    const after = JSON.parse(ok(runCli(['code', '--codings', '--source', 'auto', '--format', 'json', '--codebook', join(REFI_FIXTURE, CODEBOOK)], { cwd: imported })).stdout) as CodingRecord[];
    expect(before).toHaveLength(7);
    expect(after.map(key).sort()).toEqual(before.map(key).sort());
  });

  it.each(['alice', 'bob', 'carol', 'auto'])('gives the same frequency table for %s (auto: re-coded with the original codebook)', (source) => {
    const before = runCli(['code', '--source', source, '--format', 'csv', '--codebook', CODEBOOK, 'interviews'], { cwd: REFI_FIXTURE });
    const after = runCli(['code', '--source', source, '--format', 'csv', ...(source === 'auto' ? ['--codebook', join(REFI_FIXTURE, CODEBOOK)] : [])], { cwd: imported });
    ok(before);
    ok(after);
    // The last column names the source (issue 12): the rules before, the imported coder after; the counts must not change.
    const withoutSource = (csv: string) => csv.split('\r\n').map((line) => line.replace(/,[^,]*$/, ''));
    expect(withoutSource(after.stdout)).toEqual(withoutSource(before.stdout));
    expect(before.stdout.split('\r\n')[1]!.endsWith(`,${source === 'auto' ? 'rules' : source}`)).toBe(true);
    expect(after.stdout.split('\r\n')[1]!.endsWith(`,${source === 'auto' ? 'rules' : source}`)).toBe(true);
  });
});

describe('export --qdc → import --qdc', () => {
  it('keeps ids, labels and descriptions', () => {
    const directory = temporaryDirectory();
    ok(runCli(['export', '--qdc', join(directory, 'b.qdc'), '--codebook', CODEBOOK], { cwd: REFI_FIXTURE }));
    ok(runCli(['import', '--qdc', join(directory, 'b.qdc'), '-o', join(directory, 'b.yaml')]));
    const before = parseCodebook(readFileSync(join(REFI_FIXTURE, CODEBOOK), 'utf8'), 'x').codebook!;
    const after = parseCodebook(readFileSync(join(directory, 'b.yaml'), 'utf8'), 'x').codebook!;
    expect(listCodes(after).map((code) => [code.id, code.label, code.definition, code.whenToUse, code.whenNotToUse])).toEqual(
      listCodes(before).map((code) => [code.id, code.label, code.definition, code.whenToUse, code.whenNotToUse]),
    );
    // Colours (issue 15): the derived ones come back written into the YAML, so a second export gives the same.
    const colors = codebookColors(before);
    expect([...after.themes.map((theme) => [theme.id, theme.color]), ...listCodes(after).map((code) => [code.id, code.color])]).toEqual([
      ...before.themes.map((theme) => [theme.id, colors.get(theme.id)]),
      ...listCodes(before).map((code) => [code.id, colors.get(code.id)]),
    ]);
    expect(codebookColors(after)).toEqual(colors);
  });
});

// ---------------------------------------------------------------- property

/** Characters XML 1.0 cannot carry (they are replaced on export, by design) and CR (normalised). */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\r]/;
const xmlString = (options: { minLength?: number; maxLength?: number } = {}) => fc.string({ unit: 'grapheme', maxLength: 24, ...options }).filter((text) => !NOT_XML.test(text));
/** A definition: trimmed, not blank, no blank line (a blank line followed by "When to use:" would start a section). */
const definition = xmlString({ minLength: 1 }).map((text) => text.trim().replace(/\n\s*\n/g, '\n')).filter((text) => text !== '' && !/^(definition|when to use|when not to use|code id|theme id):[ \t]/i.test(text));

const WORDS = ['café', 'Niño', 'árbol', '😀', '👍🏽', '中文', 'a&b', '<x>', '"q"', "l'eau", '—', 'ﬁn', 'e\u0301', '#', '**', 'x:', '-->', '\t', 'ÀÉÎ'];
const word = fc.oneof(fc.constantFrom(...WORDS), fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 8 }).filter((text) => /^\S+$/.test(text)));
const line = fc.array(word, { minLength: 1, maxLength: 6 }).map((words) => words.join(' ').trim());
const paragraph = fc.array(line, { minLength: 1, maxLength: 3 }).map((lines) => lines.map((text) => text.replace(/\s+$/, '')).filter((text) => text !== '').join('\n') || 'x');
const SPEAKERS = ['interviewer', 'respondent', 'Ana María', 'Entrevistadora', 'R1'];
const ATTRIBUTES = ['unit', 'rôle', 'Año'];

/**
 * The three texts the Markdown reader cannot hold verbatim are changed on
 * import, by design (see render/transcript-markdown.ts); the property
 * checks everything else, so its texts avoid them.
 */
function markdownSafe(paragraphs: string[], speakers: readonly string[]): string[] {
  return paragraphs.map((text, index) => {
    const lines = text
      .replace(/<!--/g, '<!-')
      .split('\n')
      .map((line, l) => (/^#{1,6}[ \t]+/.test(line) && !(index === 0 && l === 0) ? `x${line}` : line));
    if (index > 0 && (/^\*\*/.test(lines[0]!) || speakers.some((speaker) => lines[0]!.startsWith(`${speaker}:`)))) lines[0] = `x${lines[0]}`;
    return lines.join('\n');
  });
}

const transcriptArbitrary = fc.record({
  turns: fc.array(fc.record({ speaker: fc.constantFrom(...SPEAKERS), paragraphs: fc.array(paragraph, { minLength: 1, maxLength: 3 }) }), { minLength: 1, maxLength: 4 }),
  attributes: fc.dictionary(fc.constantFrom(...ATTRIBUTES), xmlString({ minLength: 1 }).filter((text) => text.trim() !== ''), { maxKeys: 3 }),
  illustrative: fc.boolean(),
  language: fc.constantFrom('en' as const, 'es' as const),
  codings: fc.array(fc.record({ turn: fc.nat(), code: fc.nat(), coder: fc.constantFrom('auto', 'alice', 'Bob Ruiz') }), { maxLength: 6 }),
});

const codebookArbitrary = fc.record({
  themes: fc.array(
    fc.record({
      label: xmlString(),
      description: fc.option(definition, { nil: undefined }),
      codes: fc.array(fc.record({ label: xmlString(), definition: fc.option(definition, { nil: undefined }), whenToUse: fc.option(definition, { nil: undefined }) }), { minLength: 1, maxLength: 3 }),
    }),
    { minLength: 1, maxLength: 2 },
  ),
});

function codebookOf(spec: { themes: { label: string; description?: string; codes: { label: string; definition?: string; whenToUse?: string }[] }[] }): Codebook {
  const point = { line: 1, column: 1 };
  return {
    id: 'property',
    languages: ['en', 'es'],
    file: 'property.yaml',
    themes: spec.themes.map((theme, t) => ({
      id: `t${t + 1}`,
      label: theme.label,
      description: theme.description,
      at: point,
      codes: theme.codes.map((code, c) => ({
        id: `t${t + 1}.c${c + 1}`,
        theme: `t${t + 1}`,
        name: `c${c + 1}`,
        label: code.label,
        definition: code.definition,
        whenToUse: code.whenToUse,
        examples: [],
        counterExamples: [],
        rules: {},
        rulesAt: {},
        at: point,
      })),
    })),
  };
}

describe('round trip property (fast-check): arbitrary names and texts survive export → import', () => {
  it('codes, segments and codings come back unchanged', () => {
    fc.assert(
      fc.property(codebookArbitrary, fc.array(transcriptArbitrary, { minLength: 1, maxLength: 3 }), (codebookSpec, transcriptSpecs) => {
        const codebook = codebookOf(codebookSpec);
        const codes = listCodes(codebook);
        const transcripts: Transcript[] = [];
        const codings: CodingRecord[] = [];
        transcriptSpecs.forEach((spec, t) => {
          const speakers = [...new Set(spec.turns.map((turn) => turn.speaker))];
          const built = buildTranscript({
            file: `t${t}.md`,
            format: 'markdown',
            meta: { id: `int-${t + 1}`, language: spec.language, illustrative: spec.illustrative, ...spec.attributes },
            metaAt: {},
            metaStart: { line: 1, column: 1 },
            turns: spec.turns.map((turn) => ({ speaker: turn.speaker, text: markdownSafe(turn.paragraphs, speakers).join('\n\n'), at: { line: 1, column: 1 }, endLine: 1, human: [] })),
          });
          expect(built.diagnostics).toEqual([]);
          const transcript = built.transcript!;
          transcripts.push(transcript);
          const seen = new Set<string>();
          for (const coding of spec.codings) {
            const segment = transcript.segments[coding.turn % transcript.segments.length]!;
            const code = codes[coding.code % codes.length]!;
            const key = `${segment.index}|${code.id}|${coding.coder}`;
            if (seen.has(key)) continue;
            seen.add(key);
            codings.push({ interview: transcript.id, file: transcript.file, line: 1, segment: segment.index, code: code.id, theme: code.theme, source: coding.coder, start: segment.start, end: segment.end, terms: [], attributes: transcript.attributes });
          }
        });

        // Export (pure), then read back as an archive would be.
        const rendered = renderProject({ codebook, transcripts, codings, name: 'property', origin: 'cocreate test' });
        const parsed = parseRefiXml(rendered.qde, 'project.qde');
        expect(parsed.diagnostics).toEqual([]);
        const texts = new Map([...rendered.sources].map(([path, text]) => [basename(path).toLowerCase(), new TextEncoder().encode(text)]));
        const project = importProject({ document: parsed.document, texts, diagnostics: [] }, 'property.qdpx', { codebookId: 'property', language: 'en' });
        expect(project.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);

        // Codes: through the codebook YAML and its loader.
        const yaml = renderCodebookYaml({ ...project.codebook.codebook, id: 'property' });
        const reloaded = parseCodebook(yaml, 'property.yaml').codebook!;
        const codeShape = (book: Codebook) => book.themes.map((theme) => [theme.id, theme.label, theme.description, theme.codes.map((code) => [code.id, code.label, code.definition, code.whenToUse])]);
        expect(codeShape(reloaded)).toEqual(codeShape(codebook));

        // Segments and codings: through the Markdown writer and reader.
        project.transcripts.forEach((imported, index) => {
          const original = transcripts[index]!;
          const markdown = renderImportedTranscript(imported, { file: 'property.qdpx' });
          expect(markdown.changes).toEqual([]);
          const back = parseMarkdownTranscript(markdown.text, `${imported.id}.md`);
          expect(back.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
          expect(comparable(back.transcript!)).toEqual(comparable(original));
          // The rules' codings are not imported as human codes (issue 15).
          const expected = codings
            .filter((record) => record.interview === original.id && record.source !== 'auto')
            .map((record) => `${record.segment}|${slugify(record.source)}|${record.code}`)
            .sort();
          const actual = back.transcript!.segments.flatMap((segment) => segment.human.flatMap((human) => human.codes.map((code) => `${segment.index}|${human.coder}|${code}`))).sort();
          expect(actual).toEqual(expected);
        });
      }),
      { numRuns: 150 },
    );
  });

  it('codebook names survive .qdc export → import (codes only)', () => {
    fc.assert(
      fc.property(codebookArbitrary, (spec) => {
        const codebook = codebookOf(spec);
        const rendered = renderProject({ codebook, transcripts: [], codings: [], name: 'x', origin: 'cocreate test' });
        const imported = importCodebook(parseRefiXml(rendered.qde, 'p.qde').document!.codes, { id: 'x' });
        const reloaded = parseCodebook(renderCodebookYaml({ ...imported.codebook, id: 'x' }), 'x.yaml').codebook!;
        expect(listCodes(reloaded).map((code) => [code.id, code.label])).toEqual(listCodes(codebook).map((code) => [code.id, code.label]));
      }),
    );
  });
});
