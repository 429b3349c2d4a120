// `npm run demo`: the real bundled action (dist/index.js, on Node 24, as the runner starts it)
// against a local fake Label Studio and a fake GitHub API. First a pull request (plan, nothing
// written), then the merge (apply): prints each run's job summary and outputs, then the ledger.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { appendEvents, emptyLedger, serializeLedger, type EventDraft } from '../src/ledger.ts';
import { FakeGitHub } from '../test/fakes/github.ts';
import { FakeLabelStudio, makeLegacyToken, type FakeMember } from '../test/fakes/label-studio.ts';
import { assignedDraft, releasedDraft } from '../test/harness/ledger-drafts.ts';
import { makeWorkspace, REPO_ROOT, runAction, type ActionRun } from '../test/harness/run-action.ts';

const DAY = 86_400_000;
const ORG = 7;
const REPO = 'acme/labeling';
const now = Date.now();
const daysAgo = (d: number) => new Date(now - d * DAY).toISOString();

const members: FakeMember[] = [
  { userId: 1, email: 'owner@example.com', role: 'OW' },
  { userId: 2, email: 'admin@example.com', role: 'AD' },
  { userId: 10, email: 'alice@example.com', role: 'AN' },
  { userId: 11, email: 'bob@example.com', role: 'AN' },
  { userId: 12, email: 'carol@example.com', role: 'AN' },
  { userId: 13, email: 'dave@example.com', role: 'AN' },
  { userId: 14, email: 'erin@example.com', role: 'AN' },
  { userId: 15, email: 'frank@example.com', role: 'DI' },
  { userId: 16, email: 'grace@example.com', role: 'NO' },
  { userId: 17, email: 'judy@example.com', role: 'AN' },
];

// The ledger as earlier runs left it: when each seat was assigned, in time order (SPEC 6: time never goes backwards).
const seat = (id: number, email: string, at: string, to: EventDraft['to'] = 'AN') => assignedDraft({ id, email }, at, to);
const released = (id: number, email: string, at: string) => releasedDraft({ id, email }, at);
const ledger = appendEvents(emptyLedger('seat-ledger.jsonl'), [
  seat(1, 'owner@example.com', daysAgo(400), 'OW'),
  seat(2, 'admin@example.com', daysAgo(300), 'AD'),
  // Frank and Grace held seats long ago: the ledger knows their seats are free, not cooling.
  seat(15, 'frank@example.com', daysAgo(200)),
  seat(16, 'grace@example.com', daysAgo(190)),
  released(15, 'frank@example.com', daysAgo(120)),
  released(16, 'grace@example.com', daysAgo(110)),
  seat(10, 'alice@example.com', daysAgo(60)),
  seat(11, 'bob@example.com', daysAgo(45)),
  seat(17, 'judy@example.com', daysAgo(30)),
  seat(12, 'carol@example.com', daysAgo(10)),
  seat(13, 'dave@example.com', daysAgo(3)),
  seat(14, 'erin@example.com', daysAgo(2)),
]);
const ledgerText = serializeLedger(ledger);
const roster = readFileSync(path.join(REPO_ROOT, 'examples', 'demo', 'members.yaml'), 'utf8');

const token = makeLegacyToken();
const githubToken = 'ghs_demoDemoDemoDemoDemoDemoDemo0000';
const labelStudio = await FakeLabelStudio.start({
  organizationId: ORG,
  members,
  selfUserId: 2,
  legacyTokens: [token],
  latencyMs: 20,
});
const github = await FakeGitHub.start({ token: githubToken, tokenIsApp: true });
const baseSha = github.setFile(REPO, 'main', 'members.yaml', roster);
github.setFile(REPO, 'main', 'seat-ledger.jsonl', ledgerText);

const inputs = {
  'label-studio-url': labelStudio.url,
  'label-studio-token': token,
  'github-token': githubToken,
  'seat-limit': '8',
  'unmanaged': 'warn',
  'delay-ms': '50',
};
const env = { GITHUB_API_URL: github.url, GITHUB_REPOSITORY: REPO };

const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
function show(title: string, run: ActionRun) {
  console.log(`\n${bold(`━━━ ${title} ━━━`)}  (exit code ${run.exitCode})\n`);
  console.log(run.summary.trim());
  console.log(`\n${bold('Outputs')}`);
  for (const [k, v] of Object.entries(run.outputs)) console.log(`  ${k} = ${v}`);
  const problems = run.annotations.filter((a) => a.level !== 'notice');
  if (problems.length) {
    console.log(`\n${bold('Annotations')}`);
    for (const a of problems) console.log(`  ${a.level} ${a.properties.file ?? ''}${a.properties.line ? `:${a.properties.line}` : ''} ${a.message}`);
  }
}

try {
  const workspace = makeWorkspace({ 'members.yaml': roster, 'seat-ledger.jsonl': ledgerText });

  const plan = await runAction({
    inputs,
    workspace,
    eventName: 'pull_request',
    event: { pull_request: { number: 1, base: { sha: baseSha } } },
    env: { ...env, GITHUB_REF: 'refs/pull/1/merge' },
  });
  show('1. Pull request: plan (dry run)', plan);
  const writesDuringPlan = labelStudio.log.filter((r) => r.method === 'PATCH').length;
  console.log(`\nPATCH requests sent by the plan: ${writesDuringPlan}. Comments on the pull request: ${github.comments(REPO, 1).length}.`);

  const apply = await runAction({ inputs, workspace, eventName: 'push', env: { ...env, GITHUB_REF: 'refs/heads/main' } });
  show('2. Merged: apply', apply);
  console.log(`\nPATCH requests sent by the apply: ${labelStudio.patches().length}.`);

  console.log(`\n${bold('━━━ The ledger committed to main (seat-ledger.jsonl) ━━━')}\n`);
  console.log(github.getFile(REPO, 'main', 'seat-ledger.jsonl')?.trim());
  process.exitCode = plan.exitCode === 0 && apply.exitCode === 0 ? 0 : 1;
} finally {
  await labelStudio.close();
  await github.close();
}
