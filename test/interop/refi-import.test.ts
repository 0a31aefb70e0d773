/**
 * Issue 6, import: every sample in ../shared/refi-qda imports (read there,
 * never copied), with the counts SOURCES.md records (NVivo 12: 152 codes,
 * 303 coded selections, positions in UTF-16 units; MAXQDA 24: 307 codes;
 * recipe/minimal.qdpx: spans on "costly" and "Time matters"), and the
 * leniency the samples call for (namespaces, `Sources/` vs `sources/`, any
 * `.qde` name, BOM and CRLF texts, empty `<Sets/>`) is checked on small
 * archives built here.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseCodebook } from '../../src/load/codebook.js';
import { detectOffsetUnit, importCodebook, importProject } from '../../src/load/refi-import.js';
import { parseRefiXml, readRefiArchive, readRefiFile } from '../../src/load/refi-qda.js';
import { parseMarkdownTranscript } from '../../src/load/transcript-markdown.js';
import { runCli } from '../helpers/cli.js';
import { RECIPE, SAMPLES, hasShared, ok, readBytes, temporaryDirectory } from './helpers.js';

const SHARED_OK = hasShared('importing the REFI-QDA samples (NVivo, MAXQDA, ATLAS.ti, Taguette, f4, spec, recipe)');

const NVIVO = join(SAMPLES, 'nvivo12-pyqdpx-oltas0517.qdpx');
const MAXQDA = join(SAMPLES, 'maxqda24-paper_themes.project.qde');
const F4 = join(SAMPLES, 'f4-2025.2.9-refi-tools-valid-document.qde');

/** Themes and codes of an imported codebook; `themes` leaves out the theme `codes` that import adds for top-level codes without children. */
function codebookCounts(yaml: string) {
  const loaded = parseCodebook(yaml, 'imported.yaml');
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const themes = loaded.codebook!.themes;
  const added = themes.filter((theme) => theme.id === 'codes' && theme.description === 'Codes that had no parent code in the imported codebook.').length;
  return { themes: themes.length - added, codes: themes.reduce((sum, theme) => sum + theme.codes.length, 0), codebook: loaded.codebook! };
}

