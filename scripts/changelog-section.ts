// Prints one version's section of CHANGELOG.md, without its heading: the release notes the
// release workflow publishes. `node scripts/changelog-section.ts 1.0.0` (a leading `v` is
// dropped, so the tag name works too). Fails when the changelog has no such section or it is
// empty, so a tag without notes never becomes a release.
// Node builtins only and erasable TypeScript: the release workflow runs it with type stripping.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The body of `## [version] - date` up to the next `## ` heading or link definitions, trimmed. */
export function changelogSection(changelog: string, version: string): string {
  const wanted = version.replace(/^v/, '');
  const lines = changelog.split(/\r?\n/);
  const start = lines.findIndex((l) => {
    const m = /^## \[([^\]]+)\]/.exec(l);
    return m !== null && m[1] === wanted;
  });
  if (start === -1) throw new Error(`CHANGELOG.md has no section "## [${wanted}] - YYYY-MM-DD"; add one before tagging v${wanted}.`);
  const body: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^## /.test(line) || /^\[[^\]]+\]:\s/.test(line)) break;
    body.push(line);
  }
  const text = body.join('\n').trim();
  if (text === '') throw new Error(`CHANGELOG.md's section for ${wanted} is empty; say what changed before tagging v${wanted}.`);
  return `${text}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [version, file = 'CHANGELOG.md'] = process.argv.slice(2);
  if (!version) {
    process.stderr.write('usage: node scripts/changelog-section.ts <version> [CHANGELOG.md]\n');
    process.exit(2);
  }
  try {
    process.stdout.write(changelogSection(readFileSync(file, 'utf8'), version));
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}
