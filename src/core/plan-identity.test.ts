// Identity against live state (docs/roster.md): who a roster line names, and what happens when live
// state makes that unclear. Kept apart from plan.test.ts, which covers the seat rule.
import { describe, expect, it } from 'vitest';
import type { LiveMember } from '../labelstudio/wire.ts';
import { buildPlan, type PlanSettings } from './plan.ts';
import type { RoleCode } from './roles.ts';
import type { IgnoreEntry, Roster, RosterEntry } from '../files/roster.ts';

const NOW = new Date('2026-11-28T10:00:00.000Z');
const SELF = 1;
const settings: PlanSettings = { minSeatDays: 7, seatLimit: null, unmanaged: 'deactivate', maxChanges: { kind: 'count', value: 25 } };

const live = (userId: number, email: string | null, role: string): LiveMember => ({
  userId,
  email,
  role: role as LiveMember['role'],
  roleSource: 'manual',
  userType: 'standard',
});
const byEmail = (email: string, role: RoleCode, line: number): RosterEntry => ({ email, id: null, role, offboard: false, line, column: 5 });
const byId = (id: number, role: RoleCode, line: number): RosterEntry => ({ email: null, id, role, offboard: false, line, column: 5 });
const ignored = (key: { email?: string; id?: number }, line: number): IgnoreEntry => ({ email: key.email ?? null, id: key.id ?? null, line, column: 5 });
const SELF_IGNORED = ignored({ id: SELF }, 90);

function plan(members: RosterEntry[], ignore: IgnoreEntry[], accounts: LiveMember[]) {
  const roster: Roster = { file: 'members.yaml', organization: 7, defaultRole: 'AN', members, ignore: [SELF_IGNORED, ...ignore] };
  return buildPlan({ organization: 7, roster, ledger: [], live: [live(SELF, 'admin@x.test', 'AD'), ...accounts], selfUserId: SELF, now: NOW, settings });
}

