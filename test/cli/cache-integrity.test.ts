/**
 * Issue 16, item 12: the compiled-codebook cache checks each entry against
 * the SHA-256 stored in it. An entry altered so that every memoised word
 * satisfies every pattern (the attack: civil-servants 249 segments
 * instead of 47) is ignored, the run gives the counts of a cold run, and
 * the alteration is not kept. Pruning removes only the cache's own entries,
 * never another `codebook-*.json`.
 */
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { cpSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSealedHeader, sealCompiledForm, unsealCompiledForm, type CompiledForm } from '../../src/code/compiled-form.js';
import { REPO_ROOT, runCli } from '../helpers/cli.js';

function project() {
  const root = mkdtempSync(join(tmpdir(), 'cocreate-cache-integrity-'));
  cpSync(join(REPO_ROOT, 'interviews'), join(root, 'interviews'), { recursive: true });
  cpSync(join(REPO_ROOT, 'codebooks'), join(root, 'codebooks'), { recursive: true });
  return { root, cache: join(root, 'cache'), env: { COCREATE_CACHE_DIR: join(root, 'cache') } };
}
const entries = (cache: string) => readdirSync(cache).filter((name) => /^codebook-[0-9a-f]{40}\.json$/.test(name));

/** Every memoised word now also satisfies a one-word rule of the first code (civil servants): the alteration, kept small so a trusted run stays quick. */
function poisoned(form: CompiledForm): CompiledForm {
  for (const matcher of form.matchers) {
    const phrase = matcher.phrases.find(([patterns, code, role]) => code === 0 && role === 0 && patterns.length === 1);
    if (!phrase) continue;
    const id = phrase[0][0]!;
    matcher.memo = (matcher.memo ?? []).map(([word, ids]) => [word, ids.includes(id) ? ids : [...ids, id].sort((a, b) => a - b)]);
  }
  return form;
}

const civilServants = (stdout: string) => (JSON.parse(stdout) as { codes: { id: string; segments: number }[] }).codes.find((code) => code.id === 'stakeholders.civil-servants')!.segments;

