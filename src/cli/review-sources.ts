/**
 * Which decision source `cocreate review` asks from: the codebook's rules,
 * or a learned model (src/learn) as the model's or the hybrid's decisions —
 * and the model file it needs (default `models/<codebook id>.json`), checked
 * against the codebook it was trained for.
 *
 * A model source proposes, per segment, every code the source would apply
 * plus every code it would not apply but is unsure about (uncertainty of the
 * "no" at least UNSURE_NO, or `--min-uncertainty`); certainty is 1 − the learned uncertainty, so the
 * queue's order is src/learn's review order (uncertainty descending).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { rulesSource, type DecisionSource, type Proposal } from '../analyze/review-queue.js';
import type { CompiledCodebook } from '../code/compile.js';
import { codeTranscript } from '../code/coder.js';
import { prepareModel, scoreCodedTranscript, strongestFeatures, type LearnedModel, type SegmentScore } from '../learn/index.js';
import { UsageError } from '../model/errors.js';
import type { Transcript } from '../model/transcript.js';

/**
 * Default least uncertainty of a "no" that is still asked about (σ(−margin): 0.05 ≈ 2.9 logits from
 * the threshold). Measured on the four held-out interviews with a model trained on the other ten and
 * a reviewer answering as the human coder did (docs/review.md): 0.2 asks 272 questions and reaches
 * κ 0.70 with the human, 0.1 424 → 0.77, 0.05 826 → 0.85, 0.02 1726 → 0.93 (of 3293 pairs).
 */
export const UNSURE_NO = 0.05;

/** The source for `--source` / `--model`: hybrid with a model when one exists, rules otherwise. */
export function resolveDecisionSource(compiled: CompiledCodebook, codebookPath: string, options: { source?: string; model?: string; minUncertainty?: number }): { source: DecisionSource; agreement?: string } {
  const path = options.model ?? `models/${compiled.codebook.id}.json`;
  const wanted = options.source;
  if (wanted === 'rules') return { source: rulesSource(compiled, 'rules only (--source rules)') };
  if (!existsSync(path)) {
    if (wanted !== undefined || options.model !== undefined) throw new UsageError(`--source ${wanted ?? 'hybrid'} needs a model, and "${path}" does not exist. Train one: cocreate train --codebook ${codebookPath} -o ${path}`);
    return { source: rulesSource(compiled, `rules only (no model at ${path}; train one with cocreate train)`) };
  }
  const model = readModelFile(path, compiled, codebookPath);
  const kind = wanted === 'model' ? 'model' : 'hybrid';
  const kappa = model.cv?.[kind].kappa;
  return {
    source: learnedSource(compiled, model, kind, `${kind} (${path}, trained on ${model.trainedOn.transcripts.length} interviews)`, options.minUncertainty ?? UNSURE_NO),
    agreement: kappa === null || kappa === undefined ? undefined : `${kind} κ ${kappa.toFixed(2)} cross-validated`,
  };
}

/** Reads a model file and checks that it belongs to this codebook; any problem is a usage error naming the file. */
export function readModelFile(path: string, compiled: CompiledCodebook, codebookPath: string): LearnedModel {
  let model: LearnedModel;
  try {
    model = JSON.parse(readFileSync(path, 'utf8')) as LearnedModel;
  } catch (error) {
    throw new UsageError(`The model file ${path} cannot be read: ${(error as Error).message}. Train it again with cocreate train.`);
  }
  const codes = compiled.codes.map((code) => code.id);
  if (model?.format !== 'cocreate-model' || model.version !== 1 || !Array.isArray(model.codes) || !Array.isArray(model.vocabulary) || !model.codebook) {
    throw new UsageError(`${path} is not a cocreate model file (or is damaged). Train it again with cocreate train.`);
  }
  let sha: string | undefined;
  try {
    sha = createHash('sha256').update(readFileSync(codebookPath)).digest('hex');
  } catch {
    sha = undefined;
  }
  if (model.codebook.sha256 !== sha || JSON.stringify(model.codebook.codes) !== JSON.stringify(codes) || model.codes.length !== codes.length) {
    throw new UsageError(`The model ${path} was trained for another version of the codebook (${model.codebook.id}); ${codebookPath} has changed since. Train it again: cocreate train --codebook ${codebookPath} -o ${path}`);
  }
  return model;
}

/** Proposals from a learned model's `model` or `hybrid` decisions. */
export function learnedSource(compiled: CompiledCodebook, model: LearnedModel, kind: 'model' | 'hybrid', description: string, unsureNo = UNSURE_NO): DecisionSource {
  const scoring = prepareModel(model);
  const scored = new WeakMap<Transcript, Map<number, SegmentScore>>();
  const scoresOf = (transcript: Transcript) => {
    let scores = scored.get(transcript);
    if (!scores) {
      const coded = codeTranscript(compiled, transcript, { includeInterviewer: true });
      scores = new Map(scoreCodedTranscript(scoring, compiled, coded).map((score) => [score.coded.segment.index, score]));
      scored.set(transcript, scores);
    }
    return scores;
  };
  return {
    name: kind,
    description,
    propose(transcript, segment) {
      const score = scoresOf(transcript).get(segment.index);
      if (!score) return [];
      const proposals: Proposal[] = [];
      for (const pair of score.codes) {
        const decision = kind === 'model' ? pair.model : pair.hybrid;
        const uncertainty = kind === 'model' ? pair.modelUncertainty : pair.uncertainty;
        if (!decision && uncertainty < unsureNo) continue;
        proposals.push({
          code: compiled.codes[pair.code]!.id,
          proposed: decision,
          probability: pair.probability,
          certainty: 1 - uncertainty,
          ruleHit: pair.rule,
          matched: score.coded.matches.filter((match) => match.code === pair.code).map((match) => ({ start: match.start, end: match.end })),
          strongest: strongestFeatures(scoring, score.features, pair.code, 5, true).map((feature) => ({ word: feature.label, weight: feature.weight })),
        });
      }
      return proposals;
    },
  };
}