describe('identity against live state', () => {
  it('the Kelvin sign is another account: kate@ gets the role, \\u212Aate@ is untouched', () => {
    const p = plan([byEmail('kate@kelvin.test', 'AD', 3)], [], [live(301, 'kate@kelvin.test', 'AN'), live(302, '\u212Aate@kelvin.test', 'AN')]);
    const planned = p.changes.filter((c) => c.status === 'planned' && !c.unmanaged);
    expect(planned.map((c) => [c.user.id, c.to])).toEqual([[301, 'AD']]);
    expect(p.changes.some((c) => c.user.id === 302 && c.to === 'AD')).toBe(false);
  });

  it('two live accounts differing only in A-Z case: the line is refused naming both, neither is touched or unmanaged', () => {
    const p = plan([byEmail('bob@acme.test', 'MA', 4)], [], [live(401, 'bob@acme.test', 'AN'), live(402, 'BOB@acme.test', 'AN')]);
    expect(p.changes).toHaveLength(1);
    const [c] = p.changes;
    expect(c).toMatchObject({ status: 'refused', rosterLine: 4, user: { id: null, email: 'bob@acme.test' } });
    expect(c!.reason).toContain('id 401 (bob@acme.test)');
    expect(c!.reason).toContain('id 402 (BOB@acme.test)');
    expect(c!.reason).toMatch(/name the intended user by id/);
    expect(p.unmanaged).toEqual([]);
  });

  it('an ignore line naming an ambiguous email is refused too, and deactivates neither account', () => {
    const p = plan([], [ignored({ email: 'bob@acme.test' }, 6)], [live(401, 'Bob@acme.test', 'AN'), live(402, 'bob@ACME.test', 'AN')]);
    expect(p.changes.map((c) => [c.status, c.rosterLine])).toEqual([['refused', 6]]);
    expect(p.unmanaged).toEqual([]);
  });

  it('the same membership listed twice by the server is one account, not an ambiguity', () => {
    const p = plan([byEmail('carl@x.test', 'MA', 3)], [], [live(501, 'carl@x.test', 'AN'), live(501, 'carl@x.test', 'AN')]);
    expect(p.changes.map((c) => [c.user.id, c.status])).toEqual([[501, 'planned']]);
  });

  it('an account listed twice among ambiguous ones is named once, in the order the server listed them, and the first account of a key is the one matched', () => {
    const p = plan(
      [byEmail('bob@acme.test', 'MA', 4), byEmail('ann@acme.test', 'MA', 6)],
      [],
      [live(402, 'BOB@acme.test', 'AN'), live(401, 'bob@acme.test', 'AN'), live(402, 'BOB@acme.test', 'AN'), live(601, 'Ann@acme.test', 'AN'), live(601, 'ann@acme.test', 'RE')],
    );
    const bob = p.changes.find((c) => c.rosterLine === 4)!;
    expect(bob.status).toBe('refused');
    expect(bob.reason).toMatch(/^bob@acme\.test matches 2 live accounts .*: id 402 \(BOB@acme\.test\) and id 401 \(bob@acme\.test\);/);
    // 601 listed twice is one account: matched, from the first listing (an annotator).
    expect(p.changes.find((c) => c.rosterLine === 6)).toMatchObject({ status: 'planned', from: 'AN', to: 'MA', user: { id: 601, email: 'Ann@acme.test' } });
    expect(p.unmanaged).toEqual([]);
  });

  it('lists as unmanaged exactly the live users no line names, whether the roster names all but one or everyone', () => {
    const accounts = [live(301, 'a@x.test', 'AN'), live(302, 'b@x.test', 'AN'), live(302, 'b@x.test', 'AN')];
    const allButOne = plan([byEmail('a@x.test', 'AN', 3)], [], accounts);
    expect(allButOne.unmanaged.map((u) => [u.user.id, u.deactivating])).toEqual([
      [302, true],
      [302, true],
    ]);
    const everyone = plan([byEmail('a@x.test', 'AN', 3), byId(302, 'AN', 4)], [], accounts);
    expect(everyone.unmanaged).toEqual([]);
  });

  it('an id line and an email line for the same user in members: both refused, naming each other, nothing changes', () => {
    const p = plan([byId(302, 'AD', 3), byEmail('kate@kelvin.test', 'AN', 5)], [], [live(302, 'Kate@kelvin.test', 'RE')]);
    expect(p.changes.map((c) => [c.rosterLine, c.status])).toEqual([
      [3, 'refused'],
      [5, 'refused'],
    ]);
    expect(p.changes[0]!.reason).toMatch(/line 5 \(members, by email kate@kelvin\.test\).*id 302 \(Kate@kelvin\.test\)/);
    expect(p.changes[1]!.reason).toMatch(/line 3 \(members, by id 302\)/);
    expect(p.unmanaged).toEqual([]);
    expect(p.maxChanges.planned).toBe(0);
  });

  it('a member by id and the same user ignored by email: both lines refused, the user is neither changed nor unmanaged', () => {
    const p = plan([byId(302, 'AD', 3)], [ignored({ email: 'kate@kelvin.test' }, 8)], [live(302, 'kate@kelvin.test', 'AN')]);
    expect(p.changes.map((c) => [c.rosterLine, c.status, c.to])).toEqual([
      [3, 'refused', 'AD'],
      [8, 'refused', 'AN'],
    ]);
    expect(p.changes[0]!.reason).toMatch(/line 8 \(ignore, by email kate@kelvin\.test\)/);
    expect(p.changes[1]!.reason).toMatch(/line 3 \(members, by id 302\)/);
    expect(p.unmanaged).toEqual([]);
  });

  it('a member by email and the same user ignored by id: both lines refused', () => {
    const p = plan([byEmail('kate@kelvin.test', 'DI', 3)], [ignored({ id: 302 }, 8)], [live(302, 'kate@kelvin.test', 'AN')]);
    expect(p.changes.map((c) => [c.rosterLine, c.status])).toEqual([
      [3, 'refused'],
      [8, 'refused'],
    ]);
  });

  it('an id line and an email line naming different users are both fine', () => {
    const p = plan([byId(302, 'AD', 3), byEmail('kate@kelvin.test', 'MA', 5)], [], [live(301, 'kate@kelvin.test', 'AN'), live(302, 'other@x.test', 'AN')]);
    expect(p.changes.map((c) => [c.user.id, c.status, c.to])).toEqual([
      [302, 'planned', 'AD'],
      [301, 'planned', 'MA'],
    ]);
  });
});
