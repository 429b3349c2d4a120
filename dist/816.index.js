export const id = 816;
export const ids = [816];
export const modules = {

/***/ 816:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runSteps: () => (/* binding */ runSteps)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 18 modules
var core = __webpack_require__(6257);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./lib/labelstudio/wire.js
var wire = __webpack_require__(1963);
// EXTERNAL MODULE: ./lib/core/roles.js
var roles = __webpack_require__(1466);
// EXTERNAL MODULE: ./lib/core/live-member.js
var live_member = __webpack_require__(7280);
// EXTERNAL MODULE: ./lib/core/identity.js
var identity = __webpack_require__(3829);
;// CONCATENATED MODULE: ./lib/core/seats.js

const DAY_MS = 86_400_000;
/**
 * Folds the ledger into one record per user id. `role-changed` never touches the clock.
 *
 * An `intent` stays pending until the next line about the same user: the outcome its own run
 * appended after the write, or the `observed` line a later run wrote when it resolved the intent.
 * A `released` that resolves a pending intent starts its cooling at its own time, not at the
 * seat's recorded start: the seat may have been taken again by hand at any moment after the
 * intent, so the worst case is a seat held until the moment the release was found (docs/seat-rule.md).
 */
function seatRecords(events) {
    const records = new Map();
    for (const e of events) {
        let r = records.get(e.user.id);
        if (!r) {
            r = { since: null, lastSince: null, releasedAt: null, unsure: false, bySync: false, keep: false, exact: false, pending: null };
            records.set(e.user.id, r);
        }
        const at = Date.parse(e.at);
        if (e.event === 'intent') {
            r.pending = {
                seq: e.seq,
                at,
                from: e.from,
                to: e.to,
                offboard: e.reason === 'offboard',
                run: e.run,
            };
            if ((0,roles/* isSeatRole */.k9)(e.to))
                r.keep = true;
            continue;
        }
        const resolving = e.by === 'observed' ? r.pending : null;
        r.pending = null;
        if (e.event === 'assigned') {
            // A second `assigned` while one is open restarts the clock: the later start is the safe one.
            r.since = at;
            r.bySync = e.by === 'sync';
            if (r.bySync)
                r.keep = true;
        }
        else if (e.event === 'released') {
            // A release with no known start (found already freed) is taken as having started at the
            // release itself: the latest start it can have had, so its cooling ends no earlier than the truth.
            r.lastSince = resolving || r.since === null ? at : r.since;
            // Sure only when an open seat was released. The worst case of an intent is a seat cooling for
            // counting, but for giving it back it is a seat that may have been freed for good.
            r.unsure = resolving !== null || r.since === null;
            r.exact = resolving === null && r.since !== null && r.bySync;
            r.since = null;
            r.bySync = false;
            r.keep = false;
            r.releasedAt = at;
        }
    }
    return records;
}
function seatEnd(since, minSeatDays) {
    return since + minSeatDays * DAY_MS;
}
/**
 * A seat released before its period ended (offboarding, or outside the tool) still counts as
 * occupied until `since + min-seat-days`: the licence cannot go to anyone else before then.
 */
function coolingUntil(r, minSeatDays, now) {
    if (r.since !== null || r.lastSince === null)
        return null;
    const end = seatEnd(r.lastSince, minSeatDays);
    return end > now ? end : null;
}

// EXTERNAL MODULE: ./lib/core/policy.js
var policy = __webpack_require__(9861);
;// CONCATENATED MODULE: ./lib/core/hand-changes.js
/**
 * Marks each change whose user's live role differs from the role this action last wrote for them
 * (their latest outcome line `by: "sync"`; an `intent` is no outcome): someone changed the role
 * in Label Studio since, and applying the roster reverts that edit, which a reviewer must see.
 * One pass over the ledger, remembering only the users that have a change.
 */
function markHandChanges(changes, ledger) {
    const byUser = new Map();
    for (const c of changes) {
        if (c.user.id == null || c.from === null)
            continue;
        const same = byUser.get(c.user.id);
        if (same)
            same.push(c);
        else
            byUser.set(c.user.id, [c]);
    }
    if (byUser.size === 0)
        return;
    const last = new Map();
    for (const e of ledger)
        if (e.by === 'sync' && e.event !== 'intent' && byUser.has(e.user.id))
            last.set(e.user.id, e);
    for (const [userId, line] of last) {
        for (const c of byUser.get(userId)) {
            if (c.from !== line.to)
                c.handChange = { ledgerRole: line.to, at: new Date(line.at) };
        }
    }
}

;// CONCATENATED MODULE: ./lib/core/seat-report.js
/** The scope of `seat_usage` that makes its limit this organization's own. */
const ORGANIZATION_SCOPE = 'organization';
/**
 * `seat_usage` as sent, or what is wrong with it. Its limit must be a positive whole number and its
 * count a whole number of 0 or more; anything else is a malformed answer, never a guessed limit.
 */
function checkSeatUsage(raw) {
    const shown = (v) => {
        const text = JSON.stringify(v) ?? String(v);
        return text.length > 80 ? `${text.slice(0, 80)}…` : text;
    };
    if (raw === undefined || raw === null)
        return { ok: false, problem: 'the answer has no seat_usage' };
    if (typeof raw !== 'object' || Array.isArray(raw))
        return { ok: false, problem: `seat_usage is ${shown(raw)}, not an object` };
    const u = raw;
    const whole = (v, min) => typeof v === 'number' && Number.isSafeInteger(v) && v >= min;
    if (!whole(u.limit, 1))
        return { ok: false, problem: `seat_usage.limit is ${shown(u.limit)}, not a positive whole number` };
    if (!whole(u.count, 0))
        return { ok: false, problem: `seat_usage.count is ${shown(u.count)}, not a whole number of 0 or more` };
    if (typeof u.scope !== 'string')
        return { ok: false, problem: `seat_usage.scope is ${shown(u.scope)}, not a text` };
    return {
        ok: true,
        usage: {
            count: u.count,
            total: whole(u.total, 0) ? u.total : null,
            limit: u.limit,
            reached: typeof u.reached === 'boolean' ? u.reached : null,
            scope: u.scope,
        },
    };
}
const isOrganizationScope = (usage) => usage.scope.toLowerCase() === ORGANIZATION_SCOPE;
/**
 * Member by member, the report beside what the member list's role and user_type imply
 * (`listSeat`). Both sides are kept: a member either side counts as seated is seated for the
 * seat rule, so a disagreement can only make a release later or an activation wait longer.
 */
function compareSeatReport(live, report, listSeat) {
    const byId = new Map();
    for (const m of live)
        byId.set(m.userId, m);
    const findings = { reportOnly: [], listOnly: [], notListed: [], stale: [], counted: 0, usage: report.usage };
    const inReport = new Set();
    for (const row of report.rows) {
        if (inReport.has(row.userId))
            continue;
        inReport.add(row.userId);
        const m = byId.get(row.userId);
        const user = { id: row.userId, email: m?.email ?? row.email };
        if (row.stale)
            findings.stale.push(user);
        if (row.counts)
            findings.counted++;
        if (!m) {
            if (row.counts)
                findings.notListed.push(user);
            continue;
        }
        const listed = listSeat(m);
        if (row.counts && !listed)
            findings.reportOnly.push(user);
        else if (!row.counts && listed)
            findings.listOnly.push(user);
    }
    return findings;
}
/** The members the report alone seats, flagged so the seat rule counts them (`LiveMember.reportSeat`). */
function withReportSeats(live, findings) {
    if (findings.reportOnly.length === 0)
        return live;
    const ids = new Set(findings.reportOnly.map((u) => u.id));
    return live.map((m) => (ids.has(m.userId) ? { ...m, reportSeat: true } : m));
}
/** A deferred release of a member only the report seats says so: its start is unknown to the ledger. */
function explainReportSeats(changes, findings) {
    if (findings.reportOnly.length === 0)
        return;
    const ids = new Set(findings.reportOnly.map((u) => u.id));
    for (const c of changes) {
        if (c.kind !== 'release' || c.status !== 'deferred' || c.user.id === null || !ids.has(c.user.id))
            continue;
        c.reason =
            "Label Studio's seat report counts this member toward the seat limit, though role and user_type imply no standard seat; " +
                `it is released no earlier than the ledger allows: ${c.reason ?? ''}`;
    }
}

;// CONCATENATED MODULE: ./lib/core/plan.js







/** Apply order: seats are freed before any is taken (docs/seat-rule.md). */
const KIND_ORDER = { release: 0, 'role-change': 1, other: 2, assign: 3 };
/** Does the member list's role and `user_type` show a standard, licensed seat? What the seat report is compared with. */
function memberListSeat(m) {
    return !(0,live_member/* isSeparatelyLicensed */.Q)(m) && (0,roles/* isSeatRole */.k9)(m.role);
}
/**
 * A working role holds a seat, unless the account is licensed apart; but a seat this action
 * assigned (or announced assigning, an intent that may have landed) since the user's last
 * release keeps the seat rule whatever `user_type` the server reports afterwards: after a
 * view-only upgrade the server may go on saying `viewonly`, and releasing that seat at once
 * would release it early.
 */
function seatHolder(records) {
    const kept = new Set();
    records.forEach((r, userId) => {
        if (r.keep)
            kept.add(userId);
    });
    return (m) => (0,roles/* isSeatRole */.k9)(m.role) && (!(0,live_member/* isSeparatelyLicensed */.Q)(m) || kept.has(m.userId));
}
/** A seat for the seat rule: by the member list and ledger, or by the vendor's seat report (the cautious side). */
function ruleSeat(m, listSeat) {
    return m.reportSeat === true || listSeat(m);
}
function changeKind(m, to, listSeat) {
    // Service accounts are licensed apart whatever their role; view-only users are upgraded to a seat.
    if (m.userType === 'service' && !ruleSeat(m, listSeat))
        return 'other';
    const from = ruleSeat(m, listSeat);
    const into = (0,roles/* isSeatRole */.k9)(to);
    if (from && !into)
        return 'release';
    // A seat only the vendor's report shows still takes one by the member list: the cautious side.
    if (!listSeat(m) && into)
        return 'assign';
    if (from && into)
        return 'role-change';
    return 'other';
}
const iso = (ms) => new Date(ms).toISOString();
const userRef = (m) => ({ id: m.userId, email: m.email });
/**
 * Live accounts by `emailKey`. The map holds the first account of each key; the few keys that
 * two accounts share hold all of them in `ambiguous` too, so no key needs an array of its own.
 */
function emailIndex(live) {
    const first = new Map();
    // Backwards, so that the account left under each key is its first; a key met again (the map did
    // not grow) is rare, and only then is live state read a second time. One map operation per
    // account, where a look-up before each insert would take two.
    let repeated;
    for (let i = live.length - 1; i >= 0; i--) {
        const email = live[i].email;
        if (!email)
            continue;
        const size = first.size;
        const key = (0,identity/* emailKey */.c8)(email);
        first.set(key, live[i]);
        if (first.size === size)
            (repeated ??= new Set()).add(key);
    }
    const ambiguous = new Map();
    if (!repeated)
        return { first, ambiguous };
    const accountsOf = new Map();
    for (const m of live) {
        const key = m.email ? (0,identity/* emailKey */.c8)(m.email) : null;
        if (key === null || !repeated.has(key))
            continue;
        const same = accountsOf.get(key);
        // The same membership listed twice by the server is one account, not an ambiguity.
        if (!same)
            accountsOf.set(key, [m]);
        else if (!same.some((s) => s.userId === m.userId))
            same.push(m);
    }
    for (const [key, accounts] of accountsOf)
        if (accounts.length > 1)
            ambiguous.set(key, accounts);
    return { first, ambiguous };
}
/**
 * Identity against live state (docs/roster.md). An email line names the live accounts whose `emailKey`
 * equals its own; two of them are ambiguous and the line is refused naming both. An id line and
 * an email line (in members or ignore) that reach the same account are both refused naming both
 * lines, so nothing changes for that user until the roster says once who they are.
 */
function matchRoster(roster, live, byId) {
    const byEmail = emailIndex(live);
    const { members, ignore } = roster;
    const lineAt = (k) => (k < members.length ? members[k] : ignore[k - members.length]);
    const accounts = [];
    const refusals = new Map();
    const claimed = new Map();
    // Every line of each account that more than one line names alone.
    const shared = new Map();
    for (let k = 0; k < members.length + ignore.length; k++) {
        const entry = lineAt(k);
        let account;
        if (entry.id != null) {
            account = byId.get(entry.id);
        }
        else if (entry.email != null) {
            const key = (0,identity/* emailKey */.c8)(entry.email);
            const accountsOfKey = byEmail.ambiguous.size > 0 ? byEmail.ambiguous.get(key) : undefined;
            if (accountsOfKey) {
                for (const a of accountsOfKey)
                    if (!claimed.has(a.userId))
                        claimed.set(a.userId, -1);
                refusals.set(k, ambiguity(entry.email, accountsOfKey));
                accounts.push(undefined);
                continue;
            }
            account = byEmail.first.get(key);
        }
        accounts.push(account);
        if (!account)
            continue;
        const first = claimed.get(account.userId) ?? -1;
        if (first === -1)
            claimed.set(account.userId, k);
        else {
            const same = shared.get(account.userId);
            if (same)
                same.push(k);
            else
                shared.set(account.userId, [first, k]);
        }
    }
    // Offline checks already refused two lines with the same email or id, so a pair here is always
    // an id line and an email line.
    const describeLine = (k) => {
        const { line, id, email } = lineAt(k);
        return `line ${line} (${k < members.length ? 'members' : 'ignore'}, by ${id != null ? `id ${id}` : `email ${email}`})`;
    };
    for (const same of shared.values()) {
        same.sort((a, b) => lineAt(a).line - lineAt(b).line);
        const account = accounts[same[0]];
        for (const k of same) {
            const others = same.filter((o) => o !== k).map(describeLine);
            refusals.set(k, `names the same user as ${others.join(' and ')}: live account ${(0,identity/* describeAccount */.v4)(account)}; ` +
                'nothing is changed for this user — keep one of the lines (by email, or by id for a user without one)');
        }
    }
    return { accounts, refusals, claimed };
}
function ambiguity(email, accounts) {
    const listed = accounts.map(identity/* describeAccount */.v4);
    return (`${email} matches ${accounts.length} live accounts whose emails differ only in the case of A-Z: ` +
        `${listed.slice(0, -1).join(', ')} and ${listed.at(-1)}; name the intended user by id instead (\`- id: ${accounts[0].userId}\`), ` +
        'or have the duplicate account removed in Label Studio');
}
/** The role an ignored user keeps, as a roster role; a view-only user shows as not-activated, which holds no seat either. */
function keptRole(account) {
    const role = account?.role;
    return role && role !== 'VO' ? role : 'NO';
}
function refusedEntry(entry, account, to, reason, listSeat) {
    return {
        user: account ? userRef(account) : { id: entry.id, email: entry.email },
        from: account ? account.role : null,
        to,
        kind: account ? changeKind(account, to, listSeat) : (0,roles/* isSeatRole */.k9)(to) ? 'assign' : 'other',
        status: 'refused',
        reason,
        eligibleAt: null,
        rosterLine: entry.line,
        rosterColumn: entry.column,
        offboard: 'offboard' in entry && entry.offboard === true,
        unmanaged: false,
    };
}
/**
 * The whole decision of a run, as a pure function: what each roster member needs, which of those
 * changes the seat rule allows now, and which it holds back until when.
 */
function buildPlan(given) {
    const seatReport = given.seatReport ? compareSeatReport(given.live, given.seatReport, memberListSeat) : null;
    const input = seatReport ? { ...given, live: withReportSeats(given.live, seatReport) } : given;
    const { live, now, settings } = input;
    const byId = new Map();
    for (const m of live)
        byId.set(m.userId, m);
    const observedAt = (input.observedAt ?? now).getTime();
    const { records, observed, unresolved, adoptionCooling, listSeat } = reconcile(input.ledger, live, byId, observedAt, settings);
    const { changes, noop, claimed } = rosterChanges(input, byId, listSeat);
    const unmanaged = unmanagedMembers(input, claimed, byId.size);
    for (const u of unmanaged)
        if (u.deactivating)
            changes.push(deactivation(byId.get(u.user.id), listSeat));
    for (const c of changes)
        if (c.status === 'planned')
            refuseIfForbidden(c, byId.get(c.user.id), input.selfUserId);
    const { cooling, seats } = applySeatRule(changes, records, live, byId, input, listSeat);
    markHandChanges(changes, input.ledger);
    if (seatReport)
        explainReportSeats(changes, seatReport);
    changes.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || (a.rosterLine ?? Infinity) - (b.rosterLine ?? Infinity));
    let planned = 0;
    for (const c of changes)
        if (c.status === 'planned')
            planned++;
    const limit = (0,policy/* maxChangesLimit */.Lt)(settings.maxChanges, live.length);
    return {
        organization: input.organization,
        asOf: now,
        changes,
        noop,
        unmanaged,
        maxChanges: { limit, planned, exceeded: planned > limit },
        observed,
        unresolved,
        adoptionCooling,
        cooling,
        seats,
        seatReport,
    };
}
/** What each roster line asks for against live state, and every live account a line names. */
function rosterChanges(input, byId, listSeat) {
    const { members, ignore } = input.roster;
    const changes = [];
    let noop = 0;
    // Every live account a roster line names, even one it is refused for: none of them is unmanaged.
    const { accounts, refusals, claimed } = matchRoster(input.roster, input.live, byId);
    for (let k = 0; k < members.length; k++) {
        const entry = members[k];
        const account = accounts[k];
        const refusal = refusals.get(k);
        if (refusal !== undefined)
            changes.push(refusedEntry(entry, account, entry.role, refusal, listSeat));
        else if (!account)
            changes.push(notMember(entry, input.organization));
        else if (account.role === entry.role)
            noop++;
        else
            changes.push(baseChange(entry, account, listSeat));
    }
    for (let k = 0; k < ignore.length; k++) {
        const refusal = refusals.get(members.length + k);
        // An ignore line has no role to ask for: its refused row shows the role the user keeps.
        if (refusal === undefined)
            continue;
        const account = accounts[members.length + k];
        changes.push(refusedEntry(ignore[k], account, keptRole(account), refusal, listSeat));
    }
    return { changes, noop, claimed };
}
/** Live members no roster line names, and which of them the `deactivate` policy releases. */
function unmanagedMembers(input, claimed, liveUsers) {
    const { settings } = input;
    const unmanaged = [];
    // Only live accounts are ever claimed, so when as many are claimed as live state has users, the
    // roster names everyone: the usual case, which needs no look-up per member.
    if (settings.unmanaged === 'ignore' || claimed.size === liveUsers)
        return unmanaged;
    for (const m of input.live) {
        if (claimed.has(m.userId))
            continue;
        // The owner, the token user and identity-provider members cannot be changed here: list them, never touch them.
        const deactivating = settings.unmanaged === 'deactivate' &&
            m.role !== 'DI' &&
            m.role !== 'NO' &&
            m.role !== 'OW' &&
            m.userId !== input.selfUserId &&
            !(0,live_member/* isIdentityProviderManaged */.b)(m);
        unmanaged.push({ user: userRef(m), role: m.role, deactivating });
    }
    return unmanaged;
}
function deactivation(m, listSeat) {
    return {
        user: userRef(m),
        from: m.role,
        to: 'DI',
        kind: changeKind(m, 'DI', listSeat),
        status: 'planned',
        reason: 'not in the roster (unmanaged: deactivate)',
        eligibleAt: null,
        rosterLine: null,
        rosterColumn: null,
        offboard: false,
        unmanaged: true,
    };
}
function baseChange(entry, m, listSeat) {
    return {
        user: userRef(m),
        from: m.role,
        to: entry.role,
        kind: changeKind(m, entry.role, listSeat),
        status: 'planned',
        reason: null,
        eligibleAt: null,
        rosterLine: entry.line,
        rosterColumn: entry.column,
        offboard: entry.offboard,
        unmanaged: false,
    };
}
function notMember(entry, organization) {
    return {
        user: { id: entry.id, email: entry.email },
        from: null,
        to: entry.role,
        kind: (0,roles/* isSeatRole */.k9)(entry.role) ? 'assign' : 'other',
        status: 'refused',
        reason: `not a member of organization ${organization}; invite them in Label Studio first`,
        eligibleAt: null,
        rosterLine: entry.line,
        rosterColumn: entry.column,
        offboard: entry.offboard,
        unmanaged: false,
    };
}
/** Changes this action never makes, whatever the roster says. */
function refuseIfForbidden(c, m, selfUserId) {
    let reason = null;
    if (c.to === 'OW')
        reason = 'the owner role cannot be assigned here; the vendor changes owners on request';
    else if (m.role === 'OW')
        reason = "this member is the organization's owner; the vendor changes owners on request";
    else if (m.userId === selfUserId)
        reason = "this is the token's own user; change its role by hand or run with another administrator's token";
    else if ((0,live_member/* isIdentityProviderManaged */.b)(m))
        reason = `role is managed by ${m.roleSource.toUpperCase()}; change it in the identity provider or list the member under ignore`;
    if (reason) {
        c.status = 'refused';
        c.reason = reason;
    }
}
/**
 * Brings the ledger's view of every seat up to live state, as if recorded at `now` (the real time
 * of the run), in three steps: the worst case of writes announced but never recorded, seats
 * taken or freed outside the action, and, on an empty ledger with seat-limit, deactivated members
 * whose last release nobody can date.
 */
function reconcile(ledger, live, liveById, now, settings) {
    const records = seatRecords(ledger);
    // From the ledger as it stands: whose seat this action assigned, before live state is folded in.
    const listSeat = seatHolder(records);
    const observed = [];
    const unresolved = resolveIntents(records, liveById, now, settings.minSeatDays, observed, listSeat);
    recordFoundSeats(ledger, records, live, liveById, now, observed, listSeat);
    const adoptionCooling = settings.seatLimit != null && ledger.length === 0 ? coolFromFirstSight(records, live, now, settings.minSeatDays, observed) : null;
    return { records, observed, unresolved, adoptionCooling, listSeat };
}
/**
 * An intent with no outcome may or may not have landed. The worst case for the seat rule:
 * a seat the user holds now was (re)taken now, and a seat they may have held since the intent and
 * no longer hold was freed now, so it cools for the full period from now.
 */
function resolveIntents(records, liveById, now, minSeatDays, observed, listSeat) {
    const unresolved = [];
    // forEach rather than for…of: the loops over every record run once, before the optimiser has
    // seen them, and for…of then makes an entry array per record.
    records.forEach((r, userId) => {
        const intent = r.pending;
        if (!intent)
            return;
        const m = liveById.get(userId);
        const user = { id: userId, email: m?.email ?? null };
        const touchedSeat = (intent.from !== null && (0,roles/* isSeatRole */.k9)(intent.from)) || (0,roles/* isSeatRole */.k9)(intent.to);
        let outcome = 'no-seat';
        if (m && listSeat(m)) {
            outcome = 'seat-held';
            observed.push({ event: 'assigned', user, from: null, to: m.role, cause: 'intent' });
            records.set(userId, { since: now, lastSince: r.since ?? r.lastSince, releasedAt: r.releasedAt, unsure: false, bySync: false, keep: false, exact: false, pending: null });
        }
        else if (touchedSeat && !(m && (0,live_member/* isSeparatelyLicensed */.Q)(m) && !r.keep)) {
            outcome = 'cooling';
            observed.push({ event: 'released', user, from: null, to: m ? m.role : 'DI', cause: 'intent' });
            records.set(userId, { since: null, lastSince: now, releasedAt: now, unsure: true, bySync: false, keep: false, exact: false, pending: null });
        }
        // A `no-seat` intent stays pending in the ledger: nothing is recorded for it, and each run
        // takes it the same way until the user's next recorded change.
        unresolved.push({
            user,
            intent: { seq: intent.seq, at: new Date(intent.at), from: intent.from, to: intent.to, run: intent.run },
            outcome,
            coolingUntil: outcome === 'cooling' ? new Date(seatEnd(now, minSeatDays)) : null,
        });
    });
    return unresolved;
}
/**
 * Seats taken outside the action (or before it) start their clock now; seats freed outside it are
 * recorded as released. The records are this plan's own (fresh from the ledger), so they change in place.
 */
function recordFoundSeats(ledger, records, live, liveById, now, observed, listSeat) {
    for (const m of live) {
        if (!listSeat(m))
            continue;
        const r = records.get(m.userId);
        if (r && r.since !== null)
            continue;
        observed.push({ event: 'assigned', user: { id: m.userId, email: m.email }, from: null, to: m.role, cause: 'found' });
        if (r) {
            r.since = now;
            r.bySync = false;
        }
        else
            records.set(m.userId, { since: now, lastSince: null, releasedAt: null, unsure: false, bySync: false, keep: false, exact: false, pending: null });
    }
    const freed = [];
    records.forEach((r, userId) => {
        if (r.since === null)
            return;
        const m = liveById.get(userId);
        if (!(m && listSeat(m)))
            freed.push(userId);
    });
    if (freed.length === 0)
        return;
    const lastEmails = lastEmailsOf(ledger, new Set(freed));
    for (const userId of freed) {
        const r = records.get(userId);
        const m = liveById.get(userId);
        observed.push({
            event: 'released',
            user: { id: userId, email: m?.email ?? lastEmails.get(userId) ?? null },
            from: null,
            // A member gone from the organization is recorded as deactivated: their seat is free.
            to: m ? m.role : 'DI',
            cause: 'found',
        });
        r.lastSince = r.since;
        r.since = null;
        r.releasedAt = now;
        r.unsure = false;
        // Freed outside the action: the end is exact only when the seat's start was its own `assigned`.
        r.exact = r.bySync;
        r.bySync = false;
        r.keep = false;
    }
}
/**
 * The email the ledger last wrote for each of `users`: one pass for all of them, as a search per
 * seat released outside the tool would make a bulk deactivation in the web app cost seats × ledger
 * lines, and a map of every user would cost as much as the ledger for a handful.
 */
function lastEmailsOf(ledger, users) {
    const emails = new Map();
    for (const e of ledger)
        if (users.has(e.user.id))
            emails.set(e.user.id, e.user.email);
    return emails;
}
/**
 * Adoption with seat-limit: the ledger is empty, so nobody can tell whether a deactivated member
 * gave up a seat by hand yesterday. Each counts as cooling for the full period from first sight,
 * so no such seat is handed on early. Once recorded, this never repeats: later runs know every
 * seat the action took or freed (write-ahead), and what an admin does by hand after adoption
 * shows up as `found` lines. `NO` (never activated) members never held a seat and are not counted.
 */
function coolFromFirstSight(records, live, now, minSeatDays, observed) {
    let members = 0;
    for (const m of live) {
        if (m.role !== 'DI' || (0,live_member/* isSeparatelyLicensed */.Q)(m) || records.has(m.userId))
            continue;
        observed.push({ event: 'released', user: { id: m.userId, email: m.email }, from: null, to: m.role, cause: 'adoption' });
        records.set(m.userId, { since: null, lastSince: now, releasedAt: now, unsure: true, bySync: false, keep: false, exact: false, pending: null });
        members++;
    }
    return members > 0 ? { members, until: new Date(seatEnd(now, minSeatDays)) } : null;
}
/** Releases wait for `min-seat-days`; with `seat-limit`, activations wait for a free seat. */
function applySeatRule(changes, records, live, byId, input, listSeat) {
    const { settings } = input;
    const now = input.now.getTime();
    const seated = new Set();
    for (const m of live)
        if (ruleSeat(m, listSeat))
            seated.add(m.userId);
    // Members the vendor's seat report counts and the member list does not hold (read while they left, or hidden).
    for (const row of input.seatReport?.rows ?? [])
        if (row.counts && !byId.has(row.userId))
            seated.add(row.userId);
    // Each user counts once: as a held seat, or as their own cooling seat (docs/seat-rule.md).
    const cooling = new Map();
    records.forEach((r, userId) => {
        const end = coolingUntil(r, settings.minSeatDays, now);
        if (end !== null && !seated.has(userId))
            cooling.set(userId, { end, unsure: r.unsure, exact: r.exact });
    });
    // What the report draws as cooling: every seat counted so, less those their own user takes back.
    const shown = [];
    for (const [userId, { end, unsure }] of cooling)
        shown.push({ user: { id: userId, email: byId.get(userId)?.email ?? null }, until: new Date(end), unsure });
    const asRead = { inUse: seated.size, cooling: cooling.size };
    // With the report's billing counters, free seats are the limit less the larger of the two counts.
    const occupied = Math.max(seated.size + cooling.size, input.seatReport?.usage?.count ?? 0);
    const seats = { occupied, before: occupied, futureFrees: [] };
    shown.push(...holdYoungReleases(changes, records, seats, now, settings.minSeatDays));
    const takenBack = settings.seatLimit != null ? waitForFreeSeats(changes, cooling, seats, settings.seatLimit) : new Set();
    const coolingShown = shown.filter((c) => !takenBack.has(c.user.id)).sort((a, b) => a.until.getTime() - b.until.getTime());
    return { cooling: coolingShown, seats: asRead };
}
function withoutOne(sorted, value) {
    const copy = [...sorted];
    const at = copy.indexOf(value);
    if (at >= 0)
        copy.splice(at, 1);
    return copy;
}
/** A release of a seat younger than `min-seat-days` waits, unless it offboards (then it cools). */
function holdYoungReleases(changes, records, seats, now, minSeatDays) {
    const offboarded = [];
    for (const c of changes) {
        if (c.kind !== 'release' || c.status !== 'planned')
            continue;
        const since = records.get(c.user.id)?.since ?? now;
        const end = seatEnd(since, minSeatDays);
        if (end <= now) {
            seats.occupied--;
            continue;
        }
        seats.futureFrees.push(end);
        if (c.offboard) {
            c.reason = `offboarding: released at once; the seat stays occupied (cooling) until ${iso(end)}`;
            offboarded.push({ user: c.user, until: new Date(end), unsure: false });
            continue;
        }
        c.status = 'deferred';
        c.eligibleAt = new Date(end);
        c.reason = `seat held since ${iso(since)}; min-seat-days is ${minSeatDays}`;
    }
    return offboarded;
}
/**
 * With `seat-limit`, an activation takes a free seat, its own cooling seat, or waits for one.
 * Returns the users whose cooling seat is no longer counted as cooling (they take it back).
 */
