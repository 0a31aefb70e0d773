/**
 * The coding pipeline over a corpus: each transcript file is read, parsed,
 * coded and reduced to its tally (plus its coding records when asked),
 * either here, one file after another, or in worker threads when the
 * corpus is large. Results are handed on strictly in file order, so the
 * output of `--jobs 4` is byte for byte that of `--jobs 1`; only tallies
 * and diagnostics cross threads, and at most a few files per worker are in
 * flight, so memory stays flat however many files there are.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { CodingRecord } from '../analyze/codings.js';
import { tallyTranscript, type CodeSource, type TranscriptTally } from '../analyze/tally.js';
import type { CompiledCodebook } from '../code/compile.js';
import { codeTranscript } from '../code/coder.js';
import { loadTranscriptFileSync, type TranscriptFile } from '../load/corpus.js';
import type { ScoringModel } from '../learn/score.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { IdentifiedFile } from '../validate/duplicate-ids.js';
import { checkUnusableData, type UnusableDataContext } from '../validate/transcript-rules.js';

/** How every file is coded; the same in every thread. */
export interface PipelineOptions {
  /** Codebook path (workers load and compile it themselves). */
  codebookPath: string;
  /** Workers may read the compiled codebook the main thread cached. */
  cache: boolean;
  includeInterviewer: boolean;
  /** Whose codes the tallies count. */
  source: CodeSource;
  /** Set when coding records are wanted: whose codes they list. */
  codings?: CodeSource | 'both';
  /** Tallies also count per protocol topic (`--by topic`, `--where topic=`). */
  topics?: boolean;
  /** What each transcript is checked against: its unusable data becomes warnings (issue 14). */
  checks?: UnusableDataContext;
  /** A model or hybrid source: the model file (already checked against the codebook; workers read it again) and which decisions replace the rules' codes. */
  model?: { file: string; kind: 'model' | 'hybrid' };
}

/** What coding one file gives. */
export interface FileResult {
  diagnostics: Diagnostic[];
  /** Undefined when the file could not be used (its diagnostics say why). */
  tally?: TranscriptTally;
  identified?: IdentifiedFile;
  codings?: CodingRecord[];
  /** Human coders named in the file (for "did you mean" on --source). */
  coders?: string[];
}

type CodingRecordsOf = typeof import('../analyze/codings.js').codingRecordsOf;

type RecodeTranscript = typeof import('../learn/score.js').recodeTranscript;

/** A model ready in this thread: its scoring form and the function that applies it. */
export interface PipelineModel {
  scoring: ScoringModel;
  recode: RecodeTranscript;
}

/** Reads, codes and tallies one file; with `model`, the model's (or hybrid's) decisions replace the rules' codes. */
export function codeFile(compiled: CompiledCodebook, entry: TranscriptFile, options: PipelineOptions, codingRecordsOf?: CodingRecordsOf, model?: PipelineModel): FileResult {
  const loaded = loadTranscriptFileSync(entry);
  const { transcript } = loaded;
  if (!transcript) return { diagnostics: loaded.diagnostics };
  // Tallies need only each segment's codes; the matches themselves only for coding records and for the model (a feature counts them).
  const rulesCoded = codeTranscript(compiled, transcript, { includeInterviewer: options.includeInterviewer, withMatches: options.codings !== undefined || model !== undefined });
  const coded = model && options.model ? model.recode(model.scoring, compiled, rulesCoded, options.model.kind) : rulesCoded;
  const result: FileResult = {
    diagnostics: options.checks ? [...loaded.diagnostics, ...checkUnusableData(transcript, options.checks)] : loaded.diagnostics,
    tally: tallyTranscript(compiled, coded, options.source, { topics: options.topics === true }),
    identified: { id: transcript.id, file: transcript.file, idAt: transcript.idAt },
    coders: [...new Set(transcript.segments.flatMap((segment) => segment.human.map((coding) => coding.coder)))],
  };
  if (options.codings && codingRecordsOf) result.codings = codingRecordsOf(compiled, coded, options.codings);
  return result;
}

/** Files below which worker threads cost more (start-up, codebook compile per thread) than they save. */
export const PARALLEL_MIN_FILES = 48;

