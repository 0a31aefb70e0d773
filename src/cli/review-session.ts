/**
 * The file side of `cocreate review`: each decision is written into its
 * transcript at once, as that coder's human codes (src/edit computes the new
 * text), and the file is replaced atomically — a temporary file in the same
 * folder, its mode set to the original's, then a rename — so a crash or
 * Ctrl-C leaves either the old file or the new one, never half of either.
 *
 * Before each write the file is read again: if the segment's text changed
 * (or the segment is gone, or the coder has meanwhile finished it) the
 * decision is refused and nothing is written. Undo puts back the bytes the
 * last write replaced, if the file still holds what that write wrote.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { coderProgress } from '../analyze/review-queue.js';
import { editTranscriptCodings, type CodingEdit } from '../edit/transcript-edit.js';
import { MAX_TRANSCRIPT_BYTES, readCheckedFileSync } from '../load/read-file.js';
import { parseTranscript } from '../load/transcript.js';
import type { Transcript } from '../model/transcript.js';
import { writeFileSafelySync } from './write-file.js';

/** A transcript file's text as it stands on disk, decoded. */
export interface FileText {
  /** The decoded text (without a byte-order mark). */
  text: string;
  /** Whether the file starts with a UTF-8 byte-order mark (written back as it was). */
  bom: boolean;
}

/** SHA-256 of a segment's text, first 16 hex digits: identifies the text a decision was made on. */
export function segmentHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/**
 * Reads a transcript file as UTF-8 text (through the checked reader: a FIFO,
 * device or oversized file is refused); undefined when it is not valid UTF-8
 * (such a file is not edited).
 */
export function readFileText(path: string): FileText | undefined {
  const read = readCheckedFileSync(path, MAX_TRANSCRIPT_BYTES);
  if (!('bytes' in read)) throw new DecisionRefused(`${path} ${read.reason}; nothing was written.`);
  const bytes = read.bytes;
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bom ? bytes.subarray(3) : bytes), bom };
  } catch {
    return undefined;
  }
}

/**
 * Replaces `path` with `content` through the one safe writer
 * (write-file.ts): a temporary file in the same folder, flushed to disk,
 * with the file's mode (and owner where permitted), renamed over it; a
 * symbolic link stays a link. `force`: the file is a transcript, and
 * replacing it with its edited text is the point.
 */
export function replaceFileAtomic(path: string, content: FileText): void {
  writeFileSafelySync(path, Buffer.from((content.bom ? '\uFEFF' : '') + content.text, 'utf8'), { force: true, fsync: true });
}

/** One decision to write. */
export interface Decision {
  /** Transcript path as shown, e.g. `interviews/sgad-03.yaml`. */
  file: string;
  /** Absolute path. */
  absolute: string;
  format: 'yaml' | 'markdown';
  /** 0-based turn index. */
  segment: number;
  /** The segment's text when the decision was asked (LF line endings, trimmed). */
  text: string;
  coder: string;
  /** Codes accepted (usually one; none for a rejection). */
  accept: string[];
  /** Codes decided by this decision (accepted and rejected). */
  decide: string[];
  /** Every code proposed on the segment: when all are decided, the segment's review is complete. */
  candidates: string[];
}

/** What a write did, for undo: the bytes before and after. */
export interface WrittenDecision {
  /** Absolute path of the transcript written. */
  absolute: string;
  /** The path as shown, e.g. `interviews/sgad-03.yaml`. */
  file: string;
  /** The file's text before the decision (what undo writes back). */
  before: FileText;
  /** The file's text the decision wrote (undo checks the file still holds it). */
  after: FileText;
}

/** Why a decision was not written (nothing was). */
export class DecisionRefused extends Error {
  override name = 'DecisionRefused';
}

/** Reads the transcript again and checks that the segment still holds the text the decision was made on. */
export function currentTranscript(decision: Pick<Decision, 'absolute' | 'file' | 'format' | 'segment' | 'text'>): { file: FileText; transcript: Transcript } {
  let file: FileText | undefined;
  try {
    file = readFileText(decision.absolute);
  } catch (error) {
    throw new DecisionRefused(`${decision.file} cannot be read any more: ${(error as Error).message}`);
  }
  if (!file) throw new DecisionRefused(`${decision.file} is not valid UTF-8 text; cocreate does not edit it.`);
  const transcript = parseTranscript(file.text, decision.file, decision.format).transcript;
  if (!transcript) throw new DecisionRefused(`${decision.file} no longer reads as a transcript (run cocreate validate ${decision.file}); nothing was written.`);
  const segment = transcript.segments[decision.segment];
  if (!segment) throw new DecisionRefused(`${decision.file} has no turn ${decision.segment + 1} any more; nothing was written.`);
  if (segment.text !== decision.text) throw new DecisionRefused(`${decision.file}:${segment.at.line}: the text of turn ${decision.segment + 1} changed since it was read; nothing was written.`);
  return { file, transcript };
}

