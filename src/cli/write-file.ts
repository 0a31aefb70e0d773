/**
 * The one writer of user-visible files (`-o`, `export --qdc/--qdpx`,
 * `import`, the compiled-codebook cache). Issue 16: a write must never
 * replace what it should write into or leave alone.
 *
 * - A regular file (new or existing) is written atomically: a temporary
 *   file in the same folder, then rename, so it is replaced whole or not at
 *   all. The temporary file gets the old file's mode (and owner and group
 *   where permitted) before the rename.
 * - A symbolic link is followed to its target; the temporary file goes in
 *   the target's folder, so the link stays a link and the target is updated.
 * - A FIFO, a character or block device (`/dev/null`, a terminal) and the
 *   `/dev/stdout`, `/dev/fd/N`, `/proc/…/fd/N` names are written through
 *   (opened for writing, appended to, never created, truncated or
 *   replaced), as a shell's `>` would; opening a FIFO waits for a reader.
 * - A folder, a socket and a block device (a disk) are refused; so is a
 *   read-only file (as a shell's `>` would).
 * - An existing file that looks like a transcript, codebook or project file
 *   (load/input-like.ts sniffs its first KB) is refused unless `force`.
 * - Temporary files and folders are registered while they exist; SIGINT and
 *   SIGTERM remove them before the process exits (130 and 143, as shells
 *   expect), so an interrupted run leaves no `.NAME.PID.….tmp` behind; those
 *   of a run killed outright are removed by the next write of the same file.
 */
