// The command lines the README and docs/ show must run as shown, in order, against the demo's
// fake Label Studio (scripts/demo-server.ts) and the bundled command line.
import { spawn, execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { node24, REPO_ROOT } from '../kit/run-action.ts';

const DOCS = ['README.md', 'CHANGELOG.md', ...readdirSync(path.join(REPO_ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
const read = (file: string) => readFileSync(path.join(REPO_ROOT, file), 'utf8');

describe('the command lines the docs show', () => {
  /** Every `npm run cli -- …` line in a shell block of the README or docs/. */
  const commands = DOCS.flatMap((file) =>
    [...read(file).matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) =>
      m[1]!
        .split('\n')
        .map((l) => l.replace(/\s+#.*$/, '').trim())
        .filter((l) => l.startsWith('npm run cli -- '))
        .map((l) => ({ file, line: l })),
    ),
  );

  let server: ReturnType<typeof spawn>;
  const printed = { url: '', token: '', workspace: '' };
  beforeAll(async () => {
    server = spawn(node24(), ['scripts/demo-server.ts'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      server.stdout!.setEncoding('utf8').on('data', (c: string) => {
        out += c;
        if (out.includes('Ctrl-C stops the fake.')) resolve();
      });
      server.on('exit', (code) => reject(new Error(`demo server exited with ${code}: ${out}`)));
    });
    printed.url = /export LABEL_STUDIO_URL=(\S+)/.exec(out)![1]!;
    printed.token = /export LABEL_STUDIO_TOKEN=(\S+)/.exec(out)![1]!;
    printed.workspace = /Demo workspace \(members\.yaml and seat-ledger\.jsonl\): (\S+)/.exec(out)![1]!;
  });
  afterAll(() => {
    server?.kill('SIGTERM');
  });

  it('include every command of the command line', () => {
    const names = new Set(commands.map((c) => c.line.split(/\s+/)[4]));
    for (const name of ['plan', 'apply', 'validate', 'export', 'verify-ledger', '--version']) expect(names).toContain(name);
  });

  it('run as shown, in order, against the demo server, each exiting 0', () => {
    const results: string[] = [];
    for (const { file, line } of commands) {
      // The docs' placeholders for what the demo server prints, and for "your roster's folder".
      const args = line
        .slice('npm run cli -- '.length)
        .replace(/\/tmp\/lsrs-ws-…|\.\.\/my-roster-repo/g, printed.workspace)
        .split(/\s+/);
      let code = 0;
      let output = '';
      try {
        output = execFileSync(node24(), [path.join(REPO_ROOT, 'dist', 'cli', 'index.js'), ...args], {
          cwd: REPO_ROOT,
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
          env: { PATH: process.env.PATH ?? '', LABEL_STUDIO_URL: printed.url, LABEL_STUDIO_TOKEN: printed.token, NO_COLOR: '1' },
        });
      } catch (err) {
        const e = err as { status: number; stdout: string; stderr: string };
        code = e.status;
        output = `${e.stdout}\n${e.stderr}`;
      }
      results.push(`${file}: ${line} → exit ${code}${code === 0 ? '' : `\n${output}`}`);
      // What the docs say right after an export: a plan of the exported roster changes nothing.
      if (line.includes('--roster exported.yaml') && args[0] === 'plan') expect(output).toMatch(/\b0 changes\b|no change/i);
    }
    expect(results.filter((r) => !/exit 0$/.test(r))).toEqual([]);
    expect(results.length).toBe(commands.length);
  });
});