function waitForFreeSeats(changes, cooling, seats, seatLimit) {
    const takenBack = new Set();
    const assigns = changes
        .filter((c) => c.kind === 'assign' && c.status === 'planned')
        .sort((a, b) => (a.rosterLine ?? Infinity) - (b.rosterLine ?? Infinity));
    // A user whose own seat is cooling takes that seat back: occupancy does not change (their
    // cooling count becomes their held seat). When the cooling end is exact (the action assigned
    // the seat and released it), that always holds. When it is uncertain (a start first observed,
    // the worst case of an intent, adoption), the seat may already have been handed on, or never
    // have been one: while the seats occupied without that user (in use and cooling, uncertain
    // ones included) already reach the limit, they wait like any other activation, never refused.
    const others = [];
    for (const c of assigns) {
        const own = cooling.get(c.user.id);
        if (own && (own.exact || seats.occupied - 1 < seatLimit)) {
            cooling.delete(c.user.id);
            takenBack.add(c.user.id);
            // Exempt from the apply's hold-back only when no release of this run was needed for it.
            if (own.exact || seats.before - 1 < seatLimit)
                c.ownSeat = true;
            c.reason = `takes back their own seat (cooling until ${iso(own.end)}); needs no other seat`;
            continue;
        }
        others.push(c);
    }
    // Everyone else needs a free seat. A user whose own cooling is still counted (uncertain, over
    // the limit) is not counted twice: that count becomes their seat if they get one, and stays
    // counted as cooling, for everyone after them too, if they wait (seed -93594116 of the property).
    let futureFrees = null;
    let waiting = 0;
    for (const c of others) {
        const own = cooling.get(c.user.id);
        const counted = own ? 1 : 0;
        if (seats.occupied - counted < seatLimit) {
            seats.occupied += 1 - counted;
            if (own && cooling.delete(c.user.id)) {
                takenBack.add(c.user.id);
                futureFrees = null;
            }
            continue;
        }
        if (futureFrees === null) {
            futureFrees = [...seats.futureFrees];
            for (const x of cooling.values())
                futureFrees.push(x.end);
            futureFrees.sort((a, b) => a - b);
        }
        // The n-th waiting activation needs every seat above the limit, and one per activation
        // waiting before it, to have freed first; the end of their own cooling frees nothing for them.
        const frees = own ? withoutOne(futureFrees, own.end) : futureFrees;
        const found = frees[seats.occupied - counted - seatLimit + waiting++];
        // A user waiting on their own uncertain cooling is never refused: once it ends they are an
        // ordinary activation, so the plan looks again then at the latest.
        const at = found ?? own?.end;
        if (at !== undefined) {
            c.status = 'deferred';
            c.eligibleAt = new Date(at);
            c.reason = own
                ? `seat-limit ${seatLimit} is reached without this user, whose own cooling seat (until ${iso(own.end)}) may already be someone else's; the next seat frees at ${iso(at)}`
                : `seat-limit ${seatLimit} reached; the next seat frees at ${iso(at)}`;
        }
        else {
            c.status = 'refused';
            c.reason = `seat-limit ${seatLimit} reached and no pending release frees a seat; release one in the roster or raise seat-limit`;
        }
    }
    return takenBack;
}

// EXTERNAL MODULE: ./lib/core/problems.js
var core_problems = __webpack_require__(571);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 14 modules
var schemas = __webpack_require__(8484);
// EXTERNAL MODULE: ./node_modules/zod/v4/core/regexes.js
var regexes = __webpack_require__(3908);
;// CONCATENATED MODULE: ./lib/files/string-set.js
/**
 * A set of strings whose hashes the caller has already computed (roster-plain.ts hashes each
 * email while it checks it). JavaScript's Set spends about half a microsecond an insertion at
 * 100,000 strings, more than the rest of the plain roster's reading: this open-addressing table
 * of indices compares hashes first and strings only when those agree.
 */
class StringSet {
    values = [];
    hashes = new Int32Array(1024);
    /** Index + 1 into `values`; 0 for an empty slot. Always at most half full. */
    slots = new Int32Array(2048);
    get size() {
        return this.values.length;
    }
    /** Adds `value`; false when it was already there. `hash` must be the same for equal strings. */
    add(value, hash) {
        const mask = this.slots.length - 1;
        for (let i = hash & mask;; i = (i + 1) & mask) {
            const slot = this.slots[i];
            if (slot === 0) {
                const index = this.values.length;
                this.values.push(value);
                if (index === this.hashes.length) {
                    const hashes = new Int32Array(index * 2);
                    hashes.set(this.hashes);
                    this.hashes = hashes;
                }
                this.hashes[index] = hash;
                this.slots[i] = index + 1;
                if ((index + 1) * 2 > this.slots.length)
                    this.grow();
                return true;
            }
            if (this.hashes[slot - 1] === hash && this.values[slot - 1] === value)
                return false;
        }
    }
    grow() {
        const slots = new Int32Array(this.slots.length * 2);
        const mask = slots.length - 1;
        for (let index = 0; index < this.values.length; index++) {
            let i = this.hashes[index] & mask;
            while (slots[i] !== 0)
                i = (i + 1) & mask;
            slots[i] = index + 1;
        }
        this.slots = slots;
    }
}
/** One step of FNV-1a: the hash of a string so far, and its next character code. */
function hashStep(hash, code) {
    return Math.imul(hash ^ code, 0x01000193);
}
const HASH_START = 0x811c9dc5 | 0;

;// CONCATENATED MODULE: ./lib/files/roster-plain.js



// parseRoster's fast path. The YAML library takes about 30 µs a member (its lexer and parser are
// generators): a third of a second for 10,000 members, before the first request. It earns its
// place: without it, a plan of 100,000 members costs 174% more CPU for the whole process (median
// of 9 interleaved runs, 6,250 against 2,280 ms user + sys; `node bench/fast-paths.ts`, which
// builds the bundle with and without it). Its equivalence with the YAML path is held by
// roster-plain.test.ts (larger with `npm run test:long`). Nearly every
// roster is written, or exported, in one plain block layout. This reads that layout line by line
// and gives up (returns null) at the first line it does not fully understand and at anything
// that would be a problem; parseRoster then parses the file with the YAML library, which finds
// and places every problem. So problems are only ever reported by that one path.
//
// Taken: top-level `version: 1`, `organization: <id>`, `defaults:` with one `role:` line below
// it, and `members:` / `ignore:` lists of `- key: value` items with further keys aligned under
// the first; blank lines and `#` comments anywhere; LF or CRLF line breaks. Every value is one
// plain word that YAML's core schema reads as the same string or number as this code does.
const SPACE = 0x20;
const HASH = 0x23;
const DASH = 0x2d;
const COLON = 0x3a;
const CR = 0x0d;
const TOP_KEYS = new Set(['version', 'organization', 'defaults', 'members', 'ignore']);
/** Words only, and none that YAML's core schema reads as null or a boolean. */
const ROLE_WORD = /^(?!(?:null|Null|NULL|true|True|TRUE|false|False|FALSE)$)[A-Za-z][A-Za-z_-]*$/;
/**
 * Reads what follows `key:` up to `end`: ` +value`, then spaces, then the end or ` #comment`.
 * False when that is not what is there.
 */
function valueAt(text, p, end, v) {
    v.start = -1;
    if (p === end)
        return true;
    if (text.charCodeAt(p) !== SPACE)
        return false;
    while (p < end && text.charCodeAt(p) === SPACE)
        p++;
    if (p === end)
        return true;
    if (text.charCodeAt(p) === HASH)
        return isComment(text, p, end);
    v.start = p;
    while (p < end && text.charCodeAt(p) !== SPACE)
        p++;
    v.end = p;
    while (p < end && text.charCodeAt(p) === SPACE)
        p++;
    if (p === end)
        return true;
    return p > v.end && text.charCodeAt(p) === HASH && isComment(text, p, end);
}
/** `#.*` to the end: `.` takes every character but the line terminators. */
function isComment(text, p, end) {
    for (let i = p + 1; i < end; i++) {
        const c = text.charCodeAt(i);
        if (c === CR || c === 0x2028 || c === 0x2029)
            return false;
    }
    return true;
}
/** Where the `[a-z]+` key at `p` ends (its colon), or -1 when no key and colon are there. */
function keyEnd(text, p, end) {
    let i = p;
    while (i < end) {
        const c = text.charCodeAt(i);
        if (c < 0x61 || c > 0x7a)
            break;
        i++;
    }
    return i > p && i < end && text.charCodeAt(i) === COLON ? i : -1;
}
function isKey(text, p, colon, key) {
    return colon - p === key.length && text.startsWith(key, p);
}
/** `[1-9][0-9]{0,14}` from `p` to `end` as a number, or -1. */
function idAt(text, p, end) {
    if (end - p < 1 || end - p > 15 || text.charCodeAt(p) === 0x30)
        return -1;
    let value = 0;
    for (let i = p; i < end; i++) {
        const d = text.charCodeAt(i) - 48;
        if (d < 0 || d > 9)
            return -1;
        value = value * 10 + d;
    }
    return value;
}
const isAlphanumeric = (c) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
/**
 * Whether an email is one YAML reads as a plain string and the schema accepts: local part
 * `[A-Za-z0-9][A-Za-z0-9._%+-]*`, then `@`, then dot-separated labels of at most 63 letters,
 * digits and hyphens that neither start nor end with a hyphen (z.regexes.html5Email's domain),
 * and at most MAX_EMAIL_LENGTH characters. Checked by hand, once, for every member.
 */
function isPlainEmail(text, p, end) {
    if (end - p > identity/* MAX_EMAIL_LENGTH */.Bb || p === end || !isAlphanumeric(text.charCodeAt(p)))
        return false;
    let i = p + 1;
    for (; i < end; i++) {
        const c = text.charCodeAt(i);
        if (c === 0x40)
            break;
        // . _ % + -
        if (!isAlphanumeric(c) && c !== 0x2e && c !== 0x5f && c !== 0x25 && c !== 0x2b && c !== DASH)
            return false;
    }
    if (i === end)
        return false;
    let labelStart = i + 1;
    for (let j = labelStart;; j++) {
        const c = j < end ? text.charCodeAt(j) : 0x2e;
        if (c === 0x2e) {
            const length = j - labelStart;
            if (length < 1 || length > 63 || text.charCodeAt(labelStart) === DASH || text.charCodeAt(j - 1) === DASH)
                return false;
            if (j >= end)
                return true;
            labelStart = j + 1;
        }
        else if (!isAlphanumeric(c) && c !== DASH)
            return false;
    }
}
/** The StringSet hash of the emailKey of the email from `p` to `end` (an ASCII email). */
function keyHash(text, p, end, v) {
    v.upper = false;
    let hash = HASH_START;
    for (let i = p; i < end; i++) {
        let c = text.charCodeAt(i);
        if (c >= 0x41 && c <= 0x5a) {
            v.upper = true;
            c += 0x20;
        }
        hash = hashStep(hash, c);
    }
    return hash;
}
/** The roster, or null when the text is not in the plain layout or holds anything to report. */
function readPlainRoster(text, file) {
    const v = { start: -1, end: -1, upper: false };
    const seen = new Set();
    let organization = null;
    let defaultRole;
    let section = null;
    let indent = -1;
    const members = [];
    const ignore = [];
    /** Members that took the default role before `defaults:` was read (it may come last). */
    const provisional = [];
    const emails = new StringSet();
    const ids = new Set();
    // The item being read: its keys so far, one bit each.
    let open = false;
    let itemLine = 0;
    let itemColumn = 0;
    let keys = 0;
    let email = null;
    let emailHash = 0;
    let id = null;
    let role;
    let offboard = false;
    // Consecutive members usually name the same role word: its code is looked up once.
    let lastRoleWord = '';
    let lastRole;
    /** Closes the open item; false for what parseRoster would report (no user, two, a repeat). */
    const close = () => {
        if (!open)
            return true;
        open = false;
        if ((email === null) === (id === null))
            return false;
        if (email !== null) {
            if (!emails.add(email, emailHash))
                return false;
        }
        else {
            if (ids.has(id))
                return false;
            ids.add(id);
        }
        if (section === 'ignore') {
            ignore.push({ email, id, line: itemLine, column: itemColumn });
            return true;
        }
        const entry = { email, id, role: role ?? defaultRole ?? 'AN', offboard, line: itemLine, column: itemColumn };
        if (role === undefined && !seen.has('defaults'))
            provisional.push(entry);
        else if (offboard && entry.role !== 'DI' && entry.role !== 'NO')
            return false;
        members.push(entry);
        return true;
    };
    const roleAt = (p, end) => {
        if (end - p !== lastRoleWord.length || !text.startsWith(lastRoleWord, p)) {
            lastRoleWord = text.slice(p, end);
            lastRole = ROLE_WORD.test(lastRoleWord) ? (0,roles/* parseRole */.gP)(lastRoleWord) : undefined;
        }
        return lastRole;
    };
    let lineNo = 0;
    for (let from = 0; from < text.length;) {
        const newline = text.indexOf('\n', from);
        const next = newline === -1 ? text.length : newline;
        // A line break is LF or CRLF, as for YAML; a CR anywhere else is refused below.
        const end = newline > from && text.charCodeAt(newline - 1) === CR ? newline - 1 : next;
        const start = from;
        from = next + 1;
        lineNo++;
        let p = start;
        while (p < end && text.charCodeAt(p) === SPACE)
            p++;
        const first = p < end ? text.charCodeAt(p) : -1;
        if (first === -1)
            continue;
        if (first === HASH) {
            if (isComment(text, p, end))
                continue;
            return null;
        }
        if (p === start && first !== DASH) {
            const colon = keyEnd(text, p, end);
            if (colon === -1 || !valueAt(text, colon + 1, end, v) || !close())
                return null;
            const key = text.slice(p, colon);
            if (!TOP_KEYS.has(key) || seen.has(key))
                return null;
            seen.add(key);
            indent = -1;
            section = null;
            if (key === 'version') {
                if (v.start === -1 || v.end - v.start !== 1 || text.charCodeAt(v.start) !== 0x31)
                    return null;
            }
            else if (key === 'organization') {
                if (v.start === -1 || (organization = idAt(text, v.start, v.end)) === -1)
                    return null;
            }
            else {
                if (v.start !== -1)
                    return null;
                section = key;
            }
            continue;
        }
        if (section === 'defaults') {
            const colon = keyEnd(text, p, end);
            if (colon === -1 || !isKey(text, p, colon, 'role') || defaultRole !== undefined)
                return null;
            if (!valueAt(text, colon + 1, end, v) || v.start === -1)
                return null;
            defaultRole = roleAt(v.start, v.end);
            if (defaultRole === undefined)
                return null;
            continue;
        }
        if (section === null)
            return null;
        let keyStart = p;
        if (first === DASH) {
            // `- key:` with exactly one space after the dash.
            if (p + 1 >= end || text.charCodeAt(p + 1) !== SPACE)
                return null;
            const width = p - start;
            if (indent === -1)
                indent = width;
            else if (width !== indent)
                return null;
            if (!close())
                return null;
            open = true;
            itemLine = lineNo;
            itemColumn = indent + 3;
            keys = 0;
            email = null;
            id = null;
            role = undefined;
            offboard = false;
            keyStart = p + 2;
        }
        else if (!open || p - start !== indent + 2)
            return null;
        const colon = keyEnd(text, keyStart, end);
        if (colon === -1 || !valueAt(text, colon + 1, end, v) || v.start === -1)
            return null;
        let bit;
        if (isKey(text, keyStart, colon, 'email')) {
            if (!isPlainEmail(text, v.start, v.end))
                return null;
            const word = text.slice(v.start, v.end);
            emailHash = keyHash(text, v.start, v.end, v);
            email = v.upper ? (0,identity/* emailKey */.c8)(word) : word;
            bit = 1;
        }
        else if (isKey(text, keyStart, colon, 'id')) {
            id = idAt(text, v.start, v.end);
            if (id === -1)
                return null;
            bit = 2;
        }
        else if (isKey(text, keyStart, colon, 'role') && section === 'members') {
            role = roleAt(v.start, v.end);
            if (role === undefined)
                return null;
            bit = 4;
        }
        else if (isKey(text, keyStart, colon, 'offboard') && section === 'members') {
            if (isKey(text, v.start, v.end, 'true'))
                offboard = true;
            else if (!isKey(text, v.start, v.end, 'false'))
                return null;
            bit = 8;
        }
        else
            return null;
        if ((keys & bit) !== 0)
            return null;
        keys |= bit;
    }
    if (!close() || !seen.has('version') || !seen.has('members') || (seen.has('defaults') && defaultRole === undefined))
        return null;
    if (members.length === 0 || (seen.has('ignore') && ignore.length === 0))
        return null;
    for (const entry of provisional) {
        if (defaultRole !== undefined)
            entry.role = defaultRole;
        if (entry.offboard && entry.role !== 'DI' && entry.role !== 'NO')
            return null;
    }
    return { file, organization, defaultRole: defaultRole ?? 'AN', members, ignore };
}

;// CONCATENATED MODULE: ./lib/files/text-file.js
/**
 * Decodes a file the action reads (roster, ledger) as strict UTF-8 under a size limit.
 * Strict because a lenient decoder silently turns a bad byte into U+FFFD: the roster would
 * then name a user who does not exist and the ledger's hash chain would verify other bytes
 * than the ones on disk. A byte-order mark is kept, so callers decide what it means.
 */
function decodeTextFile(source, file, limit) {
    const size = typeof source === 'string' ? Buffer.byteLength(source, 'utf8') : source.byteLength;
    if (size > limit.bytes) {
        return {
            problem: {
                file,
                line: 1,
                column: 1,
                message: `the ${limit.what} is ${formatSize(size)}, over the ${formatSize(limit.bytes)} limit; ` +
                    `check that ${file} is the right file`,
            },
        };
    }
    if (typeof source === 'string')
        return { text: source };
    try {
        return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(source) };
    }
    catch {
        const at = Math.max(0, firstInvalidUtf8(source));
        const lineStart = at === 0 ? 0 : source.lastIndexOf(0x0a, at - 1) + 1;
        let line = 1;
        for (let i = 0; i < lineStart; i++)
            if (source[i] === 0x0a)
                line++;
        const before = new TextDecoder('utf-8').decode(source.subarray(lineStart, at));
        const hex = (source[at] ?? 0).toString(16).padStart(2, '0');
        return {
            problem: {
                file,
                line,
                column: before.length + 1,
                message: `byte 0x${hex} is not valid UTF-8; the ${limit.what} must be UTF-8 text — ${limit.fix}`,
            },
        };
    }
}
/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence (Unicode table 3-7). */
function firstInvalidUtf8(bytes) {
    let i = 0;
    while (i < bytes.length) {
        const c = bytes[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        let trailing;
        let lo = 0x80;
        let hi = 0xbf;
        if (c >= 0xc2 && c <= 0xdf)
            trailing = 1;
        else if (c >= 0xe0 && c <= 0xef) {
            trailing = 2;
            if (c === 0xe0)
                lo = 0xa0;
            else if (c === 0xed)
                hi = 0x9f; // surrogates
        }
        else if (c >= 0xf0 && c <= 0xf4) {
            trailing = 3;
            if (c === 0xf0)
                lo = 0x90;
            else if (c === 0xf4)
                hi = 0x8f; // above U+10FFFF
        }
        else
            return i;
        for (let k = 1; k <= trailing; k++) {
            const d = bytes[i + k];
            const min = k === 1 ? lo : 0x80;
            const max = k === 1 ? hi : 0xbf;
            if (d === undefined || d < min || d > max)
                return i;
        }
        i += trailing + 1;
    }
    return -1;
}
function formatSize(bytes) {
    if (bytes >= 1024 * 1024)
        return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MiB`;
    if (bytes >= 1024)
        return `${(bytes / 1024).toFixed(1).replace(/\.0$/, '')} KiB`;
    return `${bytes} bytes`;
}
/** Keeps a flood of problems (a file that is not what it claims) readable as annotations. */
function capProblems(problems, max = 50) {
    if (problems.length <= max)
        return problems;
    const kept = problems.slice(0, max);
    const last = kept[kept.length - 1];
    kept.push({ ...last, message: `…and ${problems.length - max} more problems not shown; fix the ones above first` });
    return kept;
}

;// CONCATENATED MODULE: ./lib/files/roster.js







/** Kept literal until the action is published under its owner. */
const SCHEMA_REPOSITORY = 'YOUR-ORG/label-studio-roster-sync';
const SCHEMA_URL = `https://raw.githubusercontent.com/${SCHEMA_REPOSITORY}/main/schema/members.schema.json`;
/**
 * About 240,000 members in the plain layout (0.3 s). A file this size in another layout goes
 * through the YAML library: about 6 s and a gigabyte of memory, still within a hosted runner.
 */
const MAX_BYTES = 8 * 1024 * 1024;
/** A roster is four levels deep; the limit only stops hostile nesting before the recursive composer. */
const MAX_DEPTH = 20;
// ---------------------------------------------------------------------------------------------
// The document schema. Error callbacks word each message for the person editing the file; the
// JSON Schema ignores them and takes the descriptions, so editors and this parser agree.
const normaliseRole = (s) => s.toLowerCase().replace(/[\s_-]+/g, '');
const ROLE_WORDS = [...roles/* ROLE_CODES */.ch, ...roles/* ROLE_CODES */.ch.map((c) => roles/* ROLE_NAMES */.ST[c]), 'admin'].filter((w) => (0,roles/* parseRole */.gP)(w) !== undefined);
/** What parseRole accepts, as a regex an editor can check without our code. */
const ROLE_PATTERN = '^[\\s_-]*(?:' +
    ROLE_WORDS.map((w) => [...normaliseRole(w)].map((ch) => (/[a-z]/.test(ch) ? `[${ch}${ch.toUpperCase()}]` : ch)).join('[\\s_-]*')).join('|') +
    ')[\\s_-]*$';
const Role = schemas/* string */.YjP({ error: (iss) => roleMessage(iss.input) })
    .refine((s) => (0,roles/* parseRole */.gP)(s) !== undefined, { error: (iss) => roleMessage(iss.input) })
    .meta({
    description: `A role code or name, any case: ${(0,roles/* describeRoles */.hI)()}.`,
    pattern: ROLE_PATTERN,
    examples: roles/* ROLE_CODES */.ch.map((c) => roles/* ROLE_NAMES */.ST[c]),
});
const Email = schemas/* string */.YjP({ error: (iss) => emailMessage(iss.input) })
    .trim()
    // Checked first and alone: a megabyte "email" needs no second opinion from the pattern.
    .max(identity/* MAX_EMAIL_LENGTH */.Bb, { error: (iss) => emailLengthMessage(iss.input), abort: true })
    .regex(regexes/* html5Email */.x4, { error: (iss) => emailMessage(iss.input) })
    .meta({
    format: 'email',
    description: "The user's Label Studio email, at most 254 characters; compared ignoring the case of the letters A-Z only.",
});
const UserId = schemas/* number */.aig({ error: (iss) => idMessage(iss.input) })
    .int({ error: (iss) => idMessage(iss.input) })
    .positive({ error: (iss) => idMessage(iss.input) })
    .meta({ description: 'A Label Studio user id, for a user without an email.' });
const Offboard = schemas/* boolean */.zMY({
    error: (iss) => `offboard must be true or false, found ${show(iss.input)}` +
        (typeof iss.input === 'string' && /^(yes|no|on|off|y|n)$/i.test(iss.input)
            ? '; YAML 1.2 reads yes/no/on/off as text, write true or false'
            : ''),
})
    .meta({
    description: 'Security first: release the seat now instead of after the minimum seat period. Only with role deactivated or not-activated.',
});
const EXAMPLE_USER = '`- email: alice@example.com` (or `- id: 1234`)';
const Member = schemas/* strictObject */.rej({ email: Email.optional(), id: UserId.optional(), role: Role.optional(), offboard: Offboard.optional() }, { error: (iss) => entryMessage('member', iss.input, 'email or id, and optionally role and offboard') })
    .meta({
    description: 'One user: by email, or by id when the user has no email.',
    oneOf: [{ required: ['email'] }, { required: ['id'] }],
});
const IgnoreEntry = schemas/* strictObject */.rej({ email: Email.optional(), id: UserId.optional() }, { error: (iss) => entryMessage('ignore entry', iss.input, 'email or id') })
    .meta({
    description: 'A user this action never touches and never reports as unmanaged.',
    oneOf: [{ required: ['email'] }, { required: ['id'] }],
});
const RosterDocument = schemas/* strictObject */.rej({
    version: schemas/* literal */.euz(1, {
        error: (iss) => iss.input === undefined
            ? 'version is missing; add `version: 1` as the first line'
            : `version must be 1, found ${show(iss.input)}; this action reads roster version 1`,
    })
        .meta({ description: 'Roster format version; always 1.' }),
    organization: schemas/* number */.aig({ error: (iss) => organizationMessage(iss.input) })
        .int({ error: (iss) => organizationMessage(iss.input) })
        .positive({ error: (iss) => organizationMessage(iss.input) })
        .optional()
        .meta({
        description: "The Label Studio organization id. The `organization-id` input wins; absent both, the token user's active organization.",
    }),
    defaults: schemas/* strictObject */.rej({
        role: Role.optional().meta({
            description: `Role of members who name none; annotator when absent. A role code or name, any case: ${(0,roles/* describeRoles */.hI)()}.`,
        }),
    }, { error: (iss) => `defaults must be a mapping such as \`defaults: {role: annotator}\`, found ${show(iss.input)}` })
        .optional()
        .meta({ description: 'Values for members who leave them out.' }),
    members: schemas/* array */.YOg(Member, {
        error: (iss) => iss.input === undefined
            ? `members is missing; add \`members:\` with one ${EXAMPLE_USER} line per user`
            : `members must be a list with one ${EXAMPLE_USER} line per user, found ${show(iss.input)}; write \`members: []\` for none`,
    })
        .meta({ description: 'Everyone whose role this action manages.' }),
    ignore: schemas/* array */.YOg(IgnoreEntry, {
        error: (iss) => `ignore must be a list with one ${EXAMPLE_USER} line per user, found ${show(iss.input)}; write \`ignore: []\` or remove the key`,
    })
        .optional()
        .meta({ description: 'Users never touched and never reported as unmanaged (bots, the owner).' }),
}, {
    error: (iss) => `the roster must be a mapping with \`version: 1\` and \`members:\`, found ${show(iss.input)}`,
})
    .meta({
    $id: SCHEMA_URL,
    title: 'Label Studio Roster Sync roster (members.yaml)',
    description: 'The members and roles of a Label Studio Enterprise organization, kept equal to this file by the label-studio-roster-sync action.',
});
const EXPECTED_KEYS = {
    root: Object.keys(RosterDocument.shape),
    defaults: ['role'],
    members: Object.keys(Member.shape),
    ignore: Object.keys(IgnoreEntry.shape),
};
/** Draft-07, the draft editors' YAML language servers support best; identity keys first for readers. */
function rosterJsonSchema() {
    const { $schema, $id, title, description, ...rest } = z.toJSONSchema(RosterDocument, { target: 'draft-7' });
    return { $schema, $id, title, description, ...rest };
}
/** The `email` rule of the roster, for writers (the export) that must produce a valid one. */
function isRosterEmail(email) {
    return Email.safeParse(email).success;
}
/** Collects problems with positions; one per file parse. */
class Report {
    problems = [];
    /** Nodes already blamed for their form (alias, tag), so the schema does not blame them twice. */
    flagged = new WeakSet();
    file;
    lines;
    constructor(file, lines) {
        this.file = file;
        this.lines = lines;
    }
    at(offset, message) {
        const { line, col } = this.lines.linePos(offset);
        this.problems.push({ file: this.file, line, column: col, message });
    }
    atNode(node, message) {
        this.at(node?.range?.[0] ?? 0, message);
    }
    position(node) {
        const { line, col } = this.lines.linePos(node.range?.[0] ?? 0);
        return { line, column: col };
    }
    fail() {
        const sorted = [...this.problems].sort((a, b) => a.line - b.line || a.column - b.column);
        throw new core_problems/* ValidationError */.yI(capProblems(sorted));
    }
}
function parseRoster(source, file) {
    const decoded = decodeTextFile(source, file, { bytes: MAX_BYTES, what: 'roster', fix: 'save it as UTF-8 in your editor' });
    if ('problem' in decoded)
        throw new core_problems/* ValidationError */.yI([decoded.problem]);
    const text = decoded.text.startsWith('\uFEFF') ? decoded.text.slice(1) : decoded.text;
    return readPlainRoster(text, file) ?? parseRosterYaml(text, file);
}
/**
 * The roster read with the YAML library: every roster the plain reader does not take, and the
 * only path that reports problems. Exported for the test that holds the two paths to one answer.
 */
function parseRosterYaml(text, file) {
    // Line starts come from the text itself: the parser's newline callback skips a line in some
    // malformed input, which would point an annotation at the wrong line.
    const lines = new dist/* LineCounter */.HN();
    lines.addNewLine(0);
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1))
        lines.addNewLine(i + 1);
    const report = new Report(file, lines);
    const doc = compose(text, report);
    if (!doc)
        return report.fail();
    if (!doc.contents) {
        report.at(0, 'the roster is empty; start it with `version: 1` and a `members:` list');
        return report.fail();
    }
    const root = toPlain(doc.contents, report);
    const parsed = RosterDocument.safeParse(root.value);
    if (!parsed.success) {
        for (const issue of parsed.error.issues)
            locateIssue(issue, root.loc, report);
    }
    const roster = checkEntries(root.value, root.loc, parsed.success, report, file);
    if (report.problems.length > 0)
        report.fail();
    return roster;
}
/**
 * parseDocument, split open: the CST is built first (iteratively) so that nesting can be bounded
 * before the composer, which recurses and would overflow the stack on `[[[[…`.
 */