describe.skipIf(!SHARED_OK)('NVivo 12 sample (pyqdpx oltas0517.qdpx)', () => {
  it('imports 152 codes and places all 303 coded selections, reading positions as UTF-16 units with CRLF as two', async () => {
    const input = await readRefiFile(NVIVO);
    expect(input.entry).toBe('project.qde');
    const project = importProject(input, 'nvivo.qdpx', { codebookId: 'nvivo', language: 'en' });
    expect(project.codebook.refiCodes).toBe(152);
    expect(project.statistics).toMatchObject({ sources: 2, sourcesSkipped: 0, selections: 303, selectionsPlaced: 303, selectionsSpanning: 0, codings: 303 });
    const coded = project.transcripts.find((transcript) => transcript.sourceName === 'videos_10_selected')!;
    expect(coded.reading).toMatchObject({ unit: 'utf-16', lineEndings: 'as-stored' });
    expect(coded.reading.fit / coded.reading.checked).toBeGreaterThan(0.95);
    expect(coded.paragraphMode).toBe('line');
    expect(project.diagnostics.some((d) => d.ruleId === 'offset-unit' && d.message.includes('UTF-16'))).toBe(true);
  });

  it('puts each selection\'s code on the segment that holds the selected text (UTF-16 slices taken independently here)', async () => {
    const input = await readRefiFile(NVIVO);
    const project = importProject(input, 'nvivo.qdpx', { codebookId: 'nvivo', language: 'en' });
    const document = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['TextSource', 'PlainTextSelection', 'Code'].includes(name) }).parse(
      readFileSync(join(SAMPLES, 'nvivo12-pyqdpx-oltas0517.project.qde'), 'utf8'),
    ).Project;
    const source = document.Sources.TextSource.find((item: any) => item.name === 'videos_10_selected');
    const raw = new TextDecoder().decode(input.texts.get(`${source.guid}.txt`)).replace(/^\uFEFF/, '');
    const transcript = project.transcripts.find((item) => item.sourceName === 'videos_10_selected')!;
    let checked = 0;
    for (const selection of source.PlainTextSelection) {
      // NVivo's reading (SOURCES.md): UTF-16 units of the text as stored (BOM skipped, CRLF kept).
      const selected = raw.slice(Number(selection.startPosition), Number(selection.endPosition)).replace(/\r\n/g, '\n').trim();
      const codeId = project.codebook.codeIds.get(selection.Coding.CodeRef.targetGUID.toLowerCase())!;
      const holders = transcript.segments.filter((segment) => segment.paragraphs.join('\n\n').includes(selected));
      expect(holders.some((segment) => [...segment.human.values()].some((codes) => codes.includes(codeId)))).toBe(true);
      checked++;
    }
    expect(checked).toBe(303);
  });

  it('imports end to end into a project folder that cocreate reads back', () => {
    const directory = join(temporaryDirectory(), 'nvivo');
    const result = runCli(['import', '--qdpx', NVIVO, '-o', directory]);
    ok(result);
    expect(result.stderr).toContain('152 codes; 2 sources → 2 transcripts');
    expect(result.stderr).toContain('303 of 303 coded selections placed');
    expect(result.stderr).toContain('positions read as UTF-16 units');
    const { themes, codes } = codebookCounts(readFileSync(join(directory, 'codebooks', 'nvivo12-pyqdpx-oltas0517.yaml'), 'utf8'));
    expect(themes + codes).toBe(152);
    expect(existsSync(join(directory, 'interviews', 'videos_10_selected.md'))).toBe(true);
    // Coders are the NVivo users' names, slugified.
    const markdown = readFileSync(join(directory, 'interviews', 'videos_10_selected.md'), 'utf8');
    expect(markdown).toMatch(/<!-- codes gergo: /);
    const counts = runCli(['code', '--source', 'gergo', '--format', 'json'], { cwd: directory });
    ok(counts);
  });
});

describe.skipIf(!SHARED_OK)('MAXQDA 24 sample (paper_themes project.qde)', () => {
  it('imports its 307 nested codes as a codebook (18 top-level codes with children → themes)', () => {
    const target = join(temporaryDirectory(), 'maxqda.yaml');
    const result = runCli(['import', '--qdc', MAXQDA, '-o', target]);
    ok(result);
    expect(result.stderr).toContain('Imported 307 codes');
    const { themes, codes, codebook } = codebookCounts(readFileSync(target, 'utf8'));
    // Independent count: top-level <Code> elements of the file.
    const top = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'Code' }).parse(readFileSync(MAXQDA, 'utf8')).Project.CodeBook.Codes.Code.length;
    expect(themes).toBe(top);
    expect(themes + codes).toBe(307);
    expect(codebook.themes[0]!.label).toBe('Additional Themes and Ideas');
    expect(codebook.themes[0]!.codes[0]!.definition).toBe("Apply this code when a study uses Gee's concept of affinity spaces.");
  });

  it('imports as a project without its texts: codebook written, each missing source a warning', () => {
    const directory = join(temporaryDirectory(), 'maxqda');
    const result = runCli(['import', '--qdpx', MAXQDA, '-o', directory]);
    ok(result);
    expect(result.stderr.match(/missing-source-text/g)).toHaveLength(10);
    expect(existsSync(join(directory, 'codebooks', 'maxqda24-paper-themes-project.yaml'))).toBe(true);
  });
});

