/**
 * `compare` (issue 4): the pure comparison on inline tallies, and the
 * built CLI on test/fixtures/compare/ (8 interviews, fruit codebook).
 *
 * Fixture, worked out by hand (auto coding, respondent turns only):
 *
 *   interview  role      area   segments: codes
 *   m1         manager   north  s0 apple kiwi | s1 apple banana cherry
 *   m2         manager   north  s0 apple cherry (also human: apple) | s1 kiwi
 *   m3         manager   south  s0 apple cherry kiwi | s1 plum
 *   m4 (md)    manager   east   s0 apple banana kiwi
 *   e1         engineer  north  s0 cherry kiwi | s1 – (human: apple)
 *   e2         engineer  south  s0 banana kiwi
 *   e3 (md)    engineer  south  s0 kiwi | s1 –
 *   e4         engineer  (none) s0 banana kiwi
 *
 * By role (engineer n=4, manager n=4), interviews [segments] coded:
 *   apple  0 [0] | 4 [5]    table [[0,4],[4,0]]
 *   banana 2 [2] | 2 [2]    [[2,2],[2,2]]
 *   cherry 1 [1] | 3 [3]    [[1,3],[3,1]]
 *   kiwi   4 [4] | 4 [4]    present everywhere → not tested
 *   plum   0 [0] | 1 [1]    [[0,1],[4,3]]
 *   mango  0 | 0            present nowhere → not tested
 *
 * Fisher p (hypergeometric, N=8, 4 present, manager column n=4; P(x) = C(4,x)C(4,4−x)/70):
 *   apple  x=4: P = 1/70; tables no more probable: x=0,4 → p = 2/70 = 0.0285714
 *   cherry x=3: P = 16/70; x=0,1,3,4 → (1+16+16+1)/70 = 34/70 = 0.4857143
 *   banana x=2 is the mode → p = 1;  plum: N=8, 1 present, P(x=0)=P(x=1)=1/2 → p = 1
 * Pearson X² / V / adjusted residual (manager cell):
 *   apple  E = 2 everywhere, X² = 4·(2²/2) = 8, V = √(8/8) = 1, r = 2/√(2·½·½) = 2.828 → marked
 *   cherry X² = 4·(1/2) = 2, V = 0.5, r = 1/√0.5 = 1.414
 *   plum   X² = 8/7 = 1.142857, V = √(1/7) = 0.377964, r = 1.069045
 * BH over m = 4 tested rows, sorted p: 2/70, 34/70, 1, 1 →
 *   q(apple) = min(4·(2/70)/1, q(cherry)) = 0.1142857; q(cherry) = min(4·(34/70)/2, 1) = 0.9714286; q = 1 for banana, plum.
 * Theme alpha (apple ∪ banana) by role: engineer 2 (e2, e4), manager 4 → [[2,4],[2,0]]:
 *   P(x) = C(6,x)C(2,4−x)/70 for manager x = 2,3,4: 15, 40, 15 → p = 30/70 = 0.4285714;
 *   X² = 2·(1/3) + 2·(1/1) = 8/3, V = √(1/3) = 0.57735, r(manager) = 1/√(3·¼·½) = 1.632993.
 * By area (e4 has no area → excluded; east n=1, north n=3, south n=3), cherry present 0 | 3 | 1:
 *   P(x_e, x_n, x_s) = C(1,x_e)C(3,x_n)C(3,x_s)/35 over x_e+x_n+x_s = 4; observed (0,3,1) has weight 3;
 *   weights ≤ 3: (0,1,3) 3, (0,3,1) 3, (1,0,3) 1, (1,3,0) 1 → p = 8/35 = 0.2285714;
 *   X² = 4.277778, r(north) = 1.984313 ≥ 1.96 → marked high.
 * The same values were checked independently with a brute-force enumeration and
 * scipy.stats.chi2_contingency / false_discovery_control: test/fixtures/compare/independent-check.py.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareGroups, DEFAULT_PERMUTATION_SEED } from '../../src/analyze/compare.js';
import { compareCsvTable, compareTable } from '../../src/render/compare-report.js';
import { renderMarkdownTable } from '../../src/render/markdown.js';
import { renderTerminalTable } from '../../src/render/table.js';
import { plainStyle } from '../../src/render/style.js';
import { FIXTURES, runCli } from '../helpers/cli.js';
import { compileInline, SMALL_CODEBOOK, tally } from './inline.js';

const FIXTURE = `${FIXTURES}/compare`;
const compiled = compileInline(SMALL_CODEBOOK);
const T = (id: string, attributes: Record<string, string>, codes: number[]) => tally(id, attributes, codes, compiled.themeOfCode, 2);

describe('compareGroups (pure)', () => {
  // a: in both x's and neither y → [[2,0],[0,2]]; b: everywhere; c: nowhere.
  const tallies = [T('i1', { g: 'x' }, [1, 1, 0]), T('i2', { g: 'x' }, [2, 1, 0]), T('i3', { g: 'y' }, [0, 3, 0]), T('i4', { g: 'y' }, [0, 1, 0])];

  it('counts interviews, segments and shares per group', () => {
    const result = compareGroups(compiled, tallies, 'g');
    expect(result.groups).toEqual([
      { name: 'x', size: 2, segments: 5, words: 20, tested: true },
      { name: 'y', size: 2, segments: 4, words: 20, tested: true },
    ]);
    const a = result.rows[0]!;
    expect(a.cells.map((cell) => [cell.group, cell.interviews, cell.segments, cell.share])).toEqual([
      ['x', 2, 3, 1],
      ['y', 0, 0, 0],
    ]);
    // [[2,0],[0,2]]: Fisher p = 2/C(4,2) = 1/3; X² = 4; V = 1; residual = ±2 (marked).
    expect(a.test).toBe('fisher');
    expect(a.p).toBeCloseTo(1 / 3, 12);
    expect(a.statistic).toBeCloseTo(4, 12);
    expect(a.df).toBe(1);
    expect(a.cramersV).toBeCloseTo(1, 12);
    expect(a.cells.map((cell) => cell.residual)).toEqual([expect.closeTo(2, 12), expect.closeTo(-2, 12)]);
    expect(a.cells.map((cell) => cell.mark)).toEqual(['high', 'low']);
    expect(a.q).toBeCloseTo(1 / 3, 12); // the only tested row: m = 1
    expect(result.tested).toBe(1);
  });

  it('gives null statistics, not a crash, to rows present everywhere or nowhere', () => {
    const result = compareGroups(compiled, tallies, 'g');
    for (const row of [result.rows[1]!, result.rows[2]!]) {
      expect(row).toMatchObject({ test: null, statistic: null, df: null, p: null, q: null, cramersV: null, minExpected: null });
      expect(row.cells.every((cell) => cell.residual === null && cell.mark === null)).toBe(true);
    }
    expect(result.rows[1]!.interviews).toBe(4);
    expect(result.rows[2]!.interviews).toBe(0);
  });

  it('does not test with fewer than two groups, and leaves out interviews without the attribute', () => {
    const one = compareGroups(compiled, tallies, 'nothing-has-this');
    expect(one.groups).toEqual([]);
    expect(one.excluded).toBe(4);
    expect(one.rows.every((row) => row.p === null && row.cells.length === 0)).toBe(true);
    const single = compareGroups(compiled, [T('i1', { g: 'x' }, [1, 0, 0]), T('i2', { g: 'x' }, [0, 0, 0]), T('i3', {}, [1, 0, 0])], 'g');
    expect(single.interviews).toBe(2);
    expect(single.excluded).toBe(1);
    expect(single.rows[0]!.p).toBeNull();
    expect(single.rows[0]!.cells[0]).toMatchObject({ interviews: 1, size: 2, share: 0.5 });
  });

  it('falls back to a seeded permutation test when the exact enumeration is over its cap, close to the exact p', () => {
    // 4 groups of 5, presence 5,0,1,4 of 5: a table where the exact p is small but not tiny.
    const many = [5, 0, 1, 4].flatMap((present, g) => Array.from({ length: 5 }, (_, i) => T(`g${g}-${i}`, { g: `g${g}` }, [i < present ? 1 : 0, 1, 0])));
    const exact = compareGroups(compiled, many, 'g').rows[0]!;
    expect(exact.test).toBe('fisher');
    const fallback = compareGroups(compiled, many, 'g', { exactMaxSteps: 1, permutations: 20_000, seed: 7 }).rows[0]!;
    expect(fallback.test).toBe('permutation');
    // Monte Carlo SE at p ≈ 0.001 with B = 20,000 is ≈ 0.0003; allow 0.005.
    expect(Math.abs(fallback.p! - exact.p!)).toBeLessThan(0.005);
    expect(fallback.statistic).toBeCloseTo(exact.statistic!, 12);
    const again = compareGroups(compiled, many, 'g', { exactMaxSteps: 1, permutations: 20_000, seed: 7 }).rows[0]!;
    expect(again.p).toBe(fallback.p);
    const forced = compareGroups(compiled, many, 'g', { test: 'permutation', permutations: 20_000, seed: 7 });
    expect(forced.rows[0]!.p).toBe(fallback.p);
    expect(forced.seed).toBe(7);
    expect(compareGroups(compiled, many, 'g').seed).toBe(DEFAULT_PERMUTATION_SEED);
  });

  it('properties: q ≥ p, marks follow residuals, cells add up, input order does not matter', () => {
    const tallyArb = fc.record({
      group: fc.constantFrom('x', 'y', 'z'),
      codes: fc.tuple(fc.nat(3), fc.nat(3), fc.nat(3)),
    });
    fc.assert(
      fc.property(fc.array(tallyArb, { minLength: 1, maxLength: 12 }), fc.integer(), (specs, shift) => {
        const list = specs.map((spec, i) => T(`i${i}`, { g: spec.group }, [...spec.codes]));
        const result = compareGroups(compiled, list, 'g', { permutations: 200 });
        const k = list.length;
        const rotated = list.map((_, i) => list[(((i + shift) % k) + k) % k]!);
        expect(compareGroups(compiled, rotated, 'g', { permutations: 200 }).rows.map((row) => [row.p, row.statistic])).toEqual(result.rows.map((row) => [row.p, row.statistic]));
        for (const row of result.rows) {
          expect(row.cells.reduce((sum, cell) => sum + cell.interviews, 0)).toBe(row.interviews);
          if (row.p !== null) {
            expect(row.q!).toBeGreaterThanOrEqual(row.p - 1e-12);
            expect(row.p).toBeGreaterThan(0);
            expect(row.p).toBeLessThanOrEqual(1);
            expect(row.cramersV!).toBeGreaterThanOrEqual(0);
            expect(row.cramersV!).toBeLessThanOrEqual(1);
          } else {
            expect(row.q).toBeNull();
          }
          for (const cell of row.cells) {
            const expected = cell.residual === null ? null : cell.residual >= 1.96 ? 'high' : cell.residual <= -1.96 ? 'low' : null;
            expect(cell.mark).toBe(expected);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('renders marks as + / − in the terminal and ▲ / ▼ in Markdown, and a tidy CSV', () => {
    const result = compareGroups(compiled, tallies, 'g');
    const table = compareTable(result);
    expect(table.marks?.[0]).toEqual([undefined, 'high', undefined, 'low', undefined]);
    const text = renderTerminalTable(table, plainStyle);
    expect(text).toContain('2 (100%) +');
    expect(text).toContain('0 (0%) −');
    const md = renderMarkdownTable(table);
    expect(md).toContain('2 (100%) ▲');
    expect(md).toContain('0 (0%) ▼');
    const csv = compareCsvTable(result);
    expect(csv.rows).toHaveLength(3 * 2);
    // …then unit, tested, the group's segments and words, rate = 1000 × 3 / 20 = 150 and share = 3 of 5 segments = 60%.
    expect(csv.rows[0]).toEqual(['t1.a', 't1', 'code', 'x', 2, 2, 100, 3, expect.closeTo(2, 12), 'fisher', expect.closeTo(4, 12), 1, expect.closeTo(1 / 3, 12), expect.closeTo(1 / 3, 12), expect.closeTo(1, 12), null, null, 'interview', 'true', 5, 20, 150, 60]);
  });
});

interface JsonRow {
  id: string;
  test: string | null;
  statistic: number | null;
  df: number | null;
  p: number | null;
  q: number | null;
  cramersV: number | null;
  interviews: number;
  segments: number;
  cells: { group: string; size: number; interviews: number; percent: number; segments: number; residual: number | null; mark: string | null }[];
}

function compareJson(args: string[]) {
  const result = runCli(['compare', ...args, '--format', 'json'], { cwd: FIXTURE });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout) as { by: string; level: string; interviews: number; excluded: number; seed: number; permutations: number; tested: number; groups: { name: string; size: number; tested: boolean }[]; rows: JsonRow[] };
}

describe('cocreate compare (end to end, issue 4)', () => {
  it('--by role: counts, Fisher p, X², V, residuals and BH q as worked out by hand', () => {
    const json = compareJson(['--by', 'role']);
    expect(json.by).toBe('role');
    expect(json.groups.map(({ name, size }) => ({ name, size }))).toEqual([
      { name: 'engineer', size: 4 },
      { name: 'manager', size: 4 },
    ]);
    expect(json.interviews).toBe(8);
    expect(json.excluded).toBe(0);
    expect(json.seed).toBe(20260101);
    expect(json.permutations).toBe(10000);
    expect(json.tested).toBe(4);
    const byId = new Map(json.rows.map((row) => [row.id, row]));
    expect(json.rows.map((row) => row.id)).toEqual(['alpha.apple', 'alpha.banana', 'beta.cherry', 'beta.kiwi', 'beta.plum', 'beta.mango']);
    const counts = (id: string) => byId.get(id)!.cells.map((cell) => [cell.interviews, cell.segments]);
    expect(counts('alpha.apple')).toEqual([[0, 0], [4, 5]]);
    expect(counts('alpha.banana')).toEqual([[2, 2], [2, 2]]);
    expect(counts('beta.cherry')).toEqual([[1, 1], [3, 3]]);
    expect(counts('beta.kiwi')).toEqual([[4, 4], [4, 4]]);
    expect(counts('beta.plum')).toEqual([[0, 0], [1, 1]]);
    expect(counts('beta.mango')).toEqual([[0, 0], [0, 0]]);

    const apple = byId.get('alpha.apple')!;
    expect(apple).toMatchObject({ test: 'fisher', df: 1, interviews: 4, segments: 5 });
    expect(apple.p).toBeCloseTo(2 / 70, 10);
    expect(apple.q).toBeCloseTo(0.1142857142857, 10);
    expect(apple.statistic).toBeCloseTo(8, 10);
    expect(apple.cramersV).toBeCloseTo(1, 10);
    expect(apple.cells.map((cell) => cell.residual)).toEqual([expect.closeTo(-2.8284271247, 9), expect.closeTo(2.8284271247, 9)]);
    expect(apple.cells.map((cell) => cell.mark)).toEqual(['low', 'high']);
    expect(apple.cells.map((cell) => cell.percent)).toEqual([0, 100]);

    const cherry = byId.get('beta.cherry')!;
    expect(cherry.p).toBeCloseTo(34 / 70, 10);
    expect(cherry.q).toBeCloseTo(0.9714285714, 9);
    expect(cherry.statistic).toBeCloseTo(2, 10);
    expect(cherry.cramersV).toBeCloseTo(0.5, 10);
    expect(cherry.cells[1]!.residual).toBeCloseTo(1.4142135624, 9);
    expect(cherry.cells.map((cell) => cell.mark)).toEqual([null, null]);

    const banana = byId.get('alpha.banana')!;
    expect([banana.p, banana.q, banana.statistic, banana.cramersV]).toEqual([expect.closeTo(1, 10), expect.closeTo(1, 10), expect.closeTo(0, 10), expect.closeTo(0, 10)]);
    const plum = byId.get('beta.plum')!;
    expect(plum.p).toBeCloseTo(1, 10);
    expect(plum.statistic).toBeCloseTo(8 / 7, 10);
    expect(plum.cramersV).toBeCloseTo(0.377964473, 8);
    expect(plum.cells[1]!.residual).toBeCloseTo(1.0690449676, 9);

    for (const id of ['beta.kiwi', 'beta.mango']) {
      expect(byId.get(id)).toMatchObject({ test: null, statistic: null, df: null, p: null, q: null, cramersV: null });
      expect(byId.get(id)!.cells.map((cell) => cell.residual)).toEqual([null, null]);
    }
  });

  it('--by role --level theme', () => {
    const json = compareJson(['--by', 'role', '--level', 'theme']);
    expect(json.rows.map((row) => row.id)).toEqual(['alpha', 'beta']);
    const [alpha, beta] = json.rows as [JsonRow, JsonRow];
    expect(alpha.cells.map((cell) => [cell.interviews, cell.segments])).toEqual([[2, 2], [4, 5]]);
    expect(alpha.p).toBeCloseTo(30 / 70, 10);
    expect(alpha.q).toBeCloseTo(30 / 70, 10);
    expect(alpha.statistic).toBeCloseTo(8 / 3, 10);
    expect(alpha.cramersV).toBeCloseTo(0.5773502692, 9);
    expect(alpha.cells[1]!.residual).toBeCloseTo(1.6329931619, 9);
    expect(beta.cells.map((cell) => [cell.interviews, cell.segments])).toEqual([[4, 4], [4, 7]]);
    expect(beta.p).toBeNull();
  });

  it('--by area: east (one interview) is shown but not tested (issue 17); north × south is a 2×2 table, e4 without an area left out', () => {
    const json = compareJson(['--by', 'area']);
    expect(json.groups.map(({ name, size, tested }) => [name, size, tested])).toEqual([['east', 1, false], ['north', 3, true], ['south', 3, true]]);
    expect(json.interviews).toBe(7);
    expect(json.excluded).toBe(1);
    const cherry = json.rows.find((row) => row.id === 'beta.cherry')!;
    expect(cherry.cells.map((cell) => cell.interviews)).toEqual([0, 3, 1]);
    // Tested: north 3 of 3, south 1 of 3 → [[3,1],[0,2]], N = 6, 4 present. Hypergeometric on north: x = 1, 2, 3 weigh
    // 3, 9, 3 (of C(6,4) = 15); observed x = 3 (weight 3) → p = (3 + 3) / 15 = 0.4. Expected 2, 2 / 1, 1 → X² = ½ + ½ + 1 + 1 = 3,
    // V = √(3/6) = 0.7071068, r(north) = 1 / √(2 · ½ · ⅓) = 1.7320508 (not marked); east has no residual.
    expect(cherry.df).toBe(1);
    expect(cherry.p).toBeCloseTo(0.4, 10);
    expect(cherry.statistic).toBeCloseTo(3, 10);
    expect(cherry.cramersV).toBeCloseTo(Math.SQRT1_2, 9);
    expect(cherry.cells.map((cell) => cell.residual)).toEqual([null, expect.closeTo(Math.sqrt(3), 9), expect.closeTo(-Math.sqrt(3), 9)]);
    expect(cherry.cells.map((cell) => cell.mark)).toEqual([null, null, null]);
    // Tested rows (north | south): apple 2|1, banana 1|1, cherry 3|1, plum 0|1 (kiwi 3|3 everywhere); every p but cherry's is 1,
    // so BH gives q(cherry) = min(4 · 0.4 / 1, 1) = 1.
    expect(json.tested).toBe(4);
    expect(cherry.q).toBeCloseTo(1, 10);
    expect(json.rows.find((row) => row.id === 'beta.kiwi')!.p).toBeNull();
    const table = runCli(['compare', '--by', 'area'], { cwd: FIXTURE }).stdout;
    expect(table).toContain('east* (n=1)');
    expect(table).toContain('Not tested (fewer than 2 interviews, marked *): east.');
  });

  it('--test permutation: seeded, reported, within Monte Carlo error of the exact p', () => {
    const exact = compareJson(['--by', 'role']);
    const perm = compareJson(['--by', 'role', '--test', 'permutation', '--seed', '12345', '--permutations', '20000']);
    expect(perm.seed).toBe(12345);
    expect(perm.permutations).toBe(20000);
    for (const [index, row] of perm.rows.entries()) {
      const reference = exact.rows[index]!;
      if (reference.p === null) {
        expect(row.test).toBeNull();
        continue;
      }
      expect(row.test).toBe('permutation');
      // SE of a Monte Carlo p at p = 2/70 with B = 20,000 is about 0.0012.
      expect(Math.abs(row.p! - reference.p)).toBeLessThan(0.01);
    }
    const again = compareJson(['--by', 'role', '--test', 'permutation', '--seed', '12345', '--permutations', '20000']);
    expect(again.rows.map((row) => row.p)).toEqual(perm.rows.map((row) => row.p));
  });

  it('table, Markdown and CSV formats', () => {
    const table = runCli(['compare', '--by', 'role'], { cwd: FIXTURE });
    expect(table.status).toBe(0);
    expect(table.stdout).not.toMatch(/\u001b\[/); // NO_COLOR / not a TTY: plain
    expect(table.stdout).toContain('engineer (n=4)');
    expect(table.stdout).toMatch(/alpha\.apple\s+│\s+0 \(0%\) −\s+│\s+0\s+│\s+4 \(100%\) \+\s+│\s+5\s+│\s+4 \(50%\)\s+│ fisher │ 8\.00 │\s+1 │ 1\.00 │ 0\.029 │ 0\.114 │/);
    expect(table.stdout).toContain('seed 20260101, 10000 permutations');
    const md = runCli(['compare', '--by', 'role', '--format', 'md'], { cwd: FIXTURE });
    expect(md.stdout).toContain('| alpha.apple | 0 (0%) ▼ | 0 | 4 (100%) ▲ | 5 | 4 (50%) | fisher | 8.00 | 1 | 1.00 | 0.029 | 0.114 |');
    const csv = runCli(['compare', '--by', 'role', '--format', 'csv'], { cwd: FIXTURE });
    const lines = csv.stdout.trimEnd().split('\r\n');
    expect(lines).toHaveLength(1 + 6 * 2);
    expect(lines[0]).toBe('id,theme,level,group,group_size,interviews,percent,segments,residual,test,statistic,df,p,q,cramers_v,seed,permutations,unit,group_tested,group_segments,group_words,rate,segment_share');
    expect(lines[2]).toMatch(/^alpha\.apple,alpha,code,manager,4,4,100,5,2\.828427\d*,fisher,8,1,0\.028571\d*,0\.114285\d*,1,,,interview,true,7,\d+,[\d.]+,71\.43$/);
  });

  it('usage errors: missing --by, unknown attribute', () => {
    const missing = runCli(['compare'], { cwd: FIXTURE });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('--by');
    const unknown = runCli(['compare', '--by', 'colour'], { cwd: FIXTURE });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('no transcript has the attribute "colour". Attributes found: area, role');
    const seed = runCli(['compare', '--by', 'role', '--seed', '-1'], { cwd: FIXTURE });
    expect(seed.status).toBe(2);
  });
});
