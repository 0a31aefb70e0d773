/**
 * Issue 8: the hand-written codebook check (src/model/codebook-check.ts),
 * which spares start-up the loading of zod, says yes exactly when the zod
 * schema accepts a value and changes nothing in it; for every other value
 * the loader asks zod. Checked on generated codebooks, valid and broken in
 * every way the schema knows, and on the codebooks in the repository.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCodebook } from '../../src/load/codebook.js';
import { parseCodebookWith, fastCodebookValidator, readCodebookFile } from '../../src/load/codebook-read.js';
import { parseYaml } from '../../src/load/yaml-document.js';
import { isCodebookData } from '../../src/model/codebook-check.js';
import { codebookSchema } from '../../src/model/codebook.js';
import { FIXTURES, REPO_ROOT } from '../helpers/cli.js';

/** What zod says: valid, and valid without stripping anything (key order aside). */
function zodAccepts(value: unknown): boolean {
  const result = codebookSchema.safeParse(value);
  return result.success && isDeepStrictEqual(result.data, value);
}

const anyValue = fc.oneof(fc.constant(null), fc.constant(undefined), fc.integer(), fc.double(), fc.boolean(), fc.string(), fc.constant([]), fc.constant({}), fc.constant(['x']));
const id = fc.oneof({ weight: 40, arbitrary: fc.constantFrom('success', 'quick-wins', 'a1', 'x-y-z') }, { weight: 1, arbitrary: fc.constantFrom('Bad', 'a--b', '-a', '', 'a_b', 'ñ') }, { weight: 1, arbitrary: anyValue });
const text = fc.oneof({ weight: 40, arbitrary: fc.string({ maxLength: 8 }) }, { weight: 1, arbitrary: anyValue });
const list = fc.oneof({ weight: 40, arbitrary: fc.array(fc.string({ maxLength: 6 }), { maxLength: 3 }) }, { weight: 1, arbitrary: fc.array(anyValue, { maxLength: 2 }) }, { weight: 1, arbitrary: anyValue });

/** Null mostly, now and then a value. */
const rarely = <T>(arbitrary: fc.Arbitrary<T>) => fc.oneof({ weight: 30, arbitrary: fc.constant(null) }, { weight: 1, arbitrary });

/** Adds an optional field, sometimes a wrong one, sometimes an unknown key. */
function shape(required: Record<string, fc.Arbitrary<unknown>>, optional: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<unknown> {
  return fc
    .tuple(fc.record(required), fc.record(optional, { requiredKeys: [] }), rarely(fc.constantFrom('extra', 'Label', 'rule')), Object.keys(required).length > 0 ? rarely(fc.constantFrom(...Object.keys(required))) : fc.constant(null))
    .map(([req, opt, extra, missing]) => {
      const value: Record<string, unknown> = { ...req, ...opt };
      if (extra) value[extra] = 'unexpected';
      if (missing) delete value[missing];
      return value;
    });
}

const nearRule = shape(
  { near: fc.oneof({ weight: 20, arbitrary: fc.array(fc.oneof(fc.string({ maxLength: 5 }), fc.array(fc.string({ maxLength: 5 }), { maxLength: 2 })), { minLength: 1, maxLength: 3 }) }, { weight: 1, arbitrary: anyValue }), within: fc.oneof({ weight: 20, arbitrary: fc.integer({ min: 0, max: 101 }) }, { weight: 1, arbitrary: fc.double() }, { weight: 1, arbitrary: anyValue }) },
  {},
);
const languageRules = fc.oneof({ weight: 1, arbitrary: fc.constant(null) }, { weight: 20, arbitrary: shape({}, { terms: list, near: fc.oneof({ weight: 20, arbitrary: fc.array(nearRule, { maxLength: 2 }) }, { weight: 1, arbitrary: anyValue }), regex: list, exclude: list }) });
const texts = fc.oneof({ weight: 20, arbitrary: fc.dictionary(fc.constantFrom('en', 'es'), fc.oneof(fc.string({ maxLength: 5 }), list)) }, { weight: 1, arbitrary: anyValue });
// Colours (issue 15): mostly valid #RRGGBB, sometimes not (#abc, a name, a number).
const color = fc.oneof({ weight: 20, arbitrary: fc.constantFrom('#1F77B4', '#d62728', '#000000') }, { weight: 1, arbitrary: fc.constantFrom('#abc', 'red', '#1F77B4 ', '') }, { weight: 1, arbitrary: anyValue });
const code = shape(
  { id },
  { label: text, color, definition: text, when_to_use: text, when_not_to_use: text, examples: texts, counter_examples: texts, rules: fc.oneof({ weight: 40, arbitrary: fc.dictionary(fc.constantFrom('en', 'es', 'de'), languageRules) }, { weight: 1, arbitrary: anyValue }) },
);
const theme = shape({ id, codes: fc.oneof({ weight: 40, arbitrary: fc.array(code, { maxLength: 3 }) }, { weight: 1, arbitrary: anyValue }) }, { label: text, description: text, color });
const codebook = fc.oneof({ weight: 40, arbitrary: shape({ themes: fc.oneof({ weight: 40, arbitrary: fc.array(theme, { maxLength: 3 }) }, { weight: 1, arbitrary: anyValue }) }, { id: text, title: text, description: text, languages: list }) }, { weight: 1, arbitrary: anyValue });

describe('codebook check without zod (issue 8)', () => {
  it('accepts exactly what the zod schema accepts unchanged', () => {
    let valid = 0;
    fc.assert(
      fc.property(codebook, (value) => {
        // YAML gives plain objects without undefined values: test such values.
        const plain = value === undefined ? undefined : JSON.parse(JSON.stringify(value ?? null));
        const expected = zodAccepts(plain);
        if (expected) valid++;
        expect(isCodebookData(plain)).toBe(expected);
      }),
      { numRuns: 5000 },
    );
    expect(valid).toBeGreaterThan(500);
  });

  it('loads every codebook of the repository to the same model with and without zod', async () => {
    const paths = [join(REPO_ROOT, 'codebooks'), ...readdirSync(FIXTURES).map((name) => join(FIXTURES, name, 'codebooks'))]
      .flatMap((dir) => {
        try {
          return readdirSync(dir).filter((name) => /\.ya?ml$/.test(name)).map((name) => join(dir, name));
        } catch {
          return [];
        }
      });
    expect(paths.length).toBeGreaterThan(3);
    for (const path of paths) {
      const source = readFileSync(path, 'utf8');
      const withZod = parseCodebook(source, path);
      const fast = parseCodebookWith(source, path, fastCodebookValidator);
      // The fast check either decides the same or defers (then readCodebookFile asks zod).
      if (fast) expect(fast).toEqual(withZod);
      else expect(isCodebookData(parseYaml(source, path).value)).toBe(false);
      const read = await readCodebookFile(path);
      expect({ codebook: read.codebook, diagnostics: read.diagnostics }).toEqual({ codebook: withZod.codebook, diagnostics: withZod.diagnostics });
    }
  });
});
