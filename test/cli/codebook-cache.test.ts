/**
 * Issue 8: the compiled-codebook cache. A codebook read back from its
 * compiled form codes every segment exactly as the freshly compiled one;
 * damaged or foreign cache files are ignored; and end to end, a warm run
 * gives the bytes of a cold one, an edited codebook gets a new entry, the
 * default folder is the project's own (ignored by git), and
 * `--no-cache`, `COCREATE_CACHE_DIR=off` and an unusable cache folder all
 * still code (the cache is best effort, never a failure).
 */
import { copyFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileCodebook } from '../../src/code/compile.js';
import { fromCompiledForm, toCompiledForm } from '../../src/code/compiled-form.js';
import { matchText } from '../../src/code/match.js';
import { readCodebookFile } from '../../src/load/codebook-read.js';
import { listTranscriptFiles, loadTranscriptFileSync } from '../../src/load/corpus.js';
import { FIXTURES, REPO_ROOT, runCli } from '../helpers/cli.js';

async function compiledFrom(path: string) {
  const loaded = await readCodebookFile(path);
  if (!loaded.codebook) throw new Error(`cannot read ${path}`);
  return compileCodebook(loaded.codebook);
}

async function segmentsOf(folder: string) {
  const listing = await listTranscriptFiles([folder]);
  return listing.files.flatMap((entry) => loadTranscriptFileSync(entry).transcript ?? []);
}

describe('compiled form', () => {
  const cases = [
    { codebook: join(REPO_ROOT, 'codebooks', 'coval.yaml'), corpus: join(REPO_ROOT, 'interviews') },
    { codebook: join(FIXTURES, 'basic', 'codebooks', 'basic.yaml'), corpus: join(FIXTURES, 'basic', 'interviews') },
    { codebook: join(FIXTURES, 'bad-input', 'codebooks', 'empty-rule.yaml'), corpus: join(FIXTURES, 'bad-input', 'good') },
  ];

  for (const { codebook, corpus } of cases) {
    it(`codes every segment as the compiled codebook does (${codebook.split('/').slice(-1)[0]})`, async () => {
      const { compiled, diagnostics } = await compiledFrom(codebook);
      // Through JSON, as the cache file carries it.
      const restored = fromCompiledForm(JSON.parse(JSON.stringify(toCompiledForm(compiled, diagnostics))));
      expect(restored).toBeDefined();
      expect(restored!.diagnostics).toEqual(diagnostics);
      expect(restored!.compiled.codes.map((code) => code.id)).toEqual(compiled.codes.map((code) => code.id));
      expect(restored!.compiled.themeOfCode).toEqual(compiled.themeOfCode);
      expect([...restored!.compiled.matchers.keys()]).toEqual([...compiled.matchers.keys()]);
      let segments = 0;
      for (const transcript of await segmentsOf(corpus)) {
        for (const segment of transcript.segments) {
          const expected = matchText(compiled, compiled.matchers.get(transcript.language), segment.text);
          expect(matchText(restored!.compiled, restored!.compiled.matchers.get(transcript.language), segment.text)).toEqual(expected);
          segments++;
        }
      }
      expect(segments).toBeGreaterThan(1);
    });
  }

  it('keeps phrases, proximity rules and regexes field for field', async () => {
    const { compiled, diagnostics } = await compiledFrom(cases[0]!.codebook);
    const restored = fromCompiledForm(JSON.parse(JSON.stringify(toCompiledForm(compiled, diagnostics))))!;
    for (const [language, matcher] of compiled.matchers) {
      const again = restored.compiled.matchers.get(language)!;
      expect(again.phrases).toEqual(matcher.phrases);
      expect(again.nears).toEqual(matcher.nears);
      expect(again.regexes.map((regex) => [regex.code, regex.source, regex.pattern.source])).toEqual(matcher.regexes.map((regex) => [regex.code, regex.source, regex.pattern.source]));
      expect(again.stems).toEqual(matcher.stems);
      expect(again.prefixes).toEqual(matcher.prefixes);
      expect(again.exact).toEqual(matcher.exact);
      expect(again.byFirstPattern).toEqual(matcher.byFirstPattern);
    }
  });

  it('carries the words the matcher has looked up, so a warm run need not stem them again', async () => {
    const { compiled, diagnostics } = await compiledFrom(cases[0]!.codebook);
    const transcripts = await segmentsOf(cases[0]!.corpus);
    const expected = transcripts.map((transcript) => transcript.segments.map((segment) => matchText(compiled, compiled.matchers.get(transcript.language), segment.text)));
    const learned = new Map([...compiled.matchers].map(([language, matcher]) => [language, [...matcher.memo]]));
    expect(learned.get('en')!.length).toBeGreaterThan(1000);
    const restored = fromCompiledForm(JSON.parse(JSON.stringify(toCompiledForm(compiled, diagnostics))))!;
    for (const [language, matcher] of restored.compiled.matchers) expect([...matcher.memo]).toEqual(learned.get(language));
    const again = transcripts.map((transcript) => transcript.segments.map((segment) => matchText(restored.compiled, restored.compiled.matchers.get(transcript.language), segment.text)));
    expect(again).toEqual(expected);
  });

  it('turns anything else into undefined, never an exception', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(fromCompiledForm(value)).toBeUndefined();
      }),
      { numRuns: 2000 },
    );
    expect(fromCompiledForm({ version: 1, codebook: { themes: [] }, diagnostics: [], strings: [], matchers: [{ language: 'en', phrases: 'x' }] })).toBeUndefined();
    expect(fromCompiledForm({ version: 999, codebook: { themes: [] }, diagnostics: [], strings: [], matchers: [] })).toBeUndefined();
  });

  it('survives a damaged form (fields cut away at random) without throwing', async () => {
    const { compiled, diagnostics } = await compiledFrom(cases[1]!.codebook);
    const form = JSON.parse(JSON.stringify(toCompiledForm(compiled, diagnostics))) as Record<string, unknown>;
    const paths = ['codebook', 'strings', 'matchers', 'diagnostics', 'version'];
    for (const key of paths) {
      const damaged = { ...form, [key]: key === 'strings' ? [] : 42 };
      expect(() => fromCompiledForm(damaged)).not.toThrow();
    }
  });
});

