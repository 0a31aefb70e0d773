/**
 * Reads a model file written by `cocreate train` (src/learn/model.ts):
 * JSON checked with zod, then against the codebook it is used with. A
 * damaged file, a file of another format, or a model of another codebook
 * version (its SHA-256 differs) is refused with a message naming the file,
 * never half-used: a model silently applied to the wrong codebook would
 * give wrong counts that look right. Parsing is pure; `readModelFile` is
 * the IO shell.
 */
import { z } from 'zod';
import type { LearnedModel } from '../learn/model.js';
import { MAX_MODEL_BYTES, readCheckedFileSync } from './read-file.js';

const agreement = z.object({
  tp: z.number().int().nonnegative(),
  fp: z.number().int().nonnegative(),
  fn: z.number().int().nonnegative(),
  tn: z.number().int().nonnegative(),
  kappa: z.number().nullable(),
  precision: z.number().nullable(),
  recall: z.number().nullable(),
});
const figures = z.object({ rules: agreement, model: agreement, hybrid: agreement });
const probability = z.number().min(0).max(1);
const target = {
  id: z.string(),
  positives: z.number().int().nonnegative(),
  negatives: z.number().int().nonnegative(),
  learned: z.boolean(),
  bias: z.number(),
  weights: z.array(z.tuple([z.number().int().nonnegative(), z.number()])),
  ruleRates: z.object({ hit: probability.nullable(), miss: probability.nullable() }),
};

const modelSchema = z.object({
  format: z.literal('cocreate-model'),
  version: z.literal(1),
  codebook: z.object({ id: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/), codes: z.array(z.string()), themes: z.array(z.string()) }),
  trainedOn: z.object({
    transcripts: z.array(z.string()),
    coders: z.array(z.string()),
    segments: z.number().int().nonnegative(),
    examples: z.number().int().nonnegative(),
    counterExamples: z.number().int().nonnegative(),
  }),
  settings: z.object({
    l2: z.number(),
    positiveWeight: z.number(),
    exampleWeight: z.number(),
    minDocuments: z.number(),
    maxFeatures: z.number(),
    minPositives: z.number(),
    thresholdScope: z.enum(['theme', 'code']),
    lowGrid: z.array(z.number()),
    highGrid: z.array(z.number()),
    pruneBelow: z.number(),
    tolerance: z.number(),
    memory: z.number(),
  }),
  vocabulary: z.array(z.string()),
  codes: z.array(
    z.object({
      ...target,
      theme: z.string(),
      thresholds: z.object({ low: probability, high: probability, model: probability }),
      // Present only when trained with settings.combinerL2 (src/learn/combiner.ts): it, not the thresholds, decides the hybrid.
      combiner: z.object({ bias: z.number(), weights: z.array(z.number()).length(4), threshold: probability }).optional(),
      cv: figures.nullable(),
    }),
  ),
  themes: z.array(z.object({ ...target, cv: figures.nullable() })),
  cv: figures
    .extend({
      interviews: z.number().int(),
      segments: z.number().int(),
      reviewCurve: z
        .object({
          seed: z.number(),
          points: z.array(z.object({ fraction: probability, reviewed: z.number().int().nonnegative(), kappa: z.number().nullable(), randomKappa: z.number().nullable() })),
        })
        .optional(),
    })
    .nullable(),
});

/** What a model must match to be used: the codebook it is applied to. */
export interface ModelExpectation {
  /** Codebook id, e.g. `coval`. */
  id: string;
  /** SHA-256 of the codebook file's bytes, hex. */
  sha256: string;
  /** Path of the codebook file, for messages. */
  file: string;
  /** Full code ids in codebook order. */
  codes: readonly string[];
  /** Theme ids in codebook order. */
  themes: readonly string[];
}

/**
 * A model, or why it cannot be used: `error` is a complete sentence naming
 * the file; `reason` says whether the file is missing, damaged (or not a
 * model), or a sound model of another codebook version.
 */
export type ParsedModel = { model: LearnedModel } | { error: string; reason: 'missing' | 'damaged' | 'other-codebook' };

/** Parses and checks model file text against the codebook it is to be used with. Pure. */
export function parseModelFile(text: string, file: string, expected: ModelExpectation): ParsedModel {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { reason: 'damaged', error: `The model file ${file} is damaged (not valid JSON: ${(error as Error).message}). Train it again with \`cocreate train\`.` };
  }
  const parsed = modelSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    return { reason: 'damaged', error: `The model file ${file} is damaged or not a cocreate model (${issue.message}${where}). Train it again with \`cocreate train\`.` };
  }
  const model = parsed.data as LearnedModel;
  if (model.codebook.sha256 !== expected.sha256) {
    return {
      reason: 'other-codebook',
      error: `The model file ${file} was trained for another version of the codebook ${model.codebook.id} (SHA-256 ${model.codebook.sha256.slice(0, 12)}…, but ${expected.file} is ${expected.sha256.slice(0, 12)}…). Train it again with \`cocreate train\`, or use --source rules.`,
    };
  }
  // Same bytes, so the same codes; checked anyway so a hand-edited file cannot index past the arrays.
  const sameCodes = model.codebook.codes.length === expected.codes.length && model.codebook.codes.every((id, k) => id === expected.codes[k] && model.codes[k]?.id === id);
  const sameThemes = model.codebook.themes.length === expected.themes.length && model.codebook.themes.every((id, k) => id === expected.themes[k] && model.themes[k]?.id === id);
  if (!sameCodes || !sameThemes || model.codes.length !== expected.codes.length || model.themes.length !== expected.themes.length) {
    return { reason: 'damaged', error: `The model file ${file} does not list the codes of ${expected.file} in its order; it is damaged. Train it again with \`cocreate train\`.` };
  }
  const size = model.vocabulary.length;
  for (const item of [...model.codes, ...model.themes]) {
    if (item.weights.some(([column]) => column >= size)) {
      return { reason: 'damaged', error: `The model file ${file} is damaged (a weight of ${item.id} refers past the vocabulary). Train it again with \`cocreate train\`.` };
    }
  }
  return { model };
}

/** Reads a model file; a file that cannot be read is an error like a damaged one. */
export function readModelFile(file: string, expected: ModelExpectation): ParsedModel {
  const read = readCheckedFileSync(file, MAX_MODEL_BYTES);
  if (!('bytes' in read)) {
    if (read.problem === 'missing') return { reason: 'missing', error: `The model file ${file} does not exist. Train one with \`cocreate train\`.` };
    return { reason: 'damaged', error: `The model file ${file} ${read.reason}.` };
  }
  return parseModelFile(Buffer.from(read.bytes).toString('utf8'), file, expected);
}
