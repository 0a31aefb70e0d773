/**
 * Issue 16, item 9: names from user files never touch object prototypes.
 * Every own property name of Object.prototype (`constructor`, `toString`,
 * `__proto__`, `hasOwnProperty`…) is written as a key AND as a value in
 * every file type the CLI reads — YAML transcript (attributes, speakers,
 * topics, coder names, codes), Markdown transcript (front matter, speaker
 * labels, headings, code comments), codebook (labels, terms, rule and
 * example keys), cocreate.yaml (required, allowed, topics, coders, redact,
 * allow), quanteda and LIWC dictionaries, REFI-QDA codebook and project —
 * and every command runs on them: exit 0 or 1 with diagnostics, or 2 with
 * a message, never an internal error or a stack trace. A `__proto__`
 * attribute is kept like any other (grouping by it works).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli.js';

/** Every builtin property name of Object.prototype, plus `__proto__` (an accessor some engines list). */
const NAMES = [...new Set([...Object.getOwnPropertyNames(Object.prototype), '__proto__'])];
/** A codebook id made from a name (ids are lower-case kebab-case): `toString` → `tostring`, `constructor` stays. */
const slug = (name: string) => name.toLowerCase().replace(/[^a-z]/g, '');
const q = (text: string) => JSON.stringify(text);

let root: string;

function writeProject(dir: string): void {
  mkdirSync(join(dir, 'interviews'), { recursive: true });
  mkdirSync(join(dir, 'codebooks'), { recursive: true });
  const list = NAMES.map(q).join(', ');
  writeFileSync(
    join(dir, 'cocreate.yaml'),
    [
      'attributes:',
      `  required: [${list}]`,
      '  allowed:',
      ...NAMES.map((name) => `    ${q(name)}: [${q(name)}]`),
      // Markdown `##` headings become topics as slugs (`## toString` → `tostring`).
      `topics: [${list}, ${NAMES.map(slug).join(', ')}]`,
      `coders: [${list}, human]`,
      'personal_data:',
      `  redact: [${list}]`,
      `  allow: [${list}]`,
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'codebooks', 'proto.yaml'),
    [
      'id: proto',
      'title: Prototype names',
      'languages: [en]',
      'themes:',
      ...NAMES.flatMap((name) => [
        `  - id: ${slug(name)}`,
        `    label: ${q(name)}`,
        '    codes:',
        `      - id: ${slug(name)}`,
        `        label: ${q(name)}`,
        `        definition: ${q(name)}`,
        `        examples: { en: [${q(`${name} word`)}] }`,
        '        rules:',
        '          en:',
        `            terms: [${q(name)}, word]`,
      ]),
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'interviews', 'a.yaml'),
    [
      'id: a',
      'language: en',
      ...NAMES.map((name) => `${q(name)}: ${q(name)}`),
      'turns:',
      ...NAMES.flatMap((name) => [
        '  - speaker: interviewer',
        `    question: ${q(name)}`,
        `    text: ${q(`${name} word`)}`,
        `  - speaker: ${q(name)}`,
        `    text: ${q(`${name} word`)}`,
        '    codes:',
        `      ${q(name)}: [${q(`${slug(name)}.${slug(name)}`)}, ${q(name)}]`,
        '  - speaker: respondent',
        `    text: ${q(`word ${name}`)}`,
        `    codes: [${q(`${slug(name)}.${slug(name)}`)}, ${q(name)}]`,
      ]),
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'interviews', 'b.md'),
    [
      '---',
      'id: b',
      'language: en',
      ...NAMES.map((name) => `${q(name)}: ${q(name)}`),
      '---',
      '',
      ...NAMES.flatMap((name) => [
        `## ${name}`,
        '',
        `**${name}:** ${name} word`,
        `<!-- codes ${name}: ${slug(name)}.${slug(name)}, ${name} -->`,
        '',
        `**Respondent:** word ${name}`,
        `<!-- codes: ${slug(name)}.${slug(name)} -->`,
        '',
      ]),
    ].join('\n'),
  );
  // A codebook with the names as rule-set, rule and example keys: schema errors, not crashes.
  writeFileSync(
    join(dir, 'keys.yaml'),
    [
      'id: keys',
      'languages: [en]',
      'themes:',
      '  - id: t',
      '    codes:',
      '      - id: c',
      `        examples: { ${NAMES.map((name) => `${q(name)}: [word]`).join(', ')} }`,
      '        rules:',
      ...NAMES.map((name) => `          ${q(name)}: { terms: [word] }`),
      `          en: { terms: [word], ${NAMES.map((name) => `${q(name)}: [x]`).join(', ')} }`,
      '',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'dictionary.yaml'), NAMES.map((name) => `${q(name)}:\n  ${q(name)}: [${q(name)}, word]`).join('\n') + '\n');
  writeFileSync(
    join(dir, 'dictionary.dic'),
    ['%', ...NAMES.map((name, i) => `${i + 1}\t${name}`), '%', ...NAMES.map((name, i) => `${name}\t${i + 1}`), 'word\t1', ''].join('\n'),
  );
  writeFileSync(
    join(dir, 'codebook.qdc'),
    [
      '<?xml version="1.0" encoding="utf-8"?>',
      '<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="test">',
      '<Codes>',
      ...NAMES.map((name, i) => {
        const guid = `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`;
        return `<Code guid="${guid}" name="${name}" isCodable="true"><Description>${name}</Description><Code guid="${guid.slice(0, -4)}9${String(i).padStart(3, '0')}" name="${name}" isCodable="true"/></Code>`;
      }),
      '</Codes>',
      '</CodeBook>',
      '',
    ].join('\n'),
  );
}

