import { isIdentityProviderManaged } from '../labelstudio/wire.ts';
import { RoleCode } from '../core/roles.ts';
import { buildPlan } from '../core/plan.ts';
import { ValidationError } from '../core/problems.ts';
import type { Change } from '../core/change.ts';
import type { LiveMember } from '../core/live-member.ts';
import { emailKey } from '../core/identity.ts';
import { editRoster, identifier, renderRoster, schemaUrlFor, sortUsers, type MemberEdit } from '../files/roster-writer.ts';
import { parseRoster, type Roster } from '../files/roster.ts';
import { emptyLedger, parseLedger } from '../files/ledger.ts';
import type { Settings } from '../inputs/settings.ts';
import type { LabelStudio } from '../labelstudio/port.ts';
import { liveMembers } from '../labelstudio/port.ts';
import { resolveOrganization } from './sync.ts';
import type { Workspace } from '../files/workspace.ts';
import type { GitHubPort } from '../github/port.ts';
import { openLedgerStore } from '../ledger-store/store.ts';

export interface ExportResult {
  organization: number;
  /** How many entries went under `members` and under `ignore` (a new roster), or were added there (an edit). */
  members: number;
  ignore: number;
  /** Over an existing roster: what the edit did; null when the roster was written anew. */
  edited: { changed: number; removed: number; kept: number } | null;
  /** False when the file already said what export would write (nothing drifted). */
  written: boolean;
}

export interface ExportOptions {
  clock?: () => Date;
  /**
   * Where the ledger of record is read, when it is not the workspace's file: with `ledger-branch`
   * it lives on its own branch, and a roster edit that read no ledger would take every deferred
   * change for drift and write it back to the live role, cancelling it once merged.
   */
  github?: GitHubPort | null;
  log?: { info(message: string): void; warning(message: string): void };
}

/**
 * Writes the live organization as a roster, so a team adopting the action starts from the truth:
 * a plan right after shows no change and no unmanaged member. Members the action may never
 * change (the owner, the token user, identity-provider members, read-only roles) go under ignore.
 *
 * Over an existing, valid roster it edits instead of overwriting, so re-exporting to look for
 * drift shows only the drift: the lines that already agree with the live organization stay as
 * written, and a line whose change waits for the seat rule stays too (the workspace ledger is
 * the ledger of record), with a note saying why, since overwriting it with the live role would
 * cancel that change once merged. A roster that does not parse is replaced.
 * Shared by the action (action/export.ts adds the runner's outputs and summary) and the CLI.
 */
export async function exportRosterFile(
  settings: Settings,
  labelStudio: LabelStudio,
  workspace: Workspace,
  options: ExportOptions = {},
): Promise<ExportResult> {
  const clock = options.clock ?? (() => new Date());
  const existing = await readRoster(settings, workspace);
  const { organization, selfUserId } = await resolveOrganization(settings, existing?.roster ?? null, labelStudio);
  const live = await liveMembers(labelStudio, organization);
  const schemaUrl = schemaUrlFor(settings.actionRepository, settings.actionRef);

  if (!existing) {
    const members = [];
    const ignore = [];
    for (const m of live) {
      const role = RoleCode.safeParse(m.role);
      if (!role.success || !changeable(m, selfUserId)) ignore.push({ email: m.email, id: m.userId });
      else members.push({ email: m.email, id: m.userId, role: role.data });
    }
    await workspace.write(settings.rosterPath, renderRoster({ organization, members, ignore }, schemaUrl ?? undefined));
    return { organization, members: members.length, ignore: ignore.length, edited: null, written: true };
  }

  const ledger = await readLedger(settings, workspace, clock, options);
  const now = clock();
  const plan = buildPlan({
    organization,
    roster: existing.roster,
    ledger: ledger.events,
    live,
    selfUserId,
    now,
    observedAt: now,
    // Unmanaged members are listed whatever the input says: export writes every live member down.
    settings: { minSeatDays: settings.minSeatDays, seatLimit: settings.seatLimit, unmanaged: 'warn', maxChanges: settings.maxChanges },
  });

  const byId = new Map(live.map((m) => [m.userId, m]));
  const indexOf = new Map(existing.roster.members.map((e, k) => [`${e.line}:${e.column}`, k]));
  const edits = new Map<number, MemberEdit>();
  const toIgnore: LiveMember[] = [];
  for (const c of plan.changes) {
    if (c.rosterLine === null) continue;
    const k = indexOf.get(`${c.rosterLine}:${c.rosterColumn}`);
    if (k === undefined) continue; // an ignore line: ignore asks for nothing
    const entry = existing.roster.members[k]!;
    const named = live.some((m) => m.userId === entry.id || (entry.email !== null && m.email !== null && emailKey(m.email) === entry.email));
    const edit = named ? memberEdit(c, byId.get(c.user.id ?? -1)) : { kind: 'remove' as const };
    if (!edit) continue;
    edits.set(k, edit);
    if (edit.kind === 'remove' && c.from !== null) toIgnore.push(byId.get(c.user.id!)!);
  }

  const addMembers: LiveMember[] = [];
  for (const u of plan.unmanaged) {
    const m = byId.get(u.user.id!)!;
    (RoleCode.safeParse(m.role).success && changeable(m, selfUserId) ? addMembers : toIgnore).push(m);
  }
  // A new line names the user by email unless another live user or a roster line has that email too.
  const identify = identifier([...live.map((m) => m.email), ...existing.roster.members.map((e) => e.email), ...existing.roster.ignore.map((e) => e.email)]);
  const text = editRoster(existing.text, {
    members: edits,
    addMembers: sortUsers(addMembers.map((m) => ({ ...identify({ email: m.email, id: m.userId }), role: m.role as RoleCode }))),
    addIgnore: sortUsers(toIgnore.map((m) => identify({ email: m.email, id: m.userId }))),
    schemaUrl,
  });
  const written = text !== existing.text;
  if (written) await workspace.write(settings.rosterPath, text);
  const count = (kind: MemberEdit['kind']) => [...edits.values()].filter((e) => e.kind === kind).length;
  return {
    organization,
    members: addMembers.length,
    ignore: toIgnore.length,
    edited: { changed: count('set-role'), removed: count('remove'), kept: count('keep') },
    written,
  };
}

