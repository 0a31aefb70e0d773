/**
 * Issue 14, "install without a registry release": cocreate is not on the
 * npm registry, so research repositories install it from a packed tarball
 * (docs/ci.md). This packs the package as `npm pack` does (the built
 * dist/bundle, bin, codebooks, docs: package.json `files`), installs the
 * tarball into a temporary prefix, and runs the installed `cocreate` from
 * a research repository outside this one. Its dependencies come from the
 * npm cache when there (`--prefer-offline`), else from the registry.
 * About 10 s; `COCREATE_SKIP_INSTALL_TEST=1` skips it.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../helpers/cli.js';

const SKIP = process.env.COCREATE_SKIP_INSTALL_TEST === '1';

function npm(args: string[], cwd: string) {
  const result = spawnSync('npm', args, { cwd, encoding: 'utf8', timeout: 180_000, env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' } });
  expect(result.status, `npm ${args.join(' ')}\n${result.stdout}\n${result.stderr}`).toBe(0);
  return result;
}

describe.skipIf(SKIP)('installing from a packed tarball (issue 14)', () => {
  it('npm pack → npm install --prefix → the installed cocreate codes a research repository outside this one', () => {
    const work = mkdtempSync(join(tmpdir(), 'cocreate-install-'));
    // The package is built by `npm test` (and by `prepare` on a git install): pack what is there.
    npm(['pack', '--ignore-scripts', '--pack-destination', work], REPO_ROOT);
    const tarball = readdirSync(work).find((name) => /^cocreate-.*\.tgz$/.test(name));
    expect(tarball).toBeDefined();
    const prefix = join(work, 'prefix');
    npm(['install', '--prefix', prefix, '--prefer-offline', '--no-save', join(work, tarball!)], work);
    const installed = join(prefix, 'node_modules', 'cocreate');
    // What `files` ships: the bundle the launcher loads, the codebooks, the docs; not the sources or tests.
    for (const path of ['bin/cocreate.js', 'dist/bundle/main.js', 'dist/bundle/code-worker.js', 'codebooks/coval.yaml', 'docs/ci.md', 'README.md']) expect(existsSync(join(installed, path)), path).toBe(true);
    for (const path of ['src', 'test', 'dist/cli', 'interviews']) expect(existsSync(join(installed, path)), path).toBe(false);

    // A research repository: interviews/, codebooks/, cocreate.yaml, nowhere near this clone.
    const research = join(work, 'research');
    for (const name of ['interviews', 'codebooks', 'cocreate.yaml']) cpSync(join(REPO_ROOT, name), join(research, name), { recursive: true });
    const bin = join(prefix, 'node_modules', '.bin', 'cocreate');
    const run = (args: string[]) => spawnSync(bin, args, { cwd: research, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', COCREATE_CACHE_DIR: 'off' } });

    const coded = run(['code', '.', '--format', 'json']);
    expect(coded.status, coded.stderr).toBe(0);
    expect(coded.stderr).toBe('');
    // The same report as this clone's build gives on its own interviews/.
    expect(JSON.parse(coded.stdout)).toEqual(JSON.parse(runCli(['code', 'interviews/', '--format', 'json']).stdout));
    expect(JSON.parse(coded.stdout).interviews).toBe(14);

    const version = run(['--version']);
    expect(version.stdout.trim()).toBe(JSON.parse(npm(['pkg', 'get', 'version'], REPO_ROOT).stdout));
    const validated = run(['validate', 'interviews/', '--scope', 'transcripts', '--strict']);
    expect(validated.status, validated.stdout + validated.stderr).toBe(0);
  });
});