function compose(text, report) {
    let docs;
    try {
        const tokens = Array.from(new dist/* Parser */.iX().parse(text));
        const tooDeep = findTooDeep(tokens);
        if (tooDeep !== null) {
            report.at(tooDeep, `nesting deeper than ${MAX_DEPTH} levels; a roster is only a few levels deep — check the brackets and indentation`);
            return null;
        }
        const composer = new dist/* Composer */.Dk({
            version: '1.2',
            schema: 'core',
            merge: false,
            uniqueKeys: true,
            intAsBigInt: false,
            prettyErrors: false,
        });
        docs = Array.from(composer.compose(tokens, true, text.length));
    }
    catch (error) {
        report.at(0, `the YAML parser failed: ${error instanceof Error ? error.message : String(error)}`);
        return null;
    }
    const doc = docs[0];
    if (!doc) {
        report.at(0, 'the roster is empty; start it with `version: 1` and a `members:` list');
        return null;
    }
    const second = docs[1];
    if (second) {
        report.at(second.range[0], 'a second YAML document starts here; a roster is one document — remove the `---` line and merge the two');
    }
    let fatal = second !== undefined;
    for (const e of doc.errors) {
        report.at(e.pos[0], yamlMessage(e, text));
        if (e.code !== 'DUPLICATE_KEY')
            fatal = true;
    }
    // Tags and aliases get their own, clearer problem from toPlain.
    const covered = new Set(['TAG_RESOLVE_FAILED', 'BAD_COLLECTION_TYPE', 'BAD_ALIAS']);
    for (const w of doc.warnings)
        if (!covered.has(w.code))
            report.at(w.pos[0], yamlMessage(w, text));
    return fatal ? null : doc;
}
function yamlMessage(e, text) {
    const what = e.message.replace(/ at line \d+, column \d+:?[\s\S]*$/, '');
    switch (e.code) {
        case 'DUPLICATE_KEY': {
            const key = /^(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*'|[^:\n]*)/.exec(text.slice(e.pos[0], e.pos[0] + 200))?.[0].trim();
            return `duplicate key ${show(key)}; a key may appear once in each mapping — remove one of them`;
        }
        case 'TAB_AS_INDENT':
            return 'a tab is used for indentation; YAML indents with spaces — replace the tab with spaces';
        case 'MULTIPLE_DOCS':
            return 'a second YAML document starts here; a roster is one document — remove the `---` line and merge the two';
        default:
            return `YAML syntax error: ${what}; check the indentation and quoting here (quote values that contain ': ' or ' #')`;
    }
}
/** Offset of the first collection nested deeper than MAX_DEPTH, walking the CST without recursion. */
function findTooDeep(tokens) {
    // Only collections are pushed, on two parallel stacks rather than as a record per node: the
    // walk covers every entry of a large roster.
    const stack = [];
    const depths = [];
    for (const token of tokens) {
        if (token.type === 'document' && token.value && isCollectionToken(token.value)) {
            stack.push(token.value);
            depths.push(0);
        }
    }
    while (stack.length > 0) {
        const token = stack.pop();
        const depth = depths.pop() + 1;
        if (depth > MAX_DEPTH)
            return token.offset;
        for (const item of token.items) {
            if (item.key && isCollectionToken(item.key)) {
                stack.push(item.key);
                depths.push(depth);
            }
            if (item.value && isCollectionToken(item.value)) {
                stack.push(item.value);
                depths.push(depth);
            }
        }
    }
    return null;
}
function isCollectionToken(token) {
    return token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection';
}
/**
 * The document as plain JS, with a side index back to the nodes. Built by hand rather than with
 * toJS so aliases never expand (a billion-laughs costs nothing) and no tag resolves to a
 * non-JSON value.
 */
function toPlain(node, report) {
    if (!node)
        return { value: null, loc: undefined };
    const loc = { node };
    if ((0,dist/* isAlias */.Vj)(node)) {
        report.atNode(node, `aliases (*${clip(node.source)}) are not allowed in a roster; write the value out in full`);
        report.flagged.add(node);
        return { value: undefined, loc };
    }
    if ('anchor' in node && typeof node.anchor === 'string' && node.anchor) {
        report.atNode(node, `anchors (&${clip(node.anchor)}) are not allowed in a roster; remove the anchor`);
    }
    if (node.tag) {
        report.atNode(node, `YAML tags (${clip(shortTag(node.tag))}) are not allowed in a roster; remove the tag and write a plain value`);
        report.flagged.add(node);
    }
    if ((0,dist/* isScalar */.jn)(node)) {
        const v = node.value;
        const plain = v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
        return { value: plain ? v : undefined, loc };
    }
    if ((0,dist/* isSeq */.oP)(node)) {
        const value = [];
        loc.children = new Map();
        node.items.forEach((item, i) => {
            const child = toPlain(item, report);
            value.push(child.value);
            if (child.loc)
                loc.children.set(i, child.loc);
        });
        return { value, loc };
    }
    if ((0,dist/* isMap */.jh)(node)) {
        const value = {};
        loc.children = new Map();
        for (const pair of node.items) {
            const keyNode = pair.key;
            if (keyNode && !(0,dist/* isScalar */.jn)(keyNode)) {
                report.atNode(keyNode, 'a key must be a plain word such as email or role; remove the brackets');
                continue;
            }
            const key = keyNode ? String(keyNode.value) : 'null';
            if (Object.hasOwn(value, key))
                continue; // a duplicate, already reported by the parser
            const child = toPlain(pair.value, report);
            // defineProperty: a key named __proto__ must stay a key, not replace the prototype.
            Object.defineProperty(value, key, { value: child.value, enumerable: true, writable: true, configurable: true });
            loc.children.set(key, { node: child.loc?.node ?? keyNode ?? node, key: keyNode ?? undefined, children: child.loc?.children });
        }
        return { value, loc };
    }
    return { value: undefined, loc };
}
function shortTag(tag) {
    return tag.replace(/^tag:yaml\.org,2002:/, '!!');
}
function locateIssue(issue, rootLoc, report) {
    let loc = rootLoc;
    let reached = true;
    for (const segment of issue.path) {
        const next = loc?.children?.get(segment);
        if (!next) {
            reached = false;
            break;
        }
        loc = next;
    }
    if (issue.code === 'unrecognized_keys' && reached) {
        const expected = EXPECTED_KEYS[sectionOf(issue.path)] ?? [];
        for (const key of issue.keys) {
            const keyLoc = loc?.children?.get(key);
            const suggestion = closest(key, expected);
            report.atNode(keyLoc?.key ?? keyLoc?.node ?? loc?.node, `unknown key ${show(key)}; expected one of ${expected.join(', ')}` +
                (suggestion ? ` (did you mean '${suggestion}'?)` : ''));
        }
        return;
    }
    if (reached && loc && report.flagged.has(loc.node))
        return;
    report.atNode(loc?.node, issue.message);
}
function sectionOf(path) {
    if (path.length === 0)
        return 'root';
    return String(path[0]);
}
/** Per-entry rules the schema cannot state: who is named, offboarding, and naming a user twice. */
function checkEntries(raw, rootLoc, schemaPassed, report, file) {
    // Once the schema has passed the whole document, an email or id that is there is valid: a
    // second check of each would cost as much as the schema did.
    const emailOf = (v) => (typeof v === 'string' && (schemaPassed || Email.safeParse(v).success) ? (0,identity/* emailKey */.c8)(v.trim()) : null);
    const idOf = (v) => (typeof v === 'number' && (schemaPassed || UserId.safeParse(v).success) ? v : null);
    const doc = isRecord(raw) ? raw : {};
    const defaultsRole = isRecord(doc.defaults) && typeof doc.defaults.role === 'string' ? (0,roles/* parseRole */.gP)(doc.defaults.role) : undefined;
    const defaultRole = defaultsRole ?? 'AN';
    const organization = UserId.safeParse(doc.organization);
    const named = [];
    const members = [];
    const ignore = [];
    for (const section of ['members', 'ignore']) {
        const list = doc[section];
        const listLoc = rootLoc?.children?.get(section);
        if (!Array.isArray(list) || !listLoc)
            continue;
        list.forEach((item, i) => {
            const entryLoc = listLoc.children?.get(i);
            if (!isRecord(item) || !entryLoc)
                return;
            const hasEmail = Object.hasOwn(item, 'email');
            const hasId = Object.hasOwn(item, 'id');
            const what = section === 'members' ? 'this member' : 'this ignore entry';
            if (!hasEmail && !hasId) {
                report.atNode(entryLoc.node, `${what} names no user; add \`email: …\` (or \`id: …\` for a user without an email)`);
            }
            else if (hasEmail && hasId) {
                report.atNode(entryLoc.node, `${what} names both email and id; keep one — the email, or the id for a user without one`);
            }
            const position = report.position(entryLoc.node);
            const identity = { email: hasEmail ? emailOf(item.email) : null, id: hasId ? idOf(item.id) : null };
            if (identity.email !== null || identity.id !== null) {
                const at = (identity.email !== null ? entryLoc.children?.get('email') : entryLoc.children?.get('id'))?.node;
                named.push({ section, ...identity, at: at ?? entryLoc.node, entry: entryLoc });
            }
            if (section === 'ignore') {
                ignore.push({ ...identity, ...position });
                return;
            }
            const ownRole = typeof item.role === 'string' ? (0,roles/* parseRole */.gP)(item.role) : undefined;
            const role = item.role === undefined ? defaultRole : ownRole;
            if (role === undefined)
                return; // reported by the schema
            const offboard = item.offboard === true;
            if (offboard && role !== 'DI' && role !== 'NO') {
                const source = item.role === undefined ? ' (from defaults.role)' : '';
                report.atNode(entryLoc.children?.get('offboard')?.node ?? entryLoc.node, `offboard: true releases the seat at once, so the role must be deactivated (DI) or not-activated (NO), ` +
                    `not ${role} (${roles/* ROLE_NAMES */.ST[role]})${source}; set \`role: deactivated\` or remove offboard`);
            }
            members.push({ ...identity, role, offboard, ...position });
        });
    }
    checkNamedOnce(named, report);
    return {
        file,
        organization: organization.success ? organization.data : null,
        defaultRole,
        members,
        ignore,
    };
}
function checkNamedOnce(named, report) {
    const inFileOrder = [...named].sort((a, b) => (a.at.range?.[0] ?? 0) - (b.at.range?.[0] ?? 0));
    const byEmail = new Map();
    const byId = new Map();
    for (const entry of inFileOrder) {
        const first = (entry.email !== null ? byEmail.get(entry.email) : undefined) ?? (entry.id !== null ? byId.get(entry.id) : undefined);
        if (first) {
            const who = entry.email !== null && first.email === entry.email ? entry.email : `user id ${entry.id}`;
            const line = report.position(first.entry.node).line;
            report.atNode(entry.at, first.section === entry.section
                ? `${who} is already listed in ${first.section} at line ${line}; list each user once — remove one of the two`
                : `${who} is in ${first.section} at line ${line} and again in ${entry.section}; a user is either managed (members) or left alone (ignore) — remove one of the two`);
            continue;
        }
        if (entry.email !== null)
            byEmail.set(entry.email, entry);
        if (entry.id !== null)
            byId.set(entry.id, entry);
    }
}
// ---------------------------------------------------------------------------------------------
// Message helpers.
function isRecord(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
/** A value as the person who wrote it would recognise it; a long one by its start and its length. */
function show(v) {
    if (v === undefined || v === null)
        return 'nothing';
    if (typeof v === 'string') {
        const cut = v.length > 60 ? `${v.slice(0, 57)}…` : v;
        const quoted = `'${cut.replace(/\n/g, '\\n')}'`;
        return v.length > 60 ? `${quoted} (${v.length} characters)` : quoted;
    }
    if (typeof v === 'number' || typeof v === 'boolean')
        return String(v);
    if (Array.isArray(v))
        return 'a list';
    return 'a mapping';
}
/** A name from the file (anchor, alias, tag) inside a message: its start, and its length when cut. */
function clip(name) {
    return name.length > 60 ? `${name.slice(0, 57)}… (${name.length} characters)` : name;
}
function roleMessage(input) {
    const head = typeof input === 'string' ? `unknown role ${show(input)}` : `role must be a role code or name, found ${show(input)}`;
    return `${head}; use one of ${(0,roles/* describeRoles */.hI)()} (codes or names, any case)`;
}
function emailMessage(input) {
    if (typeof input === 'string') {
        return `${show(input)} is not an email address; write the user's Label Studio email, e.g. alice@example.com`;
    }
    return (`email must be an email address, found ${show(input)}` +
        (typeof input === 'number' ? `; to name a user by Label Studio id write \`id: ${input}\`` : ''));
}
function emailLengthMessage(input) {
    const length = typeof input === 'string' ? input.trim().length : 0;
    return (`this email is ${length} characters long, over the ${identity/* MAX_EMAIL_LENGTH */.Bb} an email address can have (RFC 5321): ${show(input)}; ` +
        "write the user's Label Studio email, e.g. alice@example.com");
}
function idMessage(input) {
    return (`id must be a positive whole number (a Label Studio user id), found ${show(input)}` +
        (typeof input === 'string' && /^\s*\d+\s*$/.test(input) ? '; remove the quotes' : ''));
}
function organizationMessage(input) {
    return `organization must be a positive whole number (the Label Studio organization id), found ${show(input)}`;
}
function entryMessage(what, input, keys) {
    const hint = typeof input === 'string' && input.includes('@') && input.length <= identity/* MAX_EMAIL_LENGTH */.Bb
        ? `; write \`- email: ${input}\``
        : typeof input === 'number'
            ? `; write \`- id: ${input}\``
            : '';
    return `each ${what} is a mapping with ${keys}, found ${show(input)}${hint}`;
}
function closest(word, candidates) {
    let best;
    let bestDistance = 3;
    for (const c of candidates) {
        const d = editDistance(word.toLowerCase(), c);
        if (d < bestDistance) {
            best = c;
            bestDistance = d;
        }
    }
    return best;
}
function editDistance(a, b) {
    if (Math.abs(a.length - b.length) > 2)
        return 3;
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        for (let j = 1; j <= b.length; j++) {
            current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        }
        previous = current;
    }
    return previous[b.length];
}

;// CONCATENATED MODULE: ./lib/files/roster-writer.js




/**
 * Where the roster's JSON Schema lives for the action this run is: the runner names the action's
 * repository and ref (a tag, a branch or a commit) in GITHUB_ACTION_REPOSITORY and
 * GITHUB_ACTION_REF. Null when it does not name both (the command line, a local `uses: ./`).
 */
function schemaUrlFor(actionRepository, actionRef) {
    if (!actionRepository || !actionRef)
        return null;
    return `https://raw.githubusercontent.com/${actionRepository}/${actionRef}/schema/members.schema.json`;
}
/**
 * The live organization as a new roster (export mode, no roster yet). Deterministic, so
 * re-exporting an unchanged organization leaves the file byte-for-byte equal and the diff of a
 * real change stays small. A user is written by email unless that email could not name them in
 * a roster: missing, not an email the roster accepts, or shared with another user (by
 * `emailKey`). Then by id.
 */
function renderRoster(input, schemaUrl = SCHEMA_URL) {
    const identify = identifier([...input.members, ...input.ignore].map((u) => u.email));
    const members = sortUsers(input.members.map((m) => ({ ...identify(m), role: m.role })));
    const ignore = sortUsers(input.ignore.map(identify));
    const doc = new dist/* Document */.yo({
        version: 1,
        organization: input.organization,
        members,
        ...(ignore.length > 0 ? { ignore } : {}),
    });
    doc.commentBefore =
        ` yaml-language-server: $schema=${schemaUrl}\n` +
            ` Exported from Label Studio organization ${input.organization} by label-studio-roster-sync.`;
    return doc.toString({ lineWidth: 0 });
}
/**
 * How a user is named in a roster: by email when the email is usable and named by nobody else
 * among `emails` (compared by `emailKey`), else by id.
 */
function identifier(emails) {
    const seen = new Map();
    for (const e of emails) {
        const email = usableEmail(e);
        if (email !== null)
            seen.set(email, (seen.get(email) ?? 0) + 1);
    }
    return (u) => {
        const email = usableEmail(u.email);
        return email !== null && seen.get(email) === 1 ? { email } : { id: u.id };
    };
}
/** Every note export writes starts so, and export removes every such line before writing the current ones. */
const KEPT_NOTE = '# kept by export: ';
/**
 * Edits an existing, valid roster in place: the text between the edits stays as it was (comments,
 * order, alignment, `defaults`, role spellings), so an export with nothing drifted returns the
 * same bytes. The YAML library locates every node; the edits are splices of the original text,
 * since re-serialising the document would re-align comments and re-quote values. A roster that
 * writes `members` or `ignore` as a flow list (`[{email: …}]`) with entries in it is edited
 * through the document instead, which may reformat those lists.
 */
function editRoster(text, edits) {
    const doc = (0,dist/* parseDocument */.Tp)(text);
    const members = doc.get('members', true);
    const ignore = doc.get('ignore', true);
    if (!(0,dist/* isSeq */.oP)(members))
        throw new Error('editRoster: the roster has no members list; check it with parseRoster first');
    const style = roleStyle(doc, members);
    const flowWithItems = (seq) => (0,dist/* isSeq */.oP)(seq) && seq.flow === true && seq.items.length > 0;
    if (flowWithItems(members) || flowWithItems(ignore))
        return editDocument(doc, members, edits, style);
    const splices = [];
    // Notes of an earlier export: the ones that still hold are written again below, in place.
    for (let at = 0; at < text.length;) {
        const end = lineEnd(text, at);
        if (text.slice(at, end).trimStart().startsWith(KEPT_NOTE))
            splices.push({ start: at, end: Math.min(end + 1, text.length), text: '' });
        at = end + 1;
    }
    let remaining = members.items.length;
    members.items.forEach((item, k) => {
        const edit = edits.members.get(k);
        if (!edit || !(0,dist/* isMap */.jh)(item))
            return;
        const start = lineStart(text, item.range[0]);
        const dashIndent = text.slice(start, item.range[0]).replace(/-.*$/, '');
        const keyIndent = ' '.repeat(item.range[0] - start);
        const pairs = item.items;
        const last = lineEnd(text, pairs[pairs.length - 1].value.range[1]);
        if (edit.kind === 'remove') {
            splices.push({ start, end: Math.min(last + 1, text.length), text: '' });
            remaining--;
        }
        else if (edit.kind === 'keep') {
            splices.push({ start, end: start, text: `${dashIndent}${KEPT_NOTE}${edit.note}\n` });
        }
        else {
            const role = pairs.find((p) => p.key.value === 'role');
            if (role) {
                const [from, to] = role.value.range;
                splices.push({ start: from, end: to, text: spellRole(edit.role, String(role.value.value)) });
            }
            else {
                splices.push(afterLine(text, last, `${keyIndent}role: ${spellRole(edit.role, style)}`));
            }
            const offboard = pairs.find((p) => p.key.value === 'offboard');
            if (offboard && edit.role !== 'DI' && edit.role !== 'NO') {
                const from = lineStart(text, offboard.key.range[0]);
                splices.push({ start: from, end: lineEnd(text, offboard.value.range[1]) + 1, text: '' });
            }
        }
    });
    const addedMembers = edits.addMembers.map((m) => entryLines(m, style));
    if (remaining === 0 && addedMembers.length === 0 && members.items.length > 0) {
        // Every entry went: an empty block list would read as null, which no roster allows.
        const keyEnd = doc.contents.items.find((p) => (0,dist/* isScalar */.jn)(p.key) && p.key.value === 'members').key;
        const colon = text.indexOf(':', keyEnd.range[1]);
        const lastItem = members.items[members.items.length - 1];
        const lastPairs = lastItem.items;
        splices.length = 0; // the list goes as a whole
        splices.push({ start: colon + 1, end: lineEnd(text, lastPairs[lastPairs.length - 1].value.range[1]), text: ' []' });
    }
    appendEntries(text, members, addedMembers, splices);
    const addedIgnore = edits.addIgnore.map((m) => entryLines(m, style));
    if ((0,dist/* isSeq */.oP)(ignore))
        appendEntries(text, ignore, addedIgnore, splices);
    else if (addedIgnore.length > 0) {
        const sep = text.endsWith('\n') || text.length === 0 ? '' : '\n';
        splices.push({ start: text.length, end: text.length, text: `${sep}ignore:\n${addedIgnore.map((e) => indentEntry(e, '  ')).join('\n')}\n` });
    }
    if (edits.schemaUrl !== null) {
        const m = SCHEMA_LINE.exec(text);
        if (m)
            splices.push({ start: m.index + m[1].length, end: m.index + m[0].length, text: edits.schemaUrl });
    }
    return applySplices(text, splices);
}
const SCHEMA_LINE = /^(#\s*yaml-language-server:\s*\$schema=)(\S+)/m;
/** New entries at the end of a block list, indented like its last entry; an empty flow list becomes a block. */
function appendEntries(text, seq, entries, splices) {
    if (entries.length === 0)
        return;
    const last = seq.items[seq.items.length - 1];
    if (seq.flow || !(0,dist/* isMap */.jh)(last)) {
        const [from, , to] = seq.range;
        // `members: []` → a block list under the key.
        const body = entries.map((e) => indentEntry(e, '  ')).join('\n');
        const end = text.slice(from, to).trimEnd().length + from;
        splices.push({ start: from - (text[from - 1] === ' ' ? 1 : 0), end, text: `\n${body}` });
        return;
    }
    const start = lineStart(text, last.range[0]);
    const dashIndent = text.slice(start, last.range[0]).replace(/-.*$/, '');
    const pairs = last.items;
    const at = lineEnd(text, pairs[pairs.length - 1].value.range[1]);
    splices.push(afterLine(text, at, entries.map((e) => indentEntry(e, dashIndent)).join('\n')));
}
function entryLines(user, style) {
    const doc = new dist/* Document */.yo('email' in user ? { email: user.email } : { id: user.id });
    const first = doc.toString({ lineWidth: 0 }).trimEnd();
    return 'role' in user ? [first, `role: ${spellRole(user.role, style)}`] : [first];
}
function indentEntry(lines, dashIndent) {
    return lines.map((l, i) => (i === 0 ? `${dashIndent}- ${l}` : `${dashIndent}  ${l}`)).join('\n');
}
/** The spelling the roster already uses for roles: a code (`AN`) or a name (`annotator`). */
function roleStyle(doc, members) {
    const fromDefaults = doc.getIn(['defaults', 'role']);
    if (typeof fromDefaults === 'string')
        return fromDefaults;
    for (const item of members.items) {
        const role = (0,dist/* isMap */.jh)(item) ? item.get('role') : undefined;
        if (typeof role === 'string')
            return role;
    }
    return 'AN';
}
/** A role in the spelling of `like`: a code when it is one, else the lower-case name. */
function spellRole(role, like) {
    const code = like.trim();
    return /^[a-z]{2}$/i.test(code) && (0,roles/* parseRole */.gP)(code) !== undefined ? role : roles/* ROLE_NAMES */.ST[role];
}
/** The flow-list fallback: the same edits through the document, which re-serialises it. */
function editDocument(doc, members, edits, style) {
    const removed = [];
    members.items.forEach((item, k) => {
        const edit = edits.members.get(k);
        if (!(0,dist/* isMap */.jh)(item))
            return;
        if (typeof item.commentBefore === 'string') {
            item.commentBefore = item.commentBefore
                .split('\n')
                .filter((l) => !`#${l}`.trimStart().startsWith(KEPT_NOTE))
                .join('\n') || undefined;
        }
        if (!edit)
            return;
        if (edit.kind === 'remove')
            removed.push(k);
        else if (edit.kind === 'keep')
            item.commentBefore = `${KEPT_NOTE.slice(1)}${edit.note}`;
        else {
            const current = item.get('role');
            item.set('role', spellRole(edit.role, typeof current === 'string' ? current : style));
            if (edit.role !== 'DI' && edit.role !== 'NO')
                item.delete('offboard');
        }
    });
    for (const k of removed.reverse())
        members.items.splice(k, 1);
    for (const m of edits.addMembers)
        members.add(doc.createNode({ ...m, role: spellRole(m.role, style) }));
    if (edits.addIgnore.length > 0) {
        const ignore = doc.get('ignore', true);
        if ((0,dist/* isSeq */.oP)(ignore))
            for (const u of edits.addIgnore)
                ignore.add(doc.createNode(u));
        else
            doc.set('ignore', doc.createNode(edits.addIgnore));
    }
    let out = doc.toString({ lineWidth: 0 });
    if (edits.schemaUrl !== null)
        out = out.replace(SCHEMA_LINE, (_, head) => `${head}${edits.schemaUrl}`);
    return out;
}
function applySplices(text, splices) {
    // Later first, so earlier offsets stay valid; at one offset, a removal before an insertion, so
    // the insertion is not removed with it.
    const sorted = [...splices].sort((a, b) => b.start - a.start || b.end - a.end);
    let out = text;
    for (const s of sorted)
        out = out.slice(0, s.start) + s.text + out.slice(s.end);
    return out;
}
function lineStart(text, offset) {
    return text.lastIndexOf('\n', offset - 1) + 1;
}
/** The offset of the newline ending the line that holds `offset` (the text's length on the last line). */
function lineEnd(text, offset) {
    const end = text.indexOf('\n', offset);
    return end === -1 ? text.length : end;
}
/**
 * Lines inserted after the line that ends at `end`, as a splice at the next line's start, so it
 * never overlaps the removal of a line before it.
 */
function afterLine(text, end, lines) {
    return end < text.length ? { start: end + 1, end: end + 1, text: `${lines}\n` } : { start: text.length, end: text.length, text: `\n${lines}` };
}
function usableEmail(email) {
    if (email === null)
        return null;
    // Spaces around it would be trimmed by the roster reader and then match no live account.
    if (email !== email.trim())
        return null;
    const normal = (0,identity/* emailKey */.c8)(email);
    return isRosterEmail(normal) ? normal : null;
}
/** By email, then the id-only users by id; plain code-unit order, independent of locale. */
function sortUsers(users) {
    const key = (u) => ('email' in u ? [0, u.email, 0] : [1, '', u.id]);
    return [...users].sort((a, b) => {
        const [ga, ea, ia] = key(a);
        const [gb, eb, ib] = key(b);
        return ga - gb || (ea < eb ? -1 : ea > eb ? 1 : 0) || ia - ib;
    });
}

// EXTERNAL MODULE: external "node:buffer"
var external_node_buffer_ = __webpack_require__(4573);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./lib/core/ledger-event.js


/** One line of the seat ledger (docs/seat-rule.md); reading, verifying and writing the file is files/ledger.ts. */
const isoTime = schemas/* string */.YjP().refine((s) => {
    const t = Date.parse(s);
    return Number.isFinite(t) && new Date(t).toISOString() === s;
}, { error: (iss) => `must be a UTC time in toISOString() form such as 2026-11-20T09:00:00.000Z, found ${JSON.stringify(iss.input)}` });
const LedgerEvent = schemas/* strictObject */.rej({
    seq: schemas/* number */.aig().int().min(1),
    at: isoTime,
    // `intent` is written and committed before a write is sent (docs/seat-rule.md): the record comes first.
    event: schemas/* enum */.k5n(['assigned', 'released', 'role-changed', 'intent']),
    by: schemas/* enum */.k5n(['sync', 'observed']),
    user: schemas/* strictObject */.rej({ id: schemas/* number */.aig().int(), email: schemas/* string */.YjP().nullable() }),
    from: roles/* LiveRoleCode */.c_.nullable(),
    to: roles/* LiveRoleCode */.c_,
    run: schemas/* string */.YjP().nullable(),
    reason: schemas/* literal */.euz('offboard').optional(),
    prev: schemas/* string */.YjP().regex(/^[0-9a-f]{64}$/, { error: 'must be 64 lowercase hexadecimal digits (a SHA-256)' }),
});

;// CONCATENATED MODULE: ./lib/files/ledger.js






// The seat ledger (docs/seat-rule.md): JSON Lines, append-only, each line chained to the previous one by
// the SHA-256 of its exact text. The chain is what lets a pull request be refused when the file
// was edited by hand, and what lets a conflicting commit be re-based safely.
const ledger_MAX_BYTES = 64 * 1024 * 1024;
/** A line dated further than this after the real time of the run is refused. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;
const MAX_PROBLEMS = 50;
const NEWLINE = 0x0a;
const GENESIS_PREV = '0'.repeat(64);

function hashLine(line) {
    return external_node_crypto_.hash === undefined ? (0,external_node_crypto_.createHash)('sha256').update(line, 'utf8').digest('hex') : (0,external_node_crypto_.hash)('sha256', line, 'hex');
}
/**
 * SHA-256 of the exact bytes of a line in the file. A plain Uint8Array view costs less to make
 * than Buffer#subarray, and a line is hashed for every line read.
 */
function hashBytes(bytes, start, end) {
    const line = new Uint8Array(bytes.buffer, bytes.byteOffset + start, end - start);
    return external_node_crypto_.hash === undefined ? (0,external_node_crypto_.createHash)('sha256').update(line).digest('hex') : (0,external_node_crypto_.hash)('sha256', line, 'hex');
}
function emptyLedger(file) {
    return { file, lines: [], events: [] };
}
const RESTORE = 'the ledger is written only by this action — restore it from git history';
function parseLedger(source, file, options = {}) {
    const input = ledgerInput(source, file);
    const buf = input.bytes;
    // A lone newline is what `echo > seat-ledger.jsonl` leaves: an empty ledger, not a blank event.
    if (buf.length === 0 || (buf.length === 1 && buf[0] === NEWLINE))
        return emptyLedger(file);
    // A string with a lone surrogate has no exact bytes: its lines are read and hashed as text.
    const text = input.text;
    const reader = options.fast !== false && text === null ? new WrittenLineReader(buf) : null;
    const at = (line, column, message) => ({ file, line, column, message });
    let n = 0;
    let textFrom = 0;
    const problems = [];
    const events = [];
    const order = {
        slot: 0,
        previousLine: 0,
        previousText: null,
        previousStart: 0,
        previousEnd: 0,
        lastAt: '',
        lastMs: NaN,
        lastLine: 0,
        latest: options.now ? options.now.getTime() + FUTURE_TOLERANCE_MS : Infinity,
        now: options.now,
    };
    // Scanned rather than split, so that a file of 64 MiB of garbage stops at the cap of problems
    // instead of materialising millions of lines and problems first.
    for (let from = 0; from < buf.length;) {
        const newline = buf.indexOf(NEWLINE, from);
        const end = newline === -1 ? buf.length : newline;
        const start = from;
        from = end + 1;
        let line = null;
        if (text !== null) {
            const textNewline = text.indexOf('\n', textFrom);
            const textEnd = textNewline === -1 ? text.length : textNewline;
            line = text.slice(textFrom, textEnd);
            textFrom = textEnd + 1;
        }
        n++;
        if (problems.length >= MAX_PROBLEMS) {
            problems.push(at(n, 1, `stopped checking here after ${MAX_PROBLEMS} problems; ${RESTORE}`));
            break;
        }
        if (start === end) {
            problems.push(at(n, 1, `line ${n} is blank; the ledger holds one event a line and no blank lines; ${RESTORE}`));
            continue;
        }
        const before = order.previousLine;
        const prevHash = before === 0 ? GENESIS_PREV : order.previousText !== null ? hashLine(order.previousText) : hashBytes(buf, order.previousStart, order.previousEnd);
        order.slot++;
        order.previousLine = n;
        order.previousText = line;
        order.previousStart = start;
        order.previousEnd = end;
        let event = reader === null ? null : reader.read(start, end, prevHash);
        let ms = event === null ? NaN : reader.ms;
        if (event === null) {
            line ??= buf.toString('utf8', start, end);
            event = readLineFully(line, n, file, problems);
            if (event === null)
                continue;
            ms = Date.parse(event.at);
        }
        if (event.seq === order.slot && event.prev === prevHash && !(ms < order.lastMs) && !(ms > order.latest)) {
            order.lastAt = event.at;
            order.lastMs = ms;
            order.lastLine = n;
        }
        else {
            checkOrder(event, ms, line ?? buf.toString('utf8', start, end), n, prevHash, before, order, at, problems);
        }
        events.push(event);
    }
    if (problems.length > 0)
        throw new core_problems/* ValidationError */.yI(capProblems(problems, MAX_PROBLEMS + 1));
    return readLedger(file, events, text ?? buf);
}
/**
 * The ledger with its lines read from the file only when asked for: a plan needs the events
 * alone, and the lines as strings would hold as much memory again as the file.
 */
function readLedger(file, events, source) {
    const ledger = { file, lines: [], events };
    let lines = null;
    Object.defineProperty(ledger, 'lines', {
        enumerable: true,
        configurable: true,
        get: () => (lines ??= splitLines(source)),
        set: (value) => (lines = value),
    });
    return ledger;
}
function splitLines(source) {
    const lines = [];
    if (typeof source === 'string') {
        for (let from = 0; from < source.length;) {
            const newline = source.indexOf('\n', from);
            const end = newline === -1 ? source.length : newline;
            lines.push(source.slice(from, end));
            from = end + 1;
        }
        return lines;
    }
    // ASCII decodes to the same string as Latin-1, which copies bytes without a UTF-8 decoder.
    const encoding = (0,external_node_buffer_.isAscii)(source) ? 'latin1' : 'utf8';
    for (let from = 0; from < source.length;) {
        const newline = source.indexOf(NEWLINE, from);
        const end = newline === -1 ? source.length : newline;
        lines.push(source.toString(encoding, from, end));
        from = end + 1;
    }
    return lines;
}
/**
 * The file as bytes, checked as ledgerText checks it; ledgerText itself words every refusal.
 * Bytes are checked without being decoded: the fast path reads them and hashes them directly.
 * `text` is kept only for a string that has no exact UTF-8 form (a lone surrogate).
 */
function ledgerInput(source, file) {
    if (typeof source === 'string') {
        const text = ledgerText(source, file);
        return isWellFormed(text) ? { bytes: Buffer.from(text, 'utf8'), text: null } : { bytes: Buffer.from(text, 'utf8'), text };
    }
    const bytes = Buffer.from(source.buffer, source.byteOffset, source.byteLength);
    const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    // Each of these makes ledgerText throw; should it not, it decoded the bytes, so they are UTF-8.
    if (bytes.length > ledger_MAX_BYTES || bom || bytes.includes(0x0d) || !(0,external_node_buffer_.isUtf8)(bytes))
        ledgerText(source, file);
    return { bytes, text: null };
}
/** The file as text: strict UTF-8 under the size limit, with no byte-order mark and no CR. */
function ledgerText(source, file) {
    const decoded = decodeTextFile(source, file, { bytes: ledger_MAX_BYTES, what: 'ledger', fix: 'restore it from git history' });
    if ('problem' in decoded)
        throw new core_problems/* ValidationError */.yI([decoded.problem]);
    const text = decoded.text;
    if (text.startsWith('\uFEFF')) {
        throw new core_problems/* ValidationError */.yI([{ file, line: 1, column: 1, message: `the ledger starts with a byte-order mark; ${RESTORE}` }]);
    }
    const cr = text.indexOf('\r');
    if (cr !== -1) {
        // One problem, not one a line: CRLF endings break every hash after the first.
        throw new core_problems/* ValidationError */.yI([
            {
                file,
                line: countNewlines(text, cr) + 1,
                column: cr - (text.lastIndexOf('\n', cr - 1) + 1) + 1,
                message: 'the ledger contains a carriage return (CRLF line endings); it must use LF only — restore it from git ' +
                    `history and add "${file} -text" to .gitattributes so git does not convert it`,
            },
        ]);
    }
    return text;
}
/** seq without gaps, the hash chain, and time (never backwards, never from the future). */
function checkOrder(event, ms, line, n, prevHash, before, order, at, problems) {
    if (event.seq !== order.slot) {
        problems.push(at(n, columnOf(line, ['seq']), `seq is ${event.seq}, expected ${order.slot}: events are numbered 1, 2, 3… without gaps; ${RESTORE}`));
    }
    if (event.prev !== prevHash) {
        problems.push(at(n, columnOf(line, ['prev']), before === 0
            ? `prev of the first event must be 64 zeros; ${RESTORE}`
            : `prev does not match the SHA-256 of line ${before}; the ledger was edited by hand — restore it from git history`));
    }
    if (ms < order.lastMs) {
        problems.push(at(n, columnOf(line, ['at']), `at is ${event.at}, before ${order.lastAt} on line ${order.lastLine}: times in the ledger never go backwards, ` +
            `so a seat cannot be made to look older than it is; ${RESTORE}`));
    }
    else if (ms > order.latest) {
        problems.push(at(n, columnOf(line, ['at']), `at is ${event.at}, more than 5 minutes after the time of this run (${order.now.toISOString()}): ` +
            `a line from the future would hold its clock wrongly; ${RESTORE}`));
    }
    if (!(ms < order.lastMs)) {
        order.lastAt = event.at;
        order.lastMs = ms;
        order.lastLine = n;
    }
}
/** The full path: JSON.parse and the zod schema, which word every problem of the line. */
function readLineFully(line, n, file, problems) {
    const at = (line, column, message) => ({ file, line, column, message });
    let value;
    try {
        value = JSON.parse(line);
    }
    catch (error) {
        const reason = (error instanceof Error ? error.message : String(error)).slice(0, 200);
        const position = /at position (\d+)/.exec(reason);
        problems.push(at(n, position ? Number(position[1]) + 1 : 1, `line ${n} is not valid JSON (${reason}); ${RESTORE}`));
        return null;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        problems.push(at(n, 1, `line ${n} is not a JSON object; every line is one event object; ${RESTORE}`));
        return null;
    }
    const parsed = LedgerEvent.safeParse(value);
    if (!parsed.success) {
        for (const issue of parsed.error.issues) {
            const path = issue.path.map(String);
            if (issue.code === 'unrecognized_keys') {
                for (const key of issue.keys) {
                    const field = [...path, key].join('.');
                    problems.push(at(n, columnOf(line, [...path, key]), `unknown field '${field}'; ${RESTORE}`));
                }
                continue;
            }
            const field = path.join('.');
            const what = ledger_valueAt(value, path) === undefined
                ? 'is missing'
                : issue.message.startsWith('must')
                    ? issue.message
                    : `is invalid (${lowerFirst(issue.message)})`;
            problems.push(at(n, columnOf(line, path), `field '${field}' ${what}; ${RESTORE}`));
        }
        return null;
    }
    return parsed.data;
}
// ---------------------------------------------------------------------------------------------
// The fast path: a line exactly as serializeEvent writes it (keys in the documented order, no
// spaces, strings without escapes, whole numbers of at most 15 digits, times in toISOString
// form), read from its bytes in one pass and checked by hand; every other line returns null and
// takes the full path. It must never accept a line the full path refuses, and must give the same
// event for every line it takes: ledger.property.test.ts holds it to that (larger with `npm run
// test:long`). Working on the bytes spares decoding the file, slicing each line and hashing a
// string that must be encoded again. It earns its place: without it, a plan of 100,000 members
// costs 51% more CPU for the whole process (median of 9 interleaved runs, 3,450 against 2,280 ms
// user + sys; `node bench/fast-paths.ts`, which builds the bundle with and without it).
const latin1 = (s) => Buffer.from(s, 'latin1');
function lit(s) {
    const bytes = latin1(s);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
    const words = new Int32Array(bytes.length >> 2);
    for (let i = 0; i < words.length; i++)
        words[i] = view.getInt32(i * 4, true);
    return { length: bytes.length, words, bytes };
}
// Each literal starts with the quote that closes the value before it.
const SEQ = lit('{"seq":');
const AT = lit(',"at":"');
const EVENT = lit('","event":"');
const BY = lit('","by":"');
const USER = lit('","user":{"id":');
const EMAIL = lit(',"email":');
const FROM = lit('},"from":');
const TO = lit(',"to":"');
const RUN = lit('","run":');
const REASON = lit(',"reason":"offboard"');
const PREV = lit(',"prev":"');
const NULL = lit('null');
const EVENT_NAMES = ['assigned', 'released', 'role-changed', 'intent'].map((name) => ({ name, bytes: lit(`${name}"`) }));
const BY_NAMES = ['sync', 'observed'].map((name) => ({ name, bytes: lit(`${name}"`) }));
/** A live role code by its two bytes, as one number. */
const ROLE_BY_BYTES = new Map(roles/* LIVE_ROLE_CODES */.dg.map((code) => [code.charCodeAt(0) * 256 + code.charCodeAt(1), code]));
const ISO_LENGTH = 24; // 2026-11-20T09:00:00.000Z
const HASH_LENGTH = 64;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
/** Where `literal` ends when the bytes at `p` are exactly it, else -1. */
function literal(v, p, end, literal) {
    const length = literal.length;
    if (p < 0 || p + length > end)
        return -1;
    const words = literal.words;
    for (let i = 0; i < words.length; i++)
        if (v.getInt32(p + i * 4, true) !== words[i])
            return -1;
    for (let i = words.length * 4; i < length; i++)
        if (v.getUint8(p + i) !== literal.bytes[i])
            return -1;
    return p + length;
}
/** The one of `names` whose bytes stand at `p`, if any. */
function oneOf(v, p, end, names) {
    for (const n of names)
        if (literal(v, p, end, n.bytes) !== -1)
            return n;
    return undefined;
}
function sameBytes(v, p, q, length) {
    let i = 0;
    for (; i + 4 <= length; i += 4)
        if (v.getInt32(p + i, true) !== v.getInt32(q + i, true))
            return false;
    for (; i < length; i++)
        if (v.getUint8(p + i) !== v.getUint8(q + i))
            return false;
    return true;
}
/** The two-digit (or wider) number at `p`, or -1 when a byte there is not a digit. */
function digitsAt(b, p, width) {
    let value = 0;
    for (let i = p; i < p + width; i++) {
        const d = b[i] - 48;
        if (d < 0 || d > 9)
            return -1;
        value = value * 10 + d;
    }
    return value;
}
/**
 * Reads lines of one file in the written form. It remembers the previous line's time, email and
 * run: a run writes its events at one time and a user's events come in pairs, so repeated values
 * share one string instead of one copy a line.
 */
class WrittenLineReader {
    /** The time of the line last taken, in ms since the epoch. */
    ms = NaN;
    b;
    v;
    /** Set by the number and string readers: the value they read. */
    number = 0;
    string = null;
    atStart = -1;
    at = '';
    atMs = NaN;
    last = { email: { start: -1, length: -1, value: '' }, run: { start: -1, length: -1, value: '' } };
    constructor(bytes) {
        this.b = bytes;
        this.v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
    /** The event on the line from `start` to `end`, or null for the full path to read. */
    read(start, end, expectedPrev) {
        const b = this.b;
        const v = this.v;
        let p = literal(v, start, end, SEQ);
        if (p === -1 || b[p] === 0x30 || (p = this.integer(p, end)) === -1)
            return null;
        const seq = this.number;
        if ((p = literal(v, p, end, AT)) === -1 || (p = this.time(p, end)) === -1)
            return null;
        const at = this.at;
        if ((p = literal(v, p, end, EVENT)) === -1)
            return null;
        const event = oneOf(v, p, end, EVENT_NAMES);
        if (event === undefined || (p = literal(v, p + event.bytes.length - 1, end, BY)) === -1)
            return null;
        const by = oneOf(v, p, end, BY_NAMES);
        if (by === undefined || (p = literal(v, p + by.bytes.length - 1, end, USER)) === -1)
            return null;
        const negative = b[p] === 0x2d;
        if (negative)
            p++;
        // `-?(?:0|[1-9][0-9]{0,14})`: a zero stands alone.
        if (b[p] === 0x30) {
            this.number = 0;
            p++;
        }
        else if ((p = this.integer(p, end)) === -1)
            return null;
        const id = negative ? -this.number : this.number;
        if ((p = literal(v, p, end, EMAIL)) === -1 || (p = this.nullableString(p, end, this.last.email)) === -1)
            return null;
        const email = this.string;
        if ((p = literal(v, p, end, FROM)) === -1)
            return null;
        let from = null;
        const afterNull = literal(v, p, end, NULL);
        if (afterNull !== -1)
            p = afterNull;
        else {
            if (b[p] !== QUOTE || (from = this.role(p + 1, end)) === null)
                return null;
            p += 4;
        }
        if ((p = literal(v, p, end, TO)) === -1)
            return null;
        const to = this.role(p, end);
        if (to === null)
            return null;
        if ((p = literal(v, p + 2, end, RUN)) === -1 || (p = this.nullableString(p, end, this.last.run)) === -1)
            return null;
        const run = this.string;
        const afterReason = literal(v, p, end, REASON);
        const reason = afterReason !== -1;
        if (reason)
            p = afterReason;
        if ((p = literal(v, p, end, PREV)) === -1 || p + HASH_LENGTH + 2 !== end || b[end - 2] !== QUOTE || b[end - 1] !== 0x7d)
            return null;
        const prev = this.hash(p, expectedPrev);
        if (prev === null)
            return null;
        // Keys in the schema's order, `reason` only when present: the object the full path would give.
        return reason
            ? { seq, at, event: event.name, by: by.name, user: { id, email }, from, to, run, reason: 'offboard', prev }
            : { seq, at, event: event.name, by: by.name, user: { id, email }, from, to, run, prev };
    }
    /** `[1-9][0-9]{0,14}` at `p` into `number`; where it ends, or -1. */
    integer(p, end) {
        const b = this.b;
        let value = 0;
        let i = p;
        for (; i < end && i < p + 15; i++) {
            const d = b[i] - 48;
            if (d < 0 || d > 9)
                break;
            value = value * 10 + d;
        }
        if (i === p || b[p] === 0x30)
            return -1;
        this.number = value;
        return i;
    }
    /** A time in toISOString form with a year from 0100 to 9999, at `p` into `at` and `ms`. */
    time(p, end) {
        const b = this.b;
        if (p + ISO_LENGTH > end)
            return -1;
        if (this.atStart !== -1 && sameBytes(this.v, p, this.atStart, ISO_LENGTH)) {
            this.ms = this.atMs;
            return p + ISO_LENGTH;
        }
        if (b[p + 4] !== 0x2d || b[p + 7] !== 0x2d || b[p + 10] !== 0x54 || b[p + 13] !== 0x3a || b[p + 16] !== 0x3a || b[p + 19] !== 0x2e || b[p + 23] !== 0x5a) {
            return -1;
        }
        const year = digitsAt(b, p, 4);
        const month = digitsAt(b, p + 5, 2);
        const day = digitsAt(b, p + 8, 2);
        const hour = digitsAt(b, p + 11, 2);
        const minute = digitsAt(b, p + 14, 2);
        const second = digitsAt(b, p + 17, 2);
        const milli = digitsAt(b, p + 20, 3);
        // Years below 100 are left to the full path: Date.UTC reads them as 19xx.
        if (year < 100 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || milli < 0) {
            return -1;
        }
        const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
        if (day > DAYS_IN_MONTH[month - 1] + (leap ? 1 : 0))
            return -1;
        this.ms = this.atMs = Date.UTC(year, month - 1, day, hour, minute, second, milli);
        this.at = b.toString('latin1', p, p + ISO_LENGTH);
        this.atStart = p;
        return p + ISO_LENGTH;
    }
    /** `null`, or a string without escapes or control characters, at `p` into `string`. */
    nullableString(p, end, last) {
        const b = this.b;
        const v = this.v;
        const afterNull = literal(v, p, end, NULL);
        if (afterNull !== -1) {
            this.string = null;
            return afterNull;
        }
        if (b[p] !== QUOTE)
            return -1;
        const start = p + 1;
        let ascii = true;
        let i = start;
        for (; i < end; i++) {
            const c = b[i];
            if (c === QUOTE)
                break;
            if (c < 0x20 || c === BACKSLASH)
                return -1;
            if (c >= 0x80)
                ascii = false;
        }
        if (i === end)
            return -1;
        const length = i - start;
        if (length === last.length && sameBytes(this.v, start, last.start, length)) {
            this.string = last.value;
        }
        else {
            // The file was checked to be UTF-8 as a whole, so the bytes of a string are whole characters.
            this.string = b.toString(ascii ? 'latin1' : 'utf8', start, i);
            last.start = start;
            last.length = length;
            last.value = this.string;
        }
        return i + 1;
    }
    /** A live role code and its closing quote at `p`. */
    role(p, end) {
        const b = this.b;
        if (p + 3 > end || b[p + 2] !== QUOTE)
            return null;
        return ROLE_BY_BYTES.get(b[p] * 256 + b[p + 1]) ?? null;
    }
    /**
     * 64 lowercase hexadecimal digits at `p`: the expected hash itself when they spell it, so that
     * a valid chain allocates no second copy of each hash.
     */
    hash(p, expected) {
        const b = this.b;
        if (expected !== null) {
            let i = 0;
            while (i < HASH_LENGTH && b[p + i] === expected.charCodeAt(i))
                i++;
            if (i === HASH_LENGTH)
                return expected;
        }
        for (let i = p; i < p + HASH_LENGTH; i++) {
            const c = b[i];
            if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66)))
                return null;
        }
        return b.toString('latin1', p, p + HASH_LENGTH);
    }
}
/** The event on a line in the exact written form, or null for the full path to read. */
function readWrittenLine(line) {
    // A lone surrogate has no UTF-8 form: such a line is the full path's.
    if (!isWellFormed(line))
        return null;
    const bytes = Buffer.from(line, 'utf8');
    return new WrittenLineReader(bytes).read(0, bytes.length, null);
}
/**
 * Appends events, continuing seq and the chain. Pure: the ledger passed in is not changed.
 * An event dated before the last line (another run committed later lines first) is raised to
 * the last line's time (docs/seat-rule.md): a later time can only delay a release, never hasten one.
 * A draft that fails the schema is a bug in the caller, so the ZodError is left to surface.
 */
