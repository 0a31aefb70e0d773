/**
 * The model file's text: the `LearnedModel` as JSON, one top-level key per
 * line and one code or theme per line, so a diff of two model files is
 * readable and the same model always gives the same bytes (key order is
 * the construction order of model.ts's objects; numbers are JSON's
 * shortest round-trip form).
 */
import type { LearnedModel } from './model.js';

/** The model as the text of a model file (ends with a newline). */
export function serialiseModel(model: LearnedModel): string {
  const lines: string[] = ['{'];
  const entries = Object.entries(model);
  entries.forEach(([key, value], index) => {
    const comma = index === entries.length - 1 ? '' : ',';
    if (Array.isArray(value) && (key === 'codes' || key === 'themes')) {
      lines.push(`  ${JSON.stringify(key)}: [`);
      value.forEach((item, k) => lines.push(`    ${JSON.stringify(item)}${k === value.length - 1 ? '' : ','}`));
      lines.push(`  ]${comma}`);
    } else {
      lines.push(`  ${JSON.stringify(key)}: ${JSON.stringify(value)}${comma}`);
    }
  });
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
