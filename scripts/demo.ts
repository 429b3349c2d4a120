// `npm run demo`: the real bundled action (dist/index.js, on Node 24, as the runner starts it)
// against a local fake Label Studio and a fake GitHub API. First a pull request (plan, nothing
// written), then the merge (apply): prints each run's job summary and outputs, then the ledger.
import { FakeGitHub } from '../test/fakes/github.ts';
import { FakeLabelStudio, makeLegacyToken } from '../test/fakes/label-studio.ts';
import { makeWorkspace, runAction, type ActionRun } from '../test/kit/run-action.ts';
import { demoData } from './demo-data.ts';

const REPO = 'acme/labeling';

const { ORG, members, ledgerText, roster } = demoData(Date.now());

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
// The pull request's base commit holds both files: its ledger must equal the base's (docs/seat-rule.md).
github.setFile(REPO, 'main', 'members.yaml', roster);
const baseSha = github.setFile(REPO, 'main', 'seat-ledger.jsonl', ledgerText);

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
