/**
 * Tests that need something the repository does not hold (the REFI-QDA
 * reference material in ../shared, xmllint, Chromium) ask for it here. On a
 * developer's machine without it they skip, with one line on stderr saying
 * what was skipped and why, so that `npm ci && npm test` passes on a fresh
 * clone with nothing beside it (issue 14). In CI (`CI=true`), which installs
 * them (.ci/run), a missing one fails the run loudly instead.
 */
import { spawnSync } from 'node:child_process';

const reported = new Set<string>();

/**
 * True when `available`; otherwise prints `skipped: <what> (<reason>)` once
 * per name and returns false, or throws under `CI=true`. `what` names the
 * tests skipped; `reason` what is missing and how to get it.
 */
export function requireExternal(name: string, available: boolean, what: string, reason: string): boolean {
  if (available) return true;
  if (process.env.CI === 'true') throw new Error(`CI=true and ${name} is missing, so these tests cannot run: ${what}. ${reason}`);
  if (!reported.has(name)) {
    reported.add(name);
    process.stderr.write(`skipped: ${what} (${name} missing: ${reason})\n`);
  }
  return false;
}

/** Whether `command --version` can be run from PATH. */
export function commandAvailable(command: string): boolean {
  return spawnSync(command, ['--version'], { stdio: 'ignore' }).error === undefined;
}
