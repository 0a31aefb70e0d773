/**
 * Model files and `--source` parsing (issue 12): a model is refused when it
 * is not JSON, not a model, of another codebook version, or refers past its
 * vocabulary; a sound one loads. `--source` values are keywords or coder
 * names; a misspelt keyword or unknown coder gets "did you mean". fast-check
 * runs arbitrary strings through both.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { featuresOf } from '../../src/learn/features.js';
import { serialiseModel } from '../../src/learn/serialise.js';
import { train, type CodebookShape, type TrainingUnit } from '../../src/learn/train.js';
import { parseModelFile, type ModelExpectation } from '../../src/load/model-file.js';
import { parseSourceChoice, requireKnownCoder } from '../../src/cli/sources.js';
import { UsageError } from '../../src/model/errors.js';

const SHA = 'c0'.repeat(32);
const codebook: CodebookShape = { id: 'tiny', sha256: SHA, codes: [{ id: 'a.x', theme: 'a' }], themes: ['a'] };
const expected: ModelExpectation = { id: 'tiny', sha256: SHA, file: 'codebooks/tiny.yaml', codes: ['a.x'], themes: ['a'] };

function sound(): string {
  const units: TrainingUnit[] = [];
  for (let i = 0; i < 4; i++) {
    for (const [text, yes] of [['apple pie apple', 1], ['banana split', 0], ['apple tart', 1], ['cherry', 0]] as const) {
      units.push({ interview: `i${i}`, features: featuresOf({ language: 'en', text, ruleCodes: [] }), rules: [], codeLabels: Int8Array.of(yes), themeLabels: Int8Array.of(yes) });
    }
  }
  return serialiseModel(train({ codebook, units, coders: ['human'] }));
}

describe('parseModelFile', () => {
  it('loads a sound model file', () => {
    const parsed = parseModelFile(sound(), 'models/tiny.json', expected);
    expect('model' in parsed && parsed.model.codes[0]!.learned).toBe(true);
  });

  it('refuses truncated JSON, another format, another codebook version and weights past the vocabulary, naming the file', () => {
    const text = sound();
    const truncated = parseModelFile(text.slice(0, 200), 'models/tiny.json', expected);
    expect(truncated).toMatchObject({ reason: 'damaged' });
    expect('error' in truncated && truncated.error).toContain('The model file models/tiny.json is damaged (not valid JSON');
    const other = parseModelFile('{"format":"something-else"}', 'm.json', expected);
    expect('error' in other && other.error).toContain('m.json is damaged or not a cocreate model');
    const stale = parseModelFile(text, 'models/tiny.json', { ...expected, sha256: 'd1'.repeat(32) });
    expect(stale).toMatchObject({ reason: 'other-codebook' });
    expect('error' in stale && stale.error).toContain('was trained for another version of the codebook tiny');
    const model = JSON.parse(text);
    model.codes[0].weights.push([model.vocabulary.length + 5, 1]);
    const past = parseModelFile(JSON.stringify(model), 'x.json', expected);
    expect('error' in past && past.error).toContain('refers past the vocabulary');
    const renamed = parseModelFile(text, 'x.json', { ...expected, codes: ['a.y'] });
    expect('error' in renamed && renamed.error).toContain('does not list the codes');
  });

  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        const parsed = parseModelFile(text, 'f.json', expected);
        expect('model' in parsed || typeof parsed.error === 'string').toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('--source', () => {
  it('parses keywords and coder names; anything else is a usage error, never a crash', () => {
    expect(parseSourceChoice('hybrid')).toBe('hybrid');
    expect(parseSourceChoice('alice')).toEqual({ coder: 'alice' });
    expect(() => parseSourceChoice('two words')).toThrow(UsageError);
    fc.assert(
      fc.property(fc.string(), (value) => {
        try {
          const choice = parseSourceChoice(value);
          expect(typeof choice === 'string' || typeof choice.coder === 'string').toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(UsageError);
        }
      }),
    );
  });

  it('suggests the keyword or coder a misspelt value is closest to', () => {
    expect(() => requireKnownCoder({ coder: 'manuel' }, ['human'])).toThrow('Did you mean "manual"?');
    expect(() => requireKnownCoder({ coder: 'alcie' }, ['alice', 'bob'])).toThrow('Did you mean "alice"?');
    expect(() => requireKnownCoder({ coder: 'carol' }, [], ['carol'])).not.toThrow();
    expect(() => requireKnownCoder({ coder: 'zzz' }, ['alice'])).toThrow('(coders: alice).');
  });
});
