/**
 * The codebook as a CSV file that Taguette's codebook import reads
 * (`export --codebook-csv FILE`, issue 15). Taguette 1.5 imports codebooks
 * only as CSV (taguette/import_codebook.py): it lower-cases the header,
 * takes the tag's name from the one column named `tag`, `name` or `path`
 * (two of them is an error), and its text from `description`; other
 * columns are ignored. So the file has `code` (cocreate's full id, for
 * people and scripts; first, so that a byte-order mark never touches a
 * column Taguette reads), `path` (the code's label, made unique, since
 * Taguette's tag names are) and `description` (definition, when to use,
 * when not to use).
 */
import type { Codebook } from '../model/codebook.js';
import { formatDescription } from '../model/refi-qda.js';
import type { ReportTable } from './report-table.js';

/** One row per code: `code`, `path`, `description`. */
export function taguetteCodebookTable(codebook: Codebook): ReportTable {
  const codes = codebook.themes.flatMap((theme) => theme.codes.map((code) => ({ theme, code })));
  const labelCount = new Map<string, number>();
  for (const { code } of codes) labelCount.set(code.label.trim().toLowerCase(), (labelCount.get(code.label.trim().toLowerCase()) ?? 0) + 1);
  const used = new Set<string>();
  const rows = codes.map(({ theme, code }) => {
    const label = code.label.trim() || code.id;
    // A label two codes share gets its theme's label; if that is still not unique, the code's id.
    let path = (labelCount.get(label.toLowerCase()) ?? 0) > 1 ? `${label} (${theme.label})` : label;
    if (used.has(path.toLowerCase())) path = `${label} (${code.id})`;
    used.add(path.toLowerCase());
    return [code.id, path, formatDescription({ definition: code.definition, whenToUse: code.whenToUse, whenNotToUse: code.whenNotToUse })];
  });
  return { columns: [{ header: 'code' }, { header: 'path' }, { header: 'description' }], rows };
}