/** Members the action may change: not the owner, not the token's user, not managed by an identity provider. */
function changeable(m: LiveMember, selfUserId: number): boolean {
  return m.role !== 'OW' && m.userId !== selfUserId && !isIdentityProviderManaged(m);
}

/**
 * What an existing roster line of a live user becomes, from the change a plan finds for it: the
 * live role; no line when the user cannot be given a role here (view-only); or the line as it
 * is when its change only waits for the seat rule.
 */
function memberEdit(c: Change, account: LiveMember | undefined): MemberEdit | null {
  if (c.status === 'deferred') {
    const until = c.eligibleAt ? ` until ${c.eligibleAt.toISOString()}` : '';
    return { kind: 'keep', note: `live role ${c.from ?? 'none'}; the change to ${c.to} waits for the seat rule${until}` };
  }
  // Two accounts match the line: the plan's refusal names them, and only a person can choose.
  if (!account) return null;
  const role = RoleCode.safeParse(account.role);
  // A view-only account cannot be named with a role here; it goes under ignore.
  if (!role.success) return { kind: 'remove' };
  if (role.data === c.to) return null;
  return { kind: 'set-role', role: role.data };
}

async function readRoster(settings: Settings, workspace: Workspace): Promise<{ roster: Roster; text: string } | null> {
  const bytes = await workspace.read(settings.rosterPath);
  if (bytes === null) return null;
  try {
    const roster = parseRoster(bytes, settings.rosterFile);
    return { roster, text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes) };
  } catch (err) {
    // A roster that does not parse has nothing to keep: export writes a new one over it.
    if (err instanceof ValidationError) return null;
    throw err;
  }
}

/**
 * The ledger of record: the workspace's file, or with `ledger-branch` the ledger at that branch's
 * head (the workspace's file is not read then). A bad one stops the export, since it cannot tell
 * which changes wait.
 */
async function readLedger(settings: Settings, workspace: Workspace, clock: () => Date, options: ExportOptions) {
  if (settings.ledgerBranch !== null) {
    if (!options.github) {
      throw new Error(
        `The ledger lives on the branch ${settings.ledgerBranch} (ledger-branch), read through the GitHub API, and there is no github-token: ` +
          'export cannot tell which roster changes wait for the seat rule, so it wrote nothing. Give the step a github-token with `contents: read`.',
      );
    }
    const log = options.log ?? { info: () => undefined, warning: () => undefined };
    return openLedgerStore(settings, { github: options.github, clock, log, event: null }).read('plan', emptyLedger(settings.ledgerFile));
  }
  const bytes = await workspace.read(settings.ledgerPath);
  return bytes === null ? emptyLedger(settings.ledgerFile) : parseLedger(bytes, settings.ledgerFile, { now: clock() });
}
