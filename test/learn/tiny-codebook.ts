/**
 * The three-code, two-theme codebook the training tests share, and a builder
 * of training units for it: `codes` and `rules` are code indexes (0
 * money.budget, 1 money.rare, 2 people.team), themes follow from the codes.
 */
import { featuresOf } from '../../src/learn/features.js';
import type { CodebookShape, TrainingUnit } from '../../src/learn/train.js';

export const tinyCodebook: CodebookShape = {
  id: 'tiny',
  sha256: 'ab'.repeat(32),
  codes: [
    { id: 'money.budget', theme: 'money' },
    { id: 'money.rare', theme: 'money' },
    { id: 'people.team', theme: 'people' },
  ],
  themes: ['money', 'people'],
};

/** One English training unit of `interview`: human codes, rule hits and rules that matched twice or more, as code indexes. */
export function tinyUnit(interview: string | undefined, text: string, codes: number[], rules: number[] = [], repeated: number[] = []): TrainingUnit {
  const codeLabels = new Int8Array(3);
  const themeLabels = new Int8Array(2);
  for (const code of codes) {
    codeLabels[code] = 1;
    themeLabels[code === 2 ? 1 : 0] = 1;
  }
  const id = (r: number) => tinyCodebook.codes[r]!.id;
  return { interview, features: featuresOf({ language: 'en', text, ruleCodes: rules.map(id), repeatedRuleCodes: repeated.map(id) }), rules, codeLabels, themeLabels };
}
