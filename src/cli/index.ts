#!/usr/bin/env node
// Entry point of the command line (`npm run cli -- <command>`, or `label-studio-roster-sync`
// once installed). See program.ts.
import { runCli } from './program.ts';

// A reader that goes away (`… | head`) must not kill an apply between a write and its ledger
// line: output to a closed pipe is dropped, and the run finishes and records what it did.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
  });
}

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
