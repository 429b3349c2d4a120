// The pull-request and operator experience, end to end: the bundled action on Node 24 against
// the fake Label Studio and the fake GitHub API. The sticky plan comment, comment failures as
// warnings, the size cut, offline validation, export round trips and roster-line annotations.
import { afterEach, describe, expect, it } from 'vitest';
import { appendEvents, emptyLedger, serializeLedger } from '../../src/files/ledger.ts';
import { FakeGitHub, type FakeUser } from '../fakes/github.ts';
import { FakeLabelStudio, makeLegacyToken, type FakeMember, type FakeOptions } from '../fakes/label-studio.ts';
import { assignedDraft } from '../kit/ledger-drafts.ts';
import { makeWorkspace, runAction, type ActionRun } from '../kit/run-action.ts';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DAY, ORG, REPO } from '../kit/e2e.ts';

const RUN_URL = 'https://github.com/acme/labeling/actions/runs/4242';
const MARKER = '<!-- label-studio-roster-sync:plan -->';
const GITHUB_TOKEN = 'ghs_e2ePullRequestToken000000000000000';
const ACTIONS_BOT = 'github-actions[bot]';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()!();
});

interface Fakes {
  ls: FakeLabelStudio;
  gh: FakeGitHub;
  token: string;
  inputs: Record<string, string>;
  env: Record<string, string>;
}

async function startFakes(
  members: FakeMember[],
  opts: { tokenIsApp?: boolean; ls?: Partial<FakeOptions> } = {},
): Promise<Fakes> {
  const token = makeLegacyToken();
  const ls = await FakeLabelStudio.start({ organizationId: ORG, members, selfUserId: 2, legacyTokens: [token], ...opts.ls });
  closers.push(() => ls.close());
  const gh = await FakeGitHub.start({ token: GITHUB_TOKEN, tokenIsApp: opts.tokenIsApp ?? true });
  closers.push(() => gh.close());
  return {
    ls,
    gh,
    token,
    inputs: { 'label-studio-url': ls.url, 'label-studio-token': token, 'github-token': GITHUB_TOKEN, 'delay-ms': '0' },
    env: { GITHUB_API_URL: gh.url, GITHUB_REPOSITORY: REPO, GITHUB_REF: 'refs/pull/5/merge' },
  };
}

/** The owner and the token's own user, which every organization here has. */
const BASE_MEMBERS: FakeMember[] = [
  { userId: 1, email: 'owner@example.com', role: 'OW' },
  { userId: 2, email: 'admin@example.com', role: 'AD' },
];
const IGNORE_BASE = 'ignore:\n  - email: owner@example.com\n  - email: admin@example.com\n';

/** Commits the files to main, as the pull request's base; returns the base commit SHA. */
function commitBase(gh: FakeGitHub, files: Record<string, string>): string {
  let sha = '';
  for (const [name, content] of Object.entries(files)) sha = gh.setFile(REPO, 'main', name, content);
  return sha;
}

function planOnPullRequest(
  f: Fakes,
  workspace: string,
  baseSha: string,
  inputs: Record<string, string> = {},
  headSha = 'c0ffee0000000000000000000000000000000001',
): Promise<ActionRun> {
  return runAction({
    inputs: { ...f.inputs, ...inputs },
    workspace,
    eventName: 'pull_request',
    event: { pull_request: { number: 5, base: { sha: baseSha }, head: { sha: headSha } } },
    env: f.env,
  });
}

const ourComments = (gh: FakeGitHub) => gh.comments(REPO, 5).filter((c) => c.body.includes(MARKER));
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
const commentRequests = (gh: FakeGitHub) => gh.log.filter((r) => r.path.includes('/comments'));

