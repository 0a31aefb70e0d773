#!/usr/bin/env node
// Thin launcher: the CLI is bundled into dist/bundle (by `npm run build`, run by `prepare`):
// a few chunks start faster than tsc's ~55 modules in dist/cli (issue 8; scripts/bundle.mjs).
import { main } from '../dist/bundle/main.js';

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`cocreate: internal error: ${error?.stack ?? error}\n`);
    process.exitCode = 2;
  },
);
