import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // The JSON summary lets .ci/run print a plain "N passed, N failed" closing line.
    reporters: ['default', 'json'],
    outputFile: { json: 'test-output/vitest.json' },
    // The CLIs the tests run keep their compiled-codebook cache here, not in the user's cache folder.
    env: { COCREATE_CACHE_DIR: resolve('test-output', 'cache') },
  },
});
