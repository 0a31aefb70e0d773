/**
 * Features of one segment for the learned model: what a logistic
 * regression can weigh. Words are read with the project's own tokenizer,
 * folding and stemmers (src/code), in the segment's language, so the model
 * sees the same words the rules do. Every feature is a string, kept sorted
 * and distinct; a vocabulary (sorted, by document frequency) turns them into
 * column ids. Pure: text in, strings out.
 *
 * Feature names (the prefix says the kind):
 * - `u:STEM`        a stemmed word, e.g. `u:particip`
 * - `b:STEM STEM`   two consecutive stemmed words, e.g. `b:quick win`
 * - `r:CODE`        the codebook's rules applied this code, e.g. `r:success.quick-wins`
 * - `r2:CODE`       its rules matched two or more places of the segment (the turn dwells on it)
 * - `t:THEME`       the rules applied some code of this theme, e.g. `t:success`
 * - `q:TOPIC`       the protocol topic in force, e.g. `q:challenges`
 */
import { stemKeys } from '../code/stem.js';
import { tokenize } from '../code/tokenize.js';

/** What features are computed from: one segment (or one codebook example sentence). */
export interface FeatureInput {
  /** Language of the text (selects the stemmer), e.g. `en`. */
  language: string;
  text: string;
  /** Protocol topic in force, e.g. `project`; undefined for codebook examples and turns before the first topic. */
  topic?: string;
  /** Full ids of the codes the rules applied, e.g. `['success.quick-wins']`. */
  ruleCodes: readonly string[];
  /** Full ids of the codes whose rules matched two or more places (a subset of `ruleCodes`). */
  repeatedRuleCodes?: readonly string[];
}

/** The stem of a folded word in a language: the last of its stem keys (for Spanish, the one with `-ción` restored). */
export function featureStem(word: string, language: string): string {
  const keys = stemKeys(word, language);
  return keys[keys.length - 1]!;
}

/** Sorted, distinct feature names of one input. */
export function featuresOf(input: FeatureInput): string[] {
  const features = new Set<string>();
  const { words } = tokenize(input.text);
  let previous: string | undefined;
  for (const word of words) {
    const stem = featureStem(word, input.language);
    features.add(`u:${stem}`);
    if (previous !== undefined) features.add(`b:${previous} ${stem}`);
    previous = stem;
  }
  for (const code of input.ruleCodes) {
    features.add(`r:${code}`);
    const dot = code.indexOf('.');
    if (dot > 0) features.add(`t:${code.slice(0, dot)}`);
  }
  for (const code of input.repeatedRuleCodes ?? []) features.add(`r2:${code}`);
  if (input.topic !== undefined) features.add(`q:${input.topic}`);
  return [...features].sort(compareStrings);
}

/** Code-unit order, independent of locale (the vocabulary must sort the same everywhere). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Rule and topic features are always kept; words and bigrams need a minimum document frequency. */
export function alwaysKept(feature: string): boolean {
  return feature.startsWith('r:') || feature.startsWith('r2:') || feature.startsWith('t:') || feature.startsWith('q:');
}

export interface VocabularyOptions {
  /** Least number of documents a word or bigram must occur in (default 2). */
  minDocuments?: number;
  /** Most features kept: the most frequent by document count, ties by name (default 20,000). */
  maxFeatures?: number;
}

/**
 * The vocabulary of a set of documents (each a sorted feature list): the
 * features kept, sorted by name. Deterministic: the order of the documents
 * does not matter.
 */
export function buildVocabulary(documents: readonly (readonly string[])[], options: VocabularyOptions = {}): string[] {
  const minDocuments = options.minDocuments ?? 2;
  const maxFeatures = options.maxFeatures ?? 20_000;
  const counts = new Map<string, number>();
  for (const features of documents) for (const feature of features) counts.set(feature, (counts.get(feature) ?? 0) + 1);
  let kept = [...counts].filter(([feature, count]) => alwaysKept(feature) || count >= minDocuments);
  if (kept.length > maxFeatures) {
    kept.sort((a, b) => b[1] - a[1] || compareStrings(a[0], b[0]));
    kept = kept.slice(0, maxFeatures);
  }
  return kept.map(([feature]) => feature).sort(compareStrings);
}

/** Column ids of a document's features in a vocabulary (features not in it are dropped), ascending. */
export function columnsOf(features: readonly string[], vocabulary: ReadonlyMap<string, number>): number[] {
  const columns: number[] = [];
  for (const feature of features) {
    const column = vocabulary.get(feature);
    if (column !== undefined) columns.push(column);
  }
  return columns.sort((a, b) => a - b);
}

/** A readable form of a feature for people: `u:particip` → `particip`, `r:success.quick-wins` → `rule success.quick-wins`. */
export function describeFeature(feature: string): string {
  const kind = feature.slice(0, 2);
  const rest = feature.slice(2);
  if (kind === 'u:' || kind === 'b:') return rest;
  if (kind === 'r:') return `rule ${rest}`;
  if (feature.startsWith('r2:')) return `rule ${feature.slice(3)} (2+ matches)`;
  if (kind === 't:') return `rules of theme ${rest}`;
  if (kind === 'q:') return `topic ${rest}`;
  return feature;
}
