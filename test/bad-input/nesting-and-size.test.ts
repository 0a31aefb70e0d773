/**
 * Issue 16, item 10: deep nesting, huge archive entries and very many
 * diagnostics give messages, never a crash.
 *
 * - YAML nested past MAX_YAML_DEPTH in any of its shapes (`- - - x`, flow
 *   lists and maps, block maps and lists, mixed), at any depth up to
 *   thousands of levels, is a located `yaml-too-deep` error from both
 *   readers; nesting well under the limit reads as before. Through the CLI
 *   for every YAML file type: transcript, front matter, codebook, project
 *   file, dictionary.
 * - A `.qde` whose uncompressed size passes MAX_TEXT_BYTES is refused
 *   before it is inflated or decoded.
 * - One file yielding 200,000 diagnostics is reported (no `push(...list)`
 *   overflowing the call stack).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeText, MAX_TEXT_BYTES } from '../../src/load/decode.js';
import { MAX_YAML_DEPTH } from '../../src/load/yaml-depth.js';
import { parseYaml, parseYamlFully } from '../../src/load/yaml-document.js';
import { readRefiArchive } from '../../src/load/refi-qda.js';
import { maxOf, minOf, pushAll } from '../../src/model/lists.js';
import { runCli } from '../helpers/cli.js';

type Shape = 'dash' | 'flow-list' | 'flow-map' | 'block-map' | 'block-list' | 'mixed';
const SHAPES: Shape[] = ['dash', 'flow-list', 'flow-map', 'block-map', 'block-list', 'mixed'];

/** A YAML value nested `depth` levels deep, as the value of `key:` at the top of a document. */
function nested(shape: Shape, depth: number, key = 'themes'): string {
  switch (shape) {
    case 'dash':
      return `${key}:\n${'- '.repeat(depth)}x\n`;
    case 'flow-list':
      return `${key}: ${'['.repeat(depth)}x${']'.repeat(depth)}\n`;
    case 'flow-map':
      return `${key}: ${'{a: '.repeat(depth)}x${'}'.repeat(depth)}\n`;
    case 'block-map':
      return `${key}:\n${Array.from({ length: depth }, (_, i) => `${' '.repeat(i + 1)}k:`).join('\n')}\n${' '.repeat(depth + 1)}v: x\n`;
    case 'block-list':
      return `${key}:\n${Array.from({ length: depth }, (_, i) => `${' '.repeat(2 * i + 1)}-`).join('\n')}\n${' '.repeat(2 * depth + 1)}x\n`;
    case 'mixed': {
      // `- k:` nests a list and a map per line; a flow list ends it.
      const lines = Math.ceil(depth / 2);
      return `${key}:\n${Array.from({ length: lines }, (_, i) => `${' '.repeat(4 * i + 1)}- k:`).join('\n')}\n${' '.repeat(4 * lines + 1)}[x]\n`;
    }
  }
}

/** Levels of nesting of a JS value (scalars are 0). */
function depthOf(value: unknown): number {
  let depth = 0;
  let level: unknown[] = [value];
  while (level.length > 0) {
    const next: unknown[] = [];
    for (const item of level) if (item !== null && typeof item === 'object') pushAll(next, Object.values(item as object));
    if (next.length === 0 && level.every((item) => item === null || typeof item !== 'object')) break;
    depth++;
    level = next;
  }
  return depth - 1;
}

