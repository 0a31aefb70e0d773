/**
 * The compiled-codebook cache: `cocreate code` keeps each compiled codebook
 * in `.cocreate-cache/` in the folder it runs in (the project: the cache
 * holds the codebook and the vocabulary of the transcripts, which should
 * not leave it; a `.gitignore` inside keeps it out of git, as pytest's
 * cache does), keyed by the SHA-256 of the codebook's bytes,
 * its path as given (diagnostics name it) and the build of cocreate that
 * compiled it (the bundle's `build-id`, a hash of its files written by
 * scripts/bundle.mjs; elsewhere name, size and modification time of every
 * module file), so an edited codebook or a rebuilt cocreate never meets a
 * stale entry.
 * The next run reads the entry instead of parsing and compiling the
 * codebook again (for the project codebook ≈ 70 ms of a 0.35 s run).
 *
 * Best effort by design: a cache that cannot be read, parsed or written is
 * skipped silently and the codebook is compiled as without it; entries are
 * written atomically (temporary file, then rename) and only the newest
 * MAX_ENTRIES are kept. Each entry carries the SHA-256 of its content,
 * checked on read (code/compiled-form.ts): a damaged or altered entry is
 * ignored and replaced, and pruning removes only files this cache wrote. `COCREATE_CACHE_DIR` chooses another folder;
 * `COCREATE_CACHE_DIR=off` or `--no-cache` turns the cache off.
 */
import { createHash } from 'node:crypto';
import { closeSync, constants, existsSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, statSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMPILED_FORM_VERSION, fromCompiledForm, isSealedHeader, sealCompiledForm, toCompiledForm, unsealCompiledForm } from '../code/compiled-form.js';
import { readCheckedFileSync } from '../load/read-file.js';
import type { CompiledCodebook } from '../code/compile.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { VERSION } from './version.js';
import { writeFileSafelySync } from './write-file.js';

/** Cache entries kept; older ones are removed when a new one is written. */
const MAX_ENTRIES = 32;

const ENTRY_PREFIX = 'codebook-';

/** The default cache folder, in the folder cocreate runs in. */
export const DEFAULT_CACHE_FOLDER = '.cocreate-cache';

