// `npm run preview`: what a reviewer sees, as HTML files anyone can open in a browser. Runs the
// bundled action (dist/index.js on Node 24) against the fake Label Studio and fake GitHub, like
// `npm run demo`, and renders four reports with a GFM renderer (marked + marked-alert for
// GitHub's alerts), GitHub's Markdown CSS and Mermaid, all from node_modules: no network.
//   preview/plan-comment.html    the demo pull request's sticky comment
//   preview/apply-summary.html   the job summary after the merge
//   preview/failure-comment.html the same comment after a push that breaks the roster
//   preview/org-400-comment.html a 400-member organization's plan comment
//   preview/seat-report-summary.html an apply with seat-limit: auto whose seat report disagrees with the member list
// The page is 780 px wide, GitHub's pull-request conversation column. Screenshots are up to you
// (e.g. chromium --headless --screenshot); this script needs no browser.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Marked } from 'marked';
import markedAlert from 'marked-alert';
import { FakeGitHub } from '../test/fakes/github.ts';
import { FakeLabelStudio, makeLegacyToken, type FakeMember, type FakeOptions } from '../test/fakes/label-studio.ts';
import { makeWorkspace, REPO_ROOT, runAction } from '../test/kit/run-action.ts';
import { demoData } from './demo-data.ts';

const REPO = 'acme/labeling';
const OUT = path.join(REPO_ROOT, 'preview');
const marker = '<!-- label-studio-roster-sync:plan -->';
const head = (n: number) => `${String(n).repeat(7)}${'0'.repeat(33)}`.slice(0, 40);

const marked = new Marked({ gfm: true }).use(markedAlert());

