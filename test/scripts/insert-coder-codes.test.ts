/**
 * scripts/insert-coder-codes.mjs (issue 13): a second coder's codes written
 * beside the first coder's, every other byte kept. Expected files are written
 * out by hand; the loader then reads both coders back.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseTranscript } from '../../src/load/transcript.js';
import { REPO_ROOT, runCli } from '../helpers/cli.js';

const SCRIPT = join(REPO_ROOT, 'scripts', 'insert-coder-codes.mjs');

const YAML = `id: y1
language: en
illustrative: true
unit: U
turns:
  - speaker: interviewer
    text: First question?
  - speaker: respondent
    text: |
      The citizens use it.
      Every day.
    codes: [stakeholders.citizens]
  - speaker: interviewer
    text: And then?
  - speaker: respondent
    text: Nothing coded here.
  - speaker: respondent
    text: The regions too.
    codes: [stakeholders.other-administrations]
`;

const MARKDOWN = `---
id: m1
language: es
illustrative: true
unit: U
---

## Organisation

**Interviewer:** ¿Primera pregunta?

**Respondent:** Los ciudadanos la usan.
<!-- codes: stakeholders.citizens -->

**Interviewer:** ¿Y luego?

**Respondent:** Nada codificado aquí.
Segunda línea.
`;

function setUp(codes: Record<string, string[]>) {
  const dir = mkdtempSync(join(tmpdir(), 'cocreate-insert-'));
  writeFileSync(join(dir, 'y1.yaml'), YAML);
  writeFileSync(join(dir, 'm1.md'), MARKDOWN);
  writeFileSync(join(dir, 'codes.json'), JSON.stringify(codes));
  const run = () =>
    spawnSync(process.execPath, [SCRIPT, join(dir, 'codes.json'), '--coder', 'bob', '--first', 'alice', dir], { cwd: REPO_ROOT, encoding: 'utf8' });
  return { dir, run };
}

describe('scripts/insert-coder-codes.mjs', () => {
  it('writes the second coder beside the first, names the first in the metadata, keeps every other byte', () => {
    const { dir, run } = setUp({ 'y1#1': ['stakeholders.citizens', 'cocreation.user-feedback'], 'y1#3': [], 'm1#1': ['stakeholders.citizens'], 'm1#3': ['challenges.resources'] });
    const result = run();
    expect(result.status).toBe(0);
    expect(readFileSync(join(dir, 'y1.yaml'), 'utf8')).toBe(`id: y1
language: en
illustrative: true
coder: alice
unit: U
turns:
  - speaker: interviewer
    text: First question?
  - speaker: respondent
    text: |
      The citizens use it.
      Every day.
    codes: { alice: [stakeholders.citizens], bob: [stakeholders.citizens, cocreation.user-feedback] }
  - speaker: interviewer
    text: And then?
  - speaker: respondent
    text: Nothing coded here.
    codes: { bob: [] }
  - speaker: respondent
    text: The regions too.
    codes: [stakeholders.other-administrations]
`);
    expect(readFileSync(join(dir, 'm1.md'), 'utf8')).toBe(`---
id: m1
language: es
illustrative: true
coder: alice
unit: U
---

## Organisation

**Interviewer:** ¿Primera pregunta?

**Respondent:** Los ciudadanos la usan.
<!-- codes: stakeholders.citizens --> <!-- codes bob: stakeholders.citizens -->

**Interviewer:** ¿Y luego?

**Respondent:** Nada codificado aquí.
Segunda línea. <!-- codes bob: challenges.resources -->
`);
    // Read back: the loader sees both coders on the listed turns, alice alone elsewhere, the same texts.
    const yaml = parseTranscript(readFileSync(join(dir, 'y1.yaml'), 'utf8'), 'y1.yaml', 'yaml').transcript!;
    expect(yaml.segments.map((s) => s.human.map((h) => [h.coder, h.codes]))).toEqual([
      [],
      [['alice', ['stakeholders.citizens']], ['bob', ['stakeholders.citizens', 'cocreation.user-feedback']]],
      [],
      [['bob', []]],
      [['alice', ['stakeholders.other-administrations']]],
    ]);
    const markdown = parseTranscript(readFileSync(join(dir, 'm1.md'), 'utf8'), 'm1.md', 'markdown').transcript!;
    expect(markdown.segments.map((s) => s.text)).toEqual(['¿Primera pregunta?', 'Los ciudadanos la usan.', '¿Y luego?', 'Nada codificado aquí.\nSegunda línea.']);
    expect(markdown.segments.map((s) => s.human.map((h) => [h.coder, h.codes]))).toEqual([
      [],
      [['alice', ['stakeholders.citizens']], ['bob', ['stakeholders.citizens']]],
      [],
      [['bob', ['challenges.resources']]],
    ]);
  });

  it('stops without writing anything for a turn that does not exist, an interviewer turn, or a transcript it cannot find (exit 2)', () => {
    for (const codes of [{ 'y1#1': ['a.b'], 'y1#9': ['a.b'] }, { 'm1#0': ['a.b'] }, { 'zz#1': ['a.b'] }]) {
      const { dir, run } = setUp(codes);
      const result = run();
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(/insert-coder-codes: /);
      expect(readFileSync(join(dir, 'y1.yaml'), 'utf8')).toBe(YAML);
      expect(readFileSync(join(dir, 'm1.md'), 'utf8')).toBe(MARKDOWN);
    }
  });

  it('the project corpus: coder-b coded 77 turns of all 14 interviews, and agree --coders gives the kappa computed here from the files', () => {
    const result = runCli(['agree', '--coders', 'coder-a,coder-b', '--format', 'json']);
    expect(result.status).toBe(0);
    const json = JSON.parse(result.stdout);
    expect([json.interviews, json.segments, json.overall.applied['coder-b']]).toEqual([14, 77, 258]); // 258: coder-b's own count of code applications
    // Cohen's kappa over turns × codes, from the transcripts and the codebook read directly.
    const codebook = parse(readFileSync(join(REPO_ROOT, 'codebooks', 'coval.yaml'), 'utf8')) as { themes: { id: string; codes: { id: string }[] }[] };
    const codes = codebook.themes.flatMap((theme) => theme.codes.map((code) => `${theme.id}.${code.id}`));
    const pairs: [boolean, boolean][] = [];
    for (const name of readdirSync(join(REPO_ROOT, 'interviews')).sort()) {
      const file = join(REPO_ROOT, 'interviews', name);
      const transcript = parseTranscript(readFileSync(file, 'utf8'), file, name.endsWith('.md') ? 'markdown' : 'yaml').transcript!;
      for (const segment of transcript.segments) {
        const a = segment.human.find((h) => h.coder === 'coder-a')?.codes;
        const b = segment.human.find((h) => h.coder === 'coder-b')?.codes;
        if (!a || !b) continue;
        for (const code of codes) pairs.push([a.includes(code), b.includes(code)]);
      }
    }
    expect(pairs.length).toBe(77 * codes.length);
    const n = pairs.length;
    const observed = pairs.filter(([x, y]) => x === y).length / n;
    const pa = pairs.filter(([x]) => x).length / n;
    const pb = pairs.filter(([, y]) => y).length / n;
    const expected = pa * pb + (1 - pa) * (1 - pb);
    expect(json.overall.kappa).toBeCloseTo((observed - expected) / (1 - expected), 10);
  });
});
