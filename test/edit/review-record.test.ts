/**
 * The review record (`reviewed:` / `<!-- reviewed NAME: … -->`, docs/transcript-format.md):
 * both loaders read it as a partial coding, validate checks its codes, and the coded
 * segments that counts and agreement read leave a partial coder out, so no undecided
 * code is ever taken as that coder's "no".
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileCodebook } from '../../src/code/compile.js';
import { codeTranscript } from '../../src/code/coder.js';
import { agreementSegmentsOf, compareCoders } from '../../src/analyze/agreement.js';
import { explainSegment } from '../../src/analyze/explain.js';
import { codesTable } from '../../src/render/explain-report.js';
import { parseCodebookBytes } from '../../src/load/codebook-read.js';
import { parseTranscript } from '../../src/load/transcript.js';
import { checkHumanCodes } from '../../src/validate/transcript-rules.js';
import { FIXTURES } from '../helpers/cli.js';

const YAML = `id: r1
language: en
turns:
  - speaker: respondent
    text: I ate an apple and I am happy.
    codes: { alice: [food.apple, feeling.joy], carol: [food.apple] }
    reviewed: { carol: [food.apple, food.pear] }
  - speaker: respondent
    text: The pear was fine.
    codes: { alice: [food.pear], carol: [] }
`;

const MD = `---
id: r2
language: en
---

**Respondent:** I ate an apple and I am happy.
<!-- codes alice: food.apple, feeling.joy -->
<!-- codes carol: food.apple -->
<!-- reviewed carol: food.apple, food.pear -->

**Respondent:** The pear was fine.
<!-- codes alice: food.pear -->
<!-- codes carol: -->
`;

async function fruit() {
  const path = join(FIXTURES, 'agree', 'codebooks', 'fruit.yaml');
  const loaded = await parseCodebookBytes(readFileSync(path), path);
  return compileCodebook(loaded.codebook!).compiled;
}

describe('the review record', () => {
  for (const [format, source] of [['yaml', YAML], ['markdown', MD]] as const) {
    it(`${format}: a coder with a review in progress is partial and left out of counts and agreement`, async () => {
      const transcript = parseTranscript(source, `r.${format}`, format).transcript!;
      const carol = transcript.segments[0]!.human.filter((coding) => coding.coder === 'carol');
      expect(carol.map((coding) => coding.reviewed)).toEqual([undefined, ['food.apple', 'food.pear']]);
      const compiled = await fruit();
      const coded = codeTranscript(compiled, transcript);
      expect([...coded.segments[0]!.human.keys()]).toEqual(['alice']);
      expect(coded.segments[1]!.human.get('carol')).toEqual([]);
      // alice and carol share one complete segment only: carol's undecided feeling.joy is not a "no".
      const agreement = compareCoders(compiled, agreementSegmentsOf(compiled, coded), ['alice', 'carol']);
      expect(agreement.segments).toBe(1);
      expect(agreement.partial).toBe(1);
    });
  }

  it('explain shows the codes a partial coder has not decided as undecided, not as no', async () => {
    const transcript = parseTranscript(YAML, 'r.yaml', 'yaml').transcript!;
    const table = codesTable(explainSegment(await fruit(), transcript, transcript.segments[0]!));
    expect(table.columns.map((column) => column.header)).toEqual(['Code', 'rules', 'alice', 'carol', '']);
    expect(table.rows).toEqual([
      ['food.apple', 'yes', 'yes', 'yes', ''],
      ['feeling.joy', 'yes', 'yes', 'undecided', ''],
    ]);
  });

  it('validate reports an unknown code in a review record', async () => {
    const transcript = parseTranscript(YAML.replace('food.pear] }', 'food.peer] }'), 'r.yaml', 'yaml').transcript!;
    const diagnostics = checkHumanCodes(transcript, (await fruit()).codes.map((code) => code.id));
    expect(diagnostics.map((d) => [d.ruleId, d.line])).toEqual([['unknown-code', 7]]);
  });

  it('a review record that is not a map of lists is an error with its line', () => {
    const loaded = parseTranscript(YAML.replace('reviewed: { carol: [food.apple, food.pear] }', 'reviewed: { carol: { a: 1 } }'), 'r.yaml', 'yaml');
    expect(loaded.transcript).toBeUndefined();
    expect(loaded.diagnostics.map((d) => [d.ruleId, d.line])).toEqual([['wrong-type', 7]]);
  });
});