/** No crash: exit 0 or 1, or 2 with a message and no stack trace. */
function expectHandled(result: CliResult, args: readonly string[]): void {
  const label = `cocreate ${args.join(' ')}\n${result.stderr.slice(0, 2000)}`;
  expect([0, 1, 2], label).toContain(result.status);
  expect(result.stderr, label).not.toMatch(/internal error|TypeError|RangeError|\n\s+at \S+ \(/);
  if (result.status === 2) expect(result.stderr.trim(), label).not.toBe('');
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'cocreate-proto-'));
  writeProject(root);
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('issue 16 item 9: Object.prototype names as keys and values in every file type', () => {
  const CB = ['--codebook', 'codebooks/proto.yaml'];
  const commands: string[][] = [
    ['validate', ...CB, 'interviews/'],
    ['validate', '--codebook', 'keys.yaml', 'interviews/'],
    ['code', '--codebook', 'keys.yaml', 'interviews/'],
    ['code', ...CB, 'interviews/'],
    ['code', ...CB, 'interviews/', '--source', 'manual'],
    ['code', ...CB, 'interviews/', '--codings', '--format', 'csv'],
    ['code', ...CB, 'interviews/', '--matrix', '--format', 'json'],
    ['cooccur', ...CB, 'interviews/'],
    ['agree', ...CB, 'interviews/'],
    ['explain', ...CB, 'interviews/a.yaml:8'],
    ['codebook', ...CB],
    ['codebook', 'test', ...CB],
    ['export', ...CB, '--qdc', 'out.qdc'],
    ['import', '--qdc', 'codebook.qdc', '-o', 'imported-qdc.yaml'],
    ['import', '--dictionary', 'dictionary.yaml', '-o', 'imported-dictionary.yaml'],
    ['import', '--dictionary', 'dictionary.dic', '-o', 'imported-liwc.yaml'],
    ...NAMES.flatMap((name) => [
      ['code', ...CB, 'interviews/', '--by', name, '--format', 'json'],
      ['compare', ...CB, 'interviews/', '--by', name],
      ['quotes', ...CB, 'interviews/', slug(name), '--by', name, '--where', `${name}=${name}`],
      ['agree', ...CB, 'interviews/', '--where', `${name}=${name}`],
      ['report', ...CB, 'interviews/', '--by', name, '-o', `report-${slug(name)}.md`],
      // Coder names from the files, chosen on the command line.
      ['code', ...CB, 'interviews/', '--source', name, '--by', name, '--format', 'json'],
      ['agree', ...CB, 'interviews/', '--human', name],
      ['agree', ...CB, 'interviews/', '--coders', `${name},human`],
    ]),
  ];
  it.each(commands.map((args) => [args.join(' '), args]))('%s', (_label, args) => {
    expectHandled(runCli(args as string[], { cwd: root }), args as string[]);
  });

  it('keeps a `__proto__` attribute like any other: grouping by it finds its value in both formats', () => {
    const result = runCli(['code', ...CB, 'interviews/', '--by', '__proto__', '--format', 'json'], { cwd: root });
    expect(result.status, result.stderr).toBe(0);
    const groups = (JSON.parse(result.stdout) as { groups: { name: string; size: number }[] }).groups;
    expect(groups).toEqual([expect.objectContaining({ name: '__proto__', size: 2 })]);
  });

  it('checks required and allowed attributes named after prototype properties (all present, so no finding about them)', () => {
    const result = runCli(['validate', ...CB, 'interviews/', '--format', 'json'], { cwd: root });
    const rules = (JSON.parse(result.stdout) as { diagnostics?: { ruleId: string }[] }).diagnostics ?? (JSON.parse(result.stdout) as { ruleId: string }[]);
    const ruleIds = (Array.isArray(rules) ? rules : []).map((d) => d.ruleId);
    expect(ruleIds).not.toContain('missing-attribute');
    expect(ruleIds).not.toContain('attribute-value');
    expect(ruleIds).not.toContain('unknown-topic');
    expect(ruleIds).not.toContain('unknown-coder');
  });

  it('round-trips the names through a REFI-QDA project export and import', () => {
    const exported = runCli(['export', ...CB, '--qdpx', 'proto.qdpx', 'interviews/'], { cwd: root });
    expectHandled(exported, ['export']);
    expect(exported.status, exported.stderr).toBe(0);
    const imported = runCli(['import', '--qdpx', 'proto.qdpx', '-o', 'imported'], { cwd: root });
    expectHandled(imported, ['import']);
    expect(imported.status, imported.stderr).toBe(0);
    const text = readFileSync(join(root, 'imported', 'interviews', 'a.md'), 'utf8');
    for (const name of NAMES) expect(text).toContain(name);
  });
});
