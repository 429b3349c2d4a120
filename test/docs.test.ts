// The README and docs/ are what an admin follows: every relative link must lead somewhere (the
// file, and the heading an #anchor names), and the command lines they show must run as shown,
// against the demo's fake Label Studio (scripts/demo-server.ts) and the bundled command line.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { node24, REPO_ROOT } from './kit/run-action.ts';

const DOCS = ['README.md', 'CHANGELOG.md', ...readdirSync(path.join(REPO_ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
const read = (file: string) => readFileSync(path.join(REPO_ROOT, file), 'utf8');

/** Every text file under `dir` (relative to the repository), snapshots and fixtures included. */
function filesUnder(dir: string): string[] {
  const root = path.join(REPO_ROOT, dir);
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .map((f) => path.join(dir, f))
    .filter((f) => /\.(ts|js|md|ya?ml|json|jsonl)$/.test(f) && statSync(path.join(REPO_ROOT, f)).isFile());
}

/** The text outside fenced code blocks, line for line (fenced lines blanked), so line numbers stay. */
function prose(markdown: string): string {
  let fence: string | null = null;
  return markdown
    .split('\n')
    .map((line) => {
      const m = /^\s*(`{3,}|~{3,})/.exec(line);
      if (fence === null && m) {
        fence = m[1]!;
        return '';
      }
      if (fence !== null) {
        if (line.trim().startsWith(fence) && line.trim().replace(/[`~]/g, '') === '') fence = null;
        return '';
      }
      return line;
    })
    .join('\n');
}

/** The anchors GitHub gives a file's headings: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
export function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const line of prose(markdown).split('\n')) {
    const m = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const slug = m[1]!
      .toLowerCase()
      .replace(/<[^>]*>/g, '')
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    out.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return out;
}

/** Relative links of a Markdown file: `[text](target)`, outside code. */
function links(markdown: string): { target: string; line: number }[] {
  const out: { target: string; line: number }[] = [];
  prose(markdown)
    .split('\n')
    .forEach((line, i) => {
      const text = line.replace(/`[^`]*`/g, '``');
      for (const m of text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
        const target = m[1]!;
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
        out.push({ target, line: i + 1 });
      }
    });
  return out;
}

describe('links in the README and docs/', () => {
  it('finds the documents and links to check', () => {
    expect(DOCS).toEqual(expect.arrayContaining(['README.md', 'docs/security.md', 'docs/cli.md', 'docs/troubleshooting.md']));
    expect(links(read('README.md')).length).toBeGreaterThan(20);
  });

  it.each(DOCS)('%s: every relative link names a file that exists, and a heading there for its #anchor', (file) => {
    const broken: string[] = [];
    for (const { target, line } of links(read(file))) {
      const [pathPart, anchor] = target.split('#') as [string, string | undefined];
      const resolved = pathPart === '' ? path.join(REPO_ROOT, file) : path.resolve(path.dirname(path.join(REPO_ROOT, file)), decodeURIComponent(pathPart));
      if (!resolved.startsWith(REPO_ROOT) || !existsSync(resolved)) {
        broken.push(`${file}:${line}: ${target} (no such file)`);
        continue;
      }
      if (anchor !== undefined) {
        if (statSync(resolved).isDirectory() || !resolved.endsWith('.md')) broken.push(`${file}:${line}: ${target} (an anchor into a file that is not Markdown)`);
        else if (!anchors(readFileSync(resolved, 'utf8')).has(anchor)) broken.push(`${file}:${line}: ${target} (no heading for #${anchor})`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('computes anchors the way GitHub does', () => {
    const a = anchors('# The roster: `members.yaml`\n## Run it locally\n```\n# not a heading\n```\n## Run it locally\n### Before you start: two token accounts\n');
    expect([...a]).toEqual(['the-roster-membersyaml', 'run-it-locally', 'run-it-locally-1', 'before-you-start-two-token-accounts']);
  });

  it('the README is short and links every document in docs/', () => {
    const readme = read('README.md');
    expect(readme.split('\n').length).toBeLessThan(200);
    for (const doc of DOCS.filter((d) => d.startsWith('docs/'))) expect(readme, doc).toContain(`](${doc}`);
  });

  it('no document cites a text the repository does not contain', () => {
    for (const file of DOCS) expect(read(file), file).not.toMatch(/\bSPEC\b|\bissue \d+/);
  });

  it('no code comment cites one either (a contract section or an issue number)', () => {
    const code = ['src', 'test', 'scripts', 'bench', 'examples', '.github'].flatMap((dir) => filesUnder(dir));
    const citing = code.filter((file) => file !== 'test/docs.test.ts' && /\bSPEC\b|\b[Ii]ssue #?\d+/.test(read(file)));
    expect(citing).toEqual([]);
  });
});

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