describe.skipIf(!SHARED_OK)('recipe/minimal.qdpx (code points, é and 😀 before the second span)', () => {
  it('reads the spans as code points: 8–14 is "costly" and 18–30 "Time matters" (read as UTF-16, 18–30 would be "\\nTime matter")', async () => {
    const input = await readRefiFile(join(RECIPE, 'minimal.qdpx'));
    const source = input.document!.sources[0]!;
    const text = new TextDecoder().decode(input.texts.get(`${source.guid.toLowerCase()}.txt`));
    const reading = detectOffsetUnit(text, source.selections);
    expect(reading).toMatchObject({ unit: 'code-point', lineEndings: 'as-stored' });
    expect(source.selections.map((selection) => text.slice(reading.map(selection.start), reading.map(selection.end)))).toEqual(['costly', 'Time matters']);
    expect(text.slice(18, 30)).toBe('\nTime matter');
    expect(text.slice(19, 31)).toBe('Time matters');
  });

  it('becomes a transcript whose segments carry alice\'s codes, with the case and source variables as attributes', () => {
    const directory = join(temporaryDirectory(), 'minimal');
    const result = runCli(['import', '--qdpx', join(RECIPE, 'minimal.qdpx'), '-o', directory]);
    ok(result);
    const markdown = readFileSync(join(directory, 'interviews', 'interview-01.md'), 'utf8');
    const transcript = parseMarkdownTranscript(markdown, 'interview-01.md').transcript!;
    expect(transcript.attributes).toEqual({ case: 'Participant 01', Age: '42', Site: 'Clinic A' });
    expect(transcript.segments.map((segment) => [segment.speaker, segment.text, segment.human.map((h) => [h.coder, h.codes])])).toEqual([
      ['respondent', 'Café is costly 😀.', [['alice', ['barriers.cost']]]],
      ['respondent', 'Time matters.', [['alice', ['barriers.time-effort']]]],
    ]);
    const { codebook } = codebookCounts(readFileSync(join(directory, 'codebooks', 'minimal.yaml'), 'utf8'));
    expect(codebook.themes.map((theme) => [theme.id, theme.label, theme.codes.map((code) => [code.name, code.label])])).toEqual([
      ['barriers', 'Barriers', [['cost', 'Cost'], ['time-effort', 'Time & effort']]],
    ]);
    expect(result.stderr).toContain('2 of 2 coded selections placed');
    // The codes have no rules yet: validate says so as warnings, not errors.
    const validation = runCli(['validate'], { cwd: directory });
    expect(validation.status).toBe(0);
    expect(validation.stdout.match(/missing-language-rules/g)).toHaveLength(2);
  });

  it('reads the unzipped build/project.qde with its sources/ folder the same way', () => {
    const directory = join(temporaryDirectory(), 'build');
    const result = runCli(['import', '--qdpx', join(RECIPE, 'build', 'project.qde'), '-o', directory]);
    ok(result);
    expect(result.stderr).toContain('2 of 2 coded selections placed');
    expect(readFileSync(join(directory, 'interviews', 'interview-01.md'), 'utf8')).toContain('**respondent:** Time matters.\n<!-- codes alice: barriers.time-effort -->');
  });
});

describe.skipIf(!SHARED_OK)('codebooks from other tools (--qdc)', () => {
  const cases: [string, string, number, [string, string[]][]][] = [
    ['ATLAS.ti 23 (requal test)', join(SAMPLES, 'atlasti-23.4.0-requal-test.qdc'), 1, [['codes', ['code1']]]],
    ['Taguette 1.4.1, empty <Sets/>', join(SAMPLES, 'taguette-1.4.1-uto_tag-codebook.qdc'), 3, [['codes', ['xsd-element-name', 'codebook', 'variables']]]],
    // Folders (isCodable="false") become themes; flat codable codes go to the theme `codes`.
    ['spec 1.5 Annex A.1, braced GUIDs', join(SAMPLES, 'spec-1.5-annexA1-codebook.qdc'), 6, [['topics', []], ['codes', ['economy', 'health-care', 'conservatives', 'liberals']], ['values', []]]],
    ['recipe/minimal.qdc', join(RECIPE, 'minimal.qdc'), 3, [['barriers', ['cost', 'time-effort']]]],
    ['f4 2025 project.qde', F4, 1, [['codes', ['dies-ist-ein-test-code']]]],
    ['NVivo 12 .qdpx (its codebook)', NVIVO, 152, []],
  ];

  it.each(cases)('%s', (_name, file, refiCodes, expected) => {
    const target = join(temporaryDirectory(), 'imported.yaml');
    const result = runCli(['import', '--qdc', file, '-o', target]);
    ok(result);
    expect(result.stderr).toContain(`Imported ${refiCodes} code`);
    const { themes, codes, codebook } = codebookCounts(readFileSync(target, 'utf8'));
    expect(themes + codes).toBe(refiCodes);
    if (expected.length > 0) expect(codebook.themes.map((theme) => [theme.id, theme.codes.map((code) => code.name)])).toEqual(expected);
  });

  it('keeps descriptions as definitions (ATLAS.ti code1: "description")', () => {
    const result = runCli(['import', '--qdc', join(SAMPLES, 'atlasti-23.4.0-requal-test.qdc')]);
    ok(result);
    expect(result.stdout).toContain('definition: description');
  });
});

