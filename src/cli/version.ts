/**
 * The package's version, for `--version`. Written here rather than read from package.json at
 * run time: the bundle has no package.json beside it to read. `version.test.ts` keeps the two equal.
 */
export const VERSION = '1.0.0';
