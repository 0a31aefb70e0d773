/**
 * Issue 8: the fast YAML reader (src/load/yaml-fast.ts) gives the same
 * value and the same node positions as the `yaml` package, or declines.
 * Checked on every YAML file and Markdown front matter in the repository
 * (corpus, fixtures, codebooks), on generated benchmark transcripts, and on
 * fast-check documents built to hit its edges (quoting, numbers, comments,
 * block scalars, flow collections across lines, bad indentation, CRLF).
 * It must also accept the plain files it exists for, or it is no faster.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseYamlFast } from '../../src/load/yaml-fast.js';
import { retypedMessage } from '../../src/load/yaml-scalars.js';
import { parseYamlFully } from '../../src/load/yaml-document.js';
import type { YamlNode } from '../../src/load/yaml-tree.js';
import { REPO_ROOT } from '../helpers/cli.js';
// @ts-expect-error plain JS module without types
import { generateTranscript } from '../../bench/generate.js';

/** Same kind, start, scalar end, type and value, recursively (collection ends are not compared: no caller uses them). */
function sameTree(fast: YamlNode | null, full: YamlNode | null, path = '$'): string | undefined {
  if (fast === null || full === null) return fast === full ? undefined : `${path}: ${fast === null ? 'null' : fast.kind} vs ${full === null ? 'null' : full.kind}`;
  if (fast.kind !== full.kind) return `${path}: ${fast.kind} vs ${full.kind}`;
  if (fast.range[0] !== full.range[0]) return `${path}: starts at ${fast.range[0]} vs ${full.range[0]}`;
  if (fast.kind === 'scalar' && full.kind === 'scalar') {
    if (fast.range[1] !== full.range[1]) return `${path}: ends at ${fast.range[1]} vs ${full.range[1]}`;
    if (fast.type !== full.type) return `${path}: ${fast.type} vs ${full.type}`;
    if (!Object.is(fast.value, full.value)) return `${path}: ${JSON.stringify(fast.value)} vs ${JSON.stringify(full.value)}`;
    return undefined;
  }
  if (fast.kind === 'map' && full.kind === 'map') {
    if (fast.items.length !== full.items.length) return `${path}: ${fast.items.length} vs ${full.items.length} entries`;
    for (let i = 0; i < fast.items.length; i++) {
      const problem = sameTree(fast.items[i]!.key, full.items[i]!.key, `${path}.key${i}`) ?? sameTree(fast.items[i]!.value, full.items[i]!.value, `${path}.${i}`);
      if (problem) return problem;
    }
    return undefined;
  }
  if (fast.kind === 'seq' && full.kind === 'seq') {
    if (fast.items.length !== full.items.length) return `${path}: ${fast.items.length} vs ${full.items.length} items`;
    for (let i = 0; i < fast.items.length; i++) {
      const problem = sameTree(fast.items[i]!, full.items[i]!, `${path}[${i}]`);
      if (problem) return problem;
    }
  }
  return undefined;
}

/** Undefined when the fast reader declined; else whether it agreed with the full parser (throws with the difference if not). */
function compare(text: string): boolean {
  const fast = parseYamlFast(text);
  if (!fast) return false;
  const full = parseYamlFully(text, 'test.yaml');
  // Plain scalars kept as text where YAML 1.2 would type them (issue 16, item 14): the same ones from both readers.
  const retyped = full.diagnostics.filter((d) => d.ruleId === 'yaml-scalar-type');
  expect(full.diagnostics.filter((d) => d.ruleId !== 'yaml-scalar-type'), `the fast reader accepted a document the full parser reports on:\n${text}`).toEqual([]);
  expect(retyped.map((d) => d.message)).toEqual(fast.retyped.map((scalar) => retypedMessage(scalar.source, scalar.reading)));
  expect(fast.value).toEqual(full.value);
  const problem = sameTree(fast.contents, full.document?.contents ?? null);
  expect(problem, `${problem}\n${text}`).toBeUndefined();
  return true;
}

function filesUnder(dir: string, found: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.') || name === 'data') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) filesUnder(path, found);
    else if (/\.(ya?ml|md|markdown)$/i.test(name)) found.push(path);
  }
  return found;
}

