/**
 * Structural rules for a codebook that loaded (its YAML schema is checked
 * by the loader, its rules by the compiler): unique theme and code ids,
 * codes that guidance text refers to (`use outcomes.processing-time`)
 * exist, every code has a definition, and every code has rules for each
 * language the corpus uses. Pure.
 */
import { listCodes, type Codebook } from '../model/codebook.js';
import { createDiagnostic, type Diagnostic } from '../model/diagnostic.js';
import { LANGUAGES } from '../model/transcript.js';
import { suggestClosest } from './suggest.js';

export interface CodebookRuleContext {
  /** Number of transcripts per language in the corpus, e.g. `{ en: 7, es: 7 }`; empty when no transcript loaded. */
  corpusLanguages: ReadonlyMap<string, number>;
}

/** All structural findings, in codebook order. */
export function checkCodebook(codebook: Codebook, context: CodebookRuleContext): Diagnostic[] {
  return [...checkUniqueIds(codebook), ...checkReferences(codebook), ...checkControlCharacters(codebook), ...checkDefinitions(codebook), ...checkLanguages(codebook, context)];
}

/** `duplicate-theme-id` and `duplicate-code-id`: two themes, or two codes of one theme, with one id. */
export function checkUniqueIds(codebook: Codebook): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const themes = new Map<string, number>();
  for (const theme of codebook.themes) {
    const earlier = themes.get(theme.id);
    if (earlier !== undefined) {
      diagnostics.push(
        createDiagnostic('error', 'duplicate-theme-id', codebook.file, `The theme id "${theme.id}" is already used at line ${earlier}.`, {
          ...theme.at,
          hint: 'Merge the two themes or rename one.',
        }),
      );
    } else themes.set(theme.id, theme.at.line);
  }
  const codes = new Map<string, number>();
  for (const code of listCodes(codebook)) {
    const earlier = codes.get(code.id);
    if (earlier !== undefined) {
      diagnostics.push(
        createDiagnostic('error', 'duplicate-code-id', codebook.file, `The code "${code.id}" is already defined at line ${earlier}.`, {
          ...code.at,
          hint: 'Each code id may appear once per theme; merge the two or rename one.',
        }),
      );
    } else codes.set(code.id, code.at.line);
  }
  return diagnostics;
}

/** A `theme.code` id written in prose: lower-case kebab-case words joined by one dot, not inside a URL or e-mail. */
const REFERENCE = /(?<![\w.@/-])([a-z0-9]+(?:-[a-z0-9]+)*)\.([a-z0-9]+(?:-[a-z0-9]+)*)(?![\w@/-]|\.[a-z0-9])/g;

/** `unknown-code-reference`: guidance text names `theme.code` where the theme exists but the code does not. */
export function checkReferences(codebook: Codebook): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const codeIds = listCodes(codebook).map((code) => code.id);
  const known = new Set(codeIds);
  const themeIds = new Set(codebook.themes.map((theme) => theme.id));
  for (const code of listCodes(codebook)) {
    const fields: [string, string | undefined][] = [
      ['definition', code.definition],
      ['when_to_use', code.whenToUse],
      ['when_not_to_use', code.whenNotToUse],
    ];
    for (const [field, text] of fields) {
      for (const match of (text ?? '').matchAll(REFERENCE)) {
        const reference = match[0];
        if (!themeIds.has(match[1]!) || known.has(reference)) continue;
        const suggestion = suggestClosest(reference, codeIds);
        diagnostics.push(
          createDiagnostic('error', 'unknown-code-reference', codebook.file, `${code.id}: ${field} refers to "${reference}", which is not a code${suggestion ? `; did you mean "${suggestion}"?` : '.'}`, {
            ...code.at,
            expected: suggestion,
            actual: reference,
          }),
        );
      }
    }
  }
  return diagnostics;
}

/** C0 controls but tab, LF and CR, U+FFFE, U+FFFF and lone surrogates: what no REFI-QDA (XML 1.0) export can carry. */
const NOT_EXPORTABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|\p{Cs}/u;

/** `control-character` (error): a label, definition or guidance text holding a character the codebook export could not write (issue 16, item 16). */
export function checkControlCharacters(codebook: Codebook): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const check = (what: string, text: string | undefined, at: { line: number; column?: number }) => {
    const match = text === undefined ? null : NOT_EXPORTABLE.exec(text);
    if (!match) return;
    const code = match[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    diagnostics.push(createDiagnostic('error', 'control-character', codebook.file, `${what} holds the control character U+${code}, which the REFI-QDA export cannot carry.`, { ...at, hint: 'Remove it (look for YAML escapes such as "\\0" or "\\x07").' }));
  };
  check('The codebook title', codebook.title, { line: 1, column: 1 });
  check('The codebook description', codebook.description, { line: 1, column: 1 });
  for (const theme of codebook.themes) {
    check(`Theme ${theme.id}: the label`, theme.label, theme.at);
    check(`Theme ${theme.id}: the description`, theme.description, theme.at);
    for (const code of theme.codes) {
      for (const [field, text] of [['label', code.label], ['definition', code.definition], ['when_to_use', code.whenToUse], ['when_not_to_use', code.whenNotToUse]] as const) check(`${code.id}: ${field}`, text, code.at);
    }
  }
  return diagnostics;
}

/** `missing-definition` (warning): coders need a definition to apply a code consistently. */
export function checkDefinitions(codebook: Codebook): Diagnostic[] {
  return listCodes(codebook)
    .filter((code) => (code.definition ?? '').trim() === '')
    .map((code) =>
      createDiagnostic('warning', 'missing-definition', codebook.file, `${code.id} has no definition.`, {
        ...code.at,
        hint: 'Add `definition:` so that every coder applies the code the same way.',
      }),
    );
}

/**
 * `missing-language-rules` (warning): a code without rules for a language
 * the corpus uses is never coded automatically in those transcripts.
 * `unsupported-rule-language` (warning): rules for a language no transcript can have.
 */
export function checkLanguages(codebook: Codebook, context: CodebookRuleContext): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const used = [...context.corpusLanguages.entries()].filter(([, count]) => count > 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const code of listCodes(codebook)) {
    const missing = used.filter(([language]) => !code.rules[language]);
    if (missing.length > 0) {
      const described = missing.map(([language, count]) => `"${language}" (${count} transcript${count === 1 ? '' : 's'})`).join(' and ');
      diagnostics.push(
        createDiagnostic('warning', 'missing-language-rules', codebook.file, `${code.id} has no rules for ${described}, so it is never coded automatically there.`, {
          ...code.at,
          hint: `Add rules for ${missing.map(([language]) => language).join(' and ')} under \`rules:\`, or ignore this for a code applied by hand only.`,
        }),
      );
    }
    for (const language of Object.keys(code.rules)) {
      if ((LANGUAGES as readonly string[]).includes(language)) continue;
      diagnostics.push(
        createDiagnostic('warning', 'unsupported-rule-language', codebook.file, `${code.id} has rules for "${language}", but transcripts are in ${LANGUAGES.join(' or ')}; these rules are never used.`, {
          ...(code.rulesAt[language] ?? code.at),
        }),
      );
    }
  }
  return diagnostics;
}
