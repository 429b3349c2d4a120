// One in-process measurement of the plan at scale, in a fresh process so that its memory figures
// are its own: `node --expose-gc bench/plan-child.ts <what> <members>`, where <what> is
// `plan` (buildPlan), `drift` (buildPlan after 5% of the seats were released outside the tool),
// `maps` (the trivial pass the plan cannot beat: its two lookup maps), `roster` (parseRoster on
// the generated YAML), `roster-yaml` (the same in a layout only the YAML library reads),
// `ledger` (parseLedger on the generated JSONL) or `none` (the process's own baseline). Prints
// one JSON line. bench.ts spawns it; it can be run by hand too.
import { Worker } from 'node:worker_threads';
import type { LedgerEvent } from '../src/files/ledger.ts';
import { parseLedger, serializeLedger } from '../src/files/ledger.ts';
import type { LiveMember } from '../src/labelstudio/wire.ts';
import { buildPlan, type PlanInput } from '../src/core/plan.ts';
import { ValidationError } from '../src/core/problems.ts';
import type { RoleCode } from '../src/core/roles.ts';
import { parseRoster, type Roster, type RosterEntry } from '../src/files/roster.ts';
import { DAY_MS, emailOf, largeRosterYaml, OWNER_ID, SELF_ID, seatLedger } from './fixtures.ts';

export interface ChildResult {
  what: string;
  members: number;
  cpuMs: number;
  wallMs: number;
  /** Highest RSS sampled (every ~1 ms, from a worker thread) while the measured call ran. */
  peakRssMb: number;
  /** RSS and heap just before the call, after a full GC: the inputs and Node itself. */
  rssBeforeMb: number;
  heapBeforeMb: number;
  /** Heap right after the call, before any GC: what it allocated and did not free yet, plus the inputs. */
  heapAfterMb: number;
  /** Process high-water mark (getrusage maxrss), inputs' construction included. */
  maxRssMb: number;
  note: string;
}

const NOW = Date.parse('2026-11-28T10:00:00.000Z');
const MB = 1024 * 1024;

/**
 * Live state of a large organization with some of everything: 5% deactivated members, reviewers,
 * identity-provider members, view-only users; the ledger one event per member (seats assigned
 * 1–60 days ago, deactivated members released), 0.1% of it stale (a seat released outside the tool).
 */
function liveAndLedger(size: number, staleEvery = 1000): { live: LiveMember[]; ledger: LedgerEvent[] } {
  const live: LiveMember[] = [];
  const ledger: LedgerEvent[] = [];
  const prev = '0'.repeat(64);
  for (let id = 1; id <= size; id += 1) {
    const role = id === OWNER_ID ? 'OW' : id === SELF_ID ? 'AD' : id % 20 === 0 ? 'DI' : id % 20 === 1 ? 'RE' : 'AN';
    const m: LiveMember = {
      userId: id,
      email: emailOf(id),
      role,
      roleSource: id % 100 === 3 ? 'scim' : 'manual',
      userType: id % 50 === 7 ? 'viewonly' : 'standard',
    };
    live.push(m);
    const seat = role !== 'DI' && m.userType !== 'viewonly';
    const stale = role === 'DI' && id % staleEvery === 0;
    ledger.push({
      seq: id,
      at: new Date(NOW - ((id % 60) + 1) * DAY_MS).toISOString(),
      event: seat || stale ? 'assigned' : 'released',
      by: 'sync',
      user: { id, email: m.email },
      from: seat ? 'DI' : 'AN',
      to: seat ? role : stale ? 'AN' : 'DI',
      run: null,
      prev,
    });
  }
  return { live, ledger };
}

/**
 * Every member but the owner and the token user in the roster, 3% of them changed: 1% role
 * changes (AN → MA), 1% releases (AN → DI; the seat rule defers those assigned < 7 days ago),
 * 1% activations (DI → AN, against a seat limit that lets only some through).
 */
function rosterFor(live: readonly LiveMember[]): Roster {
  const members: RosterEntry[] = [];
  let line = 4;
  let roleChanges = 0;
  let releases = 0;
  let activations = 0;
  const quota = Math.floor(live.length / 100);
  for (const m of live) {
    if (m.userId === OWNER_ID || m.userId === SELF_ID) continue;
    let role = m.role as RoleCode;
    if (m.role === 'AN' && m.userId % 3 === 0 && roleChanges < quota) {
      role = 'MA';
      roleChanges += 1;
    } else if (m.role === 'AN' && m.userId % 3 === 1 && releases < quota) {
      role = 'DI';
      releases += 1;
    } else if (m.role === 'DI' && activations < quota) {
      role = 'AN';
      activations += 1;
    }
    members.push({ email: m.email, id: null, role, offboard: false, line, column: 5 });
    line += 2;
  }
  return {
    file: 'members.yaml',
    organization: 7,
    defaultRole: 'AN',
    members,
    ignore: [
      { email: emailOf(OWNER_ID), id: null, line: line + 1, column: 5 },
      { email: emailOf(SELF_ID), id: null, line: line + 2, column: 5 },
    ],
  };
}

