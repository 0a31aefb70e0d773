/**
 * Issue 15: round trips through another QDA tool lose nothing. A project is
 * exported by cocreate, changed as QualCoder 4.0 changes it when it imports
 * and exports it again, and imported back; the result must equal a direct
 * export → import. The "QualCoder-like" file is written here from the
 * issue's description (no QualCoder output is copied):
 * - another `origin` and its own GUIDs (upper case, another layout) for
 *   everything, sources renamed with them;
 * - the TextSource Description kept verbatim (cocreate's `speakers:` and
 *   `interviewers:` lines);
 * - the plain texts written with CRLF, positions counted either in the
 *   LF text (as QualCoder's database holds it) or in the CRLF text;
 * - a case whose SourceRef points at no source, and one with a good and a
 *   dangling reference;
 * - a non-codable sub-folder (with a non-codable folder inside it) under a
 *   theme, with colours of its own.
 *
 * The project: the fixture of test/fixtures/refi-qda (a YAML transcript, a
 * CRLF Markdown transcript with emoji and a two-paragraph turn) plus
 * mod-01.yaml, written here with CRLF line endings and emoji, whose
 * interviewer is called "moderator" (declared in `interviewers:`).
 */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import { unzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CodingRecord } from '../../src/analyze/codings.js';
import { parseCodebook } from '../../src/load/codebook.js';
import { importCodebook, importProject } from '../../src/load/refi-import.js';
import { buildTranscript } from '../../src/load/transcript-builder.js';
import { parseRefiXml } from '../../src/load/refi-qda.js';
import type { Codebook } from '../../src/model/codebook.js';
import type { Transcript } from '../../src/model/transcript.js';
import { codebookColors, guidOf, renderProject } from '../../src/render/refi-qda.js';
import { taguetteCodebookTable } from '../../src/render/taguette.js';
import { runCli, type CliResult } from '../helpers/cli.js';
import { CODEBOOK_XSD, PROJECT_XSD, REFI_FIXTURE, loadFolder, ok, readBytes, hasShared, hasXmllint, temporaryDirectory, validateWithXmllint } from './helpers.js';

// Schema checks need ../shared/refi-qda and xmllint; without them (outside CI) only those assertions are skipped.
const SCHEMAS_OK = hasShared('REFI-QDA schema checks of the QualCoder-like round trip') && hasXmllint('REFI-QDA schema checks of the QualCoder-like round trip');
const CODEBOOK = join(REFI_FIXTURE, 'codebooks', 'barriers.yaml');
const decoder = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

/** mod-01: a YAML transcript with CRLF line endings, emoji (💶 😀 👍🏽), an interviewer named "moderator" and a two-paragraph answer. */
const MOD_01 = [
  'id: mod-01',
  'language: en',
  'coder: dana',
  'interviewers: [moderator]',
  'unit: Digital Office',
  'turns:',
  '  - speaker: moderator',
  '    text: "What did it cost? 💶 Was it costly for citizens?"',
  '  - speaker: respondent',
  '    text: "It was costly 😀 at first.\\n\\nLater, time mattered more."',
  '    codes: [barriers.cost, barriers.time]',
  '  - speaker: moderator',
  '    text: "And the citizens?"',
  '  - speaker: respondent',
  '    text: "Citizens noticed 👍🏽."',
  '    codes: [people.citizens]',
  '',
].join('\r\n');

/** A project folder: the fixture's codebook and transcripts, plus mod-01.yaml. */
function makeProject(): string {
  const directory = temporaryDirectory('cocreate-qualcoder-');
  mkdirSync(join(directory, 'codebooks'));
  mkdirSync(join(directory, 'interviews'));
  copyFileSync(CODEBOOK, join(directory, 'codebooks', 'barriers.yaml'));
  for (const name of readdirSync(join(REFI_FIXTURE, 'interviews'))) copyFileSync(join(REFI_FIXTURE, 'interviews', name), join(directory, 'interviews', name));
  writeFileSync(join(directory, 'interviews', 'mod-01.yaml'), MOD_01);
  return directory;
}

const GUID = /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/g;

interface QualCoderLike {
  /** Positions counted in the LF text (QualCoder's database) or in the CRLF text written. */
  positions: 'lf' | 'crlf';
  /** Drop each TextSource's Description (a tool that does not keep it). */
  dropDescriptions?: boolean;
  /** Add the cases with dangling references and the non-codable sub-folders. */
  extras?: boolean;
}

