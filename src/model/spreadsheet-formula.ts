/**
 * Formula injection (issue 16, item 15), both ways: a spreadsheet runs a
 * cell that starts with `=`, `+`, `-` or `@` (and, in some, a tab or carriage
 * return) as a formula, so text written for a spreadsheet gets a leading
 * single quote (OWASP), and text read back from such a file (the review
 * queue) has it taken off again. One definition of "starts a formula" serves
 * the CSV writers (render/) and the queue reader (load/).
 */

/** What starts a formula in a spreadsheet cell. */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain number, which no spreadsheet runs as a formula. */
const NUMBER = /^[-+]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)(?:[eE][-+]?[0-9]+)?%?$/;

/** `text` as a spreadsheet shows it as text: a leading `'` when it would start a formula (numbers are left alone). */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) && !NUMBER.test(text) ? `'${text}` : text;
}

/** A cell without the `'` that a writer put before text a spreadsheet would run as a formula (`'=x` → `=x`). */
export function unquoteFormula(value: string): string {
  return value.startsWith("'") && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value;
}
