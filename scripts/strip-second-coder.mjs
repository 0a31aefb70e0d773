// Writes copies of transcripts with every coder-b code removed, for a blind re-read of
// coder-a's codes (docs/reread-heldout.md). Line numbers are kept: only the coder-b part of a
// line is cut. Usage: node scripts/strip-second-coder.mjs OUTDIR FILE...
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
const [outDir, ...files] = process.argv.slice(2);
mkdirSync(outDir, { recursive: true });
for (const f of files) {
  let text = readFileSync(f, 'utf8');
  // YAML map form: { coder-a: [...], coder-b: [...] } -> { coder-a: [...] }
  text = text.replace(/,\s*coder-b:\s*\[[^\]]*\]/g, '');
  // Markdown: <!-- codes coder-b: ... --> comments dropped
  text = text.replace(/[ \t]*<!--\s*codes coder-b:[^>]*-->/g, '');
  if (/coder-b/.test(text)) { console.error(`${f}: coder-b left`); process.exitCode = 1; }
  writeFileSync(join(outDir, basename(f)), text);
}