/** The cache folder, or undefined when the cache is off. */
export function cacheDirectory(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string | undefined {
  const chosen = env.COCREATE_CACHE_DIR;
  if (chosen !== undefined && chosen !== '') return chosen === 'off' ? undefined : chosen;
  return join(cwd, DEFAULT_CACHE_FOLDER);
}

/** Written into a new cache folder: git then ignores the folder without anyone editing the project's .gitignore. */
const CACHE_GITIGNORE = '# Compiled codebooks written by `cocreate code` (safe to delete; see README, "Coding and counting").\n*\n';

/** The cache entry path for a codebook's bytes, or undefined when the cache is off or the build cannot be identified. */
export function cacheEntryPath(directory: string, codebookPath: string, codebookBytes: Uint8Array): string | undefined {
  const build = buildFingerprint();
  if (build === undefined) return undefined;
  const hash = createHash('sha256');
  hash.update(`cocreate ${VERSION} form ${COMPILED_FORM_VERSION}\n${build}\n${codebookPath}\n`);
  hash.update(codebookBytes);
  return join(directory, `${ENTRY_PREFIX}${hash.digest('hex').slice(0, 40)}.json`);
}

/** Largest cache entry read (the project codebook's is about 1 MB with its memo). */
const MAX_ENTRY_BYTES = 256 * 1024 * 1024;

/**
 * The compiled codebook stored at `entry`, or undefined (no entry, not a
 * regular file, a symbolic link, unreadable, its hash does not match its content, another
 * shape): the caller then compiles afresh and writes a good entry over it.
 */
export function readCachedCodebook(entry: string): { compiled: CompiledCodebook; diagnostics: Diagnostic[] } | undefined {
  // Entries are files the cache wrote where they are, never symbolic links.
  if (isSymbolicLink(entry)) return undefined;
  const read = readCheckedFileSync(entry, MAX_ENTRY_BYTES);
  if (!('bytes' in read)) return undefined;
  const form = unsealCompiledForm(Buffer.from(read.bytes.buffer, read.bytes.byteOffset, read.bytes.byteLength).toString('utf8'));
  return form === undefined ? undefined : fromCompiledForm(form);
}

/** Whether `path` is a symbolic link (false when it cannot be looked at: then reading it fails on its own). */
function isSymbolicLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Stores a compiled codebook at `entry`; failures (read-only folder, full disk) are ignored. */
export function writeCachedCodebook(entry: string, compiled: CompiledCodebook, diagnostics: readonly Diagnostic[]): void {
  const directory = dirname(entry);
  try {
    if (!existsSync(directory)) {
      mkdirSync(directory, { recursive: true });
      writeFileSafelySync(join(directory, '.gitignore'), CACHE_GITIGNORE, { ownFile: true });
    }
    writeFileSafelySync(entry, sealCompiledForm(toCompiledForm(compiled, diagnostics)), { ownFile: true });
    pruneEntries(directory);
  } catch {
    // best effort: the writer leaves no temporary file behind
  }
}

/** The names this cache gives its entries (cacheEntryPath). */
const ENTRY_NAME = /^codebook-[0-9a-f]{40}\.json$/;

/**
 * Keeps the newest MAX_ENTRIES entries. Only files this cache wrote are
 * ever removed: a regular file with an entry's name whose first line is a
 * sealed form's header; any other file in the folder (another tool's
 * `codebook-*.json`, a user's notes) is left alone.
 */
function pruneEntries(directory: string): void {
  const entries: { path: string; time: number }[] = [];
  for (const name of readdirSync(directory)) {
    if (!ENTRY_NAME.test(name)) continue;
    const path = join(directory, name);
    const stats = lstatSync(path);
    if (stats.isFile() && isOwnEntry(path)) entries.push({ path, time: stats.mtimeMs });
  }
  if (entries.length <= MAX_ENTRIES) return;
  entries.sort((a, b) => b.time - a.time);
  for (const old of entries.slice(MAX_ENTRIES)) unlinkSync(old.path);
}

/** Whether a file starts with a sealed form's header line. */
function isOwnEntry(path: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const head = Buffer.alloc(256);
    const length = readSync(fd, head, 0, head.length, 0);
    const text = head.subarray(0, length).toString('latin1');
    const newline = text.indexOf('\n');
    return newline > 0 && isSealedHeader(text.slice(0, newline));
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

let fingerprint: string | null | undefined;

/**
 * What identifies this build of cocreate: the bundle's `build-id` beside
 * this module, else name, size and modification time of every module file
 * (the folder above this module: dist/, or src/ under the tests), so any
 * rebuild changes the key. Undefined when neither can be read.
 */
function buildFingerprint(): string | undefined {
  if (fingerprint === undefined) {
    try {
      fingerprint = `build ${readFileSync(new URL('./build-id', import.meta.url), 'utf8').trim()}`;
      return fingerprint;
    } catch {
      // not running from the bundle: walk the module files
    }
    try {
      const root = dirname(dirname(fileURLToPath(import.meta.url)));
      const lines: string[] = [];
      const walk = (folder: string, prefix: string) => {
        for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
          const path = join(folder, entry.name);
          if (entry.isDirectory()) walk(path, `${prefix}${entry.name}/`);
          else if (/\.(js|mjs|ts)$/.test(entry.name)) {
            const stats = statSync(path);
            lines.push(`${prefix}${entry.name} ${stats.size} ${stats.mtimeMs}`);
          }
        }
      };
      walk(root, '');
      fingerprint = lines.join('\n');
    } catch {
      fingerprint = null;
    }
  }
  return fingerprint ?? undefined;
}
