#!/usr/bin/env node
// Entry point of the command line (`npm run cli -- <command>`, or `label-studio-roster-sync`
// once installed). See program.ts.
import { runCli } from './program.ts';

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
