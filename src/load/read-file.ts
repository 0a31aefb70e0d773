/**
 * The one reader of input files (transcripts, codebooks, the project file,
 * `redact_file`, dictionaries, REFI-QDA files, cache entries). Issue 16: a
 * FIFO given as a codebook hung the run and `--codebook /dev/zero` grew past
 * 5 GB, because files were read with no check of what they were. Here every
 * file is opened without blocking (a FIFO with no writer does not wait),
 * checked to be a regular file, and read only when it is within the size
 * limit of its kind; anything else is a reason the caller turns into a
 * located message.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';

const MB = 1024 * 1024;

/** Largest transcript read; beyond this a file is reported, not loaded (a transcript of 256 MB is surely a mistake). */
export const MAX_TRANSCRIPT_BYTES = 256 * MB;
/** Largest codebook read (the largest published dictionaries, as codebooks, are a few MB). */
export const MAX_CODEBOOK_BYTES = 64 * MB;
/** Largest project file (`cocreate.yaml`) or `redact_file` read. */
export const MAX_PROJECT_BYTES = 16 * MB;
/** Largest dictionary (quanteda YAML, LIWC .dic) read. */
export const MAX_DICTIONARY_BYTES = 64 * MB;
/** Largest model file (`cocreate train`) or review queue CSV read. */
export const MAX_MODEL_BYTES = 256 * MB;
/** Largest REFI-QDA file (`.qdc`, `.qde`, `.qdpx` with its sources) read. */
export const MAX_REFI_BYTES = 1024 * MB;

/** A file read, or why it was not. */
export type CheckedRead =
  | { bytes: Uint8Array }
  | {
      /** `missing`: no such file; `not-a-file`: a folder, FIFO, device or socket; `too-large`: over the limit; `unreadable`: anything else (permissions). */
      problem: 'missing' | 'not-a-file' | 'too-large' | 'unreadable';
      /** What is wrong, to follow the file's name: `is a FIFO (named pipe), not a file`. */
      reason: string;
      /** The file's size in bytes (`too-large` only). */
      size?: number;
    };

/** What a file that is not a regular file is, for messages: `a FIFO (named pipe)`. */
export function describeFileType(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'a device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** `O_NONBLOCK` where the platform has it: opening a FIFO then returns at once instead of waiting for a writer. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

function failure(error: unknown): CheckedRead {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return { problem: 'missing', reason: 'does not exist' };
  if (code === 'EISDIR') return { problem: 'not-a-file', reason: 'is a folder, not a file' };
  if (code === 'ENXIO') return { problem: 'not-a-file', reason: 'is a socket, not a file' };
  return { problem: 'unreadable', reason: `cannot be read: ${(error as Error).message}` };
}

function checkStats(stats: Stats, maxBytes: number): CheckedRead | undefined {
  if (!stats.isFile()) return { problem: 'not-a-file', reason: `is ${describeFileType(stats)}, not a file` };
  if (stats.size > maxBytes) {
    return { problem: 'too-large', reason: `is ${(stats.size / MB).toFixed(0)} MB; files of this kind over ${(maxBytes / MB).toFixed(0)} MB are not read`, size: stats.size };
  }
  return undefined;
}

/** Reads a regular file of at most `maxBytes` (the size it has when opened). */
export async function readCheckedFile(path: string, maxBytes: number): Promise<CheckedRead> {
  let handle;
  try {
    handle = await open(path, OPEN_FLAGS);
    const stats = await handle.stat();
    const refused = checkStats(stats, maxBytes);
    if (refused) return refused;
    const bytes = Buffer.allocUnsafeSlow(stats.size);
    let filled = 0;
    while (filled < bytes.length) {
      const { bytesRead } = await handle.read(bytes, filled, bytes.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return { bytes: bytes.subarray(0, filled) };
  } catch (error) {
    return failure(error);
  } finally {
    await handle?.close();
  }
}

/** `readCheckedFile` without the event loop: one open, one fstat, one read (worker threads, the cache). */
export function readCheckedFileSync(path: string, maxBytes: number): CheckedRead {
  let fd: number | undefined;
  try {
    fd = openSync(path, OPEN_FLAGS);
    const stats = fstatSync(fd);
    const refused = checkStats(stats, maxBytes);
    if (refused) return refused;
    const bytes = Buffer.allocUnsafeSlow(stats.size);
    let filled = 0;
    while (filled < bytes.length) {
      const read = readSync(fd, bytes, filled, bytes.length - filled, filled);
      if (read === 0) break;
      filled += read;
    }
    return { bytes: bytes.subarray(0, filled) };
  } catch (error) {
    return failure(error);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