function appendEvents(ledger, drafts) {
    const lines = [...ledger.lines];
    const events = [...ledger.events];
    for (const draft of drafts) {
        const last = lines[lines.length - 1];
        const lastAt = events[events.length - 1]?.at;
        const event = LedgerEvent.parse({
            ...draft,
            at: lastAt !== undefined && Date.parse(lastAt) > Date.parse(draft.at) ? lastAt : draft.at,
            seq: lines.length + 1,
            prev: last === undefined ? GENESIS_PREV : hashLine(last),
        });
        lines.push(serializeEvent(event));
        events.push(event);
    }
    return { file: ledger.file, lines, events };
}
/** One line, keys in the documented order so that equal events always hash the same. */
function serializeEvent(e) {
    return JSON.stringify({
        seq: e.seq,
        at: e.at,
        event: e.event,
        by: e.by,
        user: { id: e.user.id, email: e.user.email },
        from: e.from,
        to: e.to,
        run: e.run,
        ...(e.reason !== undefined ? { reason: e.reason } : {}),
        prev: e.prev,
    });
}
function serializeLedger(ledger) {
    return ledger.lines.length === 0 ? '' : ledger.lines.join('\n') + '\n';
}
/** The first line where two ledgers differ within their common length, with its column; null when none. */
function firstDifference(a, b) {
    const common = Math.min(a.lines.length, b.lines.length);
    for (let i = 0; i < common; i++) {
        const ours = a.lines[i];
        const theirs = b.lines[i];
        if (ours === theirs)
            continue;
        let column = 0;
        while (column < ours.length && ours[column] === theirs[column])
            column++;
        return { line: i + 1, column: column + 1 };
    }
    return null;
}
/**
 * Whether `head` is `base` with lines appended (or equal). Returns the problem at the first line
 * that differs, or null. Used where a ledger may legitimately have grown: the branch a run commits to.
 */
function checkAppendOnly(base, head) {
    const differs = firstDifference(head, base);
    if (differs) {
        return {
            file: head.file,
            ...differs,
            message: `line ${differs.line} differs from the ledger it should extend; the ledger is written only by this action and may ` +
                `only grow by appended lines — restore it from git history`,
        };
    }
    if (head.lines.length < base.lines.length) {
        const removed = base.lines.length - head.lines.length;
        return {
            file: head.file,
            line: Math.max(1, head.lines.length),
            column: 1,
            message: `${removed} line${removed === 1 ? '' : 's'} at the end of the ledger ${removed === 1 ? 'was' : 'were'} removed; ` +
                `the ledger is written only by this action and may only grow by appended lines — restore it from git history`,
        };
    }
    return null;
}
/** Re-appends our events after a ledger that grew meanwhile, renumbering seq and prev. */
function rebase(onto, ours) {
    return appendEvents(onto, ours.map(toDraft));
}
function toDraft(event) {
    const { seq: _seq, prev: _prev, ...draft } = event;
    return draft;
}
/** String.prototype.isWellFormed (ES2024, in every Node this action supports; not yet in the compiler's lib). */
function isWellFormed(s) {
    return s.isWellFormed();
}
function countNewlines(text, end) {
    let count = 0;
    for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1))
        count++;
    return count;
}
/** Column of a field in a line the action wrote; the key's position is close enough to point at. */
function columnOf(line, path) {
    let from = 0;
    for (const key of path) {
        const found = line.indexOf(`${JSON.stringify(key)}:`, from);
        if (found === -1)
            break;
        from = found;
    }
    return from + 1;
}
function ledger_valueAt(value, path) {
    let v = value;
    for (const key of path) {
        if (typeof v !== 'object' || v === null || !Object.hasOwn(v, key))
            return undefined;
        v = v[key];
    }
    return v;
}
function lowerFirst(s) {
    return s.length > 0 ? s[0].toLowerCase() + s.slice(1) : s;
}

// EXTERNAL MODULE: ./lib/labelstudio/port.js
var port = __webpack_require__(2373);
;// CONCATENATED MODULE: ./lib/core/apply.js
/**
 * An activation that needs a seat a release of the same run frees: with `seat-limit`, any that
 * does not take back its own seat, in a run that releases. Its intent is committed only once the
 * releases' outcomes are (the ledger never announces a write that may never be sent).
 */
function waitsOnRelease(plan, c, seatLimit) {
    if (seatLimit == null || c.kind !== 'assign' || c.ownSeat)
        return false;
    return plan.changes.some((x) => x.kind === 'release' && x.status === 'planned');
}
/**
 * Writes what the plan marks `planned`, in two phases: releases and role changes first, then
 * activations, so a seat is free before it is taken. Writes run concurrently; the client paces them.
 * A failed write never stops the others. Activations that counted on a release that failed are
 * held back, so `seat-limit` is never passed on the strength of a seat that was not freed. The
 * run commits between the phases (`between`): the releases' outcomes, and the intents of the
 * activations that waited on them.
 */
async function applyPlan(plan, writer, options) {
    if (plan.maxChanges.exceeded)
        return { plan, applied: [] };
    const changes = plan.changes.map((c) => ({ ...c }));
    const applied = [];
    const write = async (c) => {
        try {
            await writer.setRole(c.user.id, c.to);
            c.status = 'applied';
            applied.push({ change: c, at: options.clock() });
        }
        catch (err) {
            c.status = 'failed';
            c.reason = err instanceof Error ? err.message : String(err);
        }
    };
    const planned = changes.filter((c) => c.status === 'planned');
    const first = planned.filter((c) => c.kind !== 'assign');
    await Promise.all(first.map(write));
    let assigns = planned.filter((c) => c.kind === 'assign');
    if (options.seatLimit != null) {
        // Counting every failed release, even offboarding ones that freed nothing, errs towards fewer seats.
        const missing = first.filter((c) => c.kind === 'release' && c.status === 'failed').length;
        // A user taking back their own cooling seat counted on no release: never held back.
        const counting = assigns.filter((c) => !c.ownSeat);
        if (missing > 0 && counting.length > 0) {
            const held = new Set(counting.slice(Math.max(0, counting.length - missing)));
            assigns = assigns.filter((c) => !held.has(c));
            for (const c of held) {
                c.status = 'deferred';
                c.reason = 'a release this run counted on failed, so no seat is free for this activation yet';
                c.eligibleAt = plan.asOf;
            }
        }
    }
    const next = assigns.filter((c) => waitsOnRelease(plan, c, options.seatLimit));
    if (next.length > 0 && options.between && !(await options.between([...applied], next))) {
        const unsent = new Set(next);
        assigns = assigns.filter((c) => !unsent.has(c));
        for (const c of unsent) {
            c.status = 'failed';
            c.reason = 'not sent: the ledger commit that records the releases before this activation failed';
        }
    }
    await Promise.all(assigns.map(write));
    return { plan: { ...plan, changes }, applied };
}

;// CONCATENATED MODULE: ./lib/core/change.js
function countByStatus(changes) {
    const counts = { planned: 0, applied: 0, deferred: 0, refused: 0, failed: 0 };
    for (const c of changes)
        counts[c.status]++;
    return counts;
}
/** Earliest eligibility among deferred changes: the `next-eligible-at` output. */
function nextEligibleAt(changes) {
    let best = null;
    for (const c of changes) {
        if (c.status === 'deferred' && c.eligibleAt && (!best || c.eligibleAt < best))
            best = c.eligibleAt;
    }
    return best;
}

;// CONCATENATED MODULE: ./lib/github/port.js
/**
 * The few GitHub REST calls the action makes, as an interface: the run logic receives a port
 * and never touches octokit, so tests can hand it a fake object or point the real one at a
 * fake server.
 */
/** `owner/repo` (GITHUB_REPOSITORY) as a RepoRef; null when unset or not of that form. */
function parseRepository(repository) {
    const [owner, repo] = (repository ?? '').split('/');
    return owner && repo ? { owner, repo } : null;
}
/**
 * A GitHub API call that failed. The message names the call, the status and GitHub's own
 * message, and never the token.
 */
class GitHubApiError extends Error {
    /** HTTP status; null when no response arrived (network error, time-out). */
    status;
    method;
    route;
    constructor(method, route, status, detail) {
        const what = status === null ? 'no response' : `HTTP ${status}`;
        super(`GitHub API ${method} ${route} failed (${what}): ${detail}`);
        this.name = 'GitHubApiError';
        this.status = status;
        this.method = method;
        this.route = route;
    }
}
/**
 * The file changed since it was read (409, or 422 for a stale or missing `sha`): re-read it
 * and try again. A GitHubApiError too, so callers that only report failures need one catch.
 */
class ConflictError extends GitHubApiError {
    constructor(method, route, status, detail) {
        super(method, route, status, detail);
        this.name = 'ConflictError';
    }
}
/**
 * A branch rule (classic protection or a ruleset) refused the commit. Not a conflict: trying
 * again cannot help, only another branch or a token that may push can.
 */
class BranchRuleError extends GitHubApiError {
    constructor(method, route, status, detail) {
        super(method, route, status, detail);
        this.name = 'BranchRuleError';
    }
}
/** GitHub's own words when a rule refuses a push (rulesets, then classic branch protection). */
function isBranchRuleRefusal(status, message) {
    if (status !== 403 && status !== 409 && status !== 422)
        return false;
    return /repository rule violations? found|changes must be made through a pull request|protected branch/i.test(message);
}

;// CONCATENATED MODULE: ./lib/ledger-store/commit.js



/**
 * Commits this run's ledger events to the branch through the contents API. When another run
 * appended meanwhile, this run's events are re-appended after theirs (renumbered, re-chained);
 * any other difference fails, because the ledger's history is never overwritten. Never throws
 * for GitHub or ledger trouble: a failed commit delays nothing but the record, and the caller
 * reports it.
 */
async function commitLedger(port, args) {
    const maxAttempts = args.maxAttempts ?? 3;
    const retryDelayMs = args.retryDelayMs ?? 1000;
    const branch = args.branch.replace(/^refs\/heads\//, '');
    const where = `${args.path} on branch ${branch}`;
    const ledger = rebase(args.local, args.ours);
    const failed = (reason, attempts) => ({
        status: 'failed',
        ledger,
        reason,
        attempts,
    });
    if (args.ours.length === 0)
        return { status: 'committed', ledger: args.local, attempts: 0, commitSha: null };
    let attempts = 0;
    let lastConflict = '';
    while (attempts <= maxAttempts) {
        if (attempts > 0 && retryDelayMs > 0)
            await sleep(retryDelayMs * attempts * (0.5 + Math.random()));
        let next;
        let sha;
        try {
            const file = await port.getFile(args.repo, args.path, branch);
            sha = file?.sha ?? null;
            const remote = file === null ? emptyLedger(args.local.file) : parseLedger(file.content, args.local.file, args.now ? { now: args.now } : {});
            const divergence = checkAppendOnly(args.local, remote);
            // The branch is behind the workspace when an earlier run in this workspace wrote its ledger
            // but died or failed before committing: catching the branch up is still only appending.
            const behind = divergence !== null && checkAppendOnly(remote, args.local) === null;
            if (divergence !== null && !behind) {
                return failed(`${where} no longer starts with the ${args.local.lines.length} lines this run started from ` +
                    `(first difference at its line ${divergence.line}): its history was rewritten, so it was not ` +
                    'overwritten; compare it with the ledger left in the workspace', attempts);
            }
            if (args.requireUnchanged && !behind && remote.lines.length > args.local.lines.length) {
                return {
                    status: 'stale',
                    ledger,
                    reason: `${where} gained ${remote.lines.length - args.local.lines.length} line(s) from another run after this run read it, ` +
                        'so this run\'s plan may be out of date',
                    attempts,
                };
            }
            next = behind ? ledger : rebase(remote, args.ours);
        }
        catch (err) {
            return failed(`could not read ${where}: ${describe(err)}`, attempts);
        }
        attempts++;
        try {
            const { commitSha } = await port.putFile(args.repo, {
                path: args.path,
                branch,
                content: new TextEncoder().encode(serializeLedger(next)),
                sha,
                message: args.message,
            });
            return { status: 'committed', ledger: next, attempts, commitSha };
        }
        catch (err) {
            if (err instanceof BranchRuleError) {
                return failed(`a branch rule of ${branch} refused the commit (${err.message}); trying again cannot help. ` +
                    'Keep the ledger on a branch of its own (the ledger-branch input, see docs/ledger-branch.md), or give the run a token that may push to the branch', attempts);
            }
            if (!(err instanceof ConflictError))
                return failed(`could not write ${where}: ${describe(err)}`, attempts);
            lastConflict = err.message;
        }
    }
    return failed(`${where} kept changing while this run wrote it (${attempts} tries; last: ${lastConflict})`, attempts);
}
function describe(err) {
    if (err instanceof core_problems/* ValidationError */.yI)
        return `the ledger there is invalid: ${err.message}`;
    if (err instanceof GitHubApiError)
        return err.message;
    return err instanceof Error ? err.message : String(err);
}
function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
}

;// CONCATENATED MODULE: ./lib/ledger-store/compare.js

/**
 * A proposal's ledger must equal the one it is compared with: no line appended, removed or
 * changed. Returns the problem at the first differing line, or null. `against` names that
 * ledger in the message (it says "base branch").
 */
function checkUnchanged(base, head, against, restoreFrom) {
    const fix = 'a pull request never changes the ledger (only the action appends to it, on the branch that holds it); ' +
        `restore it with \`git checkout ${restoreFrom} -- ${head.file}\``;
    const differs = firstDifference(head, base);
    if (differs)
        return { file: head.file, ...differs, message: `line ${differs.line} differs from ${against}; ${fix}` };
    if (head.lines.length > base.lines.length) {
        const added = head.lines.length - base.lines.length;
        return {
            file: head.file,
            line: base.lines.length + 1,
            column: 1,
            message: `line ${base.lines.length + 1} is not in ${against} (${added} line${added === 1 ? '' : 's'} added by this pull request); ${fix}`,
        };
    }
    if (head.lines.length < base.lines.length) {
        const removed = base.lines.length - head.lines.length;
        return {
            file: head.file,
            line: Math.max(1, head.lines.length),
            column: 1,
            message: `line ${head.lines.length + 1} of ${against} is missing (${removed} line${removed === 1 ? '' : 's'} removed by this pull request: ` +
                `releases it records would come early); ${fix}`,
        };
    }
    return null;
}

;// CONCATENATED MODULE: ./lib/ledger-store/read-at.js


/**
 * The ledger at a branch or commit, through the contents API; absent there means empty.
 * Problems in it are named with `where` (e.g. "the base branch's ledger (commit 1a2b3c4)"),
 * since the lines they point at are not the ones in the workspace.
 */
async function readLedgerAt(port, repo, path, ref, where, now) {
    return (await ledgerIfAt(port, repo, path, ref, where, now)) ?? emptyLedger(path);
}
/** As readLedgerAt, but null when the file (or the ref) is not there, for callers that tell the two apart. */
async function ledgerIfAt(port, repo, path, ref, where, now) {
    const file = await port.getFile(repo, path, ref);
    if (file === null)
        return null;
    try {
        return parseLedger(file.content, path, now ? { now } : {});
    }
    catch (err) {
        if (!(err instanceof core_problems/* ValidationError */.yI))
            throw err;
        throw new core_problems/* ValidationError */.yI(err.problems.map((p) => ({ ...p, message: `in ${where}: ${p.message}` })));
    }
}
/** The bytes of the ledger at a ref as text lines (no parsing: history may hold what no longer parses); null when absent. */
async function ledgerLinesAt(port, repo, path, ref) {
    const file = await port.getFile(repo, path, ref);
    if (file === null)
        return null;
    const text = new TextDecoder().decode(file.content);
    const lines = text.split('\n');
    if (lines.at(-1) === '')
        lines.pop();
    return lines;
}

;// CONCATENATED MODULE: ./lib/ledger-store/history.js

