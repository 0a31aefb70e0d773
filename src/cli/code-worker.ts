/**
 * Worker thread of the coding pipeline (code-pipeline.ts): loads and
 * compiles the codebook once, then codes the files the main thread sends,
 * one message per file, and answers with that file's result only.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { codeFile, type PipelineModel, type PipelineOptions, type WorkerRequest, type WorkerResponse } from './code-pipeline.js';
import { openCodebook } from './corpus.js';

const port = parentPort!;
const options = workerData as PipelineOptions;
const send = (message: WorkerResponse) => port.postMessage(message);

try {
  const { compiled } = await openCodebook(options.codebookPath, { cache: options.cache });
  const codingRecordsOf = options.codings ? (await import('../analyze/codings.js')).codingRecordsOf : undefined;
  let model: PipelineModel | undefined;
  if (options.model) {
    // The main thread checked the file against the codebook; a change since then fails this thread, and the run.
    const { loadModelOrFail, modelExpectation } = await import('./sources.js');
    const { prepareModel, recodeTranscript } = await import('../learn/score.js');
    model = { scoring: prepareModel(await loadModelOrFail(options.model.file, modelExpectation(compiled, options.codebookPath))), recode: recodeTranscript };
  }
  port.on('message', (request: WorkerRequest) => {
    if ('done' in request) {
      port.close();
      return;
    }
    try {
      send({ index: request.index, result: codeFile(compiled, request.entry, options, codingRecordsOf, model) });
    } catch (error) {
      send({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  });
  send({ ready: true });
} catch (error) {
  send({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
}