describe('issue 16: a tampered cache entry is never used', () => {
  it('ignores an entry whose content no longer matches its hash: exit 0, the counts of a cold run, the alteration not kept', () => {
    const { root, cache, env } = project();
    const cold = runCli(['code', 'interviews', '--format', 'json', '--no-cache'], { cwd: root, env });
    expect(cold.status).toBe(0);
    const coldCount = civilServants(cold.stdout);
    expect(coldCount).toBeGreaterThan(10);
    expect(runCli(['code', 'interviews', '--format', 'json'], { cwd: root, env }).stdout).toBe(cold.stdout);
    const [entry] = entries(cache);
    const path = join(cache, entry!);
    const text = readFileSync(path, 'utf8');
    const header = text.slice(0, text.indexOf('\n'));
    const form = unsealCompiledForm(text) as CompiledForm;
    expect(form.matchers[0]!.memo!.length).toBeGreaterThan(100);

    // The poisoned form does change the counts when trusted (sealed with a matching hash): the attack is real.
    writeFileSync(path, sealCompiledForm(poisoned(structuredClone(form))));
    const trusted = runCli(['code', 'interviews', '--format', 'json'], { cwd: root, env });
    expect(civilServants(trusted.stdout)).toBeGreaterThan(coldCount);

    // Altered under the old header, or written as bare JSON: ignored.
    for (const altered of [`${header}\n${JSON.stringify(poisoned(structuredClone(form)))}`, JSON.stringify(poisoned(structuredClone(form)))]) {
      writeFileSync(path, altered);
      const run = runCli(['code', 'interviews', '--format', 'json'], { cwd: root, env });
      expect(run.status).toBe(0);
      expect(run.stdout).toBe(cold.stdout);
      // Written again from the fresh compile: the alteration is gone.
      const rewritten = readFileSync(path, 'utf8');
      expect(rewritten).not.toBe(altered);
      expect(unsealCompiledForm(rewritten)).toBeDefined();
      expect(runCli(['code', 'interviews', '--format', 'json'], { cwd: root, env }).stdout).toBe(cold.stdout);
    }
  });

  it('never writes into a FIFO or folder put in the place of an entry (no hang), and never reads one', () => {
    const { root, cache, env } = project();
    const cold = runCli(['code', 'interviews', '--format', 'json', '--no-cache'], { cwd: root, env });
    expect(runCli(['code', 'interviews', '--format', 'json'], { cwd: root, env }).stdout).toBe(cold.stdout);
    const [entry] = entries(cache);
    const path = join(cache, entry!);
    rmSync(path);
    expect(spawnSync('mkfifo', [path]).status).toBe(0);
    // A process timeout, not a timing assertion: opening the FIFO to read or write would wait forever.
    const run = runCli(['code', 'interviews', '--format', 'json'], { cwd: root, env, timeout: 30_000 });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(cold.stdout);
    expect(lstatSync(path).isFIFO()).toBe(true);
    rmSync(path);
    mkdirSync(path);
    expect(runCli(['code', 'interviews', '--format', 'json'], { cwd: root, env, timeout: 30_000 }).stdout).toBe(cold.stdout);
    expect(lstatSync(path).isDirectory()).toBe(true);
  });

  it('never writes through a symbolic link planted at an entry\'s path (the file it points to is untouched)', () => {
    const { root, cache, env } = project();
    const cold = runCli(['code', 'interviews', '--format', 'json', '--no-cache'], { cwd: root, env });
    expect(runCli(['code', 'interviews', '--format', 'json'], { cwd: root, env }).status).toBe(0);
    const [entry] = entries(cache);
    const path = join(cache, entry!);
    const victim = join(root, 'precious.txt');
    writeFileSync(victim, 'keep me\n');
    rmSync(path);
    symlinkSync(victim, path);
    const run = runCli(['code', 'interviews', '--format', 'json'], { cwd: root, env });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(cold.stdout);
    expect(readFileSync(victim, 'utf8')).toBe('keep me\n');
    expect(lstatSync(path).isSymbolicLink()).toBe(true);
  });

  it('seals with the SHA-256 of the content and refuses any changed byte', () => {
    const form = { version: 1, codebook: { themes: [] }, diagnostics: [], strings: ['a'], matchers: [] } as unknown as CompiledForm;
    const sealed = sealCompiledForm(form);
    const [header, body] = [sealed.slice(0, sealed.indexOf('\n')), sealed.slice(sealed.indexOf('\n') + 1)];
    expect(header).toBe(`cocreate-compiled-codebook 1 sha256:${createHash('sha256').update(body).digest('hex')}`);
    expect(isSealedHeader(header)).toBe(true);
    expect(unsealCompiledForm(sealed)).toEqual(form);
    for (let index = header.length + 1; index < sealed.length; index++) {
      const changed = sealed.slice(0, index) + (sealed[index] === 'x' ? 'y' : 'x') + sealed.slice(index + 1);
      expect(unsealCompiledForm(changed)).toBeUndefined();
    }
  });

  it('prunes only its own entries, never another codebook-*.json', () => {
    const { root, cache, env } = project();
    expect(runCli(['code', 'interviews', '--format', 'json'], { cwd: root, env }).status).toBe(0);
    const [entry] = entries(cache);
    const own = readFileSync(join(cache, entry!), 'utf8');
    // 40 old entries of its own (valid header), and files that only look like entries.
    const old = new Date(Date.now() - 86_400_000);
    for (let index = 0; index < 40; index++) {
      const name = `codebook-${createHash('sha1').update(String(index)).digest('hex')}.json`;
      writeFileSync(join(cache, name), own);
      utimesSync(join(cache, name), old, old);
    }
    const foreign = {
      [`codebook-${'a'.repeat(40)}.json`]: '{"theirs": true}\n',
      'codebook-notes.json': `${own.slice(0, own.indexOf('\n'))}\nmine`,
      'codebook-b.json': '{}',
    };
    for (const [name, content] of Object.entries(foreign)) {
      writeFileSync(join(cache, name), content);
      utimesSync(join(cache, name), old, old);
    }
    mkdirSync(join(cache, `codebook-${'c'.repeat(40)}.json`));
    // An edited codebook: a new entry, then pruning.
    const codebook = join(root, 'codebooks', 'coval.yaml');
    writeFileSync(codebook, `${readFileSync(codebook, 'utf8')}\n# edited\n`);
    expect(runCli(['code', 'interviews', '--format', 'json'], { cwd: root, env }).status).toBe(0);
    const names = readdirSync(cache);
    for (const [name, content] of Object.entries(foreign)) expect(readFileSync(join(cache, name), 'utf8')).toBe(content);
    expect(names).toContain(`codebook-${'c'.repeat(40)}.json`);
    const kept = entries(cache).filter((name) => name !== `codebook-${'c'.repeat(40)}.json` && isSealedHeader(readFileSync(join(cache, name), 'latin1').split('\n')[0]!));
    expect(kept).toHaveLength(32);
  });
});