/** The YAML of a file: all of it, or a Markdown transcript's front matter. */
function yamlOf(path: string): string | undefined {
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  if (!/\.(md|markdown)$/i.test(path)) return text;
  const match = /^---\r?\n([^]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(text);
  return match?.[1];
}

describe('fast YAML reader (issue 8)', () => {
  const files = ['interviews', 'codebooks', 'test/fixtures', 'docs'].flatMap((dir) => filesUnder(join(REPO_ROOT, dir)));

  it('agrees with the yaml package on every YAML file and front matter in the repository', () => {
    let compared = 0;
    for (const path of files) {
      const yaml = yamlOf(path);
      if (yaml !== undefined && compare(yaml)) compared++;
    }
    expect(compared).toBeGreaterThan(20);
  });

  it('reads the fourteen interviews, the project codebook and generated transcripts itself (no fallback)', () => {
    const plain = [...filesUnder(join(REPO_ROOT, 'interviews')), ...filesUnder(join(REPO_ROOT, 'codebooks'))];
    for (const path of plain) expect(compare(yamlOf(path)!), path).toBe(true);
    for (let index = 0; index < 6; index++) {
      expect(compare((generateTranscript(index, 'yaml', 8) as { text: string }).text)).toBe(true);
      const markdown = (generateTranscript(index, 'md', 8) as { text: string }).text;
      expect(compare(/^---\n([^]*?)\n---\n/.exec(markdown)![1]!)).toBe(true);
    }
  });

  it('agrees on generated documents, or declines', () => {
    let accepted = 0;
    let total = 0;
    fc.assert(
      fc.property(anyDocument, (text) => {
        total++;
        if (compare(text)) accepted++;
      }),
      { numRuns: Number(process.env.YAML_FAST_RUNS ?? 3000) },
    );
    // The generator must exercise the fast path, not only its refusals.
    if (process.env.YAML_FAST_RUNS) console.log('accepted', accepted, 'of', total);
    expect(accepted / total).toBeGreaterThan(0.2);
  });

  it('declines what it does not read (the full parser then reports or resolves it)', () => {
    for (const text of ['a: &x 1\nb: *x\n', 'a: !!str 1\n', 'a: b: c\n', 'a: 1\na: 2\n', 'a:\n\t- x\n', 'a: "multi\n  line"\n', '? a\n: b\n', 'a: |2\n   x\n', '--- a\n', '%YAML 1.2\n---\na: 1\n', 'a: 1\n---\nb: 2\n', 'a: [x,\n y\n']) {
      expect(parseYamlFast(text), text).toBeUndefined();
    }
  });
});

it('reads numbers, booleans and nulls as the text written, noting each that YAML 1.2 would read otherwise (issue 16, item 14)', () => {
  const fast = parseYamlFast('a: 0x1F\nb: 1.5\nc: 1.10\nd: true\ne: ~\nf: 2018\n')!;
  expect(fast.value).toEqual({ a: '0x1F', b: '1.5', c: '1.10', d: 'true', e: '~', f: '2018' });
  expect(fast.retyped.map((scalar) => [scalar.source, scalar.reading.value])).toEqual([
    ['0x1F', '31'],
    ['1.10', '1.1'],
    ['~', 'null'],
  ]);
});

const KEYS = ['id', 'text', 'speaker', 'codes', 'año', 'key with space', 'a.b', 'x-y', '_under', 'true', '1', 'null', '"quoted"', "'single'", 'a:b', 'x', 'x', '__proto__', '-k', 'K', 'k#x', 'x #y', 'Ñu'];
const PLAIN = ['hello', 'two words', 'true', 'False', 'null', '~', 'Null', '123', '0123', '0', '-5', '+5', '1.5', '.5', '1e3', '0x1F', '0o7', '.inf', '.NaN', 'yes', 'No', 'on',
  'a: b', 'a #b', 'a#b', 'a:b', 'http://x.org/a', '#c', '- x', '-x', '? x', ':x', ',x', '[x', '{x', '&a', '*a', '!tag', '%p', '@x', '`b`', '|', '>', "it's", 'say "hi"', 'Cl@ve', 'ñandú',
  'trailing  ', 'x\ty', '2021-03-04', 'Participación ciudadana'];
const QUOTED = ['"plain"', '"with \\"escapes\\" and \\\\ \\n \\t \\u00e9"', '"\\x41"', '"\\/"', '"unclosed', "'single'", "'it''s'", "''", '""', '"a" # comment', "'a' trailing", '"a\tb"', "'a\tb'", '"a # b: c"', "'a: b # c'", "'''x'''"];
const BLOCK_HEADERS = ['|', '|-', '|+', '>', '>-', '|2', '| # c'];
const BLOCK_LINES = ['line one', 'more text here', '', '  indented more', '# not a comment', 'a: b', 'trailing ', '\tTab'];
const MULTILINE = ['first line', 'second', '', 'third: x', '# c'];

/** What documents are made of: `tricky` pools hit every refusal; `clean` ones what transcripts and codebooks hold. */
interface Pools {
  keys: string[];
  scalar: fc.Arbitrary<string>;
  headers: string[];
  blockLines: fc.Arbitrary<string>;
  multiline: string[];
}

const TRICKY: Pools = {
  keys: KEYS,
  scalar: fc.oneof(fc.constantFrom(...PLAIN), fc.constantFrom(...QUOTED), fc.string({ maxLength: 12 })),
  headers: BLOCK_HEADERS,
  blockLines: fc.oneof(fc.constantFrom(...BLOCK_LINES), fc.string({ maxLength: 10 })),
  multiline: MULTILINE,
};
const CLEAN: Pools = {
  keys: ['id', 'text', 'speaker', 'codes', 'año', 'key with space', 'a.b', 'x-y', '_under', 'K', 'language', 'near', 'within'],
  scalar: fc.constantFrom('hello', 'two words', 'true', 'False', 'null', '~', '123', '0', 'http://x.org/a', 'a#b', "it's", 'say "hi"', 'Cl@ve', 'ñandú', '2021-03-04', 'Participación ciudadana', 'yes', 'a:b',
    '"plain"', '"with \\"escapes\\" and \\\\ \\n \\t \\u00e9"', "'single'", "'it''s'", "''", '""', '"a" # comment', 'value # comment'),
  headers: ['|', '|-', '>', '>-'],
  blockLines: fc.constantFrom('line one', 'more text here', '', '# not a comment', 'a: b', 'Participación: sí'),
  multiline: ['first line', 'second', '', 'third'],
};

function flowArbitrary(pools: Pools): fc.Arbitrary<string> {
  const item = pools.scalar.map((text) => text.replace(/[\n\r]/g, '').replace(/ # .*$/, ''));
  return fc.letrec((tie) => ({
    flow: fc.oneof(
      { depthSize: 'small' },
      fc.array(fc.oneof(item, tie('flow')), { maxLength: 4 }).chain((items) =>
        fc.constantFrom(`[${items.join(', ')}]`, `[${items.join(',')}]`, `[ ${items.join(' , ')} ]`, `[${items.join(',\n        ')}]`, `[${items.join(', ')},]`),
      ),
      fc.array(fc.tuple(fc.constantFrom('a', 'b', 'near', 'within', 'x y', 'año'), fc.oneof(item, tie('flow'))), { maxLength: 3 }).map((pairs) => `{${[...new Map(pairs)].map(([k, v]) => `${k}: ${v}`).join(', ')}}`),
    ),
  })).flow as fc.Arbitrary<string>;
}

type Entry = { kind: 'scalar'; text: string } | { kind: 'block'; header: string; lines: string[]; extra: number } | { kind: 'flow'; text: string } | { kind: 'map'; entries: [string, Entry][] } | { kind: 'seq'; items: Entry[] } | { kind: 'multiline'; lines: string[] };

function entryArbitrary(pools: Pools, uniqueKeys: boolean): fc.Arbitrary<Entry> {
  return fc.letrec((tie) => ({
    entry: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      pools.scalar.map((text) => ({ kind: 'scalar' as const, text })),
      pools.scalar.map((text) => ({ kind: 'scalar' as const, text })),
      fc.tuple(fc.constantFrom(...pools.headers), fc.array(pools.blockLines, { maxLength: 5 }), fc.constantFrom(0, 0, 1, 2)).map(([header, lines, extra]) => ({ kind: 'block' as const, header, lines, extra })),
      flowArbitrary(pools).map((text) => ({ kind: 'flow' as const, text })),
      fc.array(fc.constantFrom(...pools.multiline), { minLength: 2, maxLength: 3 }).map((lines) => ({ kind: 'multiline' as const, lines })),
      fc
        .array(fc.tuple(fc.constantFrom(...pools.keys), tie('entry')), { minLength: 1, maxLength: 4 })
        .map((entries) => ({ kind: 'map' as const, entries: (uniqueKeys ? [...new Map(entries as [string, Entry][])] : entries) as [string, Entry][] })),
      fc.array(tie('entry'), { minLength: 1, maxLength: 3 }).map((items) => ({ kind: 'seq' as const, items: items as Entry[] })),
    ),
  })).entry as fc.Arbitrary<Entry>;
}

/** Writes `entry` as the value of the line `prefix` (`key:` or `-`) whose key or dash sits at `indent`. */
function render(entry: Entry, indent: number, lines: string[], prefix: string, sameIndentList: boolean): void {
  const at = (n: number) => ' '.repeat(n);
  switch (entry.kind) {
    case 'scalar':
    case 'flow':
      lines.push(`${prefix} ${entry.text}`);
      return;
    case 'multiline':
      lines.push(`${prefix} ${entry.lines[0]}`);
      for (const line of entry.lines.slice(1)) lines.push(line === '' ? '' : `${at(indent + 2)}${line}`);
      return;
    case 'block':
      lines.push(`${prefix} ${entry.header}`);
      for (const line of entry.lines) lines.push(line === '' ? '' : `${at(indent + 2 + entry.extra)}${line}`);
      return;
    case 'map':
      lines.push(prefix);
      for (const [key, value] of entry.entries) render(value, indent + 2, lines, `${at(indent + 2)}${key}:`, sameIndentList);
      return;
    case 'seq': {
      lines.push(prefix);
      // A list under a key may sit at the key's own indentation (`turns:` then `- …`).
      const dash = sameIndentList ? indent : indent + 2;
      for (const item of entry.items) {
        if (item.kind === 'map') {
          const [first, ...rest] = item.entries;
          render(first![1], dash + 2, lines, `${at(dash)}- ${first![0]}:`, sameIndentList);
          for (const [key, value] of rest) render(value, dash + 2, lines, `${at(dash + 2)}${key}:`, sameIndentList);
        } else render(item, dash + 2, lines, `${at(dash)}-`, sameIndentList);
      }
    }
  }
}

function documentArbitrary(pools: Pools, uniqueKeys: boolean): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.array(fc.tuple(fc.constantFrom(...pools.keys), entryArbitrary(pools, uniqueKeys)), { minLength: 1, maxLength: 5 }),
      fc.constantFrom('', '---\n', '# header comment\n'),
      fc.constantFrom('\n', '\n', '\r\n'),
      fc.boolean(),
      fc.boolean(),
      fc.array(fc.constantFrom('# comment', '', '   ', '  # indented comment'), { maxLength: 2 }),
    )
    .map(([entries, start, newline, trailingNewline, sameIndentList, noise]) => {
      const lines: string[] = [];
      for (const [key, value] of uniqueKeys ? [...new Map(entries)] : entries) {
        render(value, 0, lines, `${key}:`, sameIndentList);
        if (noise.length > 0) lines.push(noise[lines.length % noise.length]!);
      }
      return start.replace('\n', newline) + lines.join(newline) + (trailingNewline ? newline : '');
    });
}

const anyDocument = fc.oneof({ weight: 3, arbitrary: documentArbitrary(CLEAN, true) }, { weight: 1, arbitrary: documentArbitrary(TRICKY, false) });