/** The git trailer every ledger commit of this action carries: where the history check may stop. */
const TRAILER = 'Seat-Ledger-Sync';
/** The trailer paragraph for a commit message: the run's URL, or `local` for the command line. */
function trailer(runUrl) {
    return `${TRAILER}: ${runUrl ?? 'local'}`;
}
/** Whether a commit message ends with this action's trailer (in its last paragraph, as git reads trailers). */
function carriesTrailer(message) {
    const paragraphs = message.trim().split(/\n\s*\n/);
    const last = paragraphs.length > 1 ? paragraphs.at(-1) : '';
    return last.split('\n').some((line) => new RegExp(`^${TRAILER}:[ \\t]*\\S`).test(line));
}
/** Past this many commits without the trailer the check stops and says so, rather than read history without end. */
const MOST_COMMITS = 300;
/**
 * The ledger only grows: every commit that touched the ledger on `branch`, newest first, back
 * to and including the latest one this action made, must only append lines to its first
 * parent's ledger. Each commit is checked on its own, so a rewrite followed by an append is
 * caught. Returns the first rewrite found, or null.
 * @throws Error when the history is longer than the check reads without finding the trailer.
 */
async function findRewrite(port, repo, path, branch) {
    const cache = new Map();
    const linesAt = (sha) => {
        let lines = cache.get(sha);
        if (lines === undefined)
            cache.set(sha, (lines = ledgerLinesAt(port, repo, path, sha)));
        return lines;
    };
    let seen = 0;
    for (let page = 1;; page++) {
        const commits = await port.commitsOfPath(repo, branch, path, page);
        for (const commit of commits) {
            seen++;
            const mine = (await linesAt(commit.sha)) ?? [];
            const parent = commit.parents[0];
            const theirs = parent === undefined ? [] : ((await linesAt(parent)) ?? []);
            const at = theirs.findIndex((line, i) => mine[i] !== line);
            if (at >= 0) {
                return { commit: commit.sha, parent: parent ?? null, line: at + 1, removed: cut(theirs[at]), now: mine[at] === undefined ? null : cut(mine[at]) };
            }
            if (carriesTrailer(commit.message))
                return null;
            if (seen >= MOST_COMMITS) {
                throw new Error(`The ledger ${path} on branch ${branch} has more than ${MOST_COMMITS} commits since the last one this action made ` +
                    `(none carries the ${TRAILER} trailer), so its history was not checked and nothing was written. ` +
                    'Check that the ledger only grew, then commit it once with that trailer in the message.');
            }
        }
        if (commits.length < 100)
            return null;
    }
}
function cut(line) {
    return line.length > 120 ? `${line.slice(0, 120)}…` : line;
}

;// CONCATENATED MODULE: ./lib/ledger-store/event.js
const SHA = /^[0-9a-f]{40,64}$/i;
/** Reads the few fields it needs from an event payload of any shape; anything missing is null. */
function runEventOf(eventName, payload) {
    const p = asObject(payload);
    const defaultBranch = str(asObject(p.repository).default_branch);
    if (eventName === 'pull_request' || eventName === 'pull_request_target') {
        const pr = asObject(p.pull_request);
        const head = asObject(pr.head);
        const base = asObject(pr.base);
        return { defaultBranch, proposal: { kind: 'pull request', headSha: sha(head.sha), baseSha: sha(base.sha), baseBranch: branch(base.ref) } };
    }
    if (eventName === 'merge_group') {
        const group = asObject(p.merge_group);
        return {
            defaultBranch,
            proposal: { kind: 'merge group', headSha: sha(group.head_sha), baseSha: sha(group.base_sha), baseBranch: branch(group.base_ref) },
        };
    }
    return { defaultBranch, proposal: null };
}
function asObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
}
function str(value) {
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}
function sha(value) {
    const s = str(value);
    return s !== null && SHA.test(s) ? s : null;
}
function branch(value) {
    const s = str(value);
    return s === null ? null : s.replace(/^refs\/heads\//, '');
}

;// CONCATENATED MODULE: ./lib/ledger-store/store.js








/** Why the ledger of record cannot be trusted or written here: said before any write. */
class LedgerOfRecordError extends Error {
    constructor(message) {
        super(message);
        this.name = 'LedgerOfRecordError';
    }
}
function openLedgerStore(settings, deps) {
    const repo = parseRepository(settings.repository);
    const runBranch = settings.ref?.startsWith('refs/heads/') ? settings.ref.slice('refs/heads/'.length) : null;
    const target = settings.ledgerBranch ?? runBranch;
    const path = settings.ledgerFile;
    const github = settings.commitLedger ? deps.github : null;
    let defaultBranch = deps.event?.defaultBranch ?? null;
    const getDefaultBranch = async (gh, r) => {
        defaultBranch ??= await gh.defaultBranch(r).catch((err) => {
            throw new LedgerOfRecordError(`Could not read the repository's default branch (${messageOf(err)}); nothing was sent to Label Studio. ` +
                'Check the github-token and its `contents: read` permission.');
        });
        return defaultBranch;
    };
    /**
     * The ledger at a branch's head; a ledger branch not yet created reads as the default branch's.
     * `exists`: the caller already knows the branch is there (an apply made sure), so it is not asked again.
     */
    const ledgerOn = async (gh, r, branch, exists = false) => {
        let ref = branch;
        if (!exists && branch === settings.ledgerBranch && (await gh.branchHead(r, branch)) === null)
            ref = await getDefaultBranch(gh, r);
        return readLedgerAt(gh, r, path, ref, `${path} on branch ${ref}`, deps.clock()).catch((err) => {
            if (err instanceof core_problems/* ValidationError */.yI)
                throw err;
            throw new LedgerOfRecordError(`Could not read ${path} on branch ${ref} (${messageOf(err)}); nothing was sent to Label Studio. ` +
                'Check the github-token and its `contents` permission.');
        });
    };
    const checkProposal = async (workspace, needLedger = true) => {
        const proposal = deps.event?.proposal ?? null;
        if (proposal === null)
            return workspace;
        if (settings.ledgerBranch !== null) {
            if (proposal.baseBranch === settings.ledgerBranch) {
                throw new LedgerOfRecordError(`This ${proposal.kind} merges into ${settings.ledgerBranch}, the ledger branch: only the action writes there, so it was not planned. ` +
                    `Close it, and propose roster changes to the default branch instead.`);
            }
            return needLedger && github && repo ? ledgerOn(github, repo, settings.ledgerBranch) : workspace;
        }
        if (!github || !repo) {
            deps.log.warning(`Could not read the ledger of record (no GitHub token, or no repository): the check that this ${proposal.kind} does not ` +
                `change the ledger was skipped, and a plan uses the ${proposal.kind}'s own ledger.`);
            return workspace;
        }
        const base = proposal.baseBranch ?? (await getDefaultBranch(github, repo));
        const baseHead = await ledgerOn(github, repo, base);
        const mergeBase = proposal.headSha && proposal.baseSha ? await github.mergeBase(repo, proposal.baseSha, proposal.headSha).catch(() => null) : null;
        // Null when the head has no ledger, or GitHub does not know the head commit.
        const atHead = proposal.headSha
            ? await ledgerIfAt(github, repo, path, proposal.headSha, `the ${proposal.kind}'s head commit (${proposal.headSha.slice(0, 7)})`, deps.clock())
            : null;
        let problem;
        if (mergeBase !== null) {
            const atBase = await readLedgerAt(github, repo, path, mergeBase, `the merge base (commit ${mergeBase.slice(0, 7)})`, deps.clock());
            const headLedger = atHead ?? (proposal.headSha ? emptyLedger(path) : workspace);
            problem = checkUnchanged(atBase, headLedger, `the ledger at the merge base with the base branch (commit ${mergeBase.slice(0, 7)})`, mergeBase.slice(0, 7));
        }
        else {
            // GitHub does not know one of the commits: the head may not be readable either, so the
            // checkout (the merge commit or the head) stands for it, against the base branch as it is now.
            problem = checkUnchanged(baseHead, atHead ?? workspace, `the ledger at the head of the base branch ${base}`, `origin/${base}`);
        }
        if (problem)
            throw new core_problems/* ValidationError */.yI([problem]);
        return baseHead;
    };
    /** An apply may write only where the ledger of record is, and only to a ledger that only grew. */
    const prepareApply = async (workspace) => {
        if (!github || !repo || !target)
            return workspace;
        if (settings.ledgerBranch === null) {
            const main = await getDefaultBranch(github, repo);
            if (runBranch !== main) {
                throw new LedgerOfRecordError(`This apply runs on ${runBranch ?? settings.ref ?? 'no branch'}, not on the default branch ${main}: the ledger there may be stale, ` +
                    'so nothing was sent to Label Studio. Apply from the default branch, or keep the ledger on a branch of its own ' +
                    '(the ledger-branch input, see docs/ledger-branch.md).');
            }
        }
        else if ((await github.branchHead(repo, target)) === null) {
            const from = await getDefaultBranch(github, repo);
            const sha = await github.branchHead(repo, from);
            if (sha === null)
                throw new LedgerOfRecordError(`The default branch ${from} has no head commit; nothing was sent to Label Studio.`);
            await github.createBranch(repo, target, sha).catch((err) => {
                throw new LedgerOfRecordError(`Could not create the ledger branch ${target} from ${from} (${messageOf(err)}); nothing was sent to Label Studio. ` +
                    'Give the workflow `permissions: contents: write`, or create the branch yourself.');
            });
            deps.log.info(`Created the ledger branch ${target} from ${from} (commit ${sha.slice(0, 7)}).`);
        }
        const rewrite = await findRewrite(github, repo, path, target).catch((err) => {
            throw new LedgerOfRecordError(`Could not check the history of ${path} on branch ${target} (${messageOf(err)}); nothing was sent to Label Studio.`);
        });
        if (rewrite !== null) {
            throw new LedgerOfRecordError(`${path} on branch ${target} did not only grow: commit ${rewrite.commit.slice(0, 7)} ` +
                `${rewrite.now === null ? 'removed' : 'changed'} its line ${rewrite.line} (${JSON.stringify(rewrite.removed)}` +
                `${rewrite.now === null ? '' : ` became ${JSON.stringify(rewrite.now)}`}). Nothing was sent to Label Studio: a ledger that lost lines ` +
                `could release seats early. An administrator resets ${target} to the commit before it${rewrite.parent ? ` (${rewrite.parent.slice(0, 7)})` : ''} (a force push, which the branch's ruleset ` +
                'otherwise blocks; a revert is not enough, as that commit stays in the history checked), then runs again (docs/ledger-branch.md).');
        }
        const branchLedger = await ledgerOn(github, repo, target, true);
        if (settings.ledgerBranch !== null)
            return branchLedger;
        // The checkout may be behind the branch (a run committed ledger lines after this commit was
        // pushed), or ahead of it (an earlier run here wrote but could not commit): the longer wins.
        const differs = checkAppendOnly(workspace, branchLedger);
        if (differs === null)
            return branchLedger;
        if (checkAppendOnly(branchLedger, workspace) === null)
            return workspace;
        throw new LedgerOfRecordError(`${path} on branch ${target} and in the workspace differ at line ${differs.line}: one of them was ` +
            'rewritten. Nothing was sent to Label Studio. Restore the ledger from git history so that one extends the other.');
    };
    return {
        commits: settings.commitLedger,
        branch: settings.commitLedger ? target : null,
        async read(mode, workspace) {
            if (!settings.commitLedger)
                return workspace;
            if (settings.ledgerBranch !== null && (!github || !repo)) {
                deps.log.warning(`The ledger lives on the branch ${settings.ledgerBranch} (ledger-branch), which is read through the GitHub API, and there is no ` +
                    `github-token or repository: this ${mode} has no ledger${mode === 'apply' ? ' and will send nothing, as its write-ahead commit cannot be made' : ' (every seat counts as found now)'}.`);
            }
            if (mode === 'apply')
                return prepareApply(workspace);
            if (deps.event?.proposal)
                return checkProposal(workspace);
            if (settings.ledgerBranch !== null && github && repo)
                return ledgerOn(github, repo, settings.ledgerBranch);
            return workspace;
        },
        async checkProposal(workspace) {
            if (!settings.commitLedger)
                return false;
            await checkProposal(workspace, false);
            // With a ledger branch only the proposal's target is checked, which needs no request.
            return deps.event?.proposal != null && settings.ledgerBranch === null && github !== null && repo !== null;
        },
        async commit(before, ours, { writeAhead }) {
            const noun = `${ours.length} event${ours.length === 1 ? '' : 's'}`;
            const why = !deps.github ? 'no github-token' : !repo ? 'GITHUB_REPOSITORY is not set' : !target ? `GITHUB_REF ${settings.ref ?? '(unset)'} is not a branch` : null;
            if (why !== null || !deps.github || !repo || !target) {
                return { status: 'failed', ledger: rebase(before, ours), reason: why ?? 'no branch', attempts: 0 };
            }
            return commitLedger(deps.github, {
                repo,
                branch: target,
                path,
                local: before,
                ours,
                requireUnchanged: writeAhead,
                now: deps.clock(),
                ...(deps.retryDelayMs === undefined ? {} : { retryDelayMs: deps.retryDelayMs }),
                message: `Seat ledger: ${noun} from Label Studio Roster Sync${writeAhead ? ' (before writing)' : ''}\n\n${trailer(settings.runUrl)}`,
            });
        },
        async rosterBranch() {
            if (!github || !repo)
                return null;
            return { repo, github, branch: runBranch ?? (await getDefaultBranch(github, repo)) };
        },
    };
}
function messageOf(err) {
    return err instanceof Error ? err.message : String(err);
}

;// CONCATENATED MODULE: ./lib/run/branch-roster.js

/**
 * What a roster asks for, formatting, comments and order aside: two rosters that ask for the
 * same thing give the same text here.
 */
function rosterMeaning(roster) {
    const who = (e) => (e.email !== null ? `email:${asciiLower(e.email)}` : `id:${e.id}`);
    return JSON.stringify({
        organization: roster.organization,
        defaultRole: roster.defaultRole,
        members: roster.members.map((m) => `${who(m)} ${m.role}${m.offboard ? ' offboard' : ''}`).sort(),
        ignore: roster.ignore.map(who).sort(),
    });
}
function asciiLower(s) {
    return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}
/**
 * Only the branch head's roster is applied: a re-run of an older run, or a run that waited
 * behind a newer push, read a roster the branch no longer asks for. Returns why it may not
 * apply (a sentence naming the head commit and what to run instead), or null when it may.
 */
async function staleRoster(github, repo, branch, roster) {
    const head = await github.branchHead(repo, branch);
    if (head === null)
        return `the branch ${branch} does not exist any more, so its roster cannot be confirmed`;
    const file = await github.getFile(repo, roster.file, head);
    const at = `commit ${head.slice(0, 7)}, the head of ${branch}`;
    const instead = `Run the workflow again on ${branch} (Actions → Run workflow, or the next push) instead of re-running an older run`;
    if (file === null)
        return `${roster.file} is not in ${at}, so the roster read here is not the branch's. ${instead}`;
    let current = null;
    try {
        current = parseRoster(file.content, roster.file);
    }
    catch {
        current = null;
    }
    if (current !== null && rosterMeaning(current) === rosterMeaning(roster))
        return null;
    return `${roster.file} here asks for something other than ${roster.file} at ${at} (this run's checkout is older, or was changed). ${instead}.`;
}

;// CONCATENATED MODULE: ./lib/core/ledger-drafts.js
/** What the run found in live state (and the worst case of unresolved intents), at the time it looked. */
function observedDrafts(observed, context) {
    return observed.map((o) => ({
        at: context.observedAt.toISOString(),
        event: o.event,
        by: 'observed',
        user: { id: o.user.id, email: o.user.email },
        from: o.from,
        to: o.to,
        run: context.runUrl,
    }));
}
/** The write-ahead lines (docs/seat-rule.md): one per change about to be sent, committed before the first write. */
function intentDrafts(changes, context) {
    return changes.map((c) => ({
        at: context.at.toISOString(),
        event: 'intent',
        by: 'sync',
        user: { id: c.user.id, email: c.user.email },
        from: c.from,
        to: c.to,
        run: context.runUrl,
        ...(c.kind === 'release' && c.offboard ? { reason: 'offboard' } : {}),
    }));
}
/**
 * One outcome line per applied write, at the time the write was confirmed, so a seat's clock never
 * starts before it really did. Nothing that was not applied: its intent stays unresolved.
 */
function outcomeDrafts(applied, context) {
    const ordered = [...applied].sort((a, b) => a.at.getTime() - b.at.getTime());
    return ordered.map(({ change: c, at }) => {
        const event = c.kind === 'assign' ? 'assigned' : c.kind === 'release' ? 'released' : 'role-changed';
        return {
            at: at.toISOString(),
            event,
            by: 'sync',
            user: { id: c.user.id, email: c.user.email },
            from: c.from,
            to: c.to,
            run: context.runUrl,
            ...(event === 'released' && c.offboard ? { reason: 'offboard' } : {}),
        };
    });
}

;// CONCATENATED MODULE: ./lib/run/clock-check.js
/** How far the runner's clock may be from the servers' before an apply refuses to write. */
const CLOCK_TOLERANCE_MS = 5 * 60_000;
/**
 * Why the runner's clock cannot date ledger lines, or null when it can: the seat rule's times
 * come from this clock, so one behind the servers' would back-date an `assigned` line (and a later
 * run would release that seat early). Compared with the `Date` header of each server's latest
 * answer; a server that sent none is not compared.
 */
function clockProblem(now, servers) {
    const checked = [
        ['Label Studio', servers.labelStudio.serverDate?.() ?? null],
        ['GitHub', servers.github?.serverDate?.() ?? null],
    ];
    for (const [name, server] of checked) {
        if (server === null)
            continue;
        const off = now.getTime() - server.getTime();
        if (Math.abs(off) <= CLOCK_TOLERANCE_MS)
            continue;
        return (`The runner's clock says ${now.toISOString()} but ${name}'s Date header says ${server.toISOString()} ` +
            `(${describeOffset(off)} ${off < 0 ? 'behind' : 'ahead'}; at most 5 minutes are allowed). Seat times in the ledger come from ` +
            "this clock, so nothing was written. Set the runner's clock right (NTP on a self-hosted runner) and run again.");
    }
    return null;
}
function describeOffset(ms) {
    const minutes = Math.round(Math.abs(ms) / 60_000);
    if (minutes < 120)
        return `${minutes} minute${minutes === 1 ? '' : 's'}`;
    const hours = Math.round(minutes / 60);
    return hours < 48 ? `${hours} hours` : `${Math.round(hours / 24)} days`;
}

// EXTERNAL MODULE: ./lib/labelstudio/errors.js
var errors = __webpack_require__(7509);
;// CONCATENATED MODULE: ./lib/run/seat-report.js


/** `seat-limit: auto` could not be honoured: the run stops before any write. */
class SeatLimitAutoError extends Error {
    constructor(problem) {
        super(`seat-limit is auto, but the organization's seat report gives no limit this action can use: ${problem}. ` +
            'Nothing was written. Set seat-limit to the number of licensed seats, or let the token user read the seat report ' +
            '(an internal Label Studio Enterprise endpoint: ask the vendor).');
        this.name = 'SeatLimitAutoError';
    }
}
/**
 * Reads the vendor's seat report for the plan. Optional: without `seat-limit: auto`, a report that
 * is refused, malformed or missing is a warning and the run goes on as before; with `auto` it
 * stops the run, since a guessed limit would be worse than none.
 */
async function readSeatReport(labelStudio, organization, settings, log) {
    const auto = settings.seatLimitAuto;
    const outcome = await fetchReport(labelStudio, organization, auto);
    if (outcome.status !== 'read') {
        if (auto)
            throw new SeatLimitAutoError(outcome.problem);
        log.warning(`The organization's seat report was not read (${outcome.problem}); seats are counted from the member list alone.`);
        return { outcome, limit: { seatLimit: settings.seatLimit, source: settings.seatLimit === null ? null : 'input' } };
    }
    if (!auto)
        return { outcome, limit: { seatLimit: settings.seatLimit, source: settings.seatLimit === null ? null : 'input' } };
    const usage = outcome.report.usage;
    if (!usage)
        throw new SeatLimitAutoError(outcome.problem ?? 'the answer has no seat_usage');
    if (!isOrganizationScope(usage)) {
        throw new SeatLimitAutoError(`its seat_usage.scope is ${JSON.stringify(usage.scope).slice(0, 80)}, not ${ORGANIZATION_SCOPE}: the limit then counts users ` +
            'of other organizations too (an instance-wide licence), so it is not this organization\'s number of seats');
    }
    return { outcome, limit: { seatLimit: usage.limit, source: 'seat-report' } };
}
async function fetchReport(labelStudio, organization, auto) {
    if (!labelStudio.seatReport)
        return { status: 'refused', report: null, problem: 'this Label Studio client cannot read it' };
    let answer;
    try {
        answer = await labelStudio.seatReport(organization, { usage: auto });
    }
    catch (err) {
        if (!(err instanceof errors/* LabelStudioError */.TQ))
            throw err;
        const said = `${err.method} ${err.path} ${err.status === null ? `failed: ${err.detail}` : `answered ${err.status}${err.detail ? `: ${err.detail}` : ''}`}`;
        if (err.status === 401 || err.status === 403 || err.status === 404)
            return { status: 'refused', report: null, problem: `it was refused (${said})` };
        if (err.status !== null && err.status >= 200 && err.status < 300)
            return { status: 'malformed', report: null, problem: `its answer cannot be read (${said})` };
        return { status: 'failed', report: null, problem: `it did not answer (${said})` };
    }
    if (!auto)
        return { status: 'read', report: { rows: answer.rows, usage: null }, problem: null };
    const usage = checkSeatUsage(answer.usage);
    if (!usage.ok)
        return { status: 'malformed', report: null, problem: `its answer cannot be read (${usage.problem})` };
    return { status: 'read', report: { rows: answer.rows, usage: usage.usage }, problem: null };
}

;// CONCATENATED MODULE: ./lib/run/sync.js











/** Why the run cannot go on, said before any write: the organization, the ledger on a pull request. */
class PreconditionError extends Error {
    constructor(message) {
        super(message);
        this.name = 'PreconditionError';
    }
}
/** The organization to sync (docs/inputs-and-outputs.md): the input, else the roster's, else the token user's active one. */
async function resolveOrganization(settings, roster, labelStudio) {
    const me = await labelStudio.whoami();
    const sent = me.active_organization;
    if (sent != null && !(0,wire/* isOrganizationId */.nK)(sent)) {
        throw new PreconditionError(`Label Studio's whoami answered active_organization ${describeValue(sent)}, which is not an organization id (a positive whole number); ` +
            'the answer cannot be right, so nothing was written. Check that label-studio-url is Label Studio itself, and that the token user belongs to an organization.');
    }
    const active = sent ?? null;
    const organization = settings.organizationId ?? roster?.organization ?? active;
    if (organization == null) {
        throw new PreconditionError('No organization to sync: the token user has no active organization. Set the organization-id input or `organization:` in the roster.');
    }
    if (active !== organization) {
        throw new PreconditionError(`Organization ${organization} is not the token user's active organization (${active ?? 'none'}): ` +
            `Label Studio changes roles only in the active organization. Switch the token user's active organization to ${organization} ` +
            `in Label Studio (Organization menu → switch), or use a token of a user whose active organization it is.`);
    }
    return { organization, selfUserId: me.id };
}
/** A value from the server inside a message, as JSON and cut short. */
function describeValue(value) {
    const json = JSON.stringify(value) ?? String(value);
    return json.length > 80 ? `${json.slice(0, 80)}… (${json.length} characters)` : json;
}
/** Plan, and in apply mode write, record and commit: everything between the inputs and the report. */
async function sync(settings, files, given) {
    const mode = settings.mode === 'plan' ? 'plan' : 'apply';
    const deps = { ...given, ledgerStore: given.ledgerStore ?? openLedgerStore(settings, { ...given, event: given.event ?? null }) };
    const { organization, selfUserId } = await resolveOrganization(settings, files.roster, deps.labelStudio);
    // Label Studio has answered: a clock far from its own is caught before the ledger is read with it.
    if (mode === 'apply')
        checkClock(deps);
    // The ledger of record: an apply plans from the branch that holds it, never from an older copy.
    const ledger = await deps.ledgerStore.read(mode, files.ledger);
    const live = await (0,port/* liveMembers */.U)(deps.labelStudio, organization);
    const seatReport = await readSeatReport(deps.labelStudio, organization, settings, deps.log);
    const seatLimit = seatReport.limit.seatLimit;
    const observedAt = deps.clock();
    const now = settings.asOf ?? observedAt;
    const plan = buildPlan({
        organization,
        roster: files.roster,
        ledger: ledger.events,
        live,
        selfUserId,
        now,
        observedAt,
        settings: {
            minSeatDays: settings.minSeatDays,
            seatLimit,
            unmanaged: settings.unmanaged,
            maxChanges: settings.maxChanges,
        },
        seatReport: seatReport.outcome.report,
    });
    const result = {
        mode,
        plan,
        generatedAt: deps.clock(),
        runUrl: settings.runUrl,
        ledger: { file: settings.ledgerFile, appended: [], changed: false, status: 'plan-mode', detail: null },
        observedAt,
        seatRule: { minSeatDays: settings.minSeatDays, seatLimit, limitSource: seatReport.limit.source },
        seatReport: { status: seatReport.outcome.status, problem: seatReport.outcome.problem },
        failures: [],
    };
    if (mode === 'apply') {
        await checkBranchRoster(files.roster, deps);
        await applyWriteAhead({ runUrl: settings.runUrl, ledgerPath: settings.ledgerPath, seatLimit }, ledger, plan, organization, observedAt, deps, result);
    }
    result.failures = failureOf(settings, result);
    return result;
}
/** An apply's ledger times come from a checked clock only: stop before any write when it is off. */
function checkClock(deps) {
    const problem = clockProblem(deps.clock(), { labelStudio: deps.labelStudio, github: deps.github });
    if (problem)
        throw new PreconditionError(problem);
}
/**
 * Only the branch head's roster is applied: checked before the first write (GitHub's or Label
 * Studio's), where the ledger is committed (the store knows the branch; without commit-ledger it has none).
 */
async function checkBranchRoster(roster, deps) {
    const where = await deps.ledgerStore.rosterBranch();
    if (where === null)
        return;
    let why;
    try {
        why = await staleRoster(where.github, where.repo, where.branch, roster);
    }
    catch (err) {
        why = `its roster at the head of ${where.branch} could not be read (${err instanceof Error ? err.message : String(err)})`;
    }
    if (why !== null)
        throw new PreconditionError(`Nothing was sent to Label Studio: ${why}`);
}
/**
 * Write-ahead (docs/seat-rule.md): what was observed and one `intent` per change about to be sent are
 * committed first; only then are the writes sent; then one outcome line per applied write is
 * committed. A run that dies anywhere leaves intents that the next run resolves worst-case.
 */
async function applyWriteAhead(settings, ledger, plan, organization, observedAt, deps, result) {
    // Before anything is dated and committed: GitHub has answered by now too.
    checkClock(deps);
    const context = { runUrl: settings.runUrl };
    const observed = observedDrafts(plan.observed, { ...context, observedAt });
    const toSend = plan.maxChanges.exceeded ? [] : plan.changes.filter((c) => c.status === 'planned');
    if (toSend.length === 0) {
        await recordLedger(settings, ledger, observed, deps, result, 'record');
        return;
    }
    // Activations that wait on a release of this run get their intent once its outcome is committed.
    const now = toSend.filter((c) => !waitsOnRelease(plan, c, settings.seatLimit));
    const ahead = await recordLedger(settings, ledger, [...observed, ...intentDrafts(now, { ...context, at: observedAt })], deps, result, 'write-ahead');
    if (!ahead) {
        const changes = plan.changes.map((c) => c.status === 'planned' ? { ...c, status: 'failed', reason: 'not sent: the write-ahead ledger commit failed' } : c);
        result.plan = { ...plan, changes };
        return;
    }
    const writer = {
        setRole: async (userId, role) => {
            await deps.labelStudio.setRole(organization, userId, role);
        },
    };
    deps.onApplyStart?.(toSend.length);
    let recorded = ahead;
    let done = [];
    const between = async (applied, next) => {
        const drafts = [...outcomeDrafts(applied, context), ...intentDrafts(next, { ...context, at: deps.clock() })];
        const after = await recordLedger(settings, recorded, drafts, deps, result, 'write-ahead');
        if (!after)
            return false;
        recorded = after;
        done = applied;
        return true;
    };
    const outcome = await applyPlan(plan, writer, { seatLimit: settings.seatLimit, clock: deps.clock, between });
    result.plan = outcome.plan;
    const committed = new Set(done);
    const rest = outcome.applied.filter((a) => !committed.has(a));
    await recordLedger(settings, recorded, outcomeDrafts(rest, context), deps, result, 'record');
}
/**
 * Appends events, writes the workspace file, and commits it when asked to. Returns the ledger as
 * it now stands, or null when a write-ahead commit failed (then the workspace is left as it was:
 * nothing will be sent, so there is nothing to record).
 */
async function recordLedger(settings, before, drafts, deps, result, purpose) {
    if (drafts.length === 0) {
        if (result.ledger.status === 'plan-mode')
            result.ledger.status = 'unchanged';
        return before;
    }
    const local = appendEvents(before, drafts);
    const ours = local.events.slice(before.events.length);
    if (!deps.ledgerStore.commits) {
        await deps.workspace.write(settings.ledgerPath, serializeLedger(local));
        result.ledger.appended.push(...ours);
        result.ledger.changed = true;
        result.ledger.status = 'written';
        result.ledger.detail = { kind: 'workspace-only' };
        return local;
    }
    const committed = await deps.ledgerStore.commit(before, ours, { writeAhead: purpose === 'write-ahead' });
    if (committed.status === 'committed') {
        await deps.workspace.write(settings.ledgerPath, serializeLedger(committed.ledger));
        result.ledger.appended.push(...committed.ledger.events.slice(committed.ledger.events.length - ours.length));
        result.ledger.changed = true;
        result.ledger.status = 'committed';
        result.ledger.detail = { kind: 'committed', branch: deps.ledgerStore.branch ?? '', events: result.ledger.appended.length };
        return committed.ledger;
    }
    result.ledger.status = 'failed';
    if (purpose === 'write-ahead') {
        result.ledger.detail = { kind: 'write-ahead-failed', reason: committed.reason, stale: committed.status === 'stale' };
        return null;
    }
    await deps.workspace.write(settings.ledgerPath, serializeLedger(committed.ledger));
    result.ledger.appended.push(...ours);
    result.ledger.changed = true;
    result.ledger.detail = { kind: 'record-failed', reason: committed.reason };
    return committed.ledger;
}
/** Why the step fails, as facts (`report/messages.ts` words them); empty when it succeeds. */
function failureOf(settings, result) {
    const { plan } = result;
    const counts = countByStatus(plan.changes);
    const reasons = [];
    if (plan.maxChanges.exceeded)
        reasons.push({ kind: 'max-changes', planned: plan.maxChanges.planned, limit: plan.maxChanges.limit });
    if (counts.refused > 0)
        reasons.push({ kind: 'refused', count: counts.refused });
    if (counts.failed > 0)
        reasons.push({ kind: 'failed', count: counts.failed });
    if (settings.failOnDeferred && counts.deferred > 0)
        reasons.push({ kind: 'deferred', count: counts.deferred });
    // Only a commit fails (recordLedger): a ledger written to the workspace alone never does.
    if (result.ledger.status === 'failed')
        reasons.push({ kind: 'ledger-commit' });
    return reasons;
}

;// CONCATENATED MODULE: ./lib/run/export.js











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
async function exportRosterFile(settings, labelStudio, workspace, options = {}) {
    const clock = options.clock ?? (() => new Date());
    const existing = await readRoster(settings, workspace);
    const { organization, selfUserId } = await resolveOrganization(settings, existing?.roster ?? null, labelStudio);
    const live = await (0,port/* liveMembers */.U)(labelStudio, organization);
    const schemaUrl = schemaUrlFor(settings.actionRepository, settings.actionRef);
    if (!existing) {
        const members = [];
        const ignore = [];
        for (const m of live) {
            const role = roles/* RoleCode */.C2.safeParse(m.role);
            if (!role.success || !changeable(m, selfUserId))
                ignore.push({ email: m.email, id: m.userId });
            else
                members.push({ email: m.email, id: m.userId, role: role.data });
        }
        await workspace.write(settings.rosterPath, renderRoster({ organization, members, ignore }, schemaUrl ?? undefined));
        return { organization, members: members.length, ignore: ignore.length, edited: null, written: true };
    }
    const ledger = await export_readLedger(settings, workspace, clock, options);
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
    const edits = new Map();
    const toIgnore = [];
    for (const c of plan.changes) {
        if (c.rosterLine === null)
            continue;
        const k = indexOf.get(`${c.rosterLine}:${c.rosterColumn}`);
        if (k === undefined)
            continue; // an ignore line: ignore asks for nothing
        const entry = existing.roster.members[k];
        const named = live.some((m) => m.userId === entry.id || (entry.email !== null && m.email !== null && (0,identity/* emailKey */.c8)(m.email) === entry.email));
        const edit = named ? memberEdit(c, byId.get(c.user.id ?? -1)) : { kind: 'remove' };
        if (!edit)
            continue;
        edits.set(k, edit);
        if (edit.kind === 'remove' && c.from !== null)
            toIgnore.push(byId.get(c.user.id));
    }
    const addMembers = [];
    for (const u of plan.unmanaged) {
        const m = byId.get(u.user.id);
        (roles/* RoleCode */.C2.safeParse(m.role).success && changeable(m, selfUserId) ? addMembers : toIgnore).push(m);
    }
    // A new line names the user by email unless another live user or a roster line has that email too.
    const identify = identifier([...live.map((m) => m.email), ...existing.roster.members.map((e) => e.email), ...existing.roster.ignore.map((e) => e.email)]);
    const text = editRoster(existing.text, {
        members: edits,
        addMembers: sortUsers(addMembers.map((m) => ({ ...identify({ email: m.email, id: m.userId }), role: m.role }))),
        addIgnore: sortUsers(toIgnore.map((m) => identify({ email: m.email, id: m.userId }))),
        schemaUrl,
    });
    const written = text !== existing.text;
    if (written)
        await workspace.write(settings.rosterPath, text);
    const count = (kind) => [...edits.values()].filter((e) => e.kind === kind).length;
    return {
        organization,
        members: addMembers.length,
        ignore: toIgnore.length,
        edited: { changed: count('set-role'), removed: count('remove'), kept: count('keep') },
        written,
    };
}
/** Members the action may change: not the owner, not the token's user, not managed by an identity provider. */
function changeable(m, selfUserId) {
    return m.role !== 'OW' && m.userId !== selfUserId && !(0,wire/* isIdentityProviderManaged */.b2)(m);
}
/**
 * What an existing roster line of a live user becomes, from the change a plan finds for it: the
 * live role; no line when the user cannot be given a role here (view-only); or the line as it
 * is when its change only waits for the seat rule.
 */
function memberEdit(c, account) {
    if (c.status === 'deferred') {
        const until = c.eligibleAt ? ` until ${c.eligibleAt.toISOString()}` : '';
        return { kind: 'keep', note: `live role ${c.from ?? 'none'}; the change to ${c.to} waits for the seat rule${until}` };
    }
    // Two accounts match the line: the plan's refusal names them, and only a person can choose.
    if (!account)
        return null;
    const role = roles/* RoleCode */.C2.safeParse(account.role);
    // A view-only account cannot be named with a role here; it goes under ignore.
    if (!role.success)
        return { kind: 'remove' };
    if (role.data === c.to)
        return null;
    return { kind: 'set-role', role: role.data };
}
async function readRoster(settings, workspace) {
    const bytes = await workspace.read(settings.rosterPath);
    if (bytes === null)
        return null;
    try {
        const roster = parseRoster(bytes, settings.rosterFile);
        return { roster, text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes) };
    }
    catch (err) {
        // A roster that does not parse has nothing to keep: export writes a new one over it.
        if (err instanceof core_problems/* ValidationError */.yI)
            return null;
        throw err;
    }
}
/**
 * The ledger of record: the workspace's file, or with `ledger-branch` the ledger at that branch's
 * head (the workspace's file is not read then). A bad one stops the export, since it cannot tell
 * which changes wait.
 */
