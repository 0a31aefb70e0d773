/**
 * The model modules issue 6 added (src/model/ids.ts, src/model/refi-qda.ts):
 * their public exports are pinned (as test/model/exports.test.ts does for
 * the foundation's), and their small pure functions are checked by example
 * and by fast-check.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as ids from '../../src/model/ids.js';
import * as refi from '../../src/model/refi-qda.js';

describe('public exports', () => {
  it('ids.ts', () => {
    expect(Object.keys(ids).sort()).toEqual(['MAX_SLUG_LENGTH', 'slugify', 'uniqueId']);
  });

  it('refi-qda.ts', () => {
    expect(Object.keys(refi).sort()).toEqual([
      'AUTO_CODER_NAME',
      'BUILT_IN_VARIABLES',
      'CODEBOOK_NAMESPACE',
      'DEFAULT_IMPORT_SPEAKER',
      'DESCRIPTION_LABELS',
      'INTERVIEWERS_PREFIX',
      'PROJECT_NAMESPACE',
      'SPEAKERS_PREFIX',
      'codePointIndex',
      'formatDescription',
      'isRulesUserName',
      'parseDescription',
      'utf16Index',
    ]);
    expect([refi.CODEBOOK_NAMESPACE, refi.PROJECT_NAMESPACE, refi.AUTO_CODER_NAME]).toEqual(['urn:QDA-XML:codebook:1.0', 'urn:QDA-XML:project:1.0', 'cocreate rules']);
    // The current name and the one exports before issue 15 wrote; no human coder name (no spaces allowed) can be the first.
    expect(['cocreate rules', 'Cocreate  Rules', 'cocreate', 'alice', 'cocreate-rules', undefined].map(refi.isRulesUserName)).toEqual([true, true, true, false, false, false]);
  });
});

describe('slugify / uniqueId', () => {
  it.each([
    ['Time & effort', 'time-effort'],
    ['Participación ciudadana', 'participacion-ciudadana'],
    ['2. Attitűd szint az oltáshoz', '2-attitud-szint-az-oltashoz'],
    ['Straße Øresund Łódź', 'strasse-oresund-lodz'],
    ['THEME - Affinity Spaces (Gee)', 'theme-affinity-spaces-gee'],
    ['中文', 'item'],
    ['', 'item'],
  ])('%s → %s', (name, slug) => {
    expect(ids.slugify(name)).toBe(slug);
  });

  it('always gives a valid codebook id of at most 60 characters (fast-check)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (name) => {
        const slug = ids.slugify(name);
        expect(slug).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
        expect(slug.length).toBeLessThanOrEqual(ids.MAX_SLUG_LENGTH);
      }),
    );
  });

  it('numbers repeats', () => {
    const used = new Set<string>();
    expect(['cost', 'cost', 'cost', 'time'].map((id) => ids.uniqueId(id, used))).toEqual(['cost', 'cost-2', 'cost-3', 'time']);
  });
});

describe('code descriptions', () => {
  it('are labelled sections separated by blank lines, empty parts left out', () => {
    expect(refi.formatDescription({ definition: 'Money.', whenNotToUse: ' Time. ', codeId: 'b.cost' })).toBe('Definition: Money.\n\nWhen not to use: Time.\n\nCode id: b.cost');
  });

  it('read back what was written, and keep another tool\'s description whole (CRLF normalised)', () => {
    expect(refi.parseDescription('Definition: Money.\n\nCode id: b.cost')).toEqual({ definition: 'Money.', codeId: 'b.cost' });
    expect(refi.parseDescription('Apply when the study uses Gee\'s concept.\r\n\r\nNever apply the parent.')).toEqual({ text: "Apply when the study uses Gee's concept.\n\nNever apply the parent." });
  });

  it('round-trip any parts without blank lines (fast-check)', () => {
    const part = fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 40 })
      .map((text) => text.replace(/\r/g, '').replace(/\n\s*\n/g, '\n').trim())
      .filter((text) => text !== '' && !/^(definition|when to use|when not to use|code id|theme id):[ \t]/i.test(text));
    fc.assert(
      fc.property(
        fc.record({ text: part, definition: part, whenToUse: part, whenNotToUse: part, codeId: part, themeId: part }, { requiredKeys: [] }),
        (parts) => {
          expect(refi.parseDescription(refi.formatDescription(parts))).toEqual(parts);
        },
      ),
    );
  });
});
