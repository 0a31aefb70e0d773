#!/usr/bin/env node
/**
 * Agreement on coder-b's sample only (docs/agreement.md, "Figures on the
 * current corpus"): `cocreate agree --human coder-a` scores every turn
 * coder-a coded, so it cannot say how the rules agree with coder-a on just
 * the turns coder-b also coded. This script reads the tidy codings of the
 * rules, coder-a and coder-b (`cocreate code --codings --format jsonl
 * --source …`) and computes Cohen's kappa, pooled over segments × codes and
 * per theme (present when any of its codes is), for each pair on coder-b's
 * turns: all of them, those of the held-out four, those of the other ten.
 * It is an independent check too: its figures for rules vs coder-b and
 * coder-a vs coder-b must equal `agree --human coder-b` and `agree --coders
 * coder-a,coder-b`. Run after `npm run build`:
 *
 *   node scripts/sample-agreement.mjs [interviews/]
 */
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const folder = process.argv[2] ?? 'interviews/';
const HELD_OUT = ['sgad-04', 'sgad-08', 'sgad-11', 'sgad-14'];
const cli = (...command) => {
  const result = spawnSync(process.execPath, [join(root, 'bin', 'cocreate.js'), ...command], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 1 << 28 });
  if (result.status !== 0) throw new Error(`cocreate ${command.join(' ')} exited ${result.status}:\n${result.stderr}`);
  return result.stdout;
};
const codes = JSON.parse(cli('codebook', '--format', 'json')).themes.flatMap((theme) => theme.codes.map((code) => code.id));
if (codes.length === 0) throw new Error('`cocreate codebook --format json` gave no codes');
const themes = [...new Set(codes.map((code) => code.split('.')[0]))];
const codingsOf = (source) => {
  const bySegment = new Map();
  for (const line of cli('code', folder, '--codings', '--format', 'jsonl', '--source', source).split('\n')) {
    if (line.trim() === '') continue;
    const record = JSON.parse(line);
    const key = `${record.interview}#${record.segment}`;
    if (!bySegment.has(key)) bySegment.set(key, new Set());
    bySegment.get(key).add(record.code);
  }
  return bySegment;
};
const sets = { rules: codingsOf('rules'), 'coder-a': codingsOf('coder-a'), 'coder-b': codingsOf('coder-b') };
const kappa = ({ tp, fp, fn, tn }) => {
  const n = tp + fp + fn + tn;
  const expected = ((tp + fp) * (tp + fn) + (fn + tn) * (fp + tn)) / (n * n);
  return ((tp + tn) / n - expected) / (1 - expected);
};
const cell = (x, y) => (x && y ? 'tp' : x ? 'fp' : y ? 'fn' : 'tn');
// coder-b applied at least one code on every turn it coded, so its codings list its whole sample.
const sample = [...sets['coder-b'].keys()];
for (const [label, keep] of [['all', () => true], ['held-out four', (key) => HELD_OUT.includes(key.split('#')[0])], ['other ten', (key) => !HELD_OUT.includes(key.split('#')[0])]]) {
  const segments = sample.filter(keep);
  for (const [a, b] of [['rules', 'coder-a'], ['rules', 'coder-b'], ['coder-a', 'coder-b']]) {
    const pooled = { tp: 0, fp: 0, fn: 0, tn: 0 };
    const byTheme = Object.fromEntries(themes.map((theme) => [theme, { tp: 0, fp: 0, fn: 0, tn: 0 }]));
    for (const key of segments) {
      const left = sets[a].get(key) ?? new Set();
      const right = sets[b].get(key) ?? new Set();
      for (const code of codes) pooled[cell(left.has(code), right.has(code))]++;
      for (const theme of themes) {
        const has = (set) => [...set].some((code) => code.startsWith(`${theme}.`));
        byTheme[theme][cell(has(left), has(right))]++;
      }
    }
    console.log(`${label} (${segments.length} turns) ${a} vs ${b}: pooled ${kappa(pooled).toFixed(3)} | ${themes.map((theme) => `${theme} ${kappa(byTheme[theme]).toFixed(2)}`).join(' ')}`);
  }
}
