/**
 * Issue 6, export: `cocreate export --qdc` and `--qdpx` on the fixture
 * project test/fixtures/refi-qda (codebook barriers.yaml; es-01-crlf.md is
 * a Markdown file with CRLF line endings, accents and emoji; en-01.yaml has
 * an emoji before its coded turn). The files must pass the official
 * schemas with xmllint, be byte-identical on every run, and every selection
 * must land on exactly the characters of its segment, counted in code
 * points as the standard says (spec §10.2).
 *
 * Positions worked out by hand (UTF-16 units as cocreate counts, then code
 * points; the plain text is `Speaker: text` per turn, turns joined by "\n\n"):
 *
 * en-01: turn 0 "interviewer: What happened? 🙂" = 13 + 15 + 2 = 30 units (29 code points,
 *   🙂 is one code point but two units); "\n\n" → turn 1 starts at 32 (31); "respondent: "
 *   is 12 → text starts at 44 (43). "Café 😀 was costly. Time matters for citizens." is 46
 *   units, 45 code points → segment [44, 90) in units, [43, 88) in code points.
 * es-01: turn 0 "Entrevistadora: ¿Qué tal? 😀" = 16 + 10 + 2 = 28 units (27); turn 1 at 30
 *   (29); "Ana: " → 35 (34). "La participación ciudadana 🎉 fue costosa al principio."
 *   is 55 units, 54 code points → [35, 90) / [34, 88). Turn 2 at 92 (90), 29 long → 121
 *   (119); turn 3 at 123 (121), text at 128 (126). "El tiempo importa, señor 👍🏽.\n\nY la
 *   ciudadanía lo notó." is 56 units, 54 code points (👍🏽 is two code points, four
 *   units) → [128, 184) / [126, 180).
 */
import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCodebook } from '../../src/load/codebook.js';
import { CODEBOOK_NAMESPACE, PROJECT_NAMESPACE, codePointIndex, utf16Index } from '../../src/model/refi-qda.js';
import { guidOf, refiGuid, renderQdc } from '../../src/render/refi-qda.js';
import { runCli } from '../helpers/cli.js';
import {
  CODEBOOK_XSD,
  PROJECT_XSD,
  REFI_FIXTURE,
  ok,
  readBytes,
  hasShared,
  hasXmllint,
  sliceCodePoints,
  temporaryDirectory,
  unzipEntries,
  validateWithXmllint,
} from './helpers.js';

/** The schema validations need the REFI-QDA schemas (../shared) and xmllint; everything else runs anywhere. */
const SCHEMAS_OK = hasShared('REFI-QDA export schema validation') && hasXmllint('REFI-QDA export schema validation');

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const decoder = new TextDecoder('utf-8', { fatal: true });
const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: false,
  htmlEntities: true,
  isArray: (name) => ['Code', 'User', 'Variable', 'TextSource', 'PlainTextSelection', 'VariableValue'].includes(name),
});

function exportFixture(kind: '--qdc' | '--qdpx', target: string, env?: Record<string, string>) {
  const args = kind === '--qdc' ? ['export', '--qdc', target, '--codebook', 'codebooks/barriers.yaml'] : ['export', '--qdpx', target, '--codebook', 'codebooks/barriers.yaml', 'interviews'];
  return runCli(args, { cwd: REFI_FIXTURE, env });
}