// ---------------------------------------------------------------- leniency, on archives built here

/** A project.qde for one text source with the given selections (each coded with code c1 by user u1). */
function projectXml(options: { namespace?: string; selections: [number, number][]; path?: string }): string {
  const selections = options.selections
    .map(
      ([start, end], k) =>
        `<PlainTextSelection guid="00000000-0000-4000-8000-0000000001${String(k).padStart(2, '0')}" startPosition="${start}" endPosition="${end}"><Coding guid="00000000-0000-4000-8000-0000000002${String(k).padStart(2, '0')}" creatingUser="00000000-0000-4000-8000-000000000003"><CodeRef targetGUID="{00000000-0000-4000-8000-000000000004}"/></Coding></PlainTextSelection>`,
    )
    .join('');
  return `\uFEFF<?xml version="1.0" encoding="utf-8"?>\r\n<Project xmlns="${options.namespace ?? 'urn:QDA-XML:project:1.0'}" name="Lenient"><Users><User guid="00000000-0000-4000-8000-000000000003" name="María José"/></Users><CodeBook><Codes><Code guid="00000000-0000-4000-8000-000000000004" name="Café" isCodable="1"/></Codes></CodeBook><Sources><TextSource guid="00000000-0000-4000-8000-000000000005" name="Entrevista 1.docx" plainTextPath="internal://${options.path ?? '00000000-0000-4000-8000-000000000005.txt'}">${selections}</TextSource></Sources><Sets/></Project>`;
}

/** BOM, CRLF, accents, a non-BMP emoji and a skin-tone modifier (two code points, four UTF-16 units). */
const TEXT = 'Primera línea 😀 con café.\r\nSegunda línea 👍🏽 termina aquí.\r\n';

/** Offsets of `word` in TEXT, counted independently: UTF-16 units (String indexes) and code points (Array.from). */
function offsets(word: string, unit: 'utf-16' | 'code-point'): [number, number] {
  const start = TEXT.indexOf(word);
  if (unit === 'utf-16') return [start, start + word.length];
  const points = Array.from(TEXT.slice(0, start)).length;
  return [points, points + Array.from(word).length];
}

function archive(entries: Record<string, string>): Uint8Array {
  const encoder = new TextEncoder();
  return zipSync(Object.fromEntries(Object.entries(entries).map(([name, text]) => [name, encoder.encode(text)])));
}