describe('cocreate code with the cache', () => {
  const project = () => {
    const root = mkdtempSync(join(tmpdir(), 'cocreate-cache-'));
    cpSync(join(FIXTURES, 'basic', 'interviews'), join(root, 'interviews'), { recursive: true });
    cpSync(join(FIXTURES, 'basic', 'codebooks'), join(root, 'codebooks'), { recursive: true });
    return { root, cache: join(root, 'cache') };
  };
  const entries = (cache: string) => {
    try {
      return readdirSync(cache).filter((name) => name.endsWith('.json')).sort();
    } catch {
      return [];
    }
  };

  it('writes one entry, and a warm run prints the bytes of a cold one', () => {
    const { root, cache } = project();
    const env = { COCREATE_CACHE_DIR: cache };
    const cold = runCli(['code', 'interviews', '--format', 'json'], { cwd: root, env });
    expect(cold.status).toBe(0);
    expect(entries(cache)).toHaveLength(1);
    const warm = runCli(['code', 'interviews', '--format', 'json'], { cwd: root, env });
    expect(warm).toEqual(cold);
    const codings = runCli(['code', 'interviews', '--codings', '--format', 'jsonl'], { cwd: root, env });
    expect(codings.stdout).toBe(runCli(['code', 'interviews', '--codings', '--format', 'jsonl', '--no-cache'], { cwd: root, env }).stdout);
    const threads = runCli(['code', 'interviews', '--format', 'json', '--jobs', '2'], { cwd: root, env });
    expect(threads.stdout).toBe(cold.stdout);
    expect(entries(cache)).toHaveLength(1);
  });

  it('gives an edited codebook its own entry and its own results', () => {
    const { root, cache } = project();
    const env = { COCREATE_CACHE_DIR: cache };
    const before = runCli(['code', 'interviews', '--format', 'json'], { cwd: root, env });
    const codebook = join(root, 'codebooks', 'basic.yaml');
    // The English rule for citizens no longer matches anything: the edited codebook codes less.
    writeFileSync(codebook, readFileSync(codebook, 'utf8').replace('terms: [citizen]', 'terms: [zzzzq]'));
    const edited = runCli(['code', 'interviews', '--format', 'json'], { cwd: root, env });
    expect(entries(cache)).toHaveLength(2);
    expect(edited.stdout).not.toBe(before.stdout);
    expect(edited.stdout).toBe(runCli(['code', 'interviews', '--format', 'json'], { cwd: root, env: { COCREATE_CACHE_DIR: 'off' } }).stdout);
    appendFileSync(codebook, '\n# a comment changes the bytes, so the key\n');
    runCli(['code', 'interviews', '--format', 'json'], { cwd: root, env });
    expect(entries(cache)).toHaveLength(3);
  });

  it('ignores a damaged entry, codes as without it, and writes it again', () => {
    const { root, cache } = project();
    const env = { COCREATE_CACHE_DIR: cache };
    const cold = runCli(['code', 'interviews', '--format', 'json'], { cwd: root, env });
    const [entry] = entries(cache);
    for (const damage of ['{', '', 'null', '{"version":1}', JSON.stringify({ version: 1, codebook: { themes: [{ codes: 3 }] }, diagnostics: [], strings: [], matchers: [] })]) {
      writeFileSync(join(cache, entry!), damage);
      const run = runCli(['code', 'interviews', '--format', 'json'], { cwd: root, env });
      expect(run).toEqual(cold);
      expect(readFileSync(join(cache, entry!), 'utf8').length).toBeGreaterThan(1000);
    }
  });

  it('replays the codebook diagnostics on a warm run', () => {
    const root = mkdtempSync(join(tmpdir(), 'cocreate-cache-'));
    cpSync(join(FIXTURES, 'bad-input', 'good'), join(root, 'good'), { recursive: true });
    copyFileSync(join(FIXTURES, 'bad-input', 'codebooks', 'empty-rule.yaml'), join(root, 'empty-rule.yaml'));
    const env = { COCREATE_CACHE_DIR: join(root, 'cache') };
    const cold = runCli(['code', 'good', '--codebook', 'empty-rule.yaml', '--format', 'json'], { cwd: root, env });
    expect(cold.stderr).toContain('the rule is empty');
    const warm = runCli(['code', 'good', '--codebook', 'empty-rule.yaml', '--format', 'json'], { cwd: root, env });
    expect(warm).toEqual(cold);
  });

  it('serves compare, cooccur, quotes, agree and report too, with the bytes of a cold run', () => {
    const root = mkdtempSync(join(tmpdir(), 'cocreate-cache-'));
    cpSync(join(FIXTURES, 'compare'), root, { recursive: true });
    const env = { COCREATE_CACHE_DIR: join(root, 'cache') };
    const commands = [
      ['compare', '--by', 'role', '--format', 'json'],
      ['cooccur', '--format', 'json'],
      ['quotes', '--format', 'json'],
      ['agree', '--format', 'json'],
      ['report', '--by', 'role'],
    ];
    for (const args of commands) {
      const cold = runCli([...args, '--no-cache'], { cwd: root, env });
      expect(entries(join(root, 'cache')), args[0]).toHaveLength(args === commands[0] ? 0 : 1);
      const first = runCli(args, { cwd: root, env });
      const warm = runCli(args, { cwd: root, env });
      expect(first, args[0]).toEqual(cold);
      expect(warm, args[0]).toEqual(cold);
    }
    expect(entries(join(root, 'cache'))).toHaveLength(1);
  });

  it('keeps the cache in .cocreate-cache/ of the project by default, ignored by git', () => {
    const { root } = project();
    const run = runCli(['code', 'interviews', '--format', 'json'], { cwd: root, env: { COCREATE_CACHE_DIR: '' } });
    expect(run.status).toBe(0);
    const folder = join(root, '.cocreate-cache');
    expect(entries(folder)).toHaveLength(1);
    expect(readFileSync(join(folder, '.gitignore'), 'utf8').split('\n')).toContain('*');
    // The transcripts' folder holds no cache files, and a run over the whole project still finds only transcripts.
    expect(readdirSync(join(root, 'interviews')).some((name) => name.endsWith('.json'))).toBe(false);
    const whole = runCli(['code', '.', '--format', 'json'], { cwd: root, env: { COCREATE_CACHE_DIR: '' } });
    expect(JSON.parse(whole.stdout).interviews).toBe(JSON.parse(run.stdout).interviews);
  });

  it('writes nothing with --no-cache or COCREATE_CACHE_DIR=off, and codes without a usable folder', () => {
    const { root, cache } = project();
    const reference = runCli(['code', 'interviews', '--format', 'json'], { cwd: root, env: { COCREATE_CACHE_DIR: 'off' } });
    expect(reference.status).toBe(0);
    expect(runCli(['code', 'interviews', '--format', 'json', '--no-cache'], { cwd: root, env: { COCREATE_CACHE_DIR: cache } })).toEqual(reference);
    expect(entries(cache)).toEqual([]);
    // A file where the folder should be: nothing can be written, nothing is said about it.
    const blocked = join(root, 'blocked');
    writeFileSync(blocked, 'not a folder');
    expect(runCli(['code', 'interviews', '--format', 'json'], { cwd: root, env: { COCREATE_CACHE_DIR: join(blocked, 'cache') } })).toEqual(reference);
  });
});