describe('the sticky plan comment', () => {
  it.each([
    { token: 'GITHUB_TOKEN (installation)', tokenIsApp: true, author: ACTIONS_BOT },
    { token: 'a personal token', tokenIsApp: false, author: 'octocat' },
  ])('two runs leave one comment, created then updated in place, with $token', async ({ tokenIsApp, author }) => {
    const f = await startFakes(
      [...BASE_MEMBERS, { userId: 10, email: 'alice@example.com', role: 'AN' }, { userId: 11, email: 'bob@example.com', role: 'AN' }],
      { tokenIsApp },
    );
    const v1 = `version: 1\nmembers:\n  - email: alice@example.com\n    role: manager\n  - email: bob@example.com\n${IGNORE_BASE}`;
    const baseSha = commitBase(f.gh, { 'members.yaml': v1 });
    // Enough chatter that our comment lands past the first page of 100.
    for (let i = 0; i < 130; i++) f.gh.addComment(REPO, 5, `review remark ${i}`);
    const foreignUser = f.gh.addComment(REPO, 5, `${MARKER}\nquoted an old plan`);
    const otherApp: FakeUser = { login: 'other-app[bot]', id: 77, type: 'Bot' };
    const foreignBot = f.gh.addComment(REPO, 5, `${MARKER}\nanother app's plan`, otherApp);
    const before = new Map(f.gh.comments(REPO, 5).map((c) => [c.id, c.body]));

    const workspace = makeWorkspace({ 'members.yaml': v1 });
    const first = await planOnPullRequest(f, workspace, baseSha);
    expect(first.exitCode, first.stdout).toBe(0);
    expect(first.outputs.changes).toBe('1');
    const created = ourComments(f.gh).filter((c) => c.user.login === author);
    expect(created).toHaveLength(1);
    const id = created[0]!.id;
    expect(created[0]!.body).toContain('alice@example.com');
    expect(created[0]!.body).not.toContain('bob@example.com');
    expect(f.gh.comments(REPO, 5)).toHaveLength(before.size + 1);

    // Another push to the pull request: Bob becomes a reviewer too.
    writeFileSync(path.join(workspace, 'members.yaml'), v1.replace('  - email: bob@example.com\n', '  - email: bob@example.com\n    role: reviewer\n'));
    const postsBefore = commentRequests(f.gh).filter((r) => r.method === 'POST').length;
    const second = await planOnPullRequest(f, workspace, baseSha);
    expect(second.exitCode, second.stdout).toBe(0);
    expect(second.outputs.changes).toBe('2');

    const all = f.gh.comments(REPO, 5);
    expect(all).toHaveLength(before.size + 1);
    const mine = all.filter((c) => c.user.login === author && c.body.includes(MARKER));
    expect(mine.map((c) => c.id)).toEqual([id]);
    expect(mine[0]!.body).toContain('bob@example.com');
    expect(mine[0]!.body).toContain('alice@example.com');
    expect(commentRequests(f.gh).filter((r) => r.method === 'POST').length).toBe(postsBefore);
    expect(f.gh.log.some((r) => r.method === 'PATCH' && r.path.endsWith(`/issues/comments/${id}`) && r.status === 200)).toBe(true);
    // Everyone else's comments, marked or not, are untouched.
    for (const c of all) if (c.id !== id) expect(c.body).toBe(before.get(c.id));
    expect(all.find((c) => c.id === foreignUser)!.body).toBe(`${MARKER}\nquoted an old plan`);
    expect(all.find((c) => c.id === foreignBot)!.body).toBe(`${MARKER}\nanother app's plan`);
    // The search read every page (our comment was on page 2).
    expect(f.gh.log.some((r) => r.method === 'GET' && r.path.includes('/issues/5/comments') && r.path.includes('page=2'))).toBe(true);
    // A plan writes nothing to Label Studio.
    expect(f.ls.patchAttempts()).toHaveLength(0);
  });

  it.each([403, 404])('a %i on the comment is a warning and the step stays green with its summary', async (status) => {
    const f = await startFakes([...BASE_MEMBERS, { userId: 10, email: 'alice@example.com', role: 'AN' }]);
    const roster = `version: 1\nmembers:\n  - email: alice@example.com\n    role: reviewer\n${IGNORE_BASE}`;
    const baseSha = commitBase(f.gh, { 'members.yaml': roster });
    f.gh.commentStatus = status;

    const run = await planOnPullRequest(f, makeWorkspace({ 'members.yaml': roster }), baseSha);
    expect(run.exitCode, run.stdout).toBe(0);
    const refused = commentRequests(f.gh);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((r) => r.status === status)).toBe(true);
    expect(f.gh.comments(REPO, 5)).toHaveLength(0);
    const warnings = run.annotations.filter((a) => a.level === 'warning' && /comment/i.test(a.message));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toContain(String(status));
    expect(run.annotations.filter((a) => a.level === 'error')).toHaveLength(0);
    expect(run.summary).toContain('alice@example.com');
    expect(run.outputs.changes).toBe('1');
    // The failure is reported without echoing a credential.
    const logged = run.stdout.split('\n').filter((l) => !l.startsWith('::add-mask::')).join('\n') + run.summary;
    expect(logged).not.toContain(GITHUB_TOKEN);
    expect(logged).not.toContain(f.token);
  });

  it('cuts a long plan below 65,536 characters with a link to the run', async () => {
    const n = 3000;
    const people: FakeMember[] = Array.from({ length: n }, (_, i) => ({
      userId: 100 + i,
      email: `user${String(i).padStart(4, '0')}@example.com`,
      role: 'AN',
    }));
    const f = await startFakes([...BASE_MEMBERS, ...people], { ls: { maxPageSize: 1000 } });
    const roster =
      'version: 1\nmembers:\n' + people.map((p) => `  - email: ${p.email}\n    role: reviewer\n`).join('') + IGNORE_BASE;
    const baseSha = commitBase(f.gh, { 'members.yaml': roster });

    const run = await planOnPullRequest(f, makeWorkspace({ 'members.yaml': roster }), baseSha, { 'max-changes': String(n) });
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.outputs.changes).toBe(String(n));
    const pages = f.ls.log.filter((r) => r.method === 'GET' && r.path.includes('/memberships'));
    expect(pages.length).toBe(Math.ceil((n + BASE_MEMBERS.length) / 1000));

    const comments = ourComments(f.gh);
    expect(comments).toHaveLength(1);
    const body = comments[0]!.body;
    expect(body.length).toBeLessThan(65_536);
    // The run is linked twice: from the first line, as every comment is, and from the one cut's one footer.
    expect(body.split(RUN_URL)).toHaveLength(3);
    expect(body.split('\n')[0]).toContain(`[workflow run](${RUN_URL})`);
    expect(body.match(/cut to fit/g)).toHaveLength(1);
    expect(body).toMatch(/cut to fit[^\n]*actions\/runs\/4242/);
    // Cut, not empty: it still starts like a plan and lists members.
    expect(body).toContain('user0000@example.com');
    expect(body).not.toContain(`user${n - 1}@example.com`);
    // The summary is not cut to the comment's limit: it has every change.
    expect(run.summary.length).toBeGreaterThan(body.length);
  });
});