/**
 * Threads to use: `--jobs` (never more than the files or the `cores`: issue
 * 16, `--jobs 300` started 300 threads, 2.2 GB and ten times slower), else
 * one per core for a large corpus, else none.
 */
export function chooseJobs(requested: number | undefined, files: number, cores = availableParallelism()): number {
  if (requested !== undefined) return Math.max(1, Math.min(requested, files, cores));
  if (files < PARALLEL_MIN_FILES) return 1;
  return Math.max(1, Math.min(availableParallelism(), 16));
}

/** Message from the main thread to a worker. */
export type WorkerRequest = { index: number; entry: TranscriptFile } | { done: true };
/** Message from a worker: one file's result, or a failure that stops the run. */
export type WorkerResponse = { index: number; result: FileResult } | { ready: true } | { error: string };

/**
 * Young-generation cap per worker thread (MB). Coding allocates short-lived
 * strings at a high rate; left to itself V8 grows each worker's young
 * generation over a long run, which made peak memory on 10,000 files creep
 * towards 1.5× that on 1,000. Capped, it stays flat at no measurable cost.
 */
const WORKER_YOUNG_GENERATION_MB = 16;

/** Files each worker holds at once: one being coded, one waiting, so no thread idles on a message round trip. */
const IN_FLIGHT_PER_WORKER = 2;

/**
 * Codes every file, calling `onResult` in file order. `jobs` > 1 uses that
 * many worker threads; `onProgress` hears the count of files done.
 */
export async function runPipeline(
  files: readonly TranscriptFile[],
  compiled: CompiledCodebook,
  options: PipelineOptions,
  jobs: number,
  onResult: (result: FileResult, index: number) => void,
  onProgress?: (done: number) => void,
  model?: PipelineModel,
): Promise<void> {
  const codingRecordsOf = options.codings ? (await import('../analyze/codings.js')).codingRecordsOf : undefined;
  if (jobs <= 1) {
    files.forEach((entry, index) => {
      onResult(codeFile(compiled, entry, options, codingRecordsOf, model), index);
      onProgress?.(index + 1);
    });
    return;
  }
  await runInWorkers(files, options, jobs, onResult, onProgress);
}

function runInWorkers(
  files: readonly TranscriptFile[],
  options: PipelineOptions,
  jobs: number,
  onResult: (result: FileResult, index: number) => void,
  onProgress?: (done: number) => void,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const workers: Worker[] = [];
    const waiting = new Map<number, FileResult>();
    let dispatched = 0;
    let emitted = 0;
    let finished = false;

    const stop = (error?: Error) => {
      if (finished) return;
      finished = true;
      for (const worker of workers) void worker.terminate();
      if (error) reject(error);
      else resolve();
    };
    const dispatch = (worker: Worker) => {
      if (dispatched < files.length) {
        const request: WorkerRequest = { index: dispatched, entry: files[dispatched]! };
        dispatched++;
        worker.postMessage(request);
      }
    };
    const flush = () => {
      // Results leave in file order; later ones wait (at most a few per worker).
      while (waiting.has(emitted)) {
        const result = waiting.get(emitted)!;
        waiting.delete(emitted);
        try {
          onResult(result, emitted);
        } catch (error) {
          stop(error as Error);
          return;
        }
        emitted++;
        onProgress?.(emitted);
      }
      if (emitted === files.length) stop();
    };

    const url = new URL('./code-worker.js', import.meta.url);
    for (let w = 0; w < jobs; w++) {
      const worker = new Worker(url, { workerData: options, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
      workers.push(worker);
      worker.on('message', (message: WorkerResponse) => {
        if (finished) return;
        if ('error' in message) return stop(new Error(`a coding thread failed: ${message.error}`));
        if ('ready' in message) {
          for (let k = 0; k < IN_FLIGHT_PER_WORKER; k++) dispatch(worker);
          return;
        }
        waiting.set(message.index, message.result);
        dispatch(worker);
        flush();
      });
      worker.on('error', (error) => stop(error));
      worker.on('exit', (code) => {
        if (!finished && code !== 0) stop(new Error(`a coding thread stopped with exit code ${code}`));
      });
    }
  });
}
