/** The tool's version, shown by `--version` and written into reports and exports (`origin`). */
export const VERSION = '0.1.0';