describe('leniency (issue 6: "import leniently, detect the offset unit")', () => {
  const words = ['café', 'termina aquí'];

  it.each([['utf-16'], ['code-point']] as const)('detects positions counted in %s in a BOM + CRLF text inside Sources/ of a .qdpx with an odd .qde name', (unit) => {
    const qde = projectXml({ namespace: 'urn:QDA-XML:project:0:4', selections: words.map((word) => offsets(word, unit)) });
    const bytes = archive({ 'Mi proyecto.qde': qde, 'Sources/00000000-0000-4000-8000-000000000005.txt': `\uFEFF${TEXT}` });
    const input = readRefiArchive(bytes, 'lenient.qdpx');
    expect(input.entry).toBe('Mi proyecto.qde');
    expect(input.diagnostics).toEqual([]);
    const project = importProject(input, 'lenient.qdpx', { codebookId: 'lenient', language: 'es' });
    const [transcript] = project.transcripts;
    expect(transcript!.reading).toMatchObject({ unit, lineEndings: 'as-stored' });
    expect(transcript!.id).toBe('entrevista-1');
    expect(transcript!.segments.map((segment) => [segment.paragraphs, Object.fromEntries(segment.human)])).toEqual([
      [['Primera línea 😀 con café.'], { 'maria-jose': ['codes.cafe'] }],
      [['Segunda línea 👍🏽 termina aquí.'], { 'maria-jose': ['codes.cafe'] }],
    ]);
  });

  it('reads prefixed elements (qda:CodeBook) and upper-case braced GUIDs', () => {
    const parsed = parseRefiXml(
      '<qda:CodeBook xmlns:qda="urn:QDA-XML:codebook:1.0"><qda:Codes><qda:Code guid="{ABCDEF00-0000-4000-8000-000000000001}" name="Uno" isCodable="true"><qda:Description>Primero</qda:Description></qda:Code></qda:Codes></qda:CodeBook>',
      'prefixed.qdc',
    );
    expect(parsed.diagnostics).toEqual([]);
    const imported = importCodebook(parsed.document!.codes, { id: 'x' });
    expect(imported.codebook.themes).toEqual([{ id: 'codes', label: 'Codes', description: 'Codes that had no parent code in the imported codebook.', codes: [{ id: 'uno', label: 'Uno', definition: 'Primero' }] }]);
    expect(imported.codeIds.get('abcdef00-0000-4000-8000-000000000001')).toBe('codes.uno');
  });

  it('flattens deeper nesting into the theme, keeping the path in the label, with unique ids', () => {
    const parsed = parseRefiXml(
      `<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="00000000-0000-4000-8000-000000000001" name="Barreras" isCodable="false">
        <Code guid="00000000-0000-4000-8000-000000000002" name="Coste" isCodable="true"><Code guid="00000000-0000-4000-8000-000000000003" name="Licencias" isCodable="true"/></Code>
        <Code guid="00000000-0000-4000-8000-000000000004" name="Tiempo" isCodable="true"><Code guid="00000000-0000-4000-8000-000000000005" name="Coste" isCodable="true"/></Code>
      </Code></Codes></CodeBook>`,
      'nested.qdc',
    );
    const imported = importCodebook(parsed.document!.codes, { id: 'x' });
    expect(imported.codebook.themes[0]!.codes.map((code) => [code.id, code.label])).toEqual([
      ['coste', 'Coste'],
      ['licencias', 'Coste › Licencias'],
      ['tiempo', 'Tiempo'],
      ['coste-2', 'Tiempo › Coste'],
    ]);
  });

  it('reports a file that is not REFI-QDA (exit 1, rule not-refi-qda)', () => {
    const file = join(temporaryDirectory(), 'other.xml');
    writeFileSync(file, '<html><body/></html>');
    const result = runCli(['import', '--qdc', file]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('not-refi-qda');
  });

  it.skipIf(!SHARED_OK)('refuses a codebook given to --qdpx (exit 2)', () => {
    const result = runCli(['import', '--qdpx', join(RECIPE, 'minimal.qdc'), '-o', temporaryDirectory()]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('import it with --qdc');
  });
});

describe.skipIf(!SHARED_OK)('import never overwrites without --force', () => {
  it('--qdpx: a second import into the same folder fails before writing anything; --force replaces', () => {
    const directory = join(temporaryDirectory(), 'twice');
    ok(runCli(['import', '--qdpx', join(RECIPE, 'minimal.qdpx'), '-o', directory]));
    const target = join(directory, 'interviews', 'interview-01.md');
    writeFileSync(target, 'edited by hand');
    const again = runCli(['import', '--qdpx', join(RECIPE, 'minimal.qdpx'), '-o', directory]);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('already exist');
    expect(readFileSync(target, 'utf8')).toBe('edited by hand');
    ok(runCli(['import', '--qdpx', join(RECIPE, 'minimal.qdpx'), '-o', directory, '--force']));
    expect(readFileSync(target, 'utf8')).toContain('**respondent:** Café is costly');
  });

  it('--qdc -o FILE: the same rule', () => {
    const target = join(temporaryDirectory(), 'codebook.yaml');
    writeFileSync(target, 'mine');
    expect(runCli(['import', '--qdc', join(RECIPE, 'minimal.qdc'), '-o', target]).status).toBe(2);
    expect(readFileSync(target, 'utf8')).toBe('mine');
    ok(runCli(['import', '--qdc', join(RECIPE, 'minimal.qdc'), '-o', target, '--force']));
    expect(readFileSync(target, 'utf8')).toContain('time-effort');
  });
});

describe('--mark-reviewed', () => {
  it('records every coder of a source on all its segments (empty list = reviewed, no code)', () => {
    const qde = projectXml({ selections: [offsets('café', 'code-point')] });
    const input = readRefiArchive(archive({ 'project.qde': qde, 'sources/00000000-0000-4000-8000-000000000005.txt': TEXT }), 'one.qdpx');
    const humanOf = (markReviewed: boolean) =>
      importProject(input, 'one.qdpx', { codebookId: 'm', language: 'es', markReviewed }).transcripts[0]!.segments.map((segment) => Object.fromEntries(segment.human));
    expect(humanOf(false)).toEqual([{ 'maria-jose': ['codes.cafe'] }, {}]);
    expect(humanOf(true)).toEqual([{ 'maria-jose': ['codes.cafe'] }, { 'maria-jose': [] }]);
  });
});

describe('paragraphs and speaker labels in other tools\' texts', () => {
  const interview = 'Entrevista piloto: notas\nI: ¿Cómo empezó?\nR: Con poco dinero.\nY mucho tiempo.\nI: ¿Y después?\nR: Mejor.\n';
  const input = (text: string) => {
    const qde = projectXml({ selections: [] });
    return readRefiArchive(archive({ 'project.qde': qde, 'sources/00000000-0000-4000-8000-000000000005.txt': text }), 'labels.qdpx');
  };
  const turns = (text: string, options: { speakerLabels?: boolean; paragraphs?: 'line' | 'blank-line' }) =>
    importProject(input(text), 'labels.qdpx', { codebookId: 'l', language: 'es', ...options }).transcripts[0]!.segments.map((segment) => [segment.speaker, segment.paragraphs.join(' / ')]);

  it('one segment per line, all "respondent", when the text has no blank lines and labels are not asked for', () => {
    expect(turns(interview, {})).toEqual([
      ['respondent', 'Entrevista piloto: notas'],
      ['respondent', 'I: ¿Cómo empezó?'],
      ['respondent', 'R: Con poco dinero.'],
      ['respondent', 'Y mucho tiempo.'],
      ['respondent', 'I: ¿Y después?'],
      ['respondent', 'R: Mejor.'],
    ]);
  });

  it('--speaker-labels: labels that start two paragraphs or more start turns; a line without one continues the turn; a one-off "Title: …" is not a speaker', () => {
    expect(turns(interview, { speakerLabels: true })).toEqual([
      ['respondent', 'Entrevista piloto: notas'],
      ['I', '¿Cómo empezó?'],
      ['R', 'Con poco dinero. / Y mucho tiempo.'],
      ['I', '¿Y después?'],
      ['R', 'Mejor.'],
    ]);
  });

  it('blank-line paragraphs when blank lines separate at least one line in ten (auto), or when asked', () => {
    const wrapped = 'Primer párrafo,\npartido en dos líneas.\n\nSegundo párrafo.\n\n\nTercero.';
    expect(turns(wrapped, {})).toEqual([
      ['respondent', 'Primer párrafo,\npartido en dos líneas.'],
      ['respondent', 'Segundo párrafo.'],
      ['respondent', 'Tercero.'],
    ]);
    expect(turns(wrapped, { paragraphs: 'line' })).toHaveLength(4);
    expect(turns(interview, { paragraphs: 'blank-line' })).toHaveLength(1);
  });
});
