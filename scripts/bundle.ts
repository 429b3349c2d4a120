// Builds dist/index.js the way the runner loads it: tsc to lib/, then ncc into one ESM file.
// Also regenerates the roster's JSON Schema from the zod schema, so the two never drift.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { stdio: 'inherit' });

// Two bundles at once would delete each other's lib/ halfway: take a lock (mkdir is atomic).
const LOCK = '.bundle.lock';
for (let waited = 0; ; waited += 200) {
  try {
    mkdirSync(LOCK);
    break;
  } catch {
    if (waited > 120_000) throw new Error(`${LOCK} held for 2 minutes; remove it if no bundle is running`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
try {
  rmSync('lib', { recursive: true, force: true });
  rmSync('dist', { recursive: true, force: true });
  run('npx', ['tsc', '-p', 'tsconfig.build.json']);
  run('npx', ['ncc', 'build', 'lib/action/index.js', '-o', 'dist', '--license', 'licenses.txt', '--quiet']);
  // The command line, bundled apart so the action's bundle carries none of its libraries.
  run('npx', ['ncc', 'build', 'lib/cli/index.js', '-o', 'dist/cli', '--license', 'licenses.txt', '--quiet']);
  run(process.execPath, ['scripts/schema.ts']);
} finally {
  rmSync(LOCK, { recursive: true, force: true });
}