async function export_readLedger(settings, workspace, clock, options) {
    if (settings.ledgerBranch !== null) {
        if (!options.github) {
            throw new Error(`The ledger lives on the branch ${settings.ledgerBranch} (ledger-branch), read through the GitHub API, and there is no github-token: ` +
                'export cannot tell which roster changes wait for the seat rule, so it wrote nothing. Give the step a github-token with `contents: read`.');
        }
        const log = options.log ?? { info: () => undefined, warning: () => undefined };
        return openLedgerStore(settings, { github: options.github, clock, log, event: null }).read('plan', emptyLedger(settings.ledgerFile));
    }
    const bytes = await workspace.read(settings.ledgerPath);
    return bytes === null ? emptyLedger(settings.ledgerFile) : parseLedger(bytes, settings.ledgerFile, { now: clock() });
}

// EXTERNAL MODULE: external "node:perf_hooks"
var external_node_perf_hooks_ = __webpack_require__(643);
// EXTERNAL MODULE: ./node_modules/@actions/github/lib/github.js + 22 modules
var github = __webpack_require__(2413);
;// CONCATENATED MODULE: ./lib/github/octokit.js




/** octokit sets no time-out of its own; a hung connection must not hang the step. */
const REQUEST_TIMEOUT_MS = 30_000;
/** A branch may move between the JSON read and the raw read of a large file: re-read this often. */
const RAW_READ_ATTEMPTS = 3;
/**
 * The port over `@actions/github`. `baseUrl` is the runner's `GITHUB_API_URL` (GitHub
 * Enterprise Server, or a fake in tests).
 */
function createGitHubPort(token, baseUrl) {
    const octokit = (0,github/* getOctokit */.Q)(token, { baseUrl: baseUrl.replace(/\/+$/, '') });
    // GitHub's clock when its latest answer came, and our monotonic clock then: the server's time
    // now is that plus what has elapsed since, so a check made later is not off by the wait.
    let serverDate = null;
    const noteDate = (headers) => {
        const at = typeof headers?.date === 'string' ? Date.parse(headers.date) : Number.NaN;
        if (!Number.isNaN(at))
            serverDate = { at, seen: external_node_perf_hooks_.performance.now() };
    };
    octokit.hook.after('request', (response) => noteDate(response.headers));
    octokit.hook.error('request', (error) => {
        noteDate(error.response?.headers);
        throw error;
    });
    const ctx = {
        octokit,
        token,
        fail: (err, method, route) => toApiError(err, method, route, token),
        request: () => ({ signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }),
    };
    return {
        getFile: (repo, path, ref) => getFile(ctx, repo, path, ref),
        putFile: (repo, args) => putFile(ctx, repo, args),
        listIssueComments: (repo, issueNumber) => listIssueComments(ctx, repo, issueNumber),
        createIssueComment: (repo, issueNumber, body) => createIssueComment(ctx, repo, issueNumber, body),
        updateIssueComment: (repo, commentId, body) => updateIssueComment(ctx, repo, commentId, body),
        authenticatedLogin: () => authenticatedLogin(ctx),
        branchHead: (repo, branch) => branchHead(ctx, repo, branch),
        createBranch: (repo, branch, sha) => createBranch(ctx, repo, branch, sha),
        defaultBranch: (repo) => defaultBranch(ctx, repo),
        mergeBase: (repo, base, head) => mergeBase(ctx, repo, base, head),
        commitsOfPath: (repo, ref, path, page) => commitsOfPath(ctx, repo, ref, path, page),
        serverDate: () => (serverDate === null ? null : new Date(serverDate.at + (external_node_perf_hooks_.performance.now() - serverDate.seen))),
    };
}
async function getFile(ctx, repo, path, ref) {
    const route = contentsRoute(repo, path);
    for (let attempt = 1;; attempt++) {
        let data;
        try {
            ({ data } = await ctx.octokit.rest.repos.getContent({ ...params(repo), path, ref, request: ctx.request() }));
        }
        catch (err) {
            if (statusOf(err) === 404)
                return null;
            throw ctx.fail(err, 'GET', route);
        }
        const file = asFile(data, route, path);
        if (file.encoding !== 'none') {
            return { content: new Uint8Array(Buffer.from(file.content, 'base64')), sha: file.sha };
        }
        // Above 1 MB the contents API sends metadata only; the raw media type sends the bytes.
        const content = await getRaw(ctx.octokit, repo, path, ref, ctx.request()).catch((err) => {
            throw ctx.fail(err, 'GET', `${route} (raw)`);
        });
        if (content === null)
            return null;
        if (gitBlobSha(content) === file.sha)
            return { content, sha: file.sha };
        if (attempt >= RAW_READ_ATTEMPTS) {
            throw new GitHubApiError('GET', route, null, `${path} kept changing on ${ref} while it was read; try again`);
        }
    }
}
async function putFile(ctx, repo, args) {
    const route = contentsRoute(repo, args.path);
    try {
        const { data } = await ctx.octokit.rest.repos.createOrUpdateFileContents({
            ...params(repo),
            path: args.path,
            branch: args.branch,
            message: args.message,
            content: Buffer.from(args.content).toString('base64'),
            ...(args.sha === null ? {} : { sha: args.sha }),
            request: ctx.request(),
        });
        const commitSha = data.commit.sha;
        if (typeof commitSha !== 'string') {
            throw new GitHubApiError('PUT', route, 200, 'the response names no commit');
        }
        return { commitSha };
    }
    catch (err) {
        if (err instanceof GitHubApiError)
            throw err;
        const status = statusOf(err);
        const detail = redact(octokit_messageOf(err), ctx.token);
        // A rule's refusal comes as 403, 409 or 422 too: told apart by GitHub's own words, first.
        if (isBranchRuleRefusal(status, detail))
            throw new BranchRuleError('PUT', route, status, detail);
        // 409: the blob sha is stale; 422 "sha wasn't supplied": the file appeared meanwhile.
        if (status === 409 || (status === 422 && /\bsha\b/i.test(detail))) {
            throw new ConflictError('PUT', route, status, detail);
        }
        throw ctx.fail(err, 'PUT', route);
    }
}
async function listIssueComments(ctx, repo, issueNumber) {
    const route = `/repos/${repo.owner}/${repo.repo}/issues/${issueNumber}/comments`;
    try {
        const comments = await ctx.octokit.paginate(ctx.octokit.rest.issues.listComments, {
            ...params(repo),
            issue_number: issueNumber,
            per_page: 100,
            request: ctx.request(),
        });
        return comments.map((c) => ({ id: c.id, body: c.body ?? '', userLogin: c.user?.login ?? null, userType: c.user?.type ?? null }));
    }
    catch (err) {
        throw ctx.fail(err, 'GET', route);
    }
}
async function createIssueComment(ctx, repo, issueNumber, body) {
    const route = `/repos/${repo.owner}/${repo.repo}/issues/${issueNumber}/comments`;
    try {
        const { data } = await ctx.octokit.rest.issues.createComment({ ...params(repo), issue_number: issueNumber, body, request: ctx.request() });
        return { id: data.id };
    }
    catch (err) {
        throw ctx.fail(err, 'POST', route);
    }
}
async function updateIssueComment(ctx, repo, commentId, body) {
    const route = `/repos/${repo.owner}/${repo.repo}/issues/comments/${commentId}`;
    try {
        await ctx.octokit.rest.issues.updateComment({ ...params(repo), comment_id: commentId, body, request: ctx.request() });
    }
    catch (err) {
        throw ctx.fail(err, 'PATCH', route);
    }
}
async function authenticatedLogin(ctx) {
    try {
        const { data } = await ctx.octokit.rest.users.getAuthenticated({ request: ctx.request() });
        return data.login;
    }
    catch (err) {
        // Installation tokens (GITHUB_TOKEN, GitHub Apps) are "not accessible by integration" here.
        if (statusOf(err) === 403)
            return null;
        throw ctx.fail(err, 'GET', '/user');
    }
}
async function branchHead(ctx, repo, branch) {
    const ref = `heads/${branch}`;
    const route = `/repos/${repo.owner}/${repo.repo}/git/ref/${ref}`;
    try {
        const { data } = await ctx.octokit.rest.git.getRef({ ...params(repo), ref, request: ctx.request() });
        return data.object.sha;
    }
    catch (err) {
        if (statusOf(err) === 404)
            return null;
        throw ctx.fail(err, 'GET', route);
    }
}
async function createBranch(ctx, repo, branch, sha) {
    const route = `/repos/${repo.owner}/${repo.repo}/git/refs`;
    try {
        await ctx.octokit.rest.git.createRef({ ...params(repo), ref: `refs/heads/${branch}`, sha, request: ctx.request() });
    }
    catch (err) {
        throw ctx.fail(err, 'POST', route);
    }
}
async function defaultBranch(ctx, repo) {
    try {
        const { data } = await ctx.octokit.rest.repos.get({ ...params(repo), request: ctx.request() });
        return data.default_branch;
    }
    catch (err) {
        throw ctx.fail(err, 'GET', `/repos/${repo.owner}/${repo.repo}`);
    }
}
async function mergeBase(ctx, repo, base, head) {
    const basehead = `${base}...${head}`;
    try {
        const { data } = await ctx.octokit.rest.repos.compareCommitsWithBasehead({ ...params(repo), basehead, per_page: 1, request: ctx.request() });
        return data.merge_base_commit.sha;
    }
    catch (err) {
        // 404: a commit GitHub does not know; 422: no common history.
        const status = statusOf(err);
        if (status === 404 || status === 422)
            return null;
        throw ctx.fail(err, 'GET', `/repos/${repo.owner}/${repo.repo}/compare/${basehead}`);
    }
}
async function commitsOfPath(ctx, repo, ref, path, page) {
    try {
        const { data } = await ctx.octokit.rest.repos.listCommits({ ...params(repo), sha: ref, path, per_page: 100, page, request: ctx.request() });
        return data.map((c) => ({ sha: c.sha, parents: c.parents.map((p) => p.sha), message: c.commit.message }));
    }
    catch (err) {
        throw ctx.fail(err, 'GET', `/repos/${repo.owner}/${repo.repo}/commits`);
    }
}
/** The git blob SHA-1 GitHub reports as a file's `sha`. */
function gitBlobSha(content) {
    return (0,external_node_crypto_.createHash)('sha1').update(`blob ${content.byteLength}\0`).update(content).digest('hex');
}
function params(repo) {
    return { owner: repo.owner, repo: repo.repo };
}
function contentsRoute(repo, path) {
    return `/repos/${repo.owner}/${repo.repo}/contents/${path}`;
}
function asFile(data, route, path) {
    if (Array.isArray(data)) {
        throw new GitHubApiError('GET', route, 200, `${path} is a directory, not a file`);
    }
    const d = data;
    if (d === null || typeof d !== 'object' || d.type !== 'file' || typeof d.sha !== 'string') {
        const kind = d !== null && typeof d === 'object' && typeof d.type === 'string' ? d.type : 'not a file';
        throw new GitHubApiError('GET', route, 200, `${path} is a ${kind}, not a regular file`);
    }
    return {
        sha: d.sha,
        content: typeof d.content === 'string' ? d.content : '',
        encoding: typeof d.encoding === 'string' ? d.encoding : 'none',
    };
}
async function getRaw(octokit, repo, path, ref, request) {
    try {
        const { data } = await octokit.request('GET /repos/{owner}/{repo}/contents/{path}', {
            ...params(repo),
            path,
            ref,
            mediaType: { format: 'raw' },
            // Bytes as sent: octokit would otherwise decode by content type.
            request: { ...request, parseSuccessResponseBody: false },
        });
        return new Uint8Array(await new Response(data).arrayBuffer());
    }
    catch (err) {
        if (statusOf(err) === 404)
            return null;
        throw err;
    }
}
/** The HTTP status of an octokit error, or null when no response arrived. */
function statusOf(err) {
    if (typeof err !== 'object' || err === null)
        return null;
    const e = err;
    // octokit reports network failures as status 500 without a response.
    if (e.response === undefined || e.response === null)
        return null;
    return typeof e.status === 'number' ? e.status : null;
}
function octokit_messageOf(err) {
    const data = err?.response?.data;
    if (typeof data === 'object' && data !== null && typeof data.message === 'string') {
        return data.message;
    }
    if (typeof data === 'string' && data.trim() !== '')
        return data.trim();
    return err instanceof Error ? err.message : String(err);
}
function redact(text, token) {
    return token === '' ? text : text.split(token).join('***');
}
function permissionHint(route) {
    if (route.includes('/contents/') || route.includes('/git/refs'))
        return ' (give the workflow `permissions: contents: write`)';
    if (route.includes('/comments'))
        return ' (give the workflow `permissions: pull-requests: write`)';
    return '';
}
function toApiError(err, method, route, token) {
    if (err instanceof GitHubApiError)
        return err;
    const status = statusOf(err);
    let detail = redact(octokit_messageOf(err), token);
    if (status === 401)
        detail += ' (check the github-token input)';
    if (status === 403 && method !== 'GET')
        detail += permissionHint(route);
    return new GitHubApiError(method, route, status, detail);
}

;// CONCATENATED MODULE: ./lib/core/occupancy.js
const occupancy_DAY_MS = 86_400_000;
/** More rows than this make a calendar nobody reads; later steps are merged into the last row. */
const MAX_CALENDAR_ROWS = 15;
/**
 * The seats of a run as the report shows them. The plan counted them as read; the changes that
 * took effect (`done`) then move seats between in use and cooling; what waits is dated.
 */
function seatOutlook(plan, options) {
    const { minSeatDays, seatLimit, done } = options;
    const now = plan.asOf.getTime();
    const { inUse, cooling } = plan.seats;
    const occupied = inUse + cooling;
    const tookEffect = (status) => !plan.maxChanges.exceeded && status === done;
    let inUseAfter = inUse;
    // A release that did not take effect leaves its user seated: their cooling (an offboarding's) is not counted.
    const stillSeated = new Set();
    const steps = [];
    for (const c of plan.changes) {
        if (c.kind !== 'release' && c.kind !== 'assign')
            continue;
        const delta = c.kind === 'assign' ? 1 : -1;
        if (tookEffect(c.status)) {
            inUseAfter += delta;
            continue;
        }
        if (c.kind === 'release' && c.user.id != null)
            stillSeated.add(c.user.id);
        if (c.status === 'deferred' && c.eligibleAt)
            steps.push({ at: Math.max(now, c.eligibleAt.getTime()), delta });
    }
    const releasing = new Set();
    for (const c of plan.changes)
        if (c.kind === 'release' && c.user.id != null)
            releasing.add(c.user.id);
    const coolingNow = plan.cooling.filter((s) => s.until.getTime() > now && !(s.user.id != null && releasing.has(s.user.id)));
    const coolingSeats = plan.cooling.filter((s) => s.until.getTime() > now && !(s.user.id != null && stillSeated.has(s.user.id)));
    let occupiedAfter = inUseAfter;
    for (const s of coolingSeats) {
        occupiedAfter += 1;
        steps.push({ at: s.until.getTime(), delta: -1 });
    }
    const end = now + minSeatDays * occupancy_DAY_MS;
    const byTime = new Map();
    for (const s of steps) {
        if (s.at <= now)
            occupiedAfter += s.delta;
        else if (s.at <= end)
            byTime.set(s.at, (byTime.get(s.at) ?? 0) + s.delta);
    }
    const free = (n) => (seatLimit === null ? null : seatLimit - n);
    const calendar = [{ at: new Date(now), occupied: occupiedAfter, free: free(occupiedAfter) }];
    let running = occupiedAfter;
    for (const at of [...byTime.keys()].sort((a, b) => a - b)) {
        const delta = byTime.get(at);
        if (delta === 0)
            continue;
        running += delta;
        const step = { at: new Date(at), occupied: running, free: free(running) };
        if (calendar.length < MAX_CALENDAR_ROWS)
            calendar.push(step);
        else
            calendar[calendar.length - 1] = step;
    }
    return {
        inUse,
        cooling,
        occupied,
        limit: seatLimit,
        over: seatLimit !== null && occupied > seatLimit,
        coolingNow,
        coolingSeats,
        calendar,
    };
}

;// CONCATENATED MODULE: ./lib/report/dates.js
/**
 * Times for people: "Mon 7 Dec, 09:57 UTC (in 4 days)". The plan file, the outputs and the
 * ledger keep ISO-8601 (docs/security.md); only the Markdown a reviewer reads uses this form, which also
 * never breaks mid-token in a narrow table column the way "2026-12-07T09:57:00.000Z" does.
 * `now` is the run's time, passed in, so the same run always renders the same words.
 */
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const pad = (n) => String(n).padStart(2, '0');
/** "Mon 7 Dec, 09:57 UTC", with the year when it is not `now`'s year. */
function humanDate(d, now) {
    const year = d.getUTCFullYear() === now.getUTCFullYear() ? '' : ` ${d.getUTCFullYear()}`;
    return `${WEEKDAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}${year}, ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}
/** "in 4 days", "in 5 hours", "2 days ago", "now": rounded to the nearest whole unit. */
function relativeTime(d, now) {
    const diff = d.getTime() - now.getTime();
    const abs = Math.abs(diff);
    let amount;
    if (abs < MINUTE)
        return 'now';
    if (abs < HOUR)
        amount = unit(Math.round(abs / MINUTE), 'minute');
    else if (abs < 2 * DAY)
        amount = unit(Math.round(abs / HOUR), 'hour');
    else
        amount = unit(Math.round(abs / DAY), 'day');
    return diff > 0 ? `in ${amount}` : `${amount} ago`;
}
/** "Mon 7 Dec, 09:57 UTC (in 4 days)". */
function humanTime(d, now) {
    return `${humanDate(d, now)} (${relativeTime(d, now)})`;
}
const ISO = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z\b/g;
/**
 * Rewrites the ISO times inside a sentence (a change's reason, written for the plan file) for
 * people. Safe on escaped Markdown: escaping leaves digits, `-`, `:`, `.`, `T` and `Z` alone.
 */
function humaniseTimes(text, now) {
    return text.replace(ISO, (iso) => {
        const d = new Date(iso);
        return Number.isNaN(d.getTime()) ? iso : humanDate(d, now);
    });
}
function unit(n, noun) {
    return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

;// CONCATENATED MODULE: ./lib/report/doc.js
/**
 * A Markdown document built line by line with enough structure to be cut and still render: each
 * line knows what it leaves open (a code fence, a `<details>`), and table heads cannot be the
 * last line kept. This is the one place a report is cut to a size budget, with the one footer
 * that says so; neither the summary writer nor the comment writer cuts again.
 */
const characters = (s) => s.length;
const utf8Bytes = (s) => Buffer.byteLength(s, 'utf8');
class Doc {
    lines = [];
    open = [];
    line(text, cuttable = true) {
        this.lines.push({ text, closers: this.open, cuttable });
    }
    blank() {
        this.line('');
    }
    begin(opener, closer) {
        this.open = [closer, ...this.open];
        this.line(opener, false);
    }
    end() {
        const [closer, ...rest] = this.open;
        this.open = rest;
        this.line(closer ?? '');
    }
    table(head, rows) {
        this.line(`| ${head.join(' | ')} |`, false);
        this.line(`|${head.map(() => ' --- ').join('|')}|`, false);
        for (const r of rows)
            this.line(`| ${r.join(' | ')} |`);
        this.blank();
    }
    /**
     * The document, or, when it is over the budget, its longest prefix that ends on a cuttable
     * line, with what is open closed and `footer(omittedLines)` after it.
     */
    render(budget, footer) {
        const full = this.lines.map((l) => l.text).join('\n');
        if (budget === undefined || budget.measure(full) <= budget.max)
            return full;
        const { max, measure } = budget;
        let kept = 0;
        let length = 0;
        let best = { kept: 0, tail: footer(this.lines.length) };
        for (const l of this.lines) {
            length += measure(l.text) + (kept > 0 ? 1 : 0);
            kept++;
            if (!l.cuttable)
                continue;
            const closers = l.closers.length > 0 ? `\n${l.closers.join('\n')}` : '';
            const tail = `${closers}\n\n${footer(this.lines.length - kept)}`;
            if (length + measure(tail) > max)
                break;
            best = { kept, tail };
        }
        let out = this.lines
            .slice(0, best.kept)
            .map((l) => l.text)
            .join('\n') + best.tail;
        // Only a footer longer than the budget itself gets here; cut whole characters until it fits.
        while (measure(out) > max)
            out = out.slice(0, Math.max(0, out.length - Math.max(1, Math.ceil((measure(out) - max) / 4))));
        return out;
    }
}

;// CONCATENATED MODULE: ./lib/report/escape.js
/**
 * Escaping for text the action did not write: emails and reasons from the roster or the API,
 * messages from servers. Every Markdown output (job summary, pull-request comment) goes through
 * `escapeMarkdown`, and every annotation through `plainText`, so a hostile value can neither
 * open a tag, break a table row, start a list or heading, nor ping or link anyone (docs/security.md).
 *
 * Mentions and links are broken with a zero-width space (U+200B) placed where GitHub's
 * recognisers look: right after an `@` that could start a mention (`@user`, `@org/team`), inside
 * `://` of a URL, after `www`, and after the `#` of an issue reference. The text reads the same;
 * GitHub no longer sees a mention, autolink or reference. In Markdown the space is written as the
 * entity `&#8203;`, as Renovate and Dependabot do, so it is visible to anyone reading the raw
 * text and survives editors that strip invisible characters. An `@` inside an email (after a
 * letter, digit or `_`) is no mention for GitHub and is kept, so addresses stay copyable; GitHub
 * may show such an address as a mailto link, which reaches nobody.
 */
const ZWSP = '\u200B';
const ENTITIES = {
    '&': '&amp;',
    '<': '&lt;',
    '>': '&gt;',
    '"': '&quot;',
    // An escaped `\|` is not enough: GFM splits table cells on `|` even inside code spans.
    '|': '&#124;',
    '`': '&#96;',
    [ZWSP]: '&#8203;',
};
/** ASCII punctuation with an inline or block meaning in GitHub-flavoured Markdown. */
const BACKSLASHED = new Set(['\\', '*', '_', '[', ']', '(', ')', '#', '!', '~', '{', '}']);
// Line and paragraph separators, and C0/C1 controls, would split a table row or hide text.
// eslint-disable-next-line no-control-regex
const LINE_BREAKS_AND_CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;
/** Longest value from data shown whole; anything longer is shown by its start and its length. */
const MAX_SHOWN = 2000;
/**
 * `@` that GitHub could read as a mention: not after a word character (its own rule, `\W@`).
 * `://` of any URL scheme, `www.` and `#123` are the autolink and reference triggers.
 */
const TRIGGERS = /(?<![A-Za-z0-9_])@|:(?=\/\/)|(?<![A-Za-z0-9])www(?=\.)|#(?=\d)/gi;
const MENTION_TRIGGER = /(?<![A-Za-z0-9_])@/g;
/** Breaks every mention, autolink and issue reference in `text` with a zero-width space. */
function breakMentionsAndLinks(text) {
    return text.replace(TRIGGERS, (match) => `${match}${ZWSP}`);
}
/** Breaks every mention only: for plain text, where GitHub links nothing but may still notify. */
function breakMentions(text) {
    return text.replace(MENTION_TRIGGER, `@${ZWSP}`);
}
/** The first `max` characters and how long the whole was, so a cut is never silent. */
function capText(text, max = MAX_SHOWN) {
    if (text.length <= max)
        return text;
    // Never split a surrogate pair: half a character is not valid UTF-8 in the summary.
    let end = max;
    const code = text.charCodeAt(end - 1);
    if (code >= 0xd800 && code <= 0xdbff)
        end--;
    return `${text.slice(0, end)}… (cut; ${text.length} characters in all)`;
}
function escapeMarkdown(text, max = MAX_SHOWN) {
    let out = '';
    for (const ch of breakMentionsAndLinks(capText(text, max).replace(LINE_BREAKS_AND_CONTROLS, ' '))) {
        const entity = ENTITIES[ch];
        if (entity)
            out += entity;
        else if (BACKSLASHED.has(ch))
            out += `\\${ch}`;
        else
            out += ch;
    }
    // A leading `-`, `+` or `1.` would start a list inside a list item; `=` a setext heading.
    return out.replace(/^(\s*)([-+=]|\d+(?=[.)]))/, (_, space, mark) => /\d/.test(mark) ? `${space}${mark}\\` : `${space}\\${mark}`);
}
/**
 * Text for an annotation or a failure message: no mention from data, and no more than `max`
 * characters. GitHub shows annotations as plain text, without autolinks, so URLs stay whole and
 * copyable. Line breaks stay (the runner escapes them).
 */
function plainText(text, max = MAX_SHOWN * 2) {
    return breakMentions(capText(text, max));
}

;// CONCATENATED MODULE: ./lib/report/gantt.js
/** More bars than this make a chart nobody reads in a 780 px column; the tables list them all. */
const MAX_BARS = 30;
/**
 * The seat calendar as a Mermaid `gantt` block, which GitHub draws in comments and summaries:
 * held seats waiting for their release date, cooling seats, and activations waiting for a seat,
 * each a bar from now to its eligibility date. Nothing when nothing waits. Returns whether it drew.
 */
function renderGantt(doc, deferred, cooling, now) {
    const bars = [];
    for (const c of deferred) {
        if (!c.eligibleAt || c.eligibleAt <= now)
            continue;
        bars.push({ section: c.kind === 'assign' ? 'Seat wait' : 'Release', who: c.user, end: c.eligibleAt });
    }
    for (const s of cooling)
        if (s.until > now)
            bars.push({ section: 'Cooling', who: s.user, end: s.until });
    if (bars.length === 0)
        return false;
    // One bar per section and end time: 60 seats adopted in one run end together, and 60 equal
    // bars say less than one labelled with its count. The soonest first: what happens next
    // matters most when the chart is cut.
    const groups = new Map();
    for (const b of [...bars].sort((x, y) => x.end.getTime() - y.end.getTime())) {
        const key = `${b.section} ${minute(b.end)}`;
        const g = groups.get(key);
        if (g)
            g.who.push(b.who);
        else
            groups.set(key, { section: b.section, end: b.end, who: [b.who] });
    }
    const shown = [...groups.values()].slice(0, MAX_BARS);
    const left = bars.length - shown.reduce((n, g) => n + g.who.length, 0);
    doc.begin('```mermaid', '```');
    doc.line('gantt', false);
    doc.line('  dateFormat YYYY-MM-DDTHH:mm', false);
    doc.line('  axisFormat %d %b', false);
    doc.line('  tickInterval 1day', false);
    doc.line('  todayMarker off', false);
    const sections = ['Release', 'Cooling', 'Seat wait'];
    let n = 0;
    for (const section of sections) {
        const inSection = shown.filter((b) => b.section === section);
        if (inSection.length === 0)
            continue;
        doc.line(`  section ${section}`, false);
        for (const g of inSection) {
            const name = g.who.length === 1 ? mermaidText(label(g.who[0])) : `${mermaidText(label(g.who[0]), 28)} and ${g.who.length - 1} more`;
            doc.line(`  ${name} :b${n++}, ${minute(now)}, ${minute(g.end)}`, false);
        }
    }
    doc.end();
    doc.blank();
    if (left > 0) {
        doc.line(`And ${left} more, listed in the tables.`);
        doc.blank();
    }
    return true;
}
const KEYWORDS = /^(section|title|dateformat|axisformat|tickinterval|todaymarker|excludes|includes|inclusiveenddates|toplevel|weekday|weekend|click|acctitle|accdescr|displaymode|gantt)\b/i;
function label(u) {
    return u.email ?? (u.id != null ? `id ${u.id}` : 'unknown user');
}
function minute(d) {
    return d.toISOString().slice(0, 16);
}
/**
 * Text from data made inert inside Mermaid: `:` ends a task name, `;` and line breaks end a
 * statement, `#` starts an entity, `%%` a comment; a Markdown fence could close the block.
 * Mentions cannot fire inside a code block, but the `@` goes too so nothing reads as one.
 * What is left is letters, digits and a few separators, cut to a bar-sized length.
 */
