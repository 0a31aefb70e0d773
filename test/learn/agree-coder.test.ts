/**
 * A model trained by `agree` learns from the reference coder's codes when
 * `--human` names one (docs/model.md): the training units of a transcript
 * coded by coder-a and coder-b carry coder-a's codes only, and the training
 * set names coder-a as its coder; without a coder they carry the union.
 * Checked on sgad-01, whose first respondent turn the two coders coded
 * differently (coder-b adds stakeholders.businesses).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { agreementSegmentsOf } from '../../src/analyze/agreement.js';
import { learnedAgreeTranscript, trainingSetOf } from '../../src/cli/actions/agree-learned.js';
import { compileCodebook } from '../../src/code/compile.js';
import { codeTranscript } from '../../src/code/coder.js';
import { parseCodebookBytes } from '../../src/load/codebook-read.js';
import { parseTranscript } from '../../src/load/transcript.js';

describe('agree trains on the reference coder', async () => {
  const bytes = readFileSync('codebooks/coval.yaml');
  const compiled = compileCodebook((await parseCodebookBytes(bytes, 'codebooks/coval.yaml')).codebook).compiled;
  const coded = codeTranscript(compiled, parseTranscript(readFileSync('interviews/sgad-01.yaml', 'utf8'), 'sgad-01.yaml', 'yaml').transcript);
  const segments = agreementSegmentsOf(compiled, coded);
  const businesses = compiled.codes.findIndex((code) => code.id === 'stakeholders.businesses');
  const civil = compiled.codes.findIndex((code) => code.id === 'stakeholders.civil-servants');

  it('labels units with coder-a\'s codes and names coder-a, or with the union and both coders', () => {
    const a = learnedAgreeTranscript(compiled, coded, segments, 'coder-a');
    const union = learnedAgreeTranscript(compiled, coded, segments);
    expect(a.units.length).toBe(union.units.length);
    // First respondent turn: coder-a [civil-servants, shared-platforms]; coder-b adds businesses.
    expect(a.units[0]!.codeLabels[civil]).toBe(1);
    expect(a.units[0]!.codeLabels[businesses]).toBe(0);
    expect(union.units[0]!.codeLabels[businesses]).toBe(1);
    expect(trainingSetOf(compiled, 'ab'.repeat(32), [a]).coders).toEqual(['coder-a']);
    expect(trainingSetOf(compiled, 'ab'.repeat(32), [union]).coders).toEqual(['coder-a', 'coder-b']);
  });
});