describe('issue 16 item 10: YAML nesting is bounded', () => {
  it('nesting past the limit, in every shape and at any depth, is a located yaml-too-deep error from both readers (never a throw)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SHAPES), fc.integer({ min: MAX_YAML_DEPTH + 1, max: 6000 }), (shape, depth) => {
        const text = nested(shape, depth);
        for (const parse of [parseYaml, parseYamlFully]) {
          const parsed = parse(text, 'deep.yaml');
          expect(parsed.value).toBeUndefined();
          const error = parsed.diagnostics.find((d) => d.ruleId === 'yaml-too-deep');
          expect(error, `${shape} ${depth}`).toBeDefined();
          expect(error!.line).toBeGreaterThanOrEqual(1);
          expect(error!.line).toBeLessThanOrEqual(depth + 2);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('nesting well under the limit reads as before, with the same value from both readers', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SHAPES), fc.integer({ min: 1, max: MAX_YAML_DEPTH - 10 }), (shape, depth) => {
        const text = nested(shape, depth);
        const full = parseYamlFully(text, 'ok.yaml');
        expect(full.diagnostics.filter((d) => d.severity === 'error'), `${shape} ${depth}`).toEqual([]);
        expect(depthOf(full.value)).toBeGreaterThanOrEqual(depth);
        const either = parseYaml(text, 'ok.yaml');
        expect(JSON.stringify(either.value)).toBe(JSON.stringify(full.value));
      }),
      { numRuns: 60 },
    );
  });

  it('counts the depth in front matter from the line the front matter starts at', () => {
    const parsed = parseYaml(nested('dash', 3000, 'unit'), 'x.md', 2);
    expect(parsed.diagnostics[0]).toMatchObject({ ruleId: 'yaml-too-deep', line: 3 });
  });
});

describe('issue 16 item 10: through the CLI, every YAML file type', () => {
  let root: string;
  const ok = 'id: ok-01\nlanguage: en\nturns:\n  - speaker: respondent\n    text: Citizens took part.\n';
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'cocreate-deep-'));
    mkdirSync(join(root, 'interviews'));
    writeFileSync(join(root, 'interviews', 'ok-01.yaml'), ok);
    writeFileSync(join(root, 'interviews', 'deep-yaml.yaml'), `id: deep\nlanguage: en\n${nested('dash', 5000, 'unit')}turns:\n  - speaker: respondent\n    text: x\n`);
    writeFileSync(join(root, 'interviews', 'deep-md.md'), `---\nid: deep-md\nlanguage: en\n${nested('flow-list', 5000, 'unit')}---\n\n**Respondent:** x\n`);
    writeFileSync(join(root, 'codebook.yaml'), `id: deep\n${nested('block-map', 5000)}`);
    writeFileSync(join(root, 'project.yaml'), nested('flow-map', 5000, 'topics'));
    writeFileSync(join(root, 'dictionary.yaml'), nested('mixed', 5000, 'category'));
    writeFileSync(join(root, 'good-codebook.yaml'), 'id: g\nlanguages: [en]\nthemes:\n  - id: t\n    codes:\n      - id: c\n        rules:\n          en: { terms: [citizen] }\n');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const noCrash = (stderr: string) => expect(stderr).not.toMatch(/internal error|RangeError|Maximum call stack|\n\s+at \S+ \(/);

  it('a deep transcript (YAML and front matter) is a located error; the other transcript is still coded', () => {
    const result = runCli(['code', '--codebook', 'good-codebook.yaml', 'interviews/', '--format', 'json'], { cwd: root });
    noCrash(result.stderr);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/deep-yaml\.yaml:4:\d+ .*nests more than 100 levels/);
    expect(result.stderr).toMatch(/deep-md\.md:4:\d+ .*nests more than 100 levels/);
    expect(JSON.parse(result.stdout).interviews).toBe(1);
  });

  it('a deep codebook is refused with its line (code exit 2, validate exit 1)', () => {
    const coded = runCli(['code', '--codebook', 'codebook.yaml', 'interviews/ok-01.yaml'], { cwd: root });
    noCrash(coded.stderr);
    expect(coded.status).toBe(2);
    expect(coded.stderr).toMatch(/codebook\.yaml:10\d:\d+ .*nests more than 100 levels/);
    const validated = runCli(['validate', '--codebook', 'codebook.yaml', 'interviews/ok-01.yaml'], { cwd: root });
    noCrash(validated.stderr);
    expect(validated.status).toBe(1);
    expect(validated.stdout).toMatch(/codebook\.yaml:10\d:\d+ .*yaml-too-deep/);
  });

  it('a deep project file and a deep dictionary are located errors', () => {
    const project = runCli(['validate', '--project', 'project.yaml', '--codebook', 'good-codebook.yaml', 'interviews/ok-01.yaml'], { cwd: root });
    noCrash(project.stderr);
    expect(project.status).toBe(1);
    expect(project.stdout).toMatch(/project\.yaml:1:\d+ .*yaml-too-deep/);
    const dictionary = runCli(['import', '--dictionary', 'dictionary.yaml', '-o', 'out.yaml'], { cwd: root });
    noCrash(dictionary.stderr);
    expect(dictionary.status).toBe(1);
    expect(dictionary.stderr).toMatch(/dictionary\.yaml:\d+:\d+ .*yaml-too-deep/);
  });

  it('one file with 200,000 findings is reported in full (no argument-list overflow)', () => {
    const turns = Array.from({ length: 200_000 }, () => '  - speaker: respondent\n    text: x\n    codes: [t.nope]\n').join('');
    writeFileSync(join(root, 'many.yaml'), `id: many\nlanguage: en\nturns:\n${turns}`);
    const result = runCli(['validate', '--codebook', 'good-codebook.yaml', '--format', 'json', 'many.yaml'], { cwd: root, timeout: 300_000 });
    noCrash(result.stderr);
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout) as unknown;
    const diagnostics = (Array.isArray(report) ? report : (report as { diagnostics: { ruleId: string }[] }).diagnostics) as { ruleId: string }[];
    expect(diagnostics.filter((d) => d.ruleId === 'unknown-code').length).toBe(200_000);
  });
});