/** The edit that records `decision` on its segment, given the coder's progress there. */
export function editForDecision(transcript: Transcript, decision: Decision): CodingEdit {
  const segment = transcript.segments[decision.segment]!;
  const progress = coderProgress(segment.human, decision.coder);
  if (progress.kind === 'complete') throw new DecisionRefused(`${decision.file}:${segment.at.line}: ${decision.coder} has already coded turn ${decision.segment + 1} completely; nothing was written.`);
  const decided = new Set([...(progress.kind === 'partial' ? progress.decided : []), ...decision.decide]);
  const complete = decision.candidates.every((code) => decided.has(code));
  return { segment: decision.segment, coder: decision.coder, add: decision.accept, reviewed: complete ? null : [...decided] };
}

/** The new text of a transcript with `decisions` (on different segments) recorded; the file is not touched. */
export function textWithDecisions(file: FileText, transcript: Transcript, decisions: readonly Decision[]): FileText {
  if (decisions.length === 0) return file;
  const first = decisions[0]!;
  const result = editTranscriptCodings(file.text, first.file, first.format, decisions.map((decision) => editForDecision(transcript, decision)));
  if ('error' in result) throw new DecisionRefused(result.error);
  return { text: result.text, bom: file.bom };
}

/** The new text of a transcript with `decision` recorded; the file is not touched. */
export function textWithDecision(file: FileText, transcript: Transcript, decision: Decision): FileText {
  return textWithDecisions(file, transcript, [decision]);
}

/** Records one decision in its file (read again, checked, edited, replaced atomically), holding the file's lock. */
export function writeDecision(decision: Decision): WrittenDecision {
  return withFileLock(decision.absolute, decision.file, () => {
    const { file, transcript } = currentTranscript(decision);
    const after = textWithDecision(file, transcript, decision);
    replaceFileAtomic(decision.absolute, after);
    return { absolute: decision.absolute, file: decision.file, before: file, after };
  });
}

/** Puts back the bytes a write replaced, if the file still holds what it wrote. */
export function undoDecision(written: WrittenDecision): void {
  withFileLock(written.absolute, written.file, () => {
    const now = readFileText(written.absolute);
    if (!now || now.text !== written.after.text || now.bom !== written.after.bom) throw new DecisionRefused(`${written.file} changed since the decision was written; it cannot be undone here (edit the file by hand).`);
    replaceFileAtomic(written.absolute, written.before);
  });
}

/** How long a writer waits for another `review` run's lock on a file before refusing, in milliseconds. */
export const LOCK_WAIT_MS = 2000;

/**
 * Runs `work` holding `.NAME.cocreate-lock` next to the file (created exclusively, holding the
 * process id), so that two `review` runs on one transcript cannot both read it and write it, one
 * losing the other's decision. A lock whose process is gone (killed mid-write) is taken over; a
 * live one is waited for up to LOCK_WAIT_MS, then the decision is refused (nothing written).
 */
export function withFileLock<T>(path: string, shown: string, work: () => T): T {
  const target = resolve(path);
  const lock = join(dirname(target), `.${basename(target)}.cocreate-lock`);
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      const fd = openSync(lock, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (!lockHolderAlive(lock)) {
        try {
          unlinkSync(lock);
        } catch {
          // another run took it over first
        }
        continue;
      }
      if (Date.now() > deadline) throw new DecisionRefused(`${shown} is being written by another cocreate review (process ${lockHolder(lock)}, lock ${lock}); nothing was written. Try again, or delete the lock file if no other review is running.`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 25);
    }
  }
  try {
    return work();
  } finally {
    try {
      unlinkSync(lock);
    } catch {
      // already gone
    }
  }
}

function lockHolder(lock: string): number | undefined {
  try {
    const read = readCheckedFileSync(lock, 64);
    if (!('bytes' in read)) return undefined;
    const pid = Number(Buffer.from(read.bytes).toString('utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the process named in a lock file still runs (a lock being written, not yet holding a pid, counts as alive). */
function lockHolderAlive(lock: string): boolean {
  const pid = lockHolder(lock);
  if (pid === undefined) {
    // Just created by another run, or left empty by a run killed between create and write: stale after a second.
    try {
      return Date.now() - statSync(lock).mtimeMs < 1000;
    } catch {
      return false;
    }
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