import { randomBytes } from 'node:crypto';
import {
  accessSync,
  closeSync,
  constants,
  fchmodSync,
  fchownSync,
  fsyncSync,
  lstatSync,
  openSync,
  readdirSync,
  readlinkSync,
  readSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { open, rename, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { INPUT_SNIFF_BYTES, inputKindOf } from '../load/input-like.js';
import { describeFileType } from '../load/read-file.js';
import { UsageError } from '../model/errors.js';

/** How a write treats an existing file that looks like an input. */
export interface WriteOptions {
  /** Replace a file that looks like a transcript, codebook or project file (default: `writePolicy.force`, i.e. `--force`). */
  force?: boolean;
  /**
   * The file is the program's own (the cache's entries): no input-like
   * check, and only a regular file is written, never a FIFO or device put in
   * its place (a FIFO with no reader would hang the run), nor through a
   * symbolic link (one planted in a shared cache folder would make the cache
   * overwrite the file it points to).
   */
  ownFile?: boolean;
  /** Flush the new file to disk before the rename (a transcript edited by `cocreate review`). */
  fsync?: boolean;
}

/** Set once per run from the command's options (main.ts): `--force` lets a write replace a file that looks like an input. */
export const writePolicy: { force: boolean } = { force: false };

/** Where a write goes, once links are followed. */
export type WriteTarget =
  | { kind: 'regular'; path: string; stats?: Stats }
  | { kind: 'through'; path: string; what: string; fd?: number };

/** Most symbolic links followed before giving up (Linux's own limit). */
const MAX_LINKS = 40;

/** Bytes written per call: between chunks, a signal can be handled. */
const CHUNK_BYTES = 1 << 20;

/** Names that stand for an open file descriptor: written through, whatever they point at. */
const DESCRIPTOR_NAME = /^\/(?:dev\/(?:stdout|stderr|stdin|fd\/\d+)|proc\/(?:self|thread-self|\d+)\/fd\/\d+)$/;

/**
 * Resolves where writing `path` goes: follows symbolic links (also dangling
 * ones, to the file they name), refuses folders and sockets.
 */
export function resolveWriteTarget(path: string): WriteTarget {
  const absolute = resolve(path);
  if (DESCRIPTOR_NAME.test(absolute)) return { kind: 'through', path: absolute, what: 'an open file descriptor', fd: ownDescriptor(absolute) };
  let stats: Stats | undefined;
  try {
    stats = statSync(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw new UsageError(`Cannot write "${path}": it is a loop of symbolic links.`);
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw new UsageError(`Cannot write "${path}": ${(error as Error).message}`);
  }
  if (stats === undefined) return { kind: 'regular', path: danglingTarget(absolute, path) };
  if (stats.isDirectory()) throw new UsageError(`Cannot write "${path}": it is a folder, not a file. Give a file name inside it.`);
  if (stats.isSocket()) throw new UsageError(`Cannot write "${path}": it is a socket, not a file.`);
  // A report written over a disk or partition would destroy it (a shell's `>` would let it).
  if (stats.isBlockDevice()) throw new UsageError(`Cannot write "${path}": it is a block device (a disk or partition), not a file.`);
  if (!stats.isFile()) return { kind: 'through', path: absolute, what: describeFileType(stats) };
  let real = absolute;
  try {
    real = realpathSync(absolute);
  } catch {
    // keep the path as given
  }
  return { kind: 'regular', path: real, stats };
}

/** The descriptor of this process a name stands for (`/dev/stdout` → 1), or undefined (another process's). */
function ownDescriptor(absolute: string): number | undefined {
  const named = { '/dev/stdin': 0, '/dev/stdout': 1, '/dev/stderr': 2 }[absolute];
  if (named !== undefined) return named;
  const match = /^\/(?:dev\/fd|proc\/(self|thread-self|\d+)\/fd)\/(\d+)$/.exec(absolute);
  if (!match || (match[1] !== undefined && match[1] !== 'self' && match[1] !== 'thread-self' && Number(match[1]) !== process.pid)) return undefined;
  return Number(match[2]);
}

/** Writes to one of this process's descriptors (stdout and stderr through their streams; a socket cannot be reopened by name). */
async function writeDescriptor(fd: number, bytes: Uint8Array): Promise<void> {
  const stream = fd === 1 ? process.stdout : fd === 2 ? process.stderr : undefined;
  if (stream) {
    await new Promise<void>((resolvePromise, reject) => stream.write(bytes, (error) => (error ? reject(error) : resolvePromise())));
    return;
  }
  for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset, bytes.length - offset);
}

/** Where a path that does not exist (or a dangling link) would be created: the end of its chain of links. */
function danglingTarget(absolute: string, shown: string): string {
  let current = absolute;
  for (let hop = 0; hop <= MAX_LINKS; hop++) {
    let info: Stats;
    try {
      info = lstatSync(current);
    } catch {
      break;
    }
    if (!info.isSymbolicLink()) break;
    if (hop === MAX_LINKS) throw new UsageError(`Cannot write "${shown}": too many symbolic links.`);
    current = resolve(dirname(current), readlinkSync(current));
  }
  // The folder may itself be reached through links: rename in the real one.
  try {
    return join(realpathSync(dirname(current)), basename(current));
  } catch {
    return current;
  }
}

/** Throws when `path` is a symbolic link (own files are written only where they are). */
function refuseLink(path: string): void {
  let link = false;
  try {
    link = lstatSync(path).isSymbolicLink();
  } catch {
    // nothing there (or an unreachable folder, which the write reports)
  }
  if (link) throw new UsageError(`Not writing "${path}": it is a symbolic link.`);
}

/** Refuses a read-only file and, without `force`, a file that looks like an input. */
function checkReplaceable(target: Extract<WriteTarget, { kind: 'regular' }>, shown: string, options: WriteOptions): void {
  if (!target.stats) return;
  try {
    // No write bit at all is read-only for root too: someone protected the file.
    if ((target.stats.mode & 0o222) === 0) throw new Error('read-only');
    accessSync(target.path, constants.W_OK);
  } catch {
    throw new UsageError(`Cannot write "${shown}": the file is read-only, so it is left as it is. Make it writable (chmod u+w) or choose another file.`);
  }
  if (options.ownFile || (options.force ?? writePolicy.force)) return;
  const kind = inputKindOf(target.path, readHead(target.path));
  if (kind !== undefined) {
    throw new UsageError(`Not writing "${shown}": it looks like a ${kind}, and a report would replace it. Choose another file, or add --force to replace it.`);
  }
}

/** The first INPUT_SNIFF_BYTES of a file as text ('' when unreadable). */
function readHead(path: string): string {
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const buffer = Buffer.alloc(INPUT_SNIFF_BYTES);
    const length = readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, length).toString('utf8');
  } catch {
    return '';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function temporaryBeside(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

function cannotWrite(shown: string, error: unknown, folder: string): UsageError {
  if (error instanceof UsageError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new UsageError(`Cannot write "${shown}": its folder does not exist.`);
  if (code === 'ENOTDIR') return new UsageError(`Cannot write "${shown}": a part of its path is a file, not a folder.`);
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new UsageError(`Cannot write "${shown}": the folder ${folder} is not writable (the file is replaced by writing a new one beside it and renaming it).`);
  }
  return new UsageError(`Cannot write "${shown}": ${(error as Error).message}`);
}

/** Gives the temporary file the old file's owner, group and mode (owner and group only where permitted). */
function keepAttributes(fd: number, stats: Stats | undefined): void {
  if (!stats) return;
  try {
    fchownSync(fd, stats.uid, stats.gid);
  } catch {
    // EPERM: only root may give a file away; keep our own
  }
  fchmodSync(fd, stats.mode & 0o7777);
}

/** Writes every byte, a chunk at a time (a signal can be handled between chunks; a short write goes on where it stopped). */
async function writeAll(handle: FileHandle, bytes: Uint8Array): Promise<void> {
  for (let offset = 0; offset < bytes.length; ) {
    const { bytesWritten } = await handle.write(bytes, offset, Math.min(CHUNK_BYTES, bytes.length - offset));
    offset += bytesWritten;
  }
}

/**
 * Writes `content` to `path` as described in the module header. Throws a
 * UsageError (exit 2) with the reason when it cannot; the old file is then
 * untouched.
 */
export async function writeFileSafely(path: string, content: string | Uint8Array, options: WriteOptions = {}): Promise<void> {
  if (options.ownFile) refuseLink(path);
  const target = resolveWriteTarget(path);
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  if (target.kind === 'through' && options.ownFile) throw new UsageError(`Not writing "${path}": it is ${target.what}, not a file.`);
  if (target.kind === 'through') {
    let handle: FileHandle | undefined;
    try {
      if (target.fd !== undefined) return await writeDescriptor(target.fd, bytes);
      handle = await open(target.path, constants.O_WRONLY | constants.O_APPEND | (constants.O_NOCTTY ?? 0));
      await writeAll(handle, bytes);
    } catch (error) {
      throw new UsageError(`Cannot write "${path}" (${target.what}): ${(error as Error).message}`);
    } finally {
      await handle?.close();
    }
    return;
  }
  checkReplaceable(target, path, options);
  const temporary = temporaryBeside(target.path);
  let handle: FileHandle | undefined;
  // Registered before it exists: a signal between its creation and registration would leave it.
  registerTemporary(temporary);
  try {
    handle = await open(temporary, 'wx', target.stats ? 0o600 : 0o666);
    keepAttributes(handle.fd, target.stats);
    await writeAll(handle, bytes);
    if (options.fsync) await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(temporary, target.path);
    unregisterTemporary(temporary);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    removeTemporary(temporary);
    throw cannotWrite(path, error, dirname(target.path));
  }
  removeStaleTemporaries(target.path);
}

/** `writeFileSafely` without the event loop, for best-effort writes mid-run (the codebook cache). */
export function writeFileSafelySync(path: string, content: string | Uint8Array, options: WriteOptions = {}): void {
  if (options.ownFile) refuseLink(path);
  const target = resolveWriteTarget(path);
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  if (target.kind === 'through' && options.ownFile) throw new UsageError(`Not writing "${path}": it is ${target.what}, not a file.`);
  if (target.kind === 'through') {
    if (target.fd !== undefined) {
      for (let offset = 0; offset < bytes.length; ) offset += writeSync(target.fd, bytes, offset, bytes.length - offset);
      return;
    }
    const fd = openSync(target.path, constants.O_WRONLY | constants.O_APPEND | (constants.O_NOCTTY ?? 0));
    try {
      for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset, bytes.length - offset);
    } finally {
      closeSync(fd);
    }
    return;
  }
  checkReplaceable(target, path, options);
  const temporary = temporaryBeside(target.path);
  let fd: number | undefined;
  registerTemporary(temporary);
  try {
    fd = openSync(temporary, 'wx', target.stats ? 0o600 : 0o666);
    keepAttributes(fd, target.stats);
    for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset, bytes.length - offset);
    if (options.fsync) fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temporary, target.path);
    unregisterTemporary(temporary);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    removeTemporary(temporary);
    throw cannotWrite(path, error, dirname(target.path));
  }
  removeStaleTemporaries(target.path);
}