describe('issue 16 item 10: sizes and long lists', () => {
  it('refuses a .qde over the text limit inside a .qdpx before inflating it', () => {
    const zip = zipSync({ 'project.qde': new TextEncoder().encode('<Project/>'), 'sources/a.txt': new TextEncoder().encode('x') }, { level: 0 });
    // Write an uncompressed size past the limit into the central directory entry of project.qde (offset 24 of its record).
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    let patched = 0;
    for (let i = 0; i + 46 <= zip.length; i++) {
      if (view.getUint32(i, true) === 0x02014b50 && new TextDecoder().decode(zip.subarray(i + 46, i + 46 + 11)) === 'project.qde') {
        view.setUint32(i + 24, MAX_TEXT_BYTES + 1, true);
        patched++;
      }
    }
    expect(patched).toBe(1);
    const read = readRefiArchive(zip, 'big.qdpx');
    expect(read.document).toBeUndefined();
    expect(read.diagnostics).toEqual([expect.objectContaining({ severity: 'error', ruleId: 'file-too-large', file: 'big.qdpx:project.qde' })]);
  });

  it('decodeText refuses bytes past the limit with a message instead of building a string V8 cannot hold', () => {
    const decoded = decodeText(new Uint8Array(MAX_TEXT_BYTES + 1), 'huge.qde');
    expect(decoded.text).toBeUndefined();
    expect(decoded.diagnostics).toEqual([expect.objectContaining({ ruleId: 'file-too-large', severity: 'error' })]);
  });

  it('pushAll, maxOf and minOf take lists far past the argument limit', () => {
    const big = Array.from({ length: 1_000_000 }, (_, i) => (i * 7919) % 1_000_003);
    expect(() => [].push(...(big as never[]))).toThrow(RangeError);
    expect(pushAll([-1], big).length).toBe(1_000_001);
    expect(maxOf(big)).toBe(big.reduce((a, b) => (b > a ? b : a)));
    expect(minOf(big)).toBe(big.reduce((a, b) => (b < a ? b : a)));
    expect(maxOf([], 5)).toBe(5);
  });
});