describe('the comment follows the latest commit', () => {
  it('plan → broken roster → fixed roster on one pull request leaves one comment that always describes the latest head', async () => {
    const f = await startFakes([...BASE_MEMBERS, { userId: 10, email: 'alice@example.com', role: 'AN' }, { userId: 11, email: 'bob@example.com', role: 'AN' }]);
    const good = `version: 1\nmembers:\n  - email: alice@example.com\n    role: manager\n  - email: bob@example.com\n${IGNORE_BASE}`;
    const baseSha = commitBase(f.gh, { 'members.yaml': good });
    const workspace = makeWorkspace({ 'members.yaml': good });
    const heads = ['1111111aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', '2222222bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', '3333333ccccccccccccccccccccccccccccccccc'];
    const firstLine = () => {
      const mine = ourComments(f.gh);
      expect(mine).toHaveLength(1);
      return { id: mine[0]!.id, body: mine[0]!.body, head: mine[0]!.body.split('\n')[0]! };
    };

    // 1. A good plan: one change, the comment names the first head.
    const planned = await planOnPullRequest(f, workspace, baseSha, {}, heads[0]);
    expect(planned.exitCode, planned.stdout).toBe(0);
    const one = firstLine();
    expect(one.head).toContain('`1111111`');
    expect(one.head).toContain(`[workflow run](${RUN_URL})`);
    expect(one.body).toContain('Merging changes **1 role**');

    // 2. The next push breaks the roster: the step fails before any plan, and the same comment says so, for that commit.
    writeFileSync(path.join(workspace, 'members.yaml'), good.replace('role: manager', 'role: wizard'));
    const broken = await planOnPullRequest(f, workspace, baseSha, {}, heads[1]);
    expect(broken.exitCode).toBe(1);
    const two = firstLine();
    expect(two.id).toBe(one.id);
    expect(two.head).toMatch(/^\*\*Label Studio roster plan failed\*\*/);
    expect(two.head).toContain('`2222222`');
    expect(two.head).not.toContain('1111111');
    expect(two.body.split('\n')[2]).toBe('Nothing was planned and nothing was changed: `members.yaml` has 1 problem.');
    expect(two.body).toContain('> [!CAUTION]');
    expect(two.body).toContain('wizard');
    expect(two.body).not.toContain('Merging changes');
    // The summary says the same.
    expect(broken.summary).toContain('## Label Studio Roster Sync: failed');

    // 3. Fixed: a plan again, still one comment, naming the third head.
    writeFileSync(path.join(workspace, 'members.yaml'), good.replace('  - email: bob@example.com\n', '  - email: bob@example.com\n    role: reviewer\n'));
    const fixed = await planOnPullRequest(f, workspace, baseSha, {}, heads[2]);
    expect(fixed.exitCode, fixed.stdout).toBe(0);
    const three = firstLine();
    expect(three.id).toBe(one.id);
    expect(three.head).toContain('`3333333`');
    expect(three.body).toContain('Merging changes **2 roles**');
    expect(three.body).not.toContain('[!CAUTION]');
    expect(f.gh.comments(REPO, 5)).toHaveLength(1);
    expect(f.ls.patchAttempts()).toHaveLength(0);
  });

  it('a pull request whose ledger differs from the base fails and says so in the comment', async () => {
    const f = await startFakes([...BASE_MEMBERS, { userId: 10, email: 'alice@example.com', role: 'AN' }]);
    const roster = `version: 1\nmembers:\n  - email: alice@example.com\n    role: reviewer\n${IGNORE_BASE}`;
    const ledger = serializeLedger(appendEvents(emptyLedger('seat-ledger.jsonl'), [assignedDraft({ id: 10, email: 'alice@example.com' }, '2026-01-02T09:00:00.000Z')]));
    const baseSha = commitBase(f.gh, { 'members.yaml': roster });
    const run = await planOnPullRequest(f, makeWorkspace({ 'members.yaml': roster, 'seat-ledger.jsonl': ledger }), baseSha, {}, 'dddddddeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee'.slice(0, 40));
    expect(run.exitCode).toBe(1);
    const [comment] = ourComments(f.gh);
    expect(comment!.body.split('\n')[0]).toMatch(/^\*\*Label Studio roster plan failed\*\* · commit \[`ddddddd`\]/);
    expect(comment!.body).toContain('`seat-ledger.jsonl` has 1 problem');
  });

  it('invalid inputs update the comment too, and a comment that cannot be written stays a warning', async () => {
    const f = await startFakes(BASE_MEMBERS);
    const roster = `version: 1\nmembers: []\n${IGNORE_BASE}`;
    const baseSha = commitBase(f.gh, { 'members.yaml': roster });
    const run = await planOnPullRequest(f, makeWorkspace({ 'members.yaml': roster }), baseSha, { 'max-retries': 'lots' }, 'eeeeeee' + '0'.repeat(33));
    expect(run.exitCode).toBe(1);
    const [comment] = ourComments(f.gh);
    expect(comment!.body.split('\n')[0]).toContain('`eeeeeee`');
    expect(comment!.body).toMatch(/1 input of the workflow step is invalid/);

    f.gh.commentStatus = 403;
    const refused = await planOnPullRequest(f, makeWorkspace({ 'members.yaml': roster }), baseSha, { 'max-retries': 'lots' });
    expect(refused.exitCode).toBe(1);
    expect(refused.annotations.filter((a) => a.level === 'warning' && /comment could not be written/.test(a.message))).toHaveLength(1);
  });
});