function mermaidText(text, max = 40) {
    const plain = text
        .replace(/@/g, ' at ')
        .replace(/[^\p{L}\p{N} ._+\-()]/gu, ' ')
        .replace(/\s+/g, ' ')
        .trim();
    // A task named like a gantt keyword ("section …", "title …") would be read as that keyword.
    if (KEYWORDS.test(plain))
        return mermaidText(`user ${plain}`, max);
    const cut = [...plain];
    const shown = cut.length > max ? `${cut.slice(0, max - 1).join('')}…` : plain;
    return shown || 'unnamed';
}

;// CONCATENATED MODULE: ./lib/report/messages.js
function plural(n, noun) {
    return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
const isAre = (n) => (n === 1 ? 'is' : 'are');
const wasWere = (n) => (n === 1 ? 'was' : 'were');
/** One reason as the clause of the step's failure message. */
function reasonClause(r) {
    switch (r.kind) {
        case 'max-changes':
            return `the plan has ${r.planned} changes to write, above max-changes (${r.limit}); nothing was applied`;
        case 'refused':
            return `${plural(r.count, 'change')} ${wasWere(r.count)} refused`;
        case 'failed':
            return `${plural(r.count, 'change')} failed`;
        case 'deferred':
            return `${plural(r.count, 'change')} ${wasWere(r.count)} deferred by the seat rule (fail-on-deferred)`;
        case 'ledger-commit':
            return 'the ledger commit failed';
    }
}
/** What `core.setFailed` says for a finished run, or null when the step succeeds. */
function failureMessage(failures) {
    return failures.length > 0 ? `Label Studio Roster Sync: ${failures.map(reasonClause).join('; ')}.` : null;
}
/**
 * One reason for the report's CAUTION alert, with what to do about it. Markdown; the only data
 * in it are numbers and the roster's path, which the caller passes escaped.
 */
function reasonAdvice(r, mode, roster) {
    switch (r.kind) {
        case 'max-changes':
            return mode === 'plan'
                ? `This plan writes ${plural(r.planned, 'change')}, above \`max-changes\` (${r.limit}): the apply run would write nothing and fail. Raise \`max-changes\` or split the roster change.`
                : `${plural(r.planned, 'change')} to write, above \`max-changes\` (${r.limit}): nothing was applied. Raise \`max-changes\` or split the roster change.`;
        case 'refused':
            return `${plural(r.count, 'change')} ${isAre(r.count)} refused and can never be applied as written: fix ${r.count === 1 ? 'it' : 'them'} in ${roster} (each row says why).`;
        case 'failed':
            return `${plural(r.count, 'write')} failed after retries; the next run tries again. The step log has the errors.`;
        case 'deferred':
            return `${plural(r.count, 'change')} ${isAre(r.count)} deferred by the seat rule, and \`fail-on-deferred\` is set.`;
        case 'ledger-commit':
            return 'The seat ledger could not be committed (see the ledger section).';
    }
}
/**
 * Seat-rule facts a reader must know: seats adopted with no record, seats freed outside the
 * action, and the first run's cooling count. `when` formats a date: ISO for annotations, a
 * human date for Markdown.
 */
function seatNotices(result, when) {
    const { plan, mode, seatRule } = result;
    const out = [];
    const verb = mode === 'plan' ? 'taken as' : 'recorded as';
    const adopted = plan.observed.filter((o) => o.event === 'assigned' && o.cause === 'found').length;
    if (adopted > 0) {
        out.push(`${plural(adopted, 'seat')} found with no open ledger record ${wasWere(adopted)} ${verb} assigned now (by: observed). ` +
            `Their clock starts at ${when(result.observedAt)}, so releasing them waits the full ${seatRule.minSeatDays} days: ` +
            'the ledger cannot know when they really started.');
    }
    const freed = plan.observed.filter((o) => o.event === 'released' && o.cause === 'found').length;
    if (freed > 0) {
        out.push(`${plural(freed, 'member')} whose seat the ledger shows open ${freed === 1 ? 'has' : 'have'} no seat now ` +
            `(released outside this action); ${freed === 1 ? 'it was' : 'they were'} ${verb} released now (by: observed).`);
    }
    if (plan.adoptionCooling) {
        const { members, until } = plan.adoptionCooling;
        out.push(`The ledger is empty (first run): ${plural(members, 'deactivated member')} may have given up a seat by hand ` +
            `in the last ${seatRule.minSeatDays} days, so each counts as a cooling seat until ${when(until)}. With seat-limit ` +
            `${seatRule.seatLimit}, activations beyond the free seats wait until then; re-activating one of these members needs no other seat.`);
    }
    return out;
}
/** What `core.setFailed` says when the run stopped before its plan. */
function runFailureMessage(f, formatProblem) {
    switch (f.kind) {
        case 'invalid-files':
            return `Nothing was changed: ${plural(f.problems.length, 'problem')} found.\n${f.problems.map(formatProblem).join('\n')}`;
        case 'invalid-inputs':
            return `Nothing was changed: ${plural(f.errors.length, 'invalid input')}.`;
        case 'error':
            return f.message;
    }
}
/** What the run's ledger record means for the reader; null when there is nothing to say. */
function ledgerMessage(ledger) {
    const d = ledger.detail;
    if (!d)
        return null;
    switch (d.kind) {
        case 'workspace-only':
            return `The ledger was written to the workspace only (commit-ledger: false); commit ${ledger.file} in a later step, or the crash guarantee does not hold.`;
        case 'committed':
            return `Committed ${d.events} event${d.events === 1 ? '' : 's'} to ${ledger.file} on ${d.branch}.`;
        case 'write-ahead-failed':
            return (`Nothing was sent to Label Studio: the ledger commit that must come before any write failed (${d.reason}). ` +
                'The action records each change in the ledger before sending it, so that a crash can never release a seat early. ' +
                (d.stale
                    ? 'Re-run the workflow; keep every workflow that applies in one concurrency group so runs never overlap.'
                    : 'Give the job `contents: write`, let the token push to the branch (branch protection), or set commit-ledger: false and commit the ledger in a later step.'));
        case 'record-failed':
            return (`The ledger commit after the writes failed: ${d.reason}. The ledger is left in the workspace at ${ledger.file}. ` +
                'No seat is released early: the next run finds the changes announced but not recorded, and takes the worst case.');
    }
}

;// CONCATENATED MODULE: ./lib/report/markdown.js










/** Finds the action's own pull-request comment among the others, to update it in place. */
const PLAN_COMMENT_MARKER = '<!-- label-studio-roster-sync:plan -->';
/** GitHub refuses comment bodies above 65,536 characters. */
const COMMENT_LIMIT = 65_536;
/** The comment's one budget, marker included; the rest of the limit is headroom. */
const COMMENT_MAX_LENGTH = 65_000;
/** GitHub drops a job summary above 1 MiB (1,048,576 bytes of UTF-8); the rest is headroom. */
const SUMMARY_MAX_BYTES = 1_000_000;
/** A section with more rows than this is folded in `<details>`, its count in the summary line. */
const COLLAPSE_ROWS = 20;
/** Problems listed one by one when a run stops before its plan; the log has every one. */
const markdown_MAX_PROBLEMS = 100;
const BUDGETS = {
    summary: { max: SUMMARY_MAX_BYTES, measure: utf8Bytes },
    comment: { max: COMMENT_MAX_LENGTH - PLAN_COMMENT_MARKER.length - 1, measure: characters },
};
/** The job summary of a finished plan or apply. */
function renderSummary(result, ctx) {
    return finish(runDoc(result, ctx, 'summary'), ctx, 'summary');
}
/** The sticky pull-request comment of a finished plan: the summary's content, under its budget, with its marker. */
function renderComment(result, ctx) {
    return finish(runDoc(result, ctx, 'comment'), ctx, 'comment');
}
/** The job summary of a run that stopped before its plan (invalid roster, ledger or inputs, an error). */
function renderFailureSummary(failure, ctx) {
    return finish(failureDoc(failure, ctx, 'summary'), ctx, 'summary');
}
/** The sticky comment when the plan could not be made: the comment must not keep describing an older commit. */
function renderFailureComment(failure, ctx) {
    return finish(failureDoc(failure, ctx, 'comment'), ctx, 'comment');
}
function finish(doc, ctx, target) {
    const where = ctx.runUrl ? `the [run's job summary](${ctx.runUrl}) and its plan file` : "the run's job summary and its plan file";
    const footer = (omitted) => target === 'comment'
        ? `---\n\n**This report is cut to fit GitHub's size limit** (${plural(omitted, 'more line')}). The full report is in ${where}.`
        : `---\n\n**This report is cut to fit GitHub's size limit** (${plural(omitted, 'more line')}). Every change is in the plan file (the \`plan-file\` output).`;
    const text = doc.render(ctx.budget ?? BUDGETS[target], footer);
    return target === 'comment' ? `${text}\n${PLAN_COMMENT_MARKER}` : text;
}
// ---------------------------------------------------------------------------------------------
/** The comment's first line: which commit this describes and which run said so. */
function headLine(title, ctx) {
    const parts = [`**${title}**`];
    const sha = ctx.head && /^[0-9a-f]{7,64}$/i.test(ctx.head.sha) ? ctx.head.sha.slice(0, 7).toLowerCase() : null;
    if (sha)
        parts.push(ctx.head.url ? `commit [\`${sha}\`](${ctx.head.url})` : `commit \`${sha}\``);
    else
        parts.push('commit unknown');
    if (ctx.runUrl)
        parts.push(`[workflow run](${ctx.runUrl})`);
    parts.push(humanDate(ctx.now, ctx.now));
    return parts.join(' · ');
}
function runDoc(result, ctx, target) {
    const doc = new Doc();
    const { plan } = result;
    const counts = countByStatus(plan.changes);
    const roster = `\`${escapeMarkdown(ctx.rosterFile)}\``;
    const title = result.mode === 'plan' ? 'Label Studio roster plan' : 'Label Studio roster apply';
    if (target === 'comment')
        doc.line(headLine(`${title}, organization ${plan.organization}`, ctx));
    else
        doc.line(`## ${title}: organization ${plan.organization}`);
    doc.blank();
    doc.line(headlineSentence(result, counts));
    doc.blank();
    const seats = outlookOf(result);
    renderAlerts(doc, result, counts, ctx, roster, seats);
    doc.line(`<sub>${countsLine(result, counts, ctx)}</sub>`);
    doc.blank();
    doc.line(seatLine(result, seats, ctx));
    doc.blank();
    const vendor = vendorSeatLine(result, seats);
    if (vendor) {
        doc.line(vendor);
        doc.blank();
    }
    const rows = (status) => plan.changes.filter((c) => c.status === status);
    changeSection(doc, 'Refused: never applied as written', rows('refused'), ctx);
    changeSection(doc, 'Failed: the write failed after retries', rows('failed'), ctx);
    changeSection(doc, result.mode === 'plan' ? 'Planned: merging applies these' : 'Not applied', rows('planned'), ctx);
    changeSection(doc, 'Applied', rows('applied'), ctx);
    waitingSection(doc, result, ctx, seats);
    seatReportSection(doc, result);
    unresolvedSection(doc, plan.unresolved, ctx);
    unmanagedSection(doc, plan.unmanaged);
    ledgerSection(doc, result);
    return doc;
}
/** One sentence: what merging will do (a plan) or what this run did (an apply). */
function headlineSentence(result, counts) {
    const { plan } = result;
    const org = `organization ${plan.organization}`;
    const tails = [];
    if (counts.deferred > 0)
        tails.push(`${counts.deferred} more ${counts.deferred === 1 ? 'waits' : 'wait'} for the seat rule`);
    if (counts.refused > 0)
        tails.push(`${counts.refused} ${counts.refused === 1 ? 'is' : 'are'} refused`);
    if (counts.failed > 0)
        tails.push(`${counts.failed} failed`);
    const tail = tails.length > 0 ? `; ${tails.join(', ')}` : '';
    if (result.mode === 'plan') {
        if (plan.maxChanges.exceeded) {
            return `Merging changes **nothing**: this plan writes ${plural(plan.maxChanges.planned, 'change')}, above \`max-changes\` (${plan.maxChanges.limit}), so the apply run stops before any write.`;
        }
        if (plan.changes.length === 0) {
            return plan.unmanaged.length === 0
                ? `Merging changes **nothing**: every member of ${org} already has the role the roster gives.`
                : `Merging changes **no role** in ${org}; ${plural(plan.unmanaged.length, 'member')} of it ${plan.unmanaged.length === 1 ? 'is' : 'are'} not in the roster.`;
        }
        return counts.planned > 0
            ? `Merging changes **${plural(counts.planned, 'role')}** in ${org}${tail}.`
            : `Merging changes **no role now** in ${org}${tail}.`;
    }
    if (plan.maxChanges.exceeded) {
        return `This run changed **nothing**: ${plural(plan.maxChanges.planned, 'change')} to write are above \`max-changes\` (${plan.maxChanges.limit}).`;
    }
    if (plan.changes.length === 0)
        return `This run changed **nothing**: every member of ${org} already has the role the roster gives.`;
    const notApplied = counts.planned > 0 ? `; ${counts.planned} not applied` : '';
    return counts.applied > 0
        ? `This run changed **${plural(counts.applied, 'role')}** in ${org}${notApplied}${tail}.`
        : `This run changed **no role** in ${org}${notApplied}${tail}.`;
}
function countsLine(result, counts, ctx) {
    const { plan } = result;
    const parts = [
        result.mode === 'plan' ? `${counts.planned} planned` : `${counts.applied} applied`,
        ...(result.mode === 'apply' && counts.planned > 0 ? [`${counts.planned} not applied`] : []),
        `${counts.deferred} deferred`,
        `${counts.refused} refused`,
        `${counts.failed} failed`,
        `${plan.noop} already at their role`,
        `${plan.unmanaged.length} unmanaged`,
    ];
    const whatIf = Math.abs(plan.asOf.getTime() - result.generatedAt.getTime()) > 60_000;
    const when = whatIf ? `evaluated as of ${humanDate(plan.asOf, ctx.now)} (what-if)` : `evaluated ${humanDate(plan.asOf, ctx.now)}`;
    return `${parts.join(' · ')} · ${when}`;
}
function markdown_alert(doc, kind, lead, items) {
    if (lead === null && items.length === 0)
        return;
    doc.line(`> [!${kind}]`, false);
    if (lead !== null)
        doc.line(`> ${lead}`, items.length === 0);
    if (items.length === 1 && lead === null)
        doc.line(`> ${items[0]}`);
    else if (items.length > 0)
        items.forEach((item, i) => doc.line(`> - ${item}`, i === items.length - 1));
    doc.blank();
}
function renderAlerts(doc, result, counts, ctx, roster, seats) {
    const { plan } = result;
    if (result.failures.length > 0) {
        const items = result.failures.map((r) => reasonAdvice(r, result.mode, roster));
        markdown_alert(doc, 'CAUTION', '**This step fails.**', items);
    }
    const warnings = [];
    if (seats.over) {
        warnings.push(`**More seats are occupied than licensed:** ${seats.inUse} in use + ${seats.cooling} cooling = ${seats.occupied}, ` +
            `against ${seats.limit} licensed. Activations wait until enough seats free (see Seat calendar); ` +
            'release seats in the roster, or check the licence.');
    }
    warnings.push(...seatNotices(result, (d) => humanTime(d, ctx.now)));
    if (result.seatReport && result.seatReport.status !== 'read') {
        warnings.push(`Label Studio's seat report was not read: ${escapeMarkdown(result.seatReport.problem ?? result.seatReport.status)}. ` +
            'Seats are counted from the member list and the ledger alone.');
    }
    const interrupted = plan.unresolved.filter((u) => u.outcome !== 'no-seat').length;
    if (interrupted > 0) {
        warnings.push(`${plural(interrupted, 'write')} of an earlier run ${interrupted === 1 ? 'was' : 'were'} interrupted before ${interrupted === 1 ? 'its' : 'their'} outcome was recorded; ` +
            'each is taken the worst way for the seat rule (see Interrupted writes).');
    }
    const ledgerNote = ledgerMessage(result.ledger);
    if (result.ledger.status === 'failed' && result.failures.every((f) => f.kind !== 'ledger-commit') && ledgerNote) {
        warnings.push(`**The ledger commit failed.** ${escapeMarkdown(ledgerNote)}`);
    }
    markdown_alert(doc, 'WARNING', null, warnings);
    const notes = [];
    const deferred = plan.changes.filter((c) => c.status === 'deferred');
    const dated = deferred.filter((c) => c.eligibleAt);
    const first = nextEligibleAt(deferred);
    if (first) {
        const last = new Date(Math.max(...dated.map((c) => c.eligibleAt.getTime())));
        notes.push(dated.length === 1
            ? `1 change waits for the seat rule until ${humanTime(first, ctx.now)}; the first scheduled run after that (e.g. the nightly one) applies it.`
            : last.getTime() === first.getTime()
                ? `${dated.length} changes wait for the seat rule until ${humanTime(first, ctx.now)}; the first scheduled run after that (e.g. the nightly one) applies them.`
                : `${dated.length} changes wait for the seat rule, the first until ${humanTime(first, ctx.now)} and the last until ${humanTime(last, ctx.now)}; each applies on the first scheduled run after its date.`);
    }
    const undated = deferred.length - dated.length;
    if (undated > 0)
        notes.push(`${plural(undated, 'activation')} ${undated === 1 ? 'waits' : 'wait'} for a seat to free with no date yet; a later run applies ${undated === 1 ? 'it' : 'them'}.`);
    const reported = plan.unmanaged.filter((u) => !u.deactivating).length;
    if (reported > 0) {
        notes.push(`${plural(reported, 'member')} of the organization ${reported === 1 ? 'is' : 'are'} not in the roster and left as ${reported === 1 ? 'is' : 'they are'}: ` +
            `add ${reported === 1 ? 'it' : 'them'} to \`members\` or \`ignore\` in ${roster}, or set \`unmanaged: deactivate\`.`);
    }
    const hand = plan.changes.filter((c) => c.handChange && c.status !== 'refused').length;
    if (hand > 0) {
        notes.push(`${plural(hand, 'change')} ${hand === 1 ? 'reverts a role' : 'revert roles'} someone changed by hand in Label Studio since this action last set ${hand === 1 ? 'it' : 'them'} ` +
            `(marked *hand change*, with the role the ledger last recorded); ${result.mode === 'plan' ? 'applying the roster reverts' : 'this run reverted'} ${hand === 1 ? 'that edit' : 'those edits'}.`);
    }
    const writtenNote = ledgerMessage(result.ledger);
    if (result.ledger.status === 'written' && writtenNote)
        notes.push(escapeMarkdown(writtenNote));
    markdown_alert(doc, 'NOTE', null, notes);
}
/** A titled section: a heading and its body, or, above `COLLAPSE_ROWS` rows, folded with its count showing. */
function section(doc, title, count, body) {
    if (count > COLLAPSE_ROWS) {
        doc.begin(`<details><summary><strong>${title} (${count})</strong></summary>`, '</details>');
        doc.blank();
        body();
        doc.end();
        doc.blank();
        return;
    }
    doc.line(`### ${title} (${count})`);
    doc.blank();
    body();
}
function changeSection(doc, title, changes, ctx) {
    if (changes.length === 0)
        return;
    // A reason column only where a row has one: most planned and applied changes have none.
    const withReason = changes.some((c) => c.reason);
    section(doc, title, changes.length, () => doc.table(['User', 'Change', 'Line', ...(withReason ? ['Reason'] : [])], changes.map((c) => [user(c.user), change(c), rosterLine(c), ...(withReason ? [reason(c, ctx)] : [])])));
}
function outlookOf(result) {
    return seatOutlook(result.plan, {
        minSeatDays: result.seatRule.minSeatDays,
        seatLimit: result.seatRule.seatLimit,
        done: result.mode === 'plan' ? 'planned' : 'applied',
    });
}
/** The seats as read in one line (in use, cooling and until when, licensed, free), and what merging leaves free. */
function seatLine(result, seats, ctx) {
    const parts = [`**${seats.inUse} in use** (the owner and the token's user included)`];
    const ends = seats.coolingNow.map((s) => s.until.getTime());
    let until = '';
    if (ends.length > 0) {
        const first = new Date(Math.min(...ends));
        const last = new Date(Math.max(...ends));
        until =
            first.getTime() === last.getTime()
                ? ` until ${humanDate(first, ctx.now)}`
                : ` (the first until ${humanDate(first, ctx.now)}, the last until ${humanDate(last, ctx.now)})`;
    }
    parts.push(`**${seats.cooling} cooling**${until}`);
    if (seats.limit === null)
        return `**Seats now:** ${parts.join(' · ')} · licensed seats unknown (set \`seat-limit\` to make activations seat-aware)`;
    const source = result.seatRule.limitSource === 'seat-report' ? "from Label Studio's seat report, `seat-limit: auto`" : '`seat-limit`';
    parts.push(`**${seats.limit} licensed** (${source})`);
    parts.push(freeText(seats.limit - seats.occupied));
    const after = seats.calendar[0].free;
    return `**Seats now:** ${parts.join(' · ')}. ${result.mode === 'plan' ? 'Once merged' : 'After this run'}: ${freeText(after)}.`;
}
/** The vendor's counters beside the action's own, when its seat report was read. */
function vendorSeatLine(result, seats) {
    const found = result.plan.seatReport;
    if (!found)
        return null;
    const usage = found.usage
        ? ` (its billing counters: ${found.usage.count} in use of ${found.usage.limit} licensed, scope ${escapeMarkdown(found.usage.scope)})`
        : '';
    const disagree = found.reportOnly.length + found.listOnly.length + found.notListed.length;
    const verdict = disagree === 0 && (!found.usage || found.usage.count === seats.inUse)
        ? 'the two agree'
        : `they disagree${disagree > 0 ? ` on ${plural(disagree, 'member')} (see Seat report)` : ''}; the seat rule takes the larger count`;
    return `**Label Studio's seat report:** **${found.counted}** counted toward the seat limit${usage}; this action counts ${seats.inUse} in use: ${verdict}.`;
}
/** Where the report and the member list disagree, how each was taken, and the members with stale role assignments. */
function seatReportSection(doc, result) {
    const found = result.plan.seatReport;
    if (!found)
        return;
    const rows = [
        ...found.reportOnly.map((u) => [user(u), 'counts toward the limit', 'no standard seat (role or user type)', 'seated: counted, released no earlier than the ledger allows']),
        ...found.listOnly.map((u) => [user(u), 'does not count', 'a standard seat', 'seated: counted, released no earlier than the ledger allows']),
        ...found.notListed.map((u) => [user(u), 'counts toward the limit', 'not in the member list', 'counted as occupied']),
    ];
    if (rows.length > 0) {
        section(doc, "Seat report: where Label Studio's report and the member list disagree", rows.length, () => {
            doc.line('A member either side counts as holding a seat is taken as seated: a disagreement can delay a release or an activation, never hasten one.');
            doc.blank();
            doc.table(['User', "Label Studio's seat report", 'Member list', 'Taken as'], rows);
        });
    }
    if (found.stale.length > 0) {
        section(doc, 'Members with stale role assignments', found.stale.length, () => {
            doc.line("Label Studio's seat report flags these members' identity-provider group assignments as orphaned or unlinked, " +
                'the usual cause of a seat that stays taken; check them in Label Studio.');
            doc.blank();
            for (const u of found.stale)
                doc.line(`- ${user(u)}`);
            doc.blank();
        });
    }
}
const freeText = (free) => (free < 0 ? `**none free** (${-free} over)` : `**${free} free**`);
function waitingSection(doc, result, ctx, seats) {
    const deferred = result.plan.changes
        .filter((c) => c.status === 'deferred')
        .sort((a, b) => (a.eligibleAt?.getTime() ?? Infinity) - (b.eligibleAt?.getTime() ?? Infinity));
    const cooling = seats.coolingSeats;
    if (deferred.length === 0 && cooling.length === 0 && seats.limit === null)
        return;
    doc.line('### Seat calendar');
    doc.blank();
    renderGantt(doc, deferred, cooling, ctx.now);
    if (seats.limit !== null)
        freeSeatsTable(doc, result, seats, ctx);
    if (deferred.length === 0)
        return;
    section(doc, 'Deferred by the seat rule', deferred.length, () => doc.table(['User', 'Change', 'Eligible', 'Line', 'Reason'], deferred.map((c) => [user(c.user), change(c), c.eligibleAt ? humanTime(c.eligibleAt, ctx.now) : 'when a seat frees', rosterLine(c), reason(c, ctx)])));
}
/** The free seats over the next `min-seat-days`, one row where the count changes. */
function freeSeatsTable(doc, result, seats, ctx) {
    const days = result.seatRule.minSeatDays;
    doc.line(`Free seats over the next ${plural(days, 'day')}, if later runs apply what waits and nothing else changes:`);
    doc.blank();
    doc.table(['From', 'Occupied', 'Free'], seats.calendar.map((step, i) => [
        i === 0 ? (result.mode === 'plan' ? 'once merged' : 'after this run') : humanTime(step.at, ctx.now),
        String(step.occupied),
        step.free < 0 ? `**none** (${-step.free} over)` : String(step.free),
    ]));
}
/** Writes an earlier run announced and never recorded, and the worst case this run took for each. */
function unresolvedSection(doc, unresolved, ctx) {
    const shown = unresolved.filter((u) => u.outcome !== 'no-seat');
    if (shown.length === 0)
        return;
    section(doc, 'Interrupted writes', shown.length, () => {
        doc.line('An earlier run recorded these changes as about to be sent (`intent` lines) but never recorded their outcome: it crashed, ' +
            'its last ledger commit was lost, or the write failed and may still have landed.');
        doc.blank();
        doc.table(['User', 'Interrupted write', 'Taken as'], shown.map((u) => {
            const from = u.intent.from;
            const doing = from !== null && (0,roles/* isSeatRole */.k9)(from) && !(0,roles/* isSeatRole */.k9)(u.intent.to) ? 'release' : from !== null && (0,roles/* isSeatRole */.k9)(from) ? 'role change' : 'activation';
            const taken = u.outcome === 'seat-held'
                ? 'holds a seat now: its clock restarts now'
                : `may have held a seat since: cooling until ${humanTime(u.coolingUntil, ctx.now)}`;
            return [user(u.user), `${doing} ${roleName(from)} → ${roleName(u.intent.to)}, ledger line ${u.intent.seq} (${humanDate(u.intent.at, ctx.now)})`, taken];
        }));
    });
}
function unmanagedSection(doc, unmanaged) {
    if (unmanaged.length === 0)
        return;
    section(doc, 'Unmanaged members', unmanaged.length, () => {
        doc.line('Members of the organization who are neither in `members` nor in `ignore`.');
        doc.blank();
        doc.table(['User', 'Role', 'What happens'], unmanaged.map((u) => [user(u.user), roleName(u.role), u.deactivating ? 'deactivated (`unmanaged: deactivate`), listed with the changes' : 'left as is, reported only']));
    });
}
function ledgerSection(doc, result) {
    const { ledger } = result;
    const file = `\`${escapeMarkdown(ledger.file)}\``;
    const n = ledger.appended.length;
    doc.line('### Seat ledger');
    doc.blank();
    const note = ledgerMessage(ledger);
    const message = note ? ` ${escapeMarkdown(note)}` : '';
    switch (ledger.status) {
        case 'committed':
            doc.line(`${plural(n, 'line')} appended to ${file} and committed to the branch.${message}`);
            break;
        case 'written':
            doc.line(`${plural(n, 'line')} appended to ${file} in the workspace; not committed (\`commit-ledger: false\`).`);
            break;
        case 'unchanged':
            doc.line(`${file} is unchanged: nothing to record.${message}`);
            break;
        case 'failed':
            doc.line(`**The commit of ${file} failed**; the ledger with this run's ${plural(n, 'new line')} is left in the workspace.${message}`);
            break;
        case 'plan-mode':
            doc.line(`A plan never changes ${file}.${message}`);
            break;
    }
    doc.blank();
    if (n === 0)
        return;
    const lines = ledger.appended.map((e) => JSON.stringify(e));
    // A fence longer than any run of backticks in the lines, so no email can close it early.
    const longest = Math.max(0, ...lines.map((l) => Math.max(0, ...(l.match(/`+/g) ?? []).map((r) => r.length))));
    const fence = '`'.repeat(Math.max(3, longest + 1));
    const what = ledger.status === 'plan-mode' ? 'that an apply run would append' : 'appended';
    doc.begin(`<details><summary>${plural(n, 'ledger line')} ${what}</summary>`, '</details>');
    doc.blank();
    doc.begin(`${fence}json`, fence);
    for (const l of lines)
        doc.line(l);
    doc.end();
    doc.blank();
    doc.end();
    doc.blank();
}
// ---------------------------------------------------------------------------------------------
function failureDoc(failure, ctx, target) {
    const doc = new Doc();
    if (target === 'comment')
        doc.line(headLine('Label Studio roster plan failed', ctx));
    else
        doc.line('## Label Studio Roster Sync: failed');
    doc.blank();
    const roster = `\`${escapeMarkdown(ctx.rosterFile)}\``;
    let sentence;
    let items;
    switch (failure.kind) {
        case 'invalid-files': {
            const files = [...new Set(failure.problems.map((p) => `\`${escapeMarkdown(p.file)}\``))];
            sentence = `Nothing was planned and nothing was changed: ${files.join(' and ')} ${files.length === 1 ? 'has' : 'have'} ${plural(failure.problems.length, 'problem')}.`;
            items = failure.problems.map((p) => escapeMarkdown((0,core_problems/* formatProblem */.Vw)(p)));
            break;
        }
        case 'invalid-inputs':
            sentence = `Nothing was planned and nothing was changed: ${plural(failure.errors.length, 'input')} of the workflow step ${failure.errors.length === 1 ? 'is' : 'are'} invalid.`;
            items = failure.errors.map((e) => escapeMarkdown(e.message));
            break;
        case 'error':
            sentence = 'The run stopped before its plan was complete.';
            items = [escapeMarkdown(failure.message)];
            break;
    }
    doc.line(sentence);
    doc.blank();
    const next = target === 'comment' ? ' Fix it and push: this comment then shows the new plan.' : '';
    markdown_alert(doc, 'CAUTION', `**This step fails.** No plan describes this commit; an earlier plan no longer applies.${next}`, []);
    const title = failure.kind === 'error' ? 'What went wrong' : 'Problems';
    doc.line(`### ${title} (${items.length})`);
    doc.blank();
    for (const item of items.slice(0, markdown_MAX_PROBLEMS))
        doc.line(`- ${item}`);
    if (items.length > markdown_MAX_PROBLEMS)
        doc.line(`- and ${items.length - markdown_MAX_PROBLEMS} more, in the step log`);
    doc.blank();
    if (failure.kind === 'invalid-files' && failure.problems.some((p) => p.file === ctx.rosterFile)) {
        doc.line(`Each problem is also an annotation on its line of ${roster} in the pull request's Files tab.`);
        doc.blank();
    }
    return doc;
}
/** One sentence on what export did to the roster, for the job summary and the command line. */
function exportSentence(facts, code) {
    const file = code(facts.rosterFile);
    if (!facts.edited) {
        return (`Wrote ${file} from organization ${facts.organization}: ${facts.members} members, ${facts.ignore} under ignore ` +
            '(the owner, the token user, identity-provider members and view-only users, which this action never changes).');
    }
    if (!facts.written)
        return `${file} already matches organization ${facts.organization}: nothing drifted, the file is unchanged.`;
    const e = facts.edited;
    const kept = e.kept > 0 ? ` ${e.kept} kept as written, since their change waits for the seat rule (each has a \`# kept by export\` note).` : '';
    return (`Edited ${file} to match organization ${facts.organization}: ${e.changed} roles changed, ${e.removed} entries removed, ` +
        `${facts.members} members and ${facts.ignore} ignore entries added; every other line is as it was.${kept}`);
}
/** The job summary of `mode: export`. */
function renderExportSummary(facts) {
    return [
        '## Label Studio Roster Sync: export',
        '',
        exportSentence(facts, (t) => `\`${escapeMarkdown(t)}\``),
        '',
        'Commit it; a plan run now shows zero changes, apart from the changes kept waiting.',
    ].join('\n');
}
/** The job summary of `mode: validate`. */
function renderValidateSummary(f) {
    return [
        '## Label Studio Roster Sync: validate',
        '',
        `- \`${escapeMarkdown(f.rosterFile)}\`: valid, ${f.members} members, ${f.ignore} ignored.`,
        f.ledgerBranch
            ? `- \`${escapeMarkdown(f.ledgerFile)}\`: not checked here: the ledger lives on the branch \`${escapeMarkdown(f.ledgerBranch)}\` (ledger-branch), which only the action writes. The roster alone was checked.`
            : `- \`${escapeMarkdown(f.ledgerFile)}\`: valid, ${f.events} events, hash chain intact${f.askedGitHub ? ', unchanged by this pull request' : ''}.`,
        '',
        f.askedGitHub ? 'No request was sent to Label Studio; the ledger was compared through the GitHub API.' : 'No request was sent to Label Studio or GitHub.',
    ].join('\n');
}
// ---------------------------------------------------------------------------------------------
function user(u) {
    if (u.email)
        return escapeMarkdown(u.email);
    return u.id != null ? `id ${u.id}` : 'unknown user';
}
function roleName(code) {
    if (!code)
        return 'unknown';
    const name = roles/* ROLE_NAMES */.ST[code];
    return `${name[0].toUpperCase()}${name.slice(1)}`;
}
function change(c) {
    const flags = [c.offboard ? 'offboard' : null, c.unmanaged ? 'not in roster' : null].filter(Boolean);
    const hand = c.handChange ? `<br>**hand change**: the ledger last recorded ${roleName(c.handChange.ledgerRole)}` : '';
    return `${roleName(c.from)} → ${roleName(c.to)}${flags.length > 0 ? ` (${flags.join(', ')})` : ''}${hand}`;
}
function reason(c, ctx) {
    return c.reason ? humaniseTimes(escapeMarkdown(c.reason), ctx.now) : '';
}
function rosterLine(c) {
    return c.rosterLine != null ? String(c.rosterLine) : '—';
}

;// CONCATENATED MODULE: ./lib/report/outputs.js

/** The names of action.yml's outputs, in its order. */
const OUTPUT_NAMES = (/* unused pure expression or super */ null && ([
    'plan-file',
    'changes',
    'applied',
    'deferred',
    'refused',
    'failed',
    'unmanaged',
    'drift',
    'next-eligible-at',
    'ledger-changed',
    'report-file',
]));
/**
 * Every output the action declares, as the strings `core.setOutput` writes.
 *
 * `drift` is true when the live organization differs from the roster in any way the plan sees:
 * any change, whatever its status (a deferred or refused change is still a difference), or any
 * unmanaged member. It describes the state found at the start of the run, not after the apply.
 */
function outputsFor(result, planFilePath, reportFilePath) {
    const { plan } = result;
    const counts = countByStatus(plan.changes);
    const next = nextEligibleAt(plan.changes);
    return {
        'plan-file': planFilePath,
        changes: String(plan.changes.length),
        applied: String(counts.applied),
        deferred: String(counts.deferred),
        refused: String(counts.refused),
        failed: String(counts.failed),
        unmanaged: String(plan.unmanaged.length),
        drift: String(plan.changes.length > 0 || plan.unmanaged.length > 0),
        'next-eligible-at': next ? next.toISOString() : '',
        'ledger-changed': String(result.ledger.changed),
        'report-file': reportFilePath,
    };
}
/**
 * The outputs of `mode: export`: the roster now equals the organization, so a plan would find no
 * change. `drift` says whether it did not before: the export edited a roster that differed.
 */
function exportOutputs(drifted = false) {
    return { changes: '0', unmanaged: '0', drift: String(drifted), 'ledger-changed': 'false' };
}

;// CONCATENATED MODULE: ./lib/github/plan-comment.js

/** GitHub refuses comment bodies above this many characters. */
const plan_comment_COMMENT_LIMIT = 65536;
/** Installation tokens cannot ask `GET /user` who they are; this is who they comment as. */
const ACTIONS_BOT = 'github-actions[bot]';
/** A body GitHub would refuse: the report cuts itself to its budget, so this is a bug, not a cut to make here. */
class CommentTooLongError extends Error {
    constructor(length) {
        super(`the comment body is ${length} characters, above GitHub's limit of ${plan_comment_COMMENT_LIMIT}`);
        this.name = 'CommentTooLongError';
    }
}
/**
 * Creates the plan comment of a pull request, or updates ours in place so a pull request
 * carries one plan however many times it runs. Failures are thrown as GitHubApiError: whether
 * they matter is the caller's decision (the spec makes them warnings).
 */
async function upsertPlanComment(port, args) {
    // The report is cut once, to its own budget (report/doc.ts); a body still too long is refused, not cut again.
    const body = withMarker(args.body, args.marker);
    if (body.length > plan_comment_COMMENT_LIMIT)
        throw new CommentTooLongError(body.length);
    const [login, comments] = await Promise.all([
        port.authenticatedLogin(),
        port.listIssueComments(args.repo, args.issueNumber),
    ]);
    const ours = comments.filter((c) => c.body.includes(args.marker));
    if (login !== null) {
        const mine = ours.find((c) => c.userLogin === login);
        if (mine !== undefined) {
            await port.updateIssueComment(args.repo, mine.id, body);
            return { action: 'updated', id: mine.id };
        }
    }
    else {
        // Who we are is a guess: a bot. Try the Actions bot's comment first, then other bots'
        // (a GitHub App token); one that refuses us was another app's, so move on.
        for (const candidate of botCandidates(ours)) {
            try {
                await port.updateIssueComment(args.repo, candidate.id, body);
                return { action: 'updated', id: candidate.id };
            }
            catch (err) {
                if (!(err instanceof GitHubApiError) || err.status !== 403)
                    throw err;
            }
        }
    }
    const created = await port.createIssueComment(args.repo, args.issueNumber, body);
    return { action: 'created', id: created.id };
}
function botCandidates(comments) {
    const actions = comments.filter((c) => c.userLogin === ACTIONS_BOT);
    const others = comments.filter((c) => c.userLogin !== ACTIONS_BOT && c.userType === 'Bot');
    return [...actions, ...others];
}
function withMarker(body, marker) {
    return body.includes(marker) ? body : `${body}\n${marker}`;
}

;// CONCATENATED MODULE: ./lib/report/annotations.js

const LEVEL = { deferred: 'warning', refused: 'error', failed: 'error' };
/**
 * One annotation per change that needs the reader, on the roster line that asks for it: deferred
 * changes warn, refused and failed ones are errors. Changes with no roster line (unmanaged members
 * deactivated by policy) have nowhere to go and are left to the summary.
 */
function changeAnnotations(result, rosterFile) {
    const out = [];
    for (const c of result.plan.changes) {
        if (c.rosterLine == null || !(c.status in LEVEL))
            continue;
        const status = c.status;
        out.push({
            level: LEVEL[status],
            // Annotations are not Markdown, but GitHub shows them beside the pull request: no mention or link from data.
            title: plainText(`${status[0].toUpperCase()}${status.slice(1)}: ${who(c)} ${c.from ?? '?'} → ${c.to}`, 400),
            message: plainText(message(c)),
            file: rosterFile,
            line: c.rosterLine,
            ...(c.rosterColumn != null ? { column: c.rosterColumn } : {}),
        });
    }
    return out;
}
function who(c) {
    return c.user.email ?? (c.user.id != null ? `user id ${c.user.id}` : 'unknown user');
}
function message(c) {
    const reason = c.reason ?? 'no reason given';
    switch (c.status) {
        case 'deferred':
            return c.eligibleAt
                ? `Deferred by the seat rule: ${reason}. Eligible at ${c.eligibleAt.toISOString()}; the first run after that applies it.`
                : `Deferred by the seat rule: ${reason}. A later run applies it once a seat frees.`;
        case 'refused':
            return `Refused: ${reason}. Change this roster entry; the action will never apply it as written.`;
        default:
            return `Failed: ${reason}. The write failed after retries; the next run tries again.`;
    }
}

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./lib/report/plan-file.js



/**
 * The plan as JSON, docs/inputs-and-outputs.md field for field. Keys are written in a fixed order so two runs
 * with the same result produce the same bytes. Every change carries every key: `reason` and
 * `eligibleAt` are null when there is none, so consumers (jq, scripts) never test for absence.
 */
function planFileJson(result) {
    const { plan } = result;
    const counts = countByStatus(plan.changes);
    return {
        version: 1,
        mode: result.mode,
        organization: plan.organization,
        generatedAt: result.generatedAt.toISOString(),
        asOf: plan.asOf.toISOString(),
        counts: {
            changes: plan.changes.length,
            applied: counts.applied,
            planned: counts.planned,
            deferred: counts.deferred,
            refused: counts.refused,
            failed: counts.failed,
            noop: plan.noop,
            unmanaged: plan.unmanaged.length,
        },
        changes: plan.changes.map((c) => ({
            user: { id: c.user.id, email: c.user.email },
            from: c.from,
            to: c.to,
            status: c.status,
            reason: c.reason,
            eligibleAt: c.eligibleAt ? c.eligibleAt.toISOString() : null,
            rosterLine: c.rosterLine,
        })),
        unmanaged: plan.unmanaged.map((u) => ({ user: { id: u.user.id, email: u.user.email }, role: u.role })),
    };
}
/** Where the plan file goes under a directory, normally `RUNNER_TEMP`. */
function planFilePath(dir) {
    return external_node_path_.join(dir, 'label-studio-roster-sync', 'plan.json');
}
/** Writes `<dir>/label-studio-roster-sync/plan.json` and returns its path (the `plan-file` output). */
async function writePlanFile(result, dir) {
    const file = planFilePath(dir);
    await (0,promises_.mkdir)(external_node_path_.dirname(file), { recursive: true });
    await (0,promises_.writeFile)(file, `${JSON.stringify(planFileJson(result), null, 2)}\n`, 'utf8');
    return file;
}

;// CONCATENATED MODULE: ./lib/report/report-file.js


/** Where the report goes under a directory, normally `RUNNER_TEMP`, beside the plan file. */
function reportFilePath(dir) {
    return external_node_path_.join(dir, 'label-studio-roster-sync', 'report.md');
}
/**
 * Writes the run's report, the job summary's Markdown, as `<dir>/label-studio-roster-sync/report.md`
 * and returns its path (the `report-file` output): a later step can post it, for example as an
 * issue, where nobody would open the job summary.
 */
async function writeReportFile(markdown, dir) {
    const file = reportFilePath(dir);
    await (0,promises_.mkdir)(external_node_path_.dirname(file), { recursive: true });
    await (0,promises_.writeFile)(file, markdown.endsWith('\n') ? markdown : `${markdown}\n`, 'utf8');
    return file;
}

;// CONCATENATED MODULE: ./lib/action/publish.js










/**
 * Everything a finished run shows: the plan file, the outputs, annotations on the roster, the job
 * summary and, on pull requests, the sticky comment. Wording is all in `report/`; this only
 * sends it. A comment that cannot be written is a warning: the step's result never depends on
 * it.
 */
async function publish(result, settings, github, pullRequest) {
    const ctx = { now: result.generatedAt, runUrl: settings.runUrl, rosterFile: settings.rosterFile, head: pullRequest?.head ?? null };
    const summary = renderSummary(result, ctx);
    const planFile = await writePlanFile(result, settings.runnerTemp);
    const reportFile = await writeReportFile(summary, settings.runnerTemp);
    for (const [name, value] of Object.entries(outputsFor(result, planFile, reportFile)))
        core.setOutput(name, value);
    for (const a of changeAnnotations(result, settings.rosterFile)) {
        const props = { title: a.title, file: a.file, startLine: a.line, ...(a.column ? { startColumn: a.column } : {}) };
        if (a.level === 'error')
            core.error(a.message, props);
        else
            core.warning(a.message, props);
    }
    for (const notice of seatNotices(result, (d) => d.toISOString()))
        core.notice(plainText(notice));
    const ledgerNote = ledgerMessage(result.ledger);
    if (result.ledger.status === 'failed' && ledgerNote)
        core.error(plainText(ledgerNote));
    await writeSummary(summary);
    if (pullRequest !== null) {
        await postComment(renderComment(result, ctx), {
            enabled: settings.comment,
            github,
            repo: parseRepository(settings.repository),
            pullRequest: pullRequest.number,
        });
    }
    const failure = failureMessage(result.failures);
    if (failure)
        core.setFailed(failure);
}
/** Creates or updates the sticky comment; any failure is a warning. */
async function postComment(body, target) {
    if (!target.enabled)
        return;
    if (!target.github || !target.repo) {
        core.warning('The plan comment was not written: no github-token or GITHUB_REPOSITORY. The plan is in the job summary.');
        return;
    }
    try {
        const { action } = await upsertPlanComment(target.github, { repo: target.repo, issueNumber: target.pullRequest, body, marker: PLAN_COMMENT_MARKER });
        core.info(`Plan comment ${action} on pull request #${target.pullRequest}.`);
    }
    catch (err) {
        core.warning(plainText(`The plan comment could not be written on pull request #${target.pullRequest} (${err instanceof Error ? err.message : String(err)}). ` +
            'Fork pull requests and tokens without `pull-requests: write` cannot comment; the plan is in the job summary.'));
    }
}
/**
 * The job summary, when the runner gives one; outside it the report goes to the log. Every
 * summary comes from `report/`, already cut to GitHub's 1 MiB limit.
 */
async function writeSummary(markdown) {
    if (process.env.GITHUB_STEP_SUMMARY)
        await core.summary.addRaw(markdown, true).write();
    else
        core.info(markdown);
}
/**
 * The report of a run that ends without a plan (validate, export, a failure before the plan):
 * the `report-file` output and the job summary, the same text.
 */
async function writeReport(markdown, runnerTemp) {
    core.setOutput('report-file', await writeReportFile(markdown, runnerTemp));
    await writeSummary(markdown);
}

;// CONCATENATED MODULE: ./lib/action/export.js






/** `mode: export` on the runner: the export, then its outputs and job summary. */
async function exportRoster(settings, labelStudio, workspace) {
    const github = settings.githubToken ? createGitHubPort(settings.githubToken, settings.apiUrl) : null;
    const result = await exportRosterFile(settings, labelStudio, workspace, { github, log: core });
    const e = result.edited;
    const drifted = e !== null && e.changed + e.removed + result.members + result.ignore > 0;
    for (const [name, value] of Object.entries(exportOutputs(drifted)))
        core.setOutput(name, value);
    await writeReport(renderExportSummary({ rosterFile: settings.rosterFile, ...result }), settings.runnerTemp);
}

// EXTERNAL MODULE: ./lib/inputs/settings.js + 1 modules
var inputs_settings = __webpack_require__(922);
;// CONCATENATED MODULE: ./lib/run/load-files.js




/** Both files, read through the workspace boundary; the ledger's path is checked even when absent, as the apply writes it. */
async function loadFiles(settings, workspace, now) {
    // Both paths are checked before either refusal is reported, so one run names every bad input.
    const inputErrors = [];
    const readOrNote = (file) => workspace.read(file).catch((err) => {
        if (!(err instanceof inputs_settings/* InputErrors */.G))
            throw err;
        inputErrors.push(err);
        return undefined;
    });
    const rosterBytes = await readOrNote(settings.rosterPath);
    // With ledger-branch the workspace's copy is not the ledger of record: its path is still checked (a failed commit leaves the ledger there).
    const ledgerRead = await readOrNote(settings.ledgerPath);
    const ledgerBytes = settings.ledgerBranch !== null && ledgerRead !== undefined ? null : ledgerRead;
    if (inputErrors.length > 0)
        throw new inputs_settings/* InputErrors */.G(inputErrors.flatMap((e) => e.errors));
    if (rosterBytes === undefined || ledgerBytes === undefined)
        throw new Error('unreachable: a read failed without an input error');
    if (rosterBytes === null) {
        throw new core_problems/* ValidationError */.yI([
            {
                file: settings.rosterFile,
                line: 1,
                column: 1,
                message: `the roster does not exist; create ${settings.rosterFile} (see the README), run once with mode: export to write it from the live organization, or set the roster input`,
            },
        ]);
    }
    // Both files are checked before either error is reported, so one run shows every problem.
    const problems = [];
    let roster = null;
    let ledger = emptyLedger(settings.ledgerFile);
    try {
        roster = parseRoster(rosterBytes, settings.rosterFile);
    }
    catch (err) {
        if (!(err instanceof core_problems/* ValidationError */.yI))
            throw err;
        problems.push(...err.problems);
    }
    if (ledgerBytes !== null) {
        try {
            ledger = parseLedger(ledgerBytes, settings.ledgerFile, { now });
        }
        catch (err) {
            if (!(err instanceof core_problems/* ValidationError */.yI))
                throw err;
            problems.push(...err.problems);
        }
    }
    if (problems.length > 0 || !roster)
        throw new core_problems/* ValidationError */.yI(problems);
    return { roster, ledger };
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
;// CONCATENATED MODULE: ./lib/files/workspace.js





/**
 * The workspace boundary (docs/security.md). The roster and the ledger come from the repository, which a
 * pull request can change: a committed symbolic link could make the action read a runner file
 * (and quote it in a message a fork's author reads) or write the ledger outside the checkout.
 * So a path is resolved, links included, before any byte is read or written, and must end
 * inside the real workspace. Every refusal is an input error naming the input and the path,
 * never the target's content or where a link points.
 */
async function locate(root, target) {
    const refuse = (why, fix) => {
        throw new inputs_settings/* InputErrors */.G([new core_problems/* InputError */.dz(target.input, `${target.file} ${why}; ${fix}`)]);
    };
    const commitTheFile = `commit the file itself at ${target.file} instead of a link`;
    let realRoot;
    try {
        realRoot = await (0,promises_.realpath)(root);
    }
    catch {
        return refuse(`cannot be used: the workspace ${root} does not exist`, 'check GITHUB_WORKSPACE and the checkout step');
    }
    const inside = (p) => {
        const relative = external_node_path_.relative(realRoot, p);
        return relative !== '' && relative !== '..' && !relative.startsWith(`..${external_node_path_.sep}`) && !external_node_path_.isAbsolute(relative);
    };
    let real = null;
    try {
        real = await (0,promises_.realpath)(target.path);
    }
    catch (err) {
        const code = err.code;
        if (code === 'ELOOP')
            return refuse('is a symbolic link that loops (it leads back to itself)', commitTheFile);
        if (code === 'ENOTDIR')
            return refuse('cannot exist: a part of its path is a file, not a directory', `expected a file path relative to the workspace`);
        if (code === 'EACCES')
            return refuse('cannot be read: permission denied', 'check the checkout step');
        if (code !== 'ENOENT')
            throw err;
    }
    if (real === null) {
        // Absent: fine for a ledger yet to be created, but only where creating it stays inside.
        let dir = target.path;
        const rest = [];
        for (;;) {
            const link = await (0,promises_.lstat)(dir).catch(() => null);
            if (link?.isSymbolicLink()) {
                return refuse(`is${dir === target.path ? '' : ' under'} a symbolic link that leads nowhere (its target does not exist)`, `${commitTheFile}, or remove the link`);
            }
            rest.unshift(external_node_path_.basename(dir));
            dir = external_node_path_.dirname(dir);
            try {
                const realDir = await (0,promises_.realpath)(dir);
                const candidate = external_node_path_.join(realDir, ...rest);
                if (!inside(candidate))
                    return refuse('lies under a symbolic link that leads outside the workspace', commitTheFile);
                return { real: candidate, exists: false };
            }
            catch (err) {
                const code = err.code;
                if (code === 'ELOOP')
                    return refuse('lies under a symbolic link that loops', commitTheFile);
                if (code !== 'ENOENT')
                    throw err;
            }
        }
    }
    if (!inside(real)) {
        const direct = (await (0,promises_.lstat)(target.path)).isSymbolicLink();
        return refuse(direct ? 'is a symbolic link that leads outside the workspace' : 'lies under a symbolic link that leads outside the workspace', `the action reads and writes only files inside the workspace: ${commitTheFile}`);
    }
    const info = await (0,promises_.stat)(real);
    if (info.isDirectory()) {
        return refuse('is a directory', `expected a file, e.g. ${target.input === 'ledger' ? 'seat-ledger.jsonl' : 'members.yaml'}; set the ${target.input} input to the file's path`);
    }
    if (!info.isFile())
        return refuse('is not a regular file (a device, pipe or socket)', `expected a file committed in the repository`);
    return { real, exists: true };
}
/** The workspace on disk for a run's two files: the roster and the ledger, each under its input's name. */
function runWorkspace(s) {
    const roster = { input: 'roster', file: s.rosterFile, path: s.rosterPath };
    const ledger = { input: 'ledger', file: s.ledgerFile, path: s.ledgerPath };
    return { workspace: createDiskWorkspace(s.workspace, [roster, ledger]), roster, ledger };
}
/**
 * The workspace on disk, for the files the inputs name. A path no input names (none today) is
 * refused the same way, under its own name.
 */
function createDiskWorkspace(root, files) {
    const named = (file) => files.find((f) => f.path === file) ?? { input: external_node_path_.relative(root, file), file: external_node_path_.relative(root, file), path: file };
    return {
        async read(file) {
            const where = await locate(root, named(file));
            if (!where.exists)
                return null;
            // O_NOFOLLOW: the resolved path has no link left, and must not gain one before the read.
            const handle = await (0,promises_.open)(where.real, external_node_fs_.constants.O_RDONLY | external_node_fs_.constants.O_NOFOLLOW);
            try {
                if (!(await handle.stat()).isFile())
                    throw new inputs_settings/* InputErrors */.G([new core_problems/* InputError */.dz(named(file).input, `${named(file).file} is not a regular file; expected a file committed in the repository`)]);
                return await handle.readFile();
            }
            finally {
                await handle.close();
            }
        },
        async write(file, text) {
            const where = await locate(root, named(file));
            // Write beside, then rename: a crash mid-write must never leave a torn ledger behind. The
            // rename replaces a name, never follows one, and `wx` refuses a link planted at the temp name.
            await (0,promises_.mkdir)(external_node_path_.dirname(where.real), { recursive: true });
            const temp = `${where.real}.${process.pid}.tmp`;
            await (0,promises_.rm)(temp, { force: true });
            await (0,promises_.writeFile)(temp, text, { flag: 'wx' });
            await (0,promises_.rename)(temp, where.real);
        },
    };
}

;// CONCATENATED MODULE: ./lib/action/steps.js















/**
 * The steps after the inputs: files → (validate | export | plan/apply) → report. Every fault in
 * the inputs or files is found before the first write, so a bad roster never half-applies; the
 * reads of a plan or apply are already under way beside the file checks.
 */
async function runSteps(started) {
    // What the failure path needs to update the pull request's comment, as far as the run got.
    const state = { settings: null, event: null, github: null, client: null };
    try {
        if ('error' in started)
            throw started.error;
        const { settings, client, labelStudio } = started;
        state.settings = settings;
        state.client = client;
        state.event = await readEvent(settings.eventPath);
        const { workspace, roster: rosterFile } = runWorkspace(settings);
        // Export writes the roster: it must neither need one nor stop on the one it replaces.
        if (settings.mode === 'export' && client) {
            // Where it will write is checked before the first request, not after the last.
            await locate(settings.workspace, rosterFile);
            await exportRoster(settings, client, workspace);
            return;
        }
        const files = await loadFiles(settings, workspace, new Date());
        const github = settings.githubToken ? createGitHubPort(settings.githubToken, settings.apiUrl) : null;
        state.github = github;
        const event = state.event;
        const runEvent = runEventOf(settings.eventName, event);
        const clock = () => new Date();
        if (!client || !labelStudio) {
            // validate on a pull request or merge group with a token: the guard forks get from their only check.
            const askedGitHub = runEvent.proposal !== null && (await openLedgerStore(settings, { github, clock, log: core, event: runEvent }).checkProposal(files.ledger));
            await writeReport(renderValidateSummary({
                rosterFile: settings.rosterFile,
                ledgerFile: settings.ledgerFile,
                members: files.roster.members.length,
                ignore: files.roster.ignore.length,
                events: files.ledger.events.length,
                ledgerBranch: settings.ledgerBranch,
                askedGitHub,
            }), settings.runnerTemp);
            core.info(settings.ledgerBranch === null
                ? `${settings.rosterFile} and ${settings.ledgerFile} are valid.`
                : `${settings.rosterFile} is valid. The ledger lives on the branch ${settings.ledgerBranch} (ledger-branch), so only the roster was checked.`);
            return;
        }
        const pullRequest = pullRequestOf(settings.eventName, event, settings);
        const result = await sync(settings, files, { labelStudio, github, workspace, clock, log: core, event: runEvent });
        await publish(result, settings, github, settings.mode === 'plan' ? pullRequest : null);
        core.info(`Requests to Label Studio: ${client.stats.requests} (${client.stats.retries} retries, ${client.stats.throttled} throttled, ${client.stats.refreshes} token refreshes).`);
    }
    catch (err) {
        await fail(err, state);
    }
    finally {
        // Also ends the reads a stopped run started early: those waiting for their turn fail at once.
        await state.client?.close();
    }
}
/**
 * Every failure before or outside the plan: annotate where it is, say so in the job summary,
 * fail the step, and on a pull request's plan update the sticky comment, so that it never keeps
 * describing an older commit. Nothing was written when this runs for invalid inputs
 * or files. The comment is a courtesy: its own failure is a warning.
 */
async function fail(err, state) {
    let failure;
    if (err instanceof core_problems/* ValidationError */.yI) {
        for (const p of err.problems) {
            core.error(plainText(p.message), { title: 'Invalid file', file: p.file, startLine: p.line, startColumn: p.column });
        }
        failure = { kind: 'invalid-files', problems: err.problems };
        core.setFailed(plainText(runFailureMessage(failure, core_problems/* formatProblem */.Vw), 60_000));
    }
    else if (err instanceof inputs_settings/* InputErrors */.G) {
        for (const e of err.errors)
            core.error(plainText(e.message), { title: `Invalid input ${e.input}` });
        failure = { kind: 'invalid-inputs', errors: err.errors };
        core.setFailed(runFailureMessage(failure, core_problems/* formatProblem */.Vw));
    }
    else {
        failure = { kind: 'error', message: err instanceof Error ? err.message : String(err) };
        core.setFailed(plainText(runFailureMessage(failure, core_problems/* formatProblem */.Vw)));
    }
    try {
        const target = await failureCommentTarget(state);
        const ctx = {
            now: new Date(),
            runUrl: target.runUrl,
            rosterFile: state.settings?.rosterFile ?? (core.getInput('roster').trim() || 'members.yaml'),
            head: target.pullRequest?.head ?? null,
        };
        await writeReport(renderFailureSummary(failure, ctx), state.settings?.runnerTemp ?? (0,inputs_settings/* runnerContext */.cE)(process.env).runnerTemp);
        if (target.comment && target.pullRequest)
            await postComment(renderFailureComment(failure, ctx), { ...target.comment, pullRequest: target.pullRequest.number });
    }
    catch {
        // The summary and comment are a courtesy here: the step has already failed with the reason.
    }
}
/**
 * Where the failure path may comment: only a plan on a pull request, as a successful plan would.
 * When the inputs themselves were invalid there are no settings, so the few values the comment
 * needs are read as given (the github-token masked first), never trusted for anything else.
 */
async function failureCommentTarget(state) {
    if (state.settings) {
        const s = state.settings;
        const pullRequest = s.mode === 'plan' ? pullRequestOf(s.eventName, state.event, s) : null;
        const github = state.github ?? (s.githubToken ? createGitHubPort(s.githubToken, s.apiUrl) : null);
        return { runUrl: s.runUrl, pullRequest, comment: { enabled: s.comment, github, repo: parseRepository(s.repository) } };
    }
    const runner = (0,inputs_settings/* runnerContext */.cE)(process.env);
    const mode = core.getInput('mode').trim().toLowerCase();
    const event = await readEvent(runner.eventPath);
    const pullRequest = mode === '' || mode === 'auto' || mode === 'plan' ? pullRequestOf(runner.eventName, event, runner) : null;
    const token = core.getInput('github-token').trim();
    if (token)
        core.setSecret(token);
    const enabled = core.getInput('comment').trim().toLowerCase() !== 'false';
    return {
        runUrl: runner.runUrl,
        pullRequest,
        comment: { enabled, github: token ? createGitHubPort(token, runner.apiUrl) : null, repo: parseRepository(runner.repository) },
    };
}
async function readEvent(eventPath) {
    if (!eventPath)
        return null;
    try {
        return JSON.parse(await (0,promises_.readFile)(eventPath, 'utf8'));
    }
    catch {
        return null;
    }
}
/** The pull request of a pull-request event, with its head commit as the comment names it. */
function pullRequestOf(eventName, event, runner) {
    if (!inputs_settings/* PLAN_EVENTS */.ed.has(eventName ?? ''))
        return null;
    const number = event?.pull_request?.number;
    if (typeof number !== 'number')
        return null;
    const sha = event?.pull_request?.head?.sha;
    // Only a hex commit id goes into the comment's link; anything else is left unnamed.
    const head = typeof sha === 'string' && /^[0-9a-f]{40,64}$/i.test(sha) ? {
        sha,
        url: runner.repository ? `${runner.serverUrl}/${runner.repository}/pull/${number}/commits/${sha}` : null,
    } : null;
    return { number, head };
}


/***/ })

};
