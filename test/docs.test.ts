// The README and docs/ are what an admin follows: every relative link must lead somewhere (the
// file, and the heading an #anchor names). That the command lines they show run as shown is an
// end-to-end test: test/e2e/docs-commands.test.ts.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './kit/run-action.ts';

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
    // File names too: a test named after an issue number points at a tracker a reader may not have.
    expect(code.filter((file) => /issue-?\d/i.test(path.basename(file)))).toEqual([]);
  });
});
