/**
 * Which decision source `cocreate review` asks from: the codebook's rules,
 * or a learned model (src/learn) as the model's or the hybrid's decisions —
 * and the model file it needs (default `models/<codebook id>.json`), checked
 * against the codebook it was trained for.
 *
 * A model source proposes, per segment, every code the source would apply
 * plus every code it would not apply but is unsure about (uncertainty of the
 * "no" at least UNSURE_NO, or `--min-uncertainty`); certainty is 1 − the learned uncertainty, so the
 * queue's order is src/learn's review order (uncertainty descending) within
 * the per-segment grouping of analyze/review-queue.ts.
 */
import { rulesSource, type DecisionSource, type Proposal, type WeightedWord } from '../analyze/review-queue.js';
import type { CompiledCodebook } from '../code/compile.js';
import { codeTranscript } from '../code/coder.js';
import { readableFeatures } from '../learn/feature-words.js';
import { prepareModel, scoreCodedTranscript, strongestFeatures, type FeatureWeight, type LearnedModel, type SegmentScore } from '../learn/index.js';
import { defaultModelPath, parseSourceChoice, resolveSource } from './sources.js';
import type { Transcript } from '../model/transcript.js';

/**
 * Default least uncertainty of a "no" that is still asked about (src/learn/decide.ts: the model's
 * estimate that the decision is wrong, p for a "no"). Measured on the four held-out interviews with a
 * model trained on the other ten and a reviewer answering as the human coder did
 * (scripts/review-simulation.mjs, docs/review.md): 0.2 asks 235 questions and reaches κ 0.69 with the
 * human, 0.1 372 → 0.74, 0.05 772 → 0.86, 0.02 1835 → 0.96 (of 3293 pairs).
 */
export const UNSURE_NO = 0.05;

/**
 * The source for `--source` / `--model`, resolved as every counting command does (cli/sources.ts):
 * by default the hybrid when the codebook's model exists and matches it, the rules otherwise.
 */
export async function resolveDecisionSource(
  compiled: CompiledCodebook,
  codebookPath: string,
  options: { source?: string; model?: string; minUncertainty?: number },
): Promise<{ source: DecisionSource; agreement?: string }> {
  const choice = parseSourceChoice(options.source ?? 'auto');
  const resolved = await resolveSource(choice, compiled, codebookPath, options.model, (message) => process.stderr.write(`${message}\n`));
  if (resolved.kind === 'rules' || !resolved.model) {
    const why = resolved.automatic ? `no model at ${options.model ?? defaultModelPath(compiled.codebook.id)} for this codebook; train one with cocreate train` : '--source rules';
    return { source: rulesSource(compiled, `rules only (${why})`) };
  }
  const kind = resolved.kind === 'model' ? 'model' : 'hybrid';
  const model = resolved.model;
  const kappa = model.cv?.[kind].kappa;
  return {
    source: learnedSource(compiled, model, kind, `${kind} (${resolved.modelFile}, trained on ${model.trainedOn.transcripts.length} interviews)`, options.minUncertainty ?? UNSURE_NO),
    agreement: kappa === null || kappa === undefined ? undefined : `${kind} κ ${kappa.toFixed(2)} cross-validated`,
  };
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
          strongest: strongestWords(strongestFeatures(scoring, score.features, pair.code, 5, true), segment.text, transcript.language),
        });
      }
      return proposals;
    },
  };
}

/** The strongest features as words of the segment (a stem only when the segment has no such word). */
function strongestWords(features: readonly FeatureWeight[], text: string, language: string): WeightedWord[] {
  const readable = readableFeatures(features.map((feature) => feature.feature), text, language);
  return features.map((feature, k) => ({ word: readable[k]!.text, weight: feature.weight, ...(readable[k]!.stem ? { stem: true } : {}) }));
}