/** Matches `.NAME.PID.HEX.tmp`, the temporary files of temporaryBeside. */
function temporaryPid(name: string, base: string): number | undefined {
  const prefix = `.${base}.`;
  if (!name.startsWith(prefix)) return undefined;
  const match = /^(\d+)\.[0-9a-f]{8}\.tmp$/.exec(name.slice(prefix.length));
  return match ? Number(match[1]) : undefined;
}

/**
 * Removes temporary files of `path` left by runs killed outright (SIGKILL,
 * a power cut: no handler ran), recognised by name and by their process
 * being gone. Best effort.
 */
function removeStaleTemporaries(path: string): void {
  const folder = dirname(path);
  const base = basename(path);
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = temporaryPid(name, base);
    if (pid === undefined || pid === process.pid || isProcessAlive(pid)) continue;
    try {
      rmSync(join(folder, name), { force: true });
    } catch {
      // another run removed it, or the folder forbids it
    }
  }
}

/** Whether a process exists (one we may not signal exists too). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// ---------------------------------------------------------------- clean-up on signals

/** Temporary files and folders that exist right now; removed if the process is interrupted. */
const temporaries = new Set<string>();

/** Removes every registered temporary path, then exits as a shell expects of a process killed by `signal`. */
function onSignal(signal: NodeJS.Signals): void {
  for (const temporary of temporaries) {
    try {
      rmSync(temporary, { recursive: true, force: true });
    } catch {
      // nothing more can be done while exiting
    }
  }
  temporaries.clear();
  process.stderr.write(`\ncocreate: interrupted (${signal}); no partial files left.\n`);
  process.exit(signal === 'SIGINT' ? 130 : 143);
}

/**
 * Registers a temporary file or folder to remove should SIGINT or SIGTERM
 * arrive before it is renamed into place. The handlers are installed only
 * while something is registered: otherwise the signals keep their default.
 */
export function registerTemporary(path: string): void {
  if (temporaries.size === 0) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  temporaries.add(path);
}

/** Forgets a temporary path once it has been renamed into place (or removed). */
export function unregisterTemporary(path: string): void {
  if (!temporaries.delete(path) || temporaries.size > 0) return;
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
}

/** Removes a temporary file or folder now and forgets it. */
export function removeTemporary(path: string): void {
  try {
    rmSync(path, { recursive: true, force: true });
  } catch {
    // already gone
  }
  unregisterTemporary(path);
}