function page(title: string, markdown: string): string {
  // Relative to preview/: the files open from a clone without a server.
  const css = '../node_modules/github-markdown-css/github-markdown-light.css';
  const mermaid = '../node_modules/mermaid/dist/mermaid.min.js';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<link rel="stylesheet" href="${css}">
<style>
  body { margin: 0; background: #fff; }
  /* GitHub's pull-request conversation column is about 780 px; the comment box takes its border and padding. */
  .column { box-sizing: border-box; width: 780px; padding: 16px; }
  .markdown-body { box-sizing: border-box; border: 1px solid #d0d7de; border-radius: 6px; padding: 16px; }
  .overflow { outline: 3px solid red; }
</style></head>
<body><div class="column"><article class="markdown-body">
${marked.parse(markdown.replace(marker, ''), { async: false })}
</article></div>
<script src="${mermaid}"></script>
<script>
  // GitHub draws \`\`\`mermaid blocks; so does this page, from the local package.
  for (const code of document.querySelectorAll('pre > code.language-mermaid')) {
    const pre = code.parentElement;
    const div = document.createElement('pre');
    div.className = 'mermaid';
    div.textContent = code.textContent;
    pre.replaceWith(div);
  }
  if (window.mermaid) {
    mermaid.initialize({ startOnLoad: false, theme: 'default' });
    mermaid.run().then(markOverflow, markOverflow);
  } else markOverflow();
  // Anything wider than its column gets a red outline, so a screenshot shows overflow at a glance.
  function markOverflow() {
    for (const el of document.querySelectorAll('.markdown-body *')) if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible') el.classList.add('overflow');
    document.title += document.querySelector('.overflow') ? ' (OVERFLOW)' : '';
  }
</script>
</body></html>
`;
}

function write(name: string, markdown: string): void {
  writeFileSync(path.join(OUT, `${name}.md`), markdown);
  writeFileSync(path.join(OUT, `${name}.html`), page(name, markdown));
  console.log(`preview/${name}.html (${markdown.length} characters of Markdown)`);
}

async function withFakes<T>(
  members: FakeMember[],
  body: (ls: FakeLabelStudio, gh: FakeGitHub, token: string, ghToken: string) => Promise<T>,
  extra: Partial<FakeOptions> = {},
): Promise<T> {
  const token = makeLegacyToken();
  const ghToken = 'ghs_previewPreviewPreviewPreview0000';
  const ls = await FakeLabelStudio.start({ organizationId: 7, members, selfUserId: 2, legacyTokens: [token], ...extra });
  const gh = await FakeGitHub.start({ token: ghToken, tokenIsApp: true });
  try {
    return await body(ls, gh, token, ghToken);
  } finally {
    await ls.close();
    await gh.close();
  }
}

mkdirSync(OUT, { recursive: true });
const env = (gh: FakeGitHub, ref: string) => ({ GITHUB_API_URL: gh.url, GITHUB_REPOSITORY: REPO, GITHUB_REF: ref });
const comment = (gh: FakeGitHub) => gh.comments(REPO, 1).find((c) => c.body.includes(marker))?.body ?? '(no comment was written)';

// The demo: a plan on the pull request, a push that breaks the roster, then the merge's apply.
const demo = demoData(Date.now());
await withFakes(demo.members, async (ls, gh, token, ghToken) => {
  gh.setFile(REPO, 'main', 'members.yaml', demo.roster);
  const baseSha = gh.setFile(REPO, 'main', 'seat-ledger.jsonl', demo.ledgerText);
  const inputs = { 'label-studio-url': ls.url, 'label-studio-token': token, 'github-token': ghToken, 'seat-limit': '8', 'delay-ms': '0' };
  const workspace = makeWorkspace({ 'members.yaml': demo.roster, 'seat-ledger.jsonl': demo.ledgerText });
  const onPullRequest = (sha: string) => ({ pull_request: { number: 1, base: { sha: baseSha }, head: { sha } } });

  await runAction({ inputs, workspace, eventName: 'pull_request', event: onPullRequest(head(1)), env: env(gh, 'refs/pull/1/merge') });
  write('plan-comment', comment(gh));

  const broken = makeWorkspace({ 'members.yaml': demo.roster.replace('role: manager', 'role: wizard'), 'seat-ledger.jsonl': demo.ledgerText });
  await runAction({ inputs, workspace: broken, eventName: 'pull_request', event: onPullRequest(head(2)), env: env(gh, 'refs/pull/1/merge') });
  write('failure-comment', comment(gh));

  const apply = await runAction({ inputs, workspace, eventName: 'push', env: env(gh, 'refs/heads/main') });
  write('apply-summary', apply.summary);
});

// A 400-member organization adopting the action: 133 promotions, 67 releases held by the seat
// rule (no ledger yet, so every seat's clock starts now), 10 members not in the roster.
const people: FakeMember[] = [
  { userId: 1, email: 'owner@example.com', role: 'OW' },
  { userId: 2, email: 'admin@example.com', role: 'AD' },
  ...Array.from({ length: 398 }, (_, i): FakeMember => ({ userId: 100 + i, email: `member${String(i).padStart(3, '0')}@example.com`, role: i < 300 ? 'AN' : 'DI' })),
];
const roster = [
  'version: 1',
  'members:',
  ...people.slice(2, 390).flatMap((p, i) => [`  - email: ${p.email}`, `    role: ${i < 133 ? 'reviewer' : i < 200 ? 'deactivated' : p.role === 'AN' ? 'annotator' : 'deactivated'}`]),
  'ignore:',
  '  - email: owner@example.com',
  '  - email: admin@example.com',
  '',
].join('\n');
await withFakes(people, async (ls, gh, token, ghToken) => {
  const baseSha = gh.setFile(REPO, 'main', 'members.yaml', roster);
  const inputs = { 'label-studio-url': ls.url, 'label-studio-token': token, 'github-token': ghToken, 'max-changes': '500', 'delay-ms': '0' };
  await runAction({
    inputs,
    workspace: makeWorkspace({ 'members.yaml': roster }),
    eventName: 'pull_request',
    event: { pull_request: { number: 1, base: { sha: baseSha }, head: { sha: head(4) } } },
    env: env(gh, 'refs/pull/1/merge'),
  });
  write('org-400-comment', comment(gh));
});

// seat-limit: auto against a seat report that bills a view-only account and a deactivated member
// with stale group assignments, and does not count one annotator.
const billed: FakeMember[] = [
  { userId: 1, email: 'owner@example.com', role: 'OW' },
  { userId: 2, email: 'admin@example.com', role: 'AD' },
  { userId: 3, email: 'vic@example.com', role: 'AN', userType: 'viewonly' },
  { userId: 4, email: 'sam@example.com', role: 'AN' },
  { userId: 5, email: 'tia@example.com', role: 'DI' },
  { userId: 6, email: 'deb@example.com', role: 'NO' },
];
const billedRoster = [
  'version: 1',
  'members:',
  '  - email: vic@example.com',
  '    role: deactivated',
  '  - email: sam@example.com',
  '  - email: tia@example.com',
  '    role: deactivated',
  '  - email: deb@example.com',
  'ignore:',
  '  - email: owner@example.com',
  '  - email: admin@example.com',
  '',
].join('\n');
await withFakes(
  billed,
  async (ls, gh, token, ghToken) => {
    gh.setFile(REPO, 'main', 'members.yaml', billedRoster);
    const inputs = { 'label-studio-url': ls.url, 'label-studio-token': token, 'github-token': ghToken, 'seat-limit': 'auto', 'delay-ms': '0' };
    const run = await runAction({ inputs, workspace: makeWorkspace({ 'members.yaml': billedRoster }), eventName: 'push', env: env(gh, 'refs/heads/main') });
    write('seat-report-summary', run.summary);
  },
  { seatReport: { counts: { 3: true, 4: false, 5: true }, stale: [5], limit: 5 } },
);
