/**
 * The few error classes the tool throws. User input never throws past the
 * loaders (it becomes diagnostics); these are for the CLI's control flow.
 */

/** A mistake in how the tool was called (bad option, missing codebook): exit 2 with the message, no stack. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A command asks to stop with a given exit code after reporting. */
export class ExitRequest extends Error {
  override name = 'ExitRequest';
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
  }
}

/** A bug in cocreate itself; reported with its stack, exit 2. */
export class InternalError extends Error {
  override name = 'InternalError';
}