/** Samples the process RSS from another thread while the main one is busy in a synchronous call. */
async function startRssSampler(): Promise<{ stop: () => Promise<number> }> {
  const shared = new SharedArrayBuffer(16);
  const worker = new Worker(
    `const { workerData, parentPort } = require('node:worker_threads');
     const flag = new Int32Array(workerData, 0, 1);
     const peak = new Float64Array(workerData, 8, 1);
     parentPort.postMessage('ready');
     while (Atomics.load(flag, 0) === 0) {
       const rss = process.memoryUsage.rss();
       if (rss > peak[0]) peak[0] = rss;
       Atomics.wait(flag, 0, 0, 1);
     }
     parentPort.postMessage('done');`,
    { eval: true, workerData: shared },
  );
  await new Promise((resolve) => worker.once('message', resolve));
  return {
    stop: async () => {
      const flag = new Int32Array(shared, 0, 1);
      Atomics.store(flag, 0, 1);
      Atomics.notify(flag, 0);
      await new Promise((resolve) => worker.once('message', resolve));
      await worker.terminate();
      return new Float64Array(shared, 8, 1)[0]!;
    },
  };
}

const gc = (globalThis as { gc?: () => void }).gc;

async function measure(what: string, members: number, call: () => string): Promise<ChildResult> {
  if (!gc) throw new Error('run with --expose-gc');
  gc();
  gc();
  const before = process.memoryUsage();
  const sampler = await startRssSampler();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const note = call();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const heapAfter = process.memoryUsage().heapUsed;
  const peak = await sampler.stop();
  return {
    what,
    members,
    cpuMs: (cpu.user + cpu.system) / 1000,
    wallMs,
    peakRssMb: Math.max(peak, process.memoryUsage.rss()) / MB,
    rssBeforeMb: before.rss / MB,
    heapBeforeMb: before.heapUsed / MB,
    heapAfterMb: heapAfter / MB,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    note,
  };
}

const [what = 'plan', sizeText = '100000'] = process.argv.slice(2);
const size = Number(sizeText);
let result: ChildResult;
let keep: unknown; // holds the call's result until after the measurement, as a caller would

if (what === 'plan' || what === 'drift' || what === 'maps') {
  // `drift`: every deactivated member's seat was released in the web app, outside the tool (5%).
  const { live, ledger } = liveAndLedger(size, what === 'drift' ? 20 : 1000);
  const roster = rosterFor(live);
  const input: PlanInput = {
    organization: 7,
    roster,
    ledger,
    live,
    selfUserId: SELF_ID,
    now: new Date(NOW),
    settings: {
      minSeatDays: 7,
      // A little room: some activations go through, the rest wait for the deferred releases.
      seatLimit: live.filter((m) => m.role !== 'DI' && m.userType !== 'viewonly').length + Math.floor(size / 400),
      unmanaged: 'warn',
      maxChanges: { kind: 'percent', value: 100 },
    },
  };
  result = await measure(what, size, () => {
    if (what === 'maps') {
      const byId = new Map(live.map((m) => [m.userId, m]));
      const byEmail = new Map<string, LiveMember>();
      for (const m of live) if (m.email) byEmail.set(m.email.toLowerCase(), m);
      keep = [byId, byEmail];
      return `${byId.size} ids, ${byEmail.size} emails`;
    }
    const plan = buildPlan(input);
    keep = plan;
    const by: Record<string, number> = {};
    for (const c of plan.changes) by[c.status] = (by[c.status] ?? 0) + 1;
    return `${plan.changes.length} changes (${Object.entries(by).map(([k, v]) => `${v} ${k}`).join(', ')}), ${plan.noop} noop, ${plan.observed.length} observed`;
  });
} else if (what === 'roster' || what === 'roster-yaml') {
  // `roster-yaml`: the last entry in flow style (`- {email: …}`), a layout the plain reader does
  // not take, so parseRoster reads up to it and then parses the whole file with the YAML library.
  const plain = largeRosterYaml(size);
  const text = what === 'roster' ? plain : plain.replace(/- email: (\S+)\n$/, '- {email: $1}\n');
  result = await measure(what, size, () => {
    try {
      const roster = parseRoster(text, 'members.yaml');
      keep = roster;
      return `${roster.members.length} members parsed from ${(text.length / MB).toFixed(2)} MiB`;
    } catch (error) {
      const message = error instanceof ValidationError ? error.problems[0]?.message : String(error);
      return `refused (${(text.length / MB).toFixed(2)} MiB): ${message}`;
    }
  });
} else if (what === 'ledger') {
  const text = serializeLedger(seatLedger(liveAndLedger(size).live, NOW, 30));
  result = await measure(what, size, () => {
    const ledger = parseLedger(text, 'seat-ledger.jsonl');
    keep = ledger;
    return `${ledger.events.length} events verified from ${(text.length / MB).toFixed(1)} MiB`;
  });
} else if (what === 'none') {
  result = await measure(what, 0, () => 'nothing: Node, the type stripper and the RSS sampler alone');
} else {
  throw new Error(`unknown measurement '${what}': use plan, maps, roster, roster-yaml, ledger or none`);
}
void keep;
process.stdout.write(JSON.stringify(result) + '\n');
