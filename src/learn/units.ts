/**
 * From coded transcripts and the codebook to training units: each segment a
 * human reviewed (all coders together, or one coder) with the codes as
 * labels, and each codebook example (a "yes" for its code and theme) and
 * counter-example (a "no" for its code), and each code's description as a
 * pseudo-example (used only with `settings.definitionWeight`). Pure: coded
 * data in, units out.
 */
import type { CompiledCodebook } from '../code/compile.js';
import type { CodedSegment, CodedTranscript } from '../code/coder.js';
import { matchCodes } from '../code/match.js';
import { featuresOf } from './features.js';
import type { CodebookShape, TrainingUnit } from './train.js';

/** The codebook as training needs it; `sha256` is the hex SHA-256 of the codebook file's bytes. */
export function codebookShape(compiled: CompiledCodebook, sha256: string): CodebookShape {
  return {
    id: compiled.codebook.id,
    sha256,
    codes: compiled.codes.map((code) => ({ id: code.id, theme: code.theme })),
    themes: compiled.codebook.themes.map((theme) => theme.id),
  };
}

/** Feature names of a coded segment (its words, its rule hits, its protocol topic). */
export function segmentFeatures(compiled: CompiledCodebook, language: string, coded: CodedSegment): string[] {
  return featuresOf({
    language,
    text: coded.segment.text,
    topic: coded.segment.question,
    ruleCodes: coded.auto.map((code) => compiled.codes[code]!.id),
    repeatedRuleCodes: repeatedCodes(coded).map((code) => compiled.codes[code]!.id),
  });
}

/** Codes whose rules matched two or more distinct places of the segment. */
function repeatedCodes(coded: CodedSegment): number[] {
  const starts = new Map<number, Set<number>>();
  for (const match of coded.matches) {
    let set = starts.get(match.code);
    if (!set) starts.set(match.code, (set = new Set()));
    set.add(match.start);
  }
  return [...starts].filter(([, set]) => set.size >= 2).map(([code]) => code).sort((a, b) => a - b);
}

/**
 * The human codes of a segment as a set of code indexes, or undefined when
 * it was not reviewed (by `coder`, or by anyone when `coder` is undefined:
 * then the union of every coder's codes). Unknown code ids are skipped.
 */
export function humanCodesOf(compiled: CompiledCodebook, coded: CodedSegment, coder?: string): Set<number> | undefined {
  const lists = coder === undefined ? [...coded.human.values()] : coded.human.has(coder) ? [coded.human.get(coder)!] : [];
  if (lists.length === 0) return undefined;
  const index = new Map(compiled.codes.map((code, k) => [code.id, k]));
  const codes = new Set<number>();
  for (const list of lists) for (const id of list) {
    const k = index.get(id);
    if (k !== undefined) codes.add(k);
  }
  return codes;
}

/** Training units of the reviewed segments of one coded transcript. */
export function unitsOfTranscript(compiled: CompiledCodebook, coded: CodedTranscript, coder?: string): TrainingUnit[] {
  const units: TrainingUnit[] = [];
  for (const segment of coded.segments) {
    const human = humanCodesOf(compiled, segment, coder);
    if (human === undefined) continue;
    units.push(labelledUnit(compiled, coded.transcript.id, segmentFeatures(compiled, coded.transcript.language, segment), segment.auto, human));
  }
  return units;
}

function labelledUnit(compiled: CompiledCodebook, interview: string | undefined, features: string[], rules: number[], human: Set<number>): TrainingUnit {
  const codeLabels = new Int8Array(compiled.codes.length);
  const themeLabels = new Int8Array(compiled.codebook.themes.length);
  for (const code of human) {
    codeLabels[code] = 1;
    themeLabels[compiled.themeOfCode[code]!] = 1;
  }
  return { interview, features, rules, codeLabels, themeLabels };
}

/**
 * Training units of the codebook's examples (positive for their code and
 * theme) and counter-examples (negative for their code), then the codes'
 * descriptions (`unitsOfDefinitions`, used by `train` only with
 * `settings.definitionWeight`).
 */
export function unitsOfCodebook(compiled: CompiledCodebook): TrainingUnit[] {
  const units: TrainingUnit[] = [];
  compiled.codes.forEach((code, index) => {
    const add = (language: string, text: string, positive: boolean) => {
      const rules = matchCodes(compiled, compiled.matchers.get(language), text);
      const features = featuresOf({ language, text, ruleCodes: rules.map((k) => compiled.codes[k]!.id) });
      const codeLabels = new Int8Array(compiled.codes.length).fill(-1);
      const themeLabels = new Int8Array(compiled.codebook.themes.length).fill(-1);
      codeLabels[index] = positive ? 1 : 0;
      if (positive) themeLabels[compiled.themeOfCode[index]!] = 1;
      units.push({ features, rules, codeLabels, themeLabels });
    };
    for (const example of code.examples) add(example.language, example.text, true);
    for (const example of code.counterExamples) add(example.language, example.text, false);
  });
  return [...units, ...unitsOfDefinitions(compiled)];
}

/** Language the codebook's documentation (label, definition, when to use) is written in. */
export const DEFINITION_LANGUAGE = 'en';

/**
 * The codebook's own description of each code as pseudo-examples (marked
 * `definition`; `train` uses them only when `settings.definitionWeight` is
 * set): label + definition + when_to_use as one positive unit for the code
 * and its theme, when_not_to_use as one negative unit for the code. Read as
 * English text (the codebook's documentation language).
 */
export function unitsOfDefinitions(compiled: CompiledCodebook): TrainingUnit[] {
  const units: TrainingUnit[] = [];
  compiled.codes.forEach((code, index) => {
    const add = (text: string, positive: boolean) => {
      const rules = matchCodes(compiled, compiled.matchers.get(DEFINITION_LANGUAGE), text);
      const features = featuresOf({ language: DEFINITION_LANGUAGE, text, ruleCodes: rules.map((k) => compiled.codes[k]!.id) });
      const codeLabels = new Int8Array(compiled.codes.length).fill(-1);
      const themeLabels = new Int8Array(compiled.codebook.themes.length).fill(-1);
      codeLabels[index] = positive ? 1 : 0;
      if (positive) themeLabels[compiled.themeOfCode[index]!] = 1;
      units.push({ features, rules, codeLabels, themeLabels, definition: true });
    };
    const use = [code.label, code.definition, code.whenToUse].filter((part): part is string => part !== undefined && part.trim() !== '').join('\n');
    if (use !== '') add(use, true);
    if (code.whenNotToUse !== undefined && code.whenNotToUse.trim() !== '') add(code.whenNotToUse, false);
  });
  return units;
}
