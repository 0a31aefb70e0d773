/**
 * Bundles the compiled CLI (dist/cli, written by tsc) into dist/bundle, which
 * bin/cocreate.js loads: Node resolves and reads ~55 modules one by one at
 * start-up, a handful of chunks load faster (issue 8). tsc stays the type
 * checker and still writes dist/ modules, which some tests import.
 *
 * - Bundling tsc's output, not src, keeps one TypeScript transpiler.
 * - Entry points are the CLI and its coding worker; both land in dist/bundle
 *   beside the chunks, so `new URL('./code-worker.js', import.meta.url)` in
 *   the chunk holding code-pipeline finds the worker as it does in dist/cli.
 * - Code splitting keeps lazily imported actions and renderers in their own
 *   chunks: a command still loads only what it needs.
 * - Runtime dependencies stay external (installed by npm, several loaded
 *   lazily); anything else reaching the bundle from node_modules is an error,
 *   since it would be a package missing from `dependencies`.
 * - No minification, so stack traces stay readable; file names carry content
 *   hashes, so the same input gives the same output.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url);
const outdir = new URL('dist/bundle/', root);
const packageJson = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
const dependencies = Object.keys(packageJson.dependencies ?? {});

// Chunk names change with their content: clear old ones rather than let them pile up.
rmSync(outdir, { recursive: true, force: true });

const result = await build({
  absWorkingDir: fileURLToPath(root),
  entryPoints: ['dist/cli/main.js', 'dist/cli/code-worker.js'],
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: dependencies.flatMap((name) => [name, `${name}/*`]),
  minify: false,
  charset: 'utf8',
  metafile: true,
  logLevel: 'warning',
});

const bundledPackages = Object.keys(result.metafile.inputs).filter((input) => input.includes('node_modules/'));
if (bundledPackages.length > 0) {
  console.error(`bundle: these files come from packages not listed in package.json dependencies:\n  ${bundledPackages.join('\n  ')}`);
  process.exit(1);
}

// code-pipeline starts its threads from `new URL('./code-worker.js', import.meta.url)`: check it still points at the bundled worker.
const workerUrl = /new URL\("\.\/code-worker\.js", import\.meta\.url\)/;
const starters = Object.keys(result.metafile.outputs).filter((output) => workerUrl.test(readFileSync(new URL(output, root), 'utf8')));
const lost = starters.filter((output) => !existsSync(new URL('./code-worker.js', new URL(output, root))));
if (starters.length === 0 || lost.length > 0) {
  console.error(`bundle: the coding worker is not beside the chunk that starts it (${starters.length === 0 ? 'no chunk starts it' : lost.join(', ')})`);
  process.exit(1);
}

// The build's identity, for keys of the compiled-codebook cache (src/cli/codebook-cache.ts): a hash of every output file.
const buildHash = createHash('sha256');
for (const output of Object.keys(result.metafile.outputs).sort()) buildHash.update(`${output}\n`).update(readFileSync(new URL(output, root)));
writeFileSync(new URL('build-id', outdir), `${buildHash.digest('hex')}\n`);