describe('validate mode', () => {
  const seat = (id: number, email: string, at: string) => assignedDraft({ id, email }, at);
  const ledger = serializeLedger(
    appendEvents(emptyLedger('seat-ledger.jsonl'), [
      seat(10, 'alice@example.com', '2026-01-02T09:00:00.000Z'),
      seat(11, 'bob@example.com', '2026-01-03T09:00:00.000Z'),
      seat(12, 'carol@example.com', '2026-01-04T09:00:00.000Z'),
    ]),
  );
  const valid = `version: 1\nmembers:\n  - email: alice@example.com\n    role: manager\n  - email: bob@example.com\n${IGNORE_BASE}`;

  it.each([
    { label: 'without a token', withToken: false },
    { label: 'with tokens and a URL', withToken: true },
  ])('accepts a valid roster and ledger $label, sending no request to Label Studio', async ({ withToken }) => {
    const f = await startFakes(BASE_MEMBERS);
    // The base branch holds the same ledger: with a GitHub token, validate compares the two.
    commitBase(f.gh, { 'seat-ledger.jsonl': ledger });
    const ghBefore = f.gh.log.length;
    const inputs: Record<string, string> = withToken ? { ...f.inputs, mode: 'validate' } : { mode: 'validate' };
    const run = await runAction({
      inputs,
      workspace: makeWorkspace({ 'members.yaml': valid, 'seat-ledger.jsonl': ledger }),
      eventName: 'pull_request',
      event: { pull_request: { number: 5, base: { sha: 'f'.repeat(40) } } },
      env: f.env,
    });
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.annotations.filter((a) => a.level === 'error')).toHaveLength(0);
    expect(run.summary).toContain('2 members');
    expect(run.summary).toContain('3 events');
    expect(f.ls.log).toHaveLength(0);
    // Only reads of GitHub, and only with a token (the pull-request guard).
    const gh = f.gh.log.slice(ghBefore);
    if (withToken) expect(gh.length).toBeGreaterThan(0);
    else expect(gh).toHaveLength(0);
    expect(gh.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('fails on an invalid roster and ledger with an annotation on each bad line, sending no request', async () => {
    const f = await startFakes(BASE_MEMBERS);
    const roster = [
      'version: 1',
      'members:',
      '  - email: alice@example.com',
      '    role: wizard',
      '  - email: bob@example.com',
      '  - email: ALICE@example.com',
      '',
    ].join('\n');
    const lines = ledger.split('\n');
    lines[1] = '{"seq": 2, this is not JSON';
    const run = await runAction({
      inputs: { ...f.inputs, mode: 'validate' },
      workspace: makeWorkspace({ 'members.yaml': roster, 'seat-ledger.jsonl': lines.join('\n') }),
      eventName: 'pull_request',
      event: { pull_request: { number: 5, base: { sha: 'f'.repeat(40) } } },
      env: f.env,
    });
    expect(run.exitCode).toBe(1);
    const errors = run.annotations.filter((a) => a.level === 'error' && a.properties.file);
    const at = (file: string) => errors.filter((a) => a.properties.file === file).map((a) => Number(a.properties.line));
    expect(at('members.yaml')).toEqual([4, 6]);
    expect(errors.find((a) => a.properties.line === '4')!.message).toContain('wizard');
    expect(errors.find((a) => a.properties.line === '6')!.message).toContain('line 3');
    expect(at('seat-ledger.jsonl')).toContain(2);
    expect(f.ls.log).toHaveLength(0);
    expect(f.gh.log).toHaveLength(0);
  });
});

describe('export mode', () => {
  it('writes the live organization, sorted, with the owner, the token user and IdP members under ignore; a plan right after is clean', async () => {
    // Deliberately unsorted, mixed case, and one user without an email.
    const live: FakeMember[] = [
      { userId: 30, email: 'zoe@example.com', role: 'RE' },
      { userId: 2, email: 'Admin@Example.com', role: 'AD' },
      { userId: 31, email: 'sam@example.com', role: 'AN', roleSource: 'saml' },
      { userId: 1, email: 'owner@example.com', role: 'OW' },
      { userId: 32, email: 'Bea@example.com', role: 'MA' },
      { userId: 33, email: null, role: 'AN' },
      { userId: 34, email: 'scim@example.com', role: 'RE', roleSource: 'scim' },
      { userId: 35, email: 'cid@example.com', role: 'DI' },
      { userId: 36, email: 'lee@example.com', role: 'AN', roleSource: 'ldap' },
      { userId: 37, email: 'nia@example.com', role: 'NO' },
      { userId: 38, email: 'svc@example.com', role: 'AN', userType: 'service' },
    ];
    const f = await startFakes(live);
    // No roster yet: export is how a team starts.
    const workspace = makeWorkspace({});
    const exported = await runAction({ inputs: { ...f.inputs, mode: 'export' }, workspace, eventName: 'workflow_dispatch', env: f.env });
    expect(exported.exitCode, exported.stdout).toBe(0);
    const file = path.join(workspace, 'members.yaml');
    const text = readFileSync(file, 'utf8');
    expect(f.ls.patchAttempts()).toHaveLength(0);

    const [membersPart, ignorePart] = text.split('\nignore:\n');
    const emails = (part: string) => [...part.matchAll(/- (email: \S+|id: \d+)/g)].map((m) => m[1]);
    expect(emails(membersPart!)).toEqual([
      'email: bea@example.com',
      'email: cid@example.com',
      'email: nia@example.com',
      'email: svc@example.com',
      'email: zoe@example.com',
      'id: 33',
    ]);
    expect(emails(ignorePart!)).toEqual([
      'email: admin@example.com',
      'email: lee@example.com',
      'email: owner@example.com',
      'email: sam@example.com',
      'email: scim@example.com',
    ]);

    // The team commits the export; the next pull request plans against it.
    const baseSha = commitBase(f.gh, { 'members.yaml': text });
    const patchesBefore = f.ls.patchAttempts().length;
    const plan = await planOnPullRequest(f, workspace, baseSha);
    expect(plan.exitCode, plan.stdout).toBe(0);
    expect(plan.outputs.changes).toBe('0');
    expect(plan.outputs.unmanaged).toBe('0');
    expect(plan.outputs.drift).toBe('false');
    expect(f.ls.patchAttempts().length).toBe(patchesBefore);
    expect(plan.annotations.filter((a) => a.level !== 'notice')).toHaveLength(0);

    const again = await runAction({ inputs: { ...f.inputs, mode: 'export' }, workspace, eventName: 'workflow_dispatch', env: f.env });
    expect(again.exitCode, again.stdout).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(text);

    // Export replaces a roster it cannot read instead of stopping on it.
    writeFileSync(file, 'version: 1\nmembers: [oops\n');
    const over = await runAction({ inputs: { ...f.inputs, mode: 'export' }, workspace, eventName: 'workflow_dispatch', env: f.env });
    expect(over.exitCode, over.stdout).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect(f.ls.patchAttempts()).toHaveLength(0);
  });
});

describe('annotations on roster lines', () => {
  it('warns on the line of a deferred change and errs on the line of each refused one', async () => {
    const now = Date.now();
    const f = await startFakes([
      ...BASE_MEMBERS,
      { userId: 10, email: 'dave@example.com', role: 'AN' },
      { userId: 11, email: 'sam@example.com', role: 'AN', roleSource: 'saml' },
      { userId: 12, email: 'kim@example.com', role: 'AN' },
    ]);
    const ledger = serializeLedger(
      appendEvents(emptyLedger('seat-ledger.jsonl'), [
        { at: new Date(now - 2 * DAY).toISOString(), event: 'assigned', by: 'sync', user: { id: 10, email: 'dave@example.com' }, from: 'DI', to: 'AN', run: null },
        { at: new Date(now - 30 * DAY).toISOString(), event: 'assigned', by: 'sync', user: { id: 12, email: 'kim@example.com' }, from: 'DI', to: 'AN', run: null },
      ]),
    );
    const roster = [
      'version: 1',
      'members:',
      '  - email: kim@example.com',
      '  - email: dave@example.com',
      '    role: deactivated',
      '  - email: owner@example.com',
      '    role: annotator',
      '  - email: sam@example.com',
      '    role: reviewer',
      '  - email: nobody@example.com',
      'ignore:',
      '  - email: admin@example.com',
      '',
    ].join('\n');
    const baseSha = commitBase(f.gh, { 'members.yaml': roster, 'seat-ledger.jsonl': ledger });

    const run = await planOnPullRequest(f, makeWorkspace({ 'members.yaml': roster, 'seat-ledger.jsonl': ledger }), baseSha);
    expect(run.exitCode).toBe(1);
    expect(run.outputs.deferred).toBe('1');
    expect(run.outputs.refused).toBe('3');
    const onRoster = run.annotations.filter((a) => a.properties.file === 'members.yaml');
    const by = (level: string) => onRoster.filter((a) => a.level === level).map((a) => Number(a.properties.line)).sort((a, b) => a - b);
    expect(by('warning')).toEqual([lineOf(roster, 'dave@example.com')]);
    expect(by('error')).toEqual(
      ['owner@example.com', 'sam@example.com', 'nobody@example.com'].map((e) => lineOf(roster, `email: ${e}`)).sort((a, b) => a - b),
    );
    const deferred = onRoster.find((a) => a.level === 'warning')!;
    expect(deferred.message).toContain(new Date(now - 2 * DAY + 7 * DAY).toISOString().slice(0, 10));
    expect(onRoster.find((a) => a.properties.line === String(lineOf(roster, 'sam@example.com')))!.message).toMatch(/saml/i);
    expect(f.ls.patchAttempts()).toHaveLength(0);
  });
});