describe('cocreate export --qdpx (issue 6)', () => {
  let directory: string;
  let archive: Uint8Array;
  let entries: [string, Uint8Array][];
  let project: any;

  beforeAll(() => {
    directory = temporaryDirectory();
    const result = exportFixture('--qdpx', join(directory, 'project.qdpx'));
    expect(result.stderr).toContain('Exported 2 transcripts, 3 codes and 13 codings (alice, auto, bob, carol)');
    ok(result);
    expect(result.stdout).toBe('');
    archive = readBytes(join(directory, 'project.qdpx'));
    entries = unzipEntries(archive);
    project = xml.parse(decoder.decode(entries[0]![1])).Project;
  });

  it('starts from a fixture that really has CRLF line endings (guards against line-ending normalisation in git)', () => {
    const source = readFileSync(join(REFI_FIXTURE, 'interviews', 'es-01-crlf.md'), 'utf8');
    expect(source.split('\r\n')).toHaveLength(23);
    expect(source.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('writes project.qde first, then one UTF-8 text per transcript under sources/, named by GUID', () => {
    const names = entries.map(([name]) => name);
    expect(names[0]).toBe('project.qde');
    expect(names.slice(1).sort()).toEqual([`sources/${guidOf.source('en-01')}.txt`, `sources/${guidOf.source('es-01')}.txt`].sort());
    for (const [, bytes] of entries) {
      expect([bytes[0], bytes[1], bytes[2]]).not.toEqual([0xef, 0xbb, 0xbf]); // no BOM
      expect(decoder.decode(bytes)).not.toContain('\r'); // LF only, although es-01 was CRLF
    }
  });

  it.skipIf(!SCHEMAS_OK)('project.qde validates against Project.xsd with xmllint', () => {
    const result = validateWithXmllint(entries[0]![1], PROJECT_XSD, 'project.qde');
    expect(result.output).toContain('validates');
    expect(result.valid).toBe(true);
  });

  it('is byte-identical when exported again, in any time zone (stable GUIDs, no timestamps, fixed zip dates)', () => {
    for (const [name, env] of [['again.qdpx', undefined], ['chatham.qdpx', { TZ: 'Pacific/Chatham' }], ['honolulu.qdpx', { TZ: 'Pacific/Honolulu' }]] as const) {
      const again = join(directory, name);
      ok(exportFixture('--qdpx', again, env));
      expect(Buffer.compare(Buffer.from(readBytes(again)), Buffer.from(archive))).toBe(0);
    }
  });

  it('has the exact namespace, one user per coder and one for automatic coding, the human coders first (issue 15)', () => {
    expect(project.xmlns).toBe(PROJECT_NAMESPACE);
    expect(project.origin).toMatch(/^cocreate \d/);
    expect(project.Users.User.map((user: any) => user.name)).toEqual(['alice', 'bob', 'carol', 'cocreate rules']);
    expect(project.Users.User.map((user: any) => user.guid)).toEqual(['alice', 'bob', 'carol', 'auto'].map(guidOf.user));
  });

  it('puts every selection on exactly the characters of its segment, counted in code points', () => {
    const texts = new Map(entries.slice(1).map(([name, bytes]) => [name, decoder.decode(bytes)]));
    const spans: Record<string, [number, number, string][]> = {};
    for (const source of project.Sources.TextSource) {
      const text = texts.get(`sources/${source.guid}.txt`)!;
      expect(source.plainTextPath).toBe(`internal://${source.guid}.txt`);
      spans[source.name] = source.PlainTextSelection.map((selection: any) => {
        const start = Number(selection.startPosition);
        const end = Number(selection.endPosition);
        return [start, end, sliceCodePoints(text, start, end)];
      });
    }
    const en = 'Café 😀 was costly. Time matters for citizens.';
    const es1 = 'La participación ciudadana 🎉 fue costosa al principio.';
    const es3 = 'El tiempo importa, señor 👍🏽.\n\nY la ciudadanía lo notó.';
    // en-01: auto cost, carol cost, auto time, carol time, auto citizens (segment × code × coder).
    expect(spans['en-01']).toEqual(Array(5).fill([43, 88, en]));
    // es-01: segment 1 — cost (auto, alice, bob), citizens (auto, alice); segment 3 — time (auto, alice), citizens (auto).
    expect(spans['es-01']).toEqual([...Array(5).fill([34, 88, es1]), ...Array(3).fill([126, 180, es3])]);
  });

  it('refers every coding to the code GUID derived from its id, attributed to its user, with matched terms for automatic ones', () => {
    const es = project.Sources.TextSource.find((source: any) => source.name === 'es-01');
    const summary = es.PlainTextSelection.map((selection: any) => [
      selection.Coding.CodeRef.targetGUID,
      selection.Coding.creatingUser,
      selection.creatingUser,
      selection.Description ?? null,
    ]);
    const cost = guidOf.code('barriers.cost');
    const citizens = guidOf.code('people.citizens');
    const time = guidOf.code('barriers.time');
    const [auto, alice, bob] = ['auto', 'alice', 'bob'].map(guidOf.user);
    expect(summary).toEqual([
      [cost, alice, alice, null],
      [cost, bob, bob, null],
      [cost, auto, auto, 'Matched: costosa'],
      [citizens, alice, alice, null],
      [citizens, auto, auto, 'Matched: ciudadana'],
      [time, alice, alice, null],
      [time, auto, auto, 'Matched: tiempo'],
      [citizens, auto, auto, 'Matched: ciudadanía'],
    ]);
  });

  it('writes language, illustrative and every document attribute as variables with a value per source', () => {
    expect(project.Variables.Variable.map((variable: any) => [variable.name, variable.typeOfVariable])).toEqual([
      ['language', 'Text'],
      ['illustrative', 'Boolean'],
      ['role', 'Text'],
      ['unit', 'Text'],
    ]);
    const names = new Map(project.Variables.Variable.map((variable: any) => [variable.guid, variable.name]));
    const valuesOf = (id: string) =>
      Object.fromEntries(
        project.Sources.TextSource.find((source: any) => source.name === id).VariableValue.map((value: any) => [
          names.get(value.VariableRef.targetGUID),
          value.TextValue ?? value.BooleanValue,
        ]),
      );
    expect(valuesOf('es-01')).toEqual({ language: 'es', illustrative: 'true', role: 'jefa', unit: 'Unidad de Participación' });
    expect(valuesOf('en-01')).toEqual({ language: 'en', illustrative: 'false', role: 'developer', unit: 'Digital Office' });
  });

  it('needs exactly one of --qdc and --qdpx', () => {
    const result = runCli(['export', '--codebook', 'codebooks/barriers.yaml'], { cwd: REFI_FIXTURE });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--qdc FILE');
    expect(runCli(['export', '--qdc', '-', '--codebook-csv', '-', '--codebook', 'codebooks/barriers.yaml'], { cwd: REFI_FIXTURE }).status).toBe(2);
  });
});

describe('cocreate export --qdc (issue 6)', () => {
  it.skipIf(!SCHEMAS_OK)('writes a codebook that validates against Codebook.xsd with xmllint', () => {
    const target = join(temporaryDirectory(), 'barriers.qdc');
    ok(exportFixture('--qdc', target));
    expect(validateWithXmllint(readBytes(target), CODEBOOK_XSD, 'barriers.qdc').valid).toBe(true);
  });

  it('writes themes as non-codable parents, descriptions with definition and when-to-use', () => {
    const target = join(temporaryDirectory(), 'barriers.qdc');
    const result = exportFixture('--qdc', target);
    ok(result);
    const bytes = readBytes(target);
    const text = decoder.decode(bytes);
    expect(text.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<CodeBook')).toBe(true);
    expect(text).not.toContain('\r');
    const codebook = xml.parse(text).CodeBook;
    expect(codebook.xmlns).toBe(CODEBOOK_NAMESPACE);
    const themes = codebook.Codes.Code;
    expect(themes.map((theme: any) => [theme.name, theme.isCodable, theme.guid])).toEqual([
      ['Barriers & costs', 'false', guidOf.theme('barriers')],
      ['Personas y ciudadanía', 'false', guidOf.theme('people')],
    ]);
    expect(themes[0].Code.map((code: any) => [code.name, code.isCodable])).toEqual([
      ['Cost — "coste"', 'true'],
      ['Time matters', 'true'],
    ]);
    expect(themes[0].Code[0].Description).toBe(
      'Definition: Money or effort that a change costs.\nIncludes licences & staff.\n\nWhen to use: The speaker says something was costly.\n\nWhen not to use: Time alone (use barriers.time).\n\nCode id: barriers.cost',
    );
    expect(themes[0].Description).toBe('What got in the way.\n\nTheme id: barriers');
  });

  it('derives GUIDs from ids: valid for the schema, version 5 layout, stable and distinct', () => {
    expect(guidOf.code('barriers.cost')).toMatch(GUID);
    expect(guidOf.code('barriers.cost')).toBe(refiGuid('code:barriers.cost'));
    expect(guidOf.code('barriers.cost')).not.toBe(guidOf.code('barriers.time'));
    fc.assert(fc.property(fc.string(), (name) => GUID.test(refiGuid(name))));
  });

  it('escapes names that XML cannot hold as they are, and still validates', () => {
    const source = [
      'id: odd',
      'themes:',
      '  - id: t',
      '    label: "Tab\\tthere & <there>\\nnew line \\"quoted\\" \\u0001 control"',
      '    codes:',
      '      - id: c',
      '        label: "  spaces kept  "',
      '        definition: "a]]>b"',
    ].join('\n');
    const codebook = parseCodebook(source, 'odd.yaml').codebook!;
    const qdc = renderQdc(codebook, { origin: 'test' });
    expect(qdc).toContain('name="Tab&#9;there &amp; &lt;there&gt;&#10;new line &quot;quoted&quot; \uFFFD control"');
    expect(qdc).toContain('name="  spaces kept  "');
    if (SCHEMAS_OK) expect(validateWithXmllint(qdc, CODEBOOK_XSD, 'odd.qdc').valid).toBe(true);
  });
});

describe('offset conversion (UTF-16 ↔ code points)', () => {
  it('maps the fixture offsets worked out by hand', () => {
    const text = 'interviewer: What happened? 🙂\n\nrespondent: Café 😀 was costly. Time matters for citizens.';
    const points = codePointIndex(text);
    expect([points[44], points[90]]).toEqual([43, 88]);
    expect(utf16Index(text)[43]).toBe(44);
  });

  it('are inverse on code point boundaries (fast-check)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        const toPoints = codePointIndex(text);
        const toUnits = utf16Index(text);
        expect(toUnits.length - 1).toBe(Array.from(text).length);
        for (let point = 0; point < toUnits.length; point++) expect(toPoints[toUnits[point]!]).toBe(point);
      }),
    );
  });
});