/** A GUID of "the other tool": upper case, version 4 layout, derived from ours so that the file is the same on every run. */
function otherGuid(guid: string): string {
  const hex = createHash('sha256').update(`qualcoder:${guid.toLowerCase()}`).digest('hex').toUpperCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-A${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** cocreate's .qdpx → what another tool (QualCoder-like, see the module comment) writes after importing and exporting it. */
function qualcoderLike(qdpx: Uint8Array, options: QualCoderLike): Uint8Array {
  const entries = unzipSync(qdpx);
  const texts = new Map<string, string>();
  for (const [name, bytes] of Object.entries(entries)) {
    const match = /^sources\/(.+)\.txt$/.exec(name);
    if (match) texts.set(match[1]!, decoder.decode(bytes));
  }
  let qde = decoder.decode(entries['project.qde']!);
  qde = qde.replace(/ origin="cocreate [^"]*"/, ' origin="QualCoder 4.0"');
  qde = qde.replace(/<TextSource\b[^>]*plainTextPath="internal:\/\/([0-9a-f-]+)\.txt"[^>]*>[\s\S]*?<\/TextSource>/g, (block, guid: string) => {
    let out = block;
    if (options.positions === 'crlf') {
      // Each position moves by the number of line breaks before it (each gains a CR).
      const points = Array.from(texts.get(guid)!);
      const breaksBefore = [0];
      for (const point of points) breaksBefore.push(breaksBefore.at(-1)! + (point === '\n' ? 1 : 0));
      out = out.replace(/(startPosition|endPosition)="(\d+)"/g, (_all, name: string, value: string) => `${name}="${Number(value) + breaksBefore[Number(value)]!}"`);
    }
    if (options.dropDescriptions) out = out.replace(/\s*<Description>[^<]*<\/Description>/, '');
    return out;
  });
  if (options.extras) {
    const folder = [
      `<Code guid="${guidOf.code('qc:money')}" name="Money" isCodable="false" color="#3366FF">`,
      `  <Code guid="${guidOf.code('qc:licences')}" name="Licences" isCodable="true" color="#3399FF"/>`,
      `  <Code guid="${guidOf.code('qc:grants')}" name="Grants" isCodable="false">`,
      `    <Code guid="${guidOf.code('qc:eu-funds')}" name="EU funds" isCodable="true" color="#abc"/>`,
      '  </Code>',
      '</Code>',
    ].join('\n');
    qde = qde.replace(new RegExp(`(<Code guid="${guidOf.theme('barriers')}"[^>]*>\\s*<Description>[^<]*</Description>)`), `$1\n${folder}`);
    qde = qde.replace('</Variables>', `  <Variable guid="${guidOf.variable('qc:site')}" name="site" typeOfVariable="Text"/>\n  </Variables>`);
    const value = (site: string) => `<VariableValue><VariableRef targetGUID="${guidOf.variable('qc:site')}"/><TextValue>${site}</TextValue></VariableValue>`;
    const cases = [
      '<Cases>',
      `<Case guid="${guidOf.source('qc:case-ana')}" name="Ana (QualCoder case)">${value('Madrid')}<SourceRef targetGUID="${guidOf.source('es-01')}"/><SourceRef targetGUID="${guidOf.source('qc:deleted-source')}"/></Case>`,
      `<Case guid="${guidOf.source('qc:case-ghost')}" name="Ghost">${value('Nowhere')}<SourceRef targetGUID="${guidOf.source('qc:never-existed')}"/></Case>`,
      '</Cases>',
    ].join('\n');
    qde = qde.replace('<Sources>', `${cases}\n  <Sources>`);
  }
  qde = qde.replace(GUID, otherGuid);
  const out: Record<string, Uint8Array> = { 'project.qde': encoder.encode(qde) };
  for (const [guid, text] of texts) out[`sources/${otherGuid(guid)}.txt`] = encoder.encode(text.replace(/\n/g, '\r\n'));
  return zipSync(out, { level: 6 });
}

/** What must survive (as in round-trip.test.ts); the attributes the QualCoder-like cases add are left out. */
function comparable(transcript: Transcript) {
  return {
    id: transcript.id,
    language: transcript.language,
    illustrative: transcript.illustrative,
    attributes: Object.entries(transcript.attributes)
      .filter(([name]) => name !== 'case' && name !== 'site')
      .sort(),
    plainText: transcript.plainText,
    segments: transcript.segments.map((segment) => [segment.index, segment.speaker, segment.interviewer, segment.text, segment.start, segment.end]),
  };
}

const codingKey = (record: CodingRecord) => JSON.stringify([record.interview, record.segment, record.code, record.source, record.start, record.end]);

function codings(cwd: string, source: string, codebook?: string): CodingRecord[] {
  return JSON.parse(ok(runCli(['code', '--codings', '--source', source, '--format', 'json', ...(codebook ? ['--codebook', codebook] : [])], { cwd })).stdout) as CodingRecord[];
}

function importInto(qdpx: string, directory: string, extra: string[] = []): CliResult {
  return runCli(['import', '--qdpx', qdpx, '-o', directory, ...extra]);
}

describe('cocreate → QualCoder-like re-export → cocreate equals a direct round trip (issue 15, item 1)', () => {
  let project: string;
  let work: string;
  let qdpx: string;
  let direct: string;

  beforeAll(() => {
    project = makeProject();
    work = temporaryDirectory();
    qdpx = join(work, 'project.qdpx');
    ok(runCli(['export', '--qdpx', qdpx], { cwd: project }));
    direct = join(work, 'direct');
    expect(ok(importInto(qdpx, direct)).stderr).toContain('3 sources → 3 transcripts, 10 segments');
  });

  it('the direct round trip gives back the original transcripts (mod-01 included: moderator an interviewer, the two-paragraph turn one segment)', () => {
    const original = loadFolder(join(project, 'interviews'));
    expect(loadFolder(join(direct, 'interviews')).map(comparable)).toEqual(original.map(comparable));
    const mod = original.find((transcript) => transcript.id === 'mod-01')!;
    expect(mod.segments.map((segment) => [segment.speaker, segment.interviewer])).toEqual([
      ['moderator', true],
      ['respondent', false],
      ['moderator', true],
      ['respondent', false],
    ]);
  });

  it.each(['lf', 'crlf'] as const)('with positions counted in the %s text: same transcripts, segments, codings and counts', (positions) => {
    const other = join(work, `qualcoder-${positions}.qdpx`);
    const bytes = qualcoderLike(readBytes(qdpx), { positions, extras: true });
    writeFileSync(other, bytes);
    const qde = decoder.decode(unzipSync(bytes)['project.qde']!);
    // The fixture really is another tool's: its origin, none of our GUIDs, CRLF texts; and it is valid.
    expect(qde).toContain('origin="QualCoder 4.0"');
    expect(qde).not.toContain(guidOf.source('es-01'));
    if (SCHEMAS_OK) expect(validateWithXmllint(qde, PROJECT_XSD, 'project.qde').valid).toBe(true);
    const imported = join(work, `imported-${positions}`);
    const result = importInto(other, imported);
    expect(result.stderr).toContain('3 sources → 3 transcripts, 10 segments');
    expect(result.stderr).not.toContain('speakers-unknown');
    expect(result.status, result.stderr).toBe(0); // the dangling case references are warnings (tested below); only errors make it 1

    expect(loadFolder(join(imported, 'interviews')).map(comparable)).toEqual(loadFolder(join(direct, 'interviews')).map(comparable));
    // Human codings, per coder, with offsets; the rules' codings are not made a human coder.
    expect(codings(imported, 'manual', CODEBOOK).map(codingKey).sort()).toEqual(codings(direct, 'manual', CODEBOOK).map(codingKey).sort());
    expect(new Set(codings(imported, 'manual', CODEBOOK).map((record) => record.source))).toEqual(new Set(['alice', 'bob', 'carol', 'dana']));
    // Counts: the frequency tables of every coder, and of the rules re-coding with the original codebook.
    for (const source of ['alice', 'bob', 'carol', 'dana', 'auto']) {
      const before = ok(runCli(['code', '--source', source, '--format', 'csv', '--codebook', CODEBOOK], { cwd: direct })).stdout;
      expect(ok(runCli(['code', '--source', source, '--format', 'csv', '--codebook', CODEBOOK], { cwd: imported })).stdout).toBe(before);
    }
    expect(codings(imported, 'auto', CODEBOOK).map(codingKey).sort()).toEqual(codings(project, 'auto').map(codingKey).sort());
  });

  it('reads the speakers from a Description in cocreate\'s form whatever the origin, and keeps `interviewers:` with --speaker-labels too', () => {
    const other = join(work, 'qualcoder-labels.qdpx');
    writeFileSync(other, qualcoderLike(readBytes(qdpx), { positions: 'lf' }));
    for (const flags of [[], ['--speaker-labels']]) {
      const imported = join(work, `labels${flags.length}`);
      ok(importInto(other, imported, flags));
      const mod = loadFolder(join(imported, 'interviews')).find((transcript) => transcript.id === 'mod-01')!;
      expect(mod.segments.map((segment) => [segment.speaker, segment.interviewer])).toEqual([
        ['moderator', true],
        ['respondent', false],
        ['moderator', true],
        ['respondent', false],
      ]);
      expect(readFileSync(join(imported, 'interviews', 'mod-01.md'), 'utf8')).toContain('interviewers:');
    }
  });

  it('says so, naming the source and --speaker-labels, when a source does not say who speaks; --speaker-labels then reads the labels', () => {
    const other = join(work, 'qualcoder-no-description.qdpx');
    writeFileSync(other, qualcoderLike(readBytes(qdpx), { positions: 'lf', dropDescriptions: true }));
    const result = ok(importInto(other, join(work, 'unlabelled')));
    for (const name of ['en-01', 'es-01', 'mod-01']) expect(result.stderr).toMatch(new RegExp(`Source "${name}": \\d+ of \\d+ paragraphs start with what looks like a speaker label`));
    expect(result.stderr).toContain('--speaker-labels');
    expect(result.stderr).toContain('speakers-unknown');
    const unlabelled = loadFolder(join(work, 'unlabelled', 'interviews'));
    expect(unlabelled.find((transcript) => transcript.id === 'es-01')!.segments.every((segment) => segment.speaker === 'respondent')).toBe(true);

    const labelled = importInto(other, join(work, 'labelled'), ['--speaker-labels']);
    ok(labelled);
    const es = loadFolder(join(work, 'labelled', 'interviews')).find((transcript) => transcript.id === 'es-01')!;
    const original = loadFolder(join(project, 'interviews')).find((transcript) => transcript.id === 'es-01')!;
    // Default interviewer names (Entrevistadora) still work without the Description; the two-paragraph turn stays one segment.
    expect(comparable(es).segments).toEqual(comparable(original).segments);
  });
});

describe('positions after another tool (property, issue 15)', () => {
  const point = { line: 1, column: 1 };
  const codebook: Codebook = {
    id: 'p',
    languages: ['en'],
    file: 'p.yaml',
    themes: [{ id: 't', label: 'T', at: point, codes: ['a', 'b'].map((name) => ({ id: `t.${name}`, theme: 't', name, label: name, examples: [], counterExamples: [], rules: {}, rulesAt: {}, at: point })) }],
  };
  const word = fc.constantFrom('a', 'bb', 'café', '😀', '👍🏽', 'x:', 'hello', 'the', '—', 'Ana', 'e\u0301');
  const paragraph = fc.array(word, { minLength: 1, maxLength: 5 }).map((words) => words.join(' '));
  const turns = fc.array(fc.record({ speaker: fc.constantFrom('interviewer', 'respondent', 'Ana María'), paragraphs: fc.array(paragraph, { minLength: 1, maxLength: 2 }) }), { minLength: 1, maxLength: 5 });

  it('codes land on the same segments whether positions count the LF or the CRLF text, or UTF-16 units (few selections, short texts)', () => {
    fc.assert(
      fc.property(turns, fc.array(fc.record({ turn: fc.nat(), code: fc.constantFrom('t.a', 't.b') }), { minLength: 1, maxLength: 3 }), fc.constantFrom('lf', 'crlf', 'utf16'), (spec, picks, mode) => {
        const built = buildTranscript({ file: 'x.md', format: 'markdown', meta: { id: 'x', language: 'en' }, metaAt: {}, metaStart: point, turns: spec.map((turn) => ({ speaker: turn.speaker, text: turn.paragraphs.join('\n\n'), at: point, endLine: 1, human: [] })) });
        const transcript = built.transcript!;
        const expected = new Set<string>();
        const records: CodingRecord[] = [];
        for (const pick of picks) {
          const segment = transcript.segments[pick.turn % transcript.segments.length]!;
          if (expected.has(`${segment.index}|${pick.code}`)) continue;
          expected.add(`${segment.index}|${pick.code}`);
          records.push({ interview: 'x', file: 'x.md', line: 1, segment: segment.index, code: pick.code, theme: 't', source: 'alice', start: segment.start, end: segment.end, terms: [], attributes: {} });
        }
        const rendered = renderProject({ codebook, transcripts: [transcript], codings: records, name: 'p', origin: 'Other tool 1.0', offsets: mode === 'utf16' ? 'utf-16' : 'code-point' });
        const [path, text] = [...rendered.sources][0]!;
        let qde = rendered.qde;
        if (mode === 'crlf') {
          const breaksBefore = [0];
          for (const char of Array.from(text)) breaksBefore.push(breaksBefore.at(-1)! + (char === '\n' ? 1 : 0));
          qde = qde.replace(/(startPosition|endPosition)="(\d+)"/g, (_all, name: string, value: string) => `${name}="${Number(value) + breaksBefore[Number(value)]!}"`);
        }
        const stored = mode === 'utf16' ? text : text.replace(/\n/g, '\r\n');
        const texts = new Map([[path.slice('sources/'.length).toLowerCase(), encoder.encode(stored)]]);
        const project = importProject({ document: parseRefiXml(qde, 'p.qde').document, texts, diagnostics: [] }, 'p.qdpx', { codebookId: 'p', language: 'en' });
        const imported = project.transcripts[0]!;
        expect(imported.segments).toHaveLength(transcript.segments.length);
        const actual = new Set(imported.segments.flatMap((segment, index) => (segment.human.get('alice') ?? []).map((code) => `${index}|${code}`)));
        expect(actual).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});

describe('coders (issue 15, item 2)', () => {
  let project: string;
  beforeAll(() => {
    project = makeProject();
  });

  const usersOf = (qde: string) => [...qde.matchAll(/<User guid="([^"]+)" name="([^"]+)"/g)].map((match) => match[2]);
  const selectionUsers = (qde: string) => new Set([...qde.matchAll(/<PlainTextSelection [^>]*creatingUser="([^"]+)"/g)].map((match) => match[1]));
  function exportQde(args: string[]): string {
    const target = join(temporaryDirectory(), 'p.qdpx');
    ok(runCli(['export', '--qdpx', target, ...args], { cwd: project }));
    return decoder.decode(unzipSync(readBytes(target))['project.qde']!);
  }

  it('lists the human coders first and the rules last, as "cocreate rules"', () => {
    expect(usersOf(exportQde([]))).toEqual(['alice', 'bob', 'carol', 'dana', 'cocreate rules']);
  });

  it.each([
    ['manual', ['alice', 'bob', 'carol', 'dana']],
    ['auto', ['cocreate rules']],
    ['alice', ['alice']],
  ])('--source %s exports only those codings and users', (source, users) => {
    const qde = exportQde(['--source', source]);
    expect(usersOf(qde)).toEqual(users);
    const coders = source === 'manual' ? users : source === 'auto' ? ['auto'] : users;
    expect(selectionUsers(qde)).toEqual(new Set(coders.map(guidOf.user)));
    if (source !== 'auto') expect(qde).not.toContain('Matched:');
  });
});

describe('colours (issue 15, item 3)', () => {
  const hsl = (hex: string) => {
    // Independent of the exporter: the usual RGB → HSL formulas.
    const [r, g, b] = [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16) / 255) as [number, number, number];
    const max = Math.max(r, g, b);
    const min = Math.min(r, g, b);
    const l = (max + min) / 2;
    const d = max - min;
    let h = 0;
    if (d > 0) h = max === r ? 60 * (((g - b) / d + 6) % 6) : max === g ? 60 * ((b - r) / d + 2) : 60 * ((r - g) / d + 4);
    return { h, l };
  };
  const hueDistance = (a: number, b: number) => Math.min(Math.abs(a - b), 360 - Math.abs(a - b));

  it('exports #RRGGBB colours: each theme a hue, its codes shades of it, the same on every export; valid for both schemas', () => {
    const directory = temporaryDirectory();
    ok(runCli(['export', '--qdc', join(directory, 'a.qdc'), '--codebook', CODEBOOK]));
    ok(runCli(['export', '--qdc', join(directory, 'b.qdc'), '--codebook', CODEBOOK]));
    const qdc = readFileSync(join(directory, 'a.qdc'), 'utf8');
    expect(readFileSync(join(directory, 'b.qdc'), 'utf8')).toBe(qdc);
    if (SCHEMAS_OK) expect(validateWithXmllint(qdc, CODEBOOK_XSD, 'a.qdc').valid).toBe(true);
    const codes = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'Code' }).parse(qdc).CodeBook.Codes.Code;
    const [barriers, people] = codes;
    for (const code of [barriers, people, ...barriers.Code, ...people.Code]) expect(code.color).toMatch(/^#[0-9A-F]{6}$/);
    expect(hueDistance(hsl(barriers.color).h, hsl(people.color).h)).toBeGreaterThan(60);
    for (const theme of [barriers, people]) for (const code of theme.Code) expect(hueDistance(hsl(code.color).h, hsl(theme.color).h)).toBeLessThan(3);
    // Shades from dark to light within a theme.
    expect(hsl(barriers.Code[0].color).l).toBeLessThan(hsl(barriers.Code[1].color).l);
  });

  it('uses the codebook\'s `color:` for a theme (its codes take its hue) and for a code', () => {
    const codebook = parseCodebook(
      ['id: c', 'themes:', '  - id: t', '    color: "#1f77b4"', '    codes:', '      - id: a', '      - id: b', '        color: "#D62728"', '  - id: u', '    codes: [{ id: x }]'].join('\n'),
      'c.yaml',
    ).codebook!;
    const colors = codebookColors(codebook);
    expect(colors.get('t')).toBe('#1F77B4');
    expect(colors.get('t.b')).toBe('#D62728');
    expect(hueDistance(hsl(colors.get('t.a')!).h, hsl('#1F77B4').h)).toBeLessThan(3);
    expect(colors.get('u.x')).toMatch(/^#[0-9A-F]{6}$/);
  });

  it('rejects a colour that is not #RRGGBB, with the line', () => {
    const loaded = parseCodebook(['id: c', 'themes:', '  - id: t', '    codes:', '      - id: a', '        color: red'].join('\n'), 'c.yaml');
    expect(loaded.codebook).toBeUndefined();
    const error = loaded.diagnostics.find((d) => d.ruleId === 'codebook-schema')!;
    expect(error.message).toContain('#RRGGBB');
    expect(error.line).toBe(6);
  });

  it('import keeps the colours it reads (written into the codebook YAML); #RGB becomes #RRGGBB', () => {
    const project = makeProject();
    const work = temporaryDirectory();
    ok(runCli(['export', '--qdpx', join(work, 'p.qdpx')], { cwd: project }));
    writeFileSync(join(work, 'q.qdpx'), qualcoderLike(readBytes(join(work, 'p.qdpx')), { positions: 'lf', extras: true }));
    importInto(join(work, 'q.qdpx'), join(work, 'imported'));
    const yaml = readFileSync(join(work, 'imported', 'codebooks', 'q.yaml'), 'utf8');
    const imported = parseCodebook(yaml, 'q.yaml').codebook!;
    const exported = codebookColors(parseCodebook(readFileSync(CODEBOOK, 'utf8'), 'b.yaml').codebook!);
    const colorOf = (book: Codebook, id: string) => (id.includes('.') ? book.themes.flatMap((theme) => theme.codes).find((code) => code.id === id)?.color : book.themes.find((theme) => theme.id === id)?.color);
    for (const id of ['barriers', 'people', 'barriers.cost', 'barriers.time', 'people.citizens']) expect(colorOf(imported, id)).toBe(exported.get(id));
    expect(colorOf(imported, 'barriers-money')).toBe('#3366FF');
    expect(colorOf(imported, 'barriers-money.licences')).toBe('#3399FF');
    expect(colorOf(imported, 'barriers-money-grants.eu-funds')).toBe('#AABBCC');
    expect(yaml).toMatch(/color: ["']#3366FF["']/);
  });
});

describe('folders and cases (issue 15, items 4 and 5)', () => {
  let result: CliResult;
  let work: string;
  beforeAll(() => {
    const project = makeProject();
    work = temporaryDirectory();
    ok(runCli(['export', '--qdpx', join(work, 'p.qdpx')], { cwd: project }));
    writeFileSync(join(work, 'q.qdpx'), qualcoderLike(readBytes(join(work, 'p.qdpx')), { positions: 'crlf', extras: true }));
    result = importInto(join(work, 'q.qdpx'), join(work, 'imported'));
  });

  it('keeps non-codable sub-folders as themes, nested ones included; none becomes a code', () => {
    const codebook = parseCodebook(readFileSync(join(work, 'imported', 'codebooks', 'q.yaml'), 'utf8'), 'q.yaml').codebook!;
    expect(codebook.themes.map((theme) => [theme.id, theme.label, theme.codes.map((code) => code.name)])).toEqual([
      ['barriers', 'Barriers & costs', ['cost', 'time']],
      ['barriers-money', 'Barriers & costs › Money', ['licences']],
      ['barriers-money-grants', 'Barriers & costs › Money › Grants', ['eu-funds']],
      ['people', 'Personas y ciudadanía', ['citizens']],
    ]);
  });

  it('reports each case with a dangling source reference by name, and applies its variables where its other references resolve', () => {
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('case-source-missing');
    expect(result.stderr).toContain('Case "Ana (QualCoder case)": 1 of 2 source reference(s) point at no source in the project');
    expect(result.stderr).toContain('Its 1 variable(s) were applied to the 1 source(s) it does name.');
    expect(result.stderr).toContain('Case "Ghost": 1 of 1 source reference(s) point at no source in the project');
    expect(result.stderr).toContain('Its 1 variable(s) (site) are applied to no transcript.');
    const es = loadFolder(join(work, 'imported', 'interviews')).find((transcript) => transcript.id === 'es-01')!;
    expect(es.attributes).toMatchObject({ case: 'Ana (QualCoder case)', site: 'Madrid' });
    const en = loadFolder(join(work, 'imported', 'interviews')).find((transcript) => transcript.id === 'en-01')!;
    expect(en.attributes.site).toBeUndefined();
  });

  it('the pure importer puts a nested folder\'s codings on a code of its theme', () => {
    const xml = [
      '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>',
      '<Code guid="00000000-0000-4000-8000-000000000001" name="Top" isCodable="false">',
      '<Code guid="00000000-0000-4000-8000-000000000002" name="Sub" isCodable="false">',
      '<Code guid="00000000-0000-4000-8000-000000000003" name="Leaf" isCodable="true"/></Code>',
      '<Code guid="00000000-0000-4000-8000-000000000004" name="Plain" isCodable="true"/>',
      '</Code></Codes></CodeBook>',
    ].join('');
    const imported = importCodebook(parseRefiXml(xml, 'x.qdc').document!.codes, { id: 'x' });
    expect(imported.codebook.themes.map((theme) => [theme.id, theme.codes.map((code) => code.id)])).toEqual([
      ['top', ['plain']],
      ['top-sub', ['leaf']],
    ]);
    expect(imported.codeIds.get('00000000-0000-4000-8000-000000000003')).toBe('top-sub.leaf');
    expect(imported.themeOfGuid.get('00000000-0000-4000-8000-000000000002')).toBe(1);
    expect(imported.refiCodes).toBe(4);
  });
});

describe('Taguette codebook CSV (issue 15, item 6)', () => {
  /** A CSV reader written from RFC 4180 (quotes, doubled quotes, CRLF), independent of the writer. */
  function readCsv(text: string): string[][] {
    const rows: string[][] = [];
    let row: string[] = [];
    let cell = '';
    let quoted = false;
    for (let i = 0; i < text.length; i++) {
      const char = text[i]!;
      if (quoted) {
        if (char === '"' && text[i + 1] === '"') (cell += '"'), i++;
        else if (char === '"') quoted = false;
        else cell += char;
      } else if (char === '"') quoted = true;
      else if (char === ',') row.push(cell), (cell = '');
      else if (char === '\n' || (char === '\r' && text[i + 1] === '\n')) {
        if (char === '\r') i++;
        row.push(cell);
        rows.push(row);
        (row = []), (cell = '');
      } else cell += char;
    }
    if (cell !== '' || row.length > 0) rows.push([...row, cell]);
    return rows;
  }

  /** What Taguette 1.5's codebook import does with a CSV (taguette/import_codebook.py, read with the search tool; re-stated, not copied). */
  function taguetteReads(bytes: Uint8Array): { path: string; description: string }[] {
    // UTF-8 with a byte-order mark is detected as UTF-8-SIG, which drops the mark.
    const text = decoder.decode(bytes).replace(/^\uFEFF/, '');
    const [header, ...rows] = readCsv(text);
    const names = header!.map((cell) => cell.toLowerCase());
    const pathColumns = ['tag', 'name', 'path'].filter((name) => names.includes(name));
    if (pathColumns.length !== 1) throw new Error(pathColumns.length === 0 ? "No 'tag', 'name', or 'path' column" : 'Not sure which column to use for tag name');
    const path = names.indexOf(pathColumns[0]!);
    const description = names.indexOf('description');
    return rows.filter((row) => row.some((cell) => cell !== '')).map((row) => ({ path: row[path]!.trim(), description: description >= 0 ? row[description]!.trim() : '' }));
  }

  it('export --codebook-csv writes a file Taguette\'s import reads: one tag per code, its description', () => {
    const target = join(temporaryDirectory(), 'taguette.csv');
    ok(runCli(['export', '--codebook-csv', target, '--codebook', CODEBOOK]));
    const bytes = readBytes(target);
    expect([bytes[0], bytes[1], bytes[2]]).toEqual([0xef, 0xbb, 0xbf]);
    expect(taguetteReads(bytes)).toEqual([
      {
        path: 'Cost — "coste"',
        description: 'Definition: Money or effort that a change costs.\nIncludes licences & staff.\n\nWhen to use: The speaker says something was costly.\n\nWhen not to use: Time alone (use barriers.time).',
      },
      { path: 'Time matters', description: 'Definition: Time as a constraint.' },
      { path: 'Citizens / ciudadanía', description: 'When to use: Citizens are named.' },
    ]);
    // (TextDecoder drops the byte-order mark.)
    expect(readCsv(decoder.decode(bytes))[0]).toEqual(['code', 'path', 'description']);
    expect(readCsv(decoder.decode(bytes)).slice(1).map((row) => row[0])).toEqual(['barriers.cost', 'barriers.time', 'people.citizens']);
  });

  it('`codebook --format csv` is not that file (Taguette rejects it), as docs/interoperability.md says', () => {
    const csv = ok(runCli(['codebook', '--format', 'csv', '--codebook', CODEBOOK])).stdout;
    expect(() => taguetteReads(encoder.encode(csv))).toThrow("No 'tag', 'name', or 'path' column");
  });

  it('writes cells as they are, for Taguette\'s importer: no formula-neutralising quote (docs/interoperability.md)', () => {
    const dir = temporaryDirectory();
    const yaml = ['id: f', 'themes:', '  - id: a', '    label: A', '    codes:', "      - { id: x, label: '=SUM(1)', definition: '-2 points, or more' }", "      - { id: y, label: '@mention' }", "      - { id: z, label: '+ value' }", ''].join('\n');
    writeFileSync(join(dir, 'f.yaml'), yaml);
    const target = join(dir, 'taguette.csv');
    ok(runCli(['export', '--codebook-csv', target, '--codebook', join(dir, 'f.yaml')], { cwd: dir }));
    expect(taguetteReads(readBytes(target))).toEqual([
      { path: '=SUM(1)', description: 'Definition: -2 points, or more' },
      { path: '@mention', description: '' },
      { path: '+ value', description: '' },
    ]);
    // The analysis CSVs, meant for spreadsheets, still neutralise (the codebook appendix as CSV, here).
    expect(ok(runCli(['codebook', '--format', 'csv', '--codebook', join(dir, 'f.yaml')], { cwd: dir })).stdout).toContain("'=SUM(1)");
  });

  it('makes tag names unique when two codes share a label', () => {
    const codebook = parseCodebook(['id: c', 'themes:', '  - id: a', '    label: A', '    codes: [{ id: x, label: Other }]', '  - id: b', '    label: B', '    codes: [{ id: x, label: Other }, { id: y, label: Solo }]'].join('\n'), 'c.yaml').codebook!;
    expect(taguetteCodebookTable(codebook).rows.map((row) => row[1])).toEqual(['Other (A)', 'Other (B)', 'Solo']);
  });
});

describe('export --offsets utf16 for NVivo (issue 15, item 7)', () => {
  it('writes UTF-16 positions, which differ from code points by the surrogate pairs before them; import detects the unit and gives the same transcripts', () => {
    const project = makeProject();
    const work = temporaryDirectory();
    ok(runCli(['export', '--qdpx', join(work, 'points.qdpx')], { cwd: project }));
    const exported = ok(runCli(['export', '--qdpx', join(work, 'units.qdpx'), '--offsets', 'utf16'], { cwd: project }));
    expect(exported.stderr).toContain('positions in UTF-16 units');
    const read = (name: string) => {
      const entries = unzipSync(readBytes(join(work, name)));
      return { qde: decoder.decode(entries['project.qde']!), texts: new Map(Object.entries(entries).filter(([path]) => path.endsWith('.txt')).map(([path, bytes]) => [path.slice(8, -4), decoder.decode(bytes)])) };
    };
    const points = read('points.qdpx');
    const units = read('units.qdpx');
    if (SCHEMAS_OK) expect(validateWithXmllint(units.qde, PROJECT_XSD, 'project.qde').valid).toBe(true);
    const positions = (qde: string) => [...qde.matchAll(/<TextSource guid="([^"]+)"[\s\S]*?<\/TextSource>/g)].flatMap((source) => [...source[0].matchAll(/startPosition="(\d+)" endPosition="(\d+)"/g)].map((match) => [source[1]!, Number(match[1]), Number(match[2])] as const));
    const pointPositions = positions(points.qde);
    const unitPositions = positions(units.qde);
    expect(unitPositions).toHaveLength(pointPositions.length);
    let differing = 0;
    pointPositions.forEach(([guid, start, end], index) => {
      const text = points.texts.get(guid)!;
      const astralBefore = (point: number) => Array.from(text).slice(0, point).filter((char) => char.length === 2).length;
      expect(unitPositions[index]).toEqual([guid, start + astralBefore(start), end + astralBefore(end)]);
      if (astralBefore(start) > 0) differing++;
    });
    expect(differing).toBeGreaterThan(0);
    // Hand-checked: en-01's respondent segment is code points 43–88 and UTF-16 units 44–90 (🙂 before it, 😀 inside).
    const en = guidOf.source('en-01');
    expect(pointPositions.find(([guid]) => guid === en)!.slice(1)).toEqual([43, 88]);
    expect(unitPositions.find(([guid]) => guid === en)!.slice(1)).toEqual([44, 90]);

    const fromPoints = ok(importInto(join(work, 'points.qdpx'), join(work, 'from-points')));
    const fromUnits = ok(importInto(join(work, 'units.qdpx'), join(work, 'from-units')));
    expect(fromPoints.stderr).toContain('positions read as code points.');
    expect(fromUnits.stderr).toContain('positions read as UTF-16 units');
    expect(loadFolder(join(work, 'from-units', 'interviews')).map(comparable)).toEqual(loadFolder(join(work, 'from-points', 'interviews')).map(comparable));
    expect(codings(join(work, 'from-units'), 'manual', CODEBOOK).map(codingKey).sort()).toEqual(codings(join(work, 'from-points'), 'manual', CODEBOOK).map(codingKey).sort());
  });

  it('rejects an unknown unit, and --offsets without --qdpx', () => {
    const result = runCli(['export', '--qdpx', '-', '--offsets', 'bytes', '--codebook', CODEBOOK], { cwd: REFI_FIXTURE });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--offsets must be code-points');
    const withQdc = runCli(['export', '--qdc', '-', '--offsets', 'utf16', '--codebook', CODEBOOK], { cwd: REFI_FIXTURE });
    expect(withQdc.status).toBe(2);
    expect(withQdc.stderr).toContain('--offsets applies to --qdpx only');
  });
});
