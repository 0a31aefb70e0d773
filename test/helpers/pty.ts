/**
 * Runs the built CLI in a pseudo-terminal (util-linux `script`), so that
 * stdin and stderr are TTYs as for a person at a keyboard: keys are sent one
 * at a time, each after the screen shows what the test waits for.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { CLI } from './cli.js';

export interface PtySession {
  child: ChildProcessWithoutNullStreams;
  /** Everything the terminal showed so far (stdout and stderr of the CLI, CR LF as the terminal writes them). */
  output(): string;
  /** Waits until the output (from `since`) matches, or fails after `timeout` ms. */
  waitFor(pattern: RegExp | string, since?: number, timeout?: number): Promise<void>;
  /** Sends keys (raw bytes). */
  send(keys: string): void;
  /** Waits for the process to end; its exit code. */
  exit(): Promise<number>;
}

const quote = (arg: string) => `'${arg.replace(/'/g, "'\\''")}'`;

/** Starts `cocreate ...args` in a pseudo-terminal in `cwd`, colour off. */
export function startInPty(args: readonly string[], cwd: string, env: Record<string, string> = {}): PtySession {
  const command = [process.execPath, CLI, ...args].map(quote).join(' ');
  const child = spawn('script', ['-q', '-e', '-c', command, '/dev/null'], { cwd, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', COLUMNS: '100', ...env } });
  let text = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => (text += chunk));
  child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  const ended = new Promise<number>((resolve) => child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : -1))));
  return {
    child,
    output: () => text.replace(/\r\n/g, '\n'),
    async waitFor(pattern, since = 0, timeout = 20_000) {
      const start = Date.now();
      for (;;) {
        const shown = text.replace(/\r\n/g, '\n').slice(since);
        if (typeof pattern === 'string' ? shown.includes(pattern) : pattern.test(shown)) return;
        if (Date.now() - start > timeout) throw new Error(`Timed out waiting for ${String(pattern)}; the terminal showed:\n${text}`);
        if (child.exitCode !== null) throw new Error(`The process ended (${child.exitCode}) before ${String(pattern)}; the terminal showed:\n${text}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    send(keys) {
      child.stdin.write(keys);
    },
    exit: () => ended,
  };
}

/** Sends each key after the previous one was answered (`answered` appears once more), then waits for the end. */
export async function pressKeys(session: PtySession, keys: readonly { key: string; then: RegExp | string }[]): Promise<void> {
  for (const { key, then } of keys) {
    const mark = session.output().length;
    session.send(key);
    await session.waitFor(then, mark);
  }
}
