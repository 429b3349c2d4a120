// `npm run bench` (Node 24, type stripping): how close the action comes to what the network and
// the machine allow. Every figure is measured in this run; nothing is a target or a constant.
//
//   1. apply 2,000 role changes in a 10,000-member organization (20 ms latency), the real bundle;
//   2. the same behind a 15 requests-per-second limit;
//   3. the plan over 100,000 members, in a child process (CPU and peak memory), with parseRoster
//      and parseLedger at scale beside it;
//   4. cold start: spawning dist/index.js until the fake sees its first request.
//
// Flags: `--quick` (small sizes, a smoke run in about half a minute), `--only 1,3` (some scenarios).
// Not a test: it asserts nothing but that the runs did what they were asked, and `npm test` never runs it.
import { spawn, spawnSync } from 'node:child_process';
import { availableParallelism, cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serializeLedger } from '../src/files/ledger.ts';
import { FakeLabelStudio, makeLegacyToken, type RateLimit } from '../test/fakes/label-studio.ts';
import { ACTION_ENTRY, makeWorkspace, node24, runAction } from '../test/kit/run-action.ts';
import { firstAnnotators, largeRosterYaml, largestRosterWithin, organization, rosterYaml, seatLedger } from './fixtures.ts';
import type { ChildResult } from './plan-child.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? new Set((args[onlyAt + 1] ?? '').split(',').map(Number)) : null;
const wanted = (n: number) => !only || only.has(n);

const ORG = 7;
const LATENCY_MS = 20;
const CONCURRENCY = 8;
const PAGE_SIZE = 1000;
const RATE = 15;
const MAX_ROSTER_BYTES = 8 * 1024 * 1024; // src/files/roster.ts's limit, restated to size the largest roster it reads

const sizes = quick
  ? { org: 1_000, changes: 200, limitedOrg: 1_000, limitedChanges: 150, plan: 10_000, starts: 5 }
  : { org: 10_000, changes: 2_000, limitedOrg: 10_000, limitedChanges: 2_000, plan: 100_000, starts: 5 };

interface Row {
  scenario: string;
  wall: string;
  bound: string;
  ratio: string;
  requests: string;
  throttled: string;
  notes: string;
}
const rows: Row[] = [];
const details: string[] = [];

const ms = (n: number) => `${Math.round(n).toLocaleString('en-US')} ms`;
const mb = (n: number) => `${Math.round(n)} MB`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

// ---------------------------------------------------------------------------------------------
// 1 and 2: the real action applying role changes.

interface ApplyFigures {
  processMs: number;
  spanMs: number;
  startupMs: number;
  tailMs: number;
  requests: number;
  minimum: number;
  throttled: number;
  pages: number;
  applied: number;
  patches: number;
  maxInFlight: number;
}

async function applyRun(label: string, orgSize: number, changes: number, rateLimit: RateLimit | null): Promise<ApplyFigures> {
  const token = makeLegacyToken();
  const members = organization(orgSize);
  const changed = firstAnnotators(changes);
  const now = Date.now();
  const fake = await FakeLabelStudio.start({
    organizationId: ORG,
    members,
    selfUserId: 2,
    legacyTokens: [token],
    maxPageSize: PAGE_SIZE,
    latencyMs: LATENCY_MS,
    rateLimit,
  });
  const workspace = makeWorkspace({
    'members.yaml': rosterYaml(members, changed),
    'seat-ledger.jsonl': serializeLedger(seatLedger(members, now, 30)),
  });
  let spawnedAt = 0;
  let exitedAt = 0;
  try {
    process.stderr.write(`  ${label}: running the action…\n`);
    const run = await runAction({
      inputs: {
        'label-studio-url': fake.url,
        'label-studio-token': token,
        mode: 'apply',
        concurrency: String(CONCURRENCY),
        'delay-ms': '0',
        'max-changes': '100%',
        'commit-ledger': 'false',
        unmanaged: 'warn',
      },
      workspace,
      onSpawn: (child) => {
        spawnedAt = performance.now();
        child.on('exit', () => (exitedAt = performance.now()));
      },
      timeoutMs: 30 * 60_000,
    });
    const applied = Number(run.outputs.applied);
    if (run.exitCode !== 0 || applied !== changes) {
      throw new Error(
        `${label}: the action exited ${run.exitCode} with applied=${run.outputs.applied ?? '(none)'}, expected ${changes}\n` +
          run.stdout.split('\n').filter((l) => l.startsWith('::error')).slice(0, 5).join('\n'),
      );
    }
    const log = fake.log;
    const first = Math.min(...log.map((r) => r.startedAt));
    const last = Math.max(...log.map((r) => r.endedAt));
    const pages = Math.ceil(orgSize / PAGE_SIZE);
    return {
      processMs: exitedAt - spawnedAt,
      spanMs: last - first,
      startupMs: first - spawnedAt,
      tailMs: exitedAt - last,
      requests: log.length,
      minimum: 1 + pages + changes,
      throttled: log.filter((r) => r.status === 429).length,
      pages,
      applied,
      patches: fake.patches().length,
      maxInFlight: fake.maxInFlight,
    };
  } finally {
    await fake.close();
  }
}

async function scenarioLatency(): Promise<void> {
  const { org, changes } = sizes;
  const f = await applyRun('1', org, changes, null);
  const bound =
    LATENCY_MS + LATENCY_MS + Math.ceil((f.pages - 1) / CONCURRENCY) * LATENCY_MS + Math.ceil(changes / CONCURRENCY) * LATENCY_MS;
  rows.push({
    scenario: `1. apply ${changes.toLocaleString('en-US')} changes, ${org.toLocaleString('en-US')} members, ${LATENCY_MS} ms latency, concurrency ${CONCURRENCY}`,
    wall: `${ms(f.processMs)} process; ${ms(f.spanMs)} on the wire`,
    bound: ms(bound),
    ratio: `${ratio(f.processMs, bound)} process; ${ratio(f.spanMs, bound)} wire`,
    requests: `${f.requests} / ${f.minimum}`,
    throttled: String(f.throttled),
    notes: `${f.applied} applied (${f.patches} PATCH 200); start → first request ${ms(f.startupMs)}, last answer → exit ${ms(f.tailMs)}; peak in flight ${f.maxInFlight}`,
  });
  details.push(
    `Scenario 1 lower bound = whoami ${LATENCY_MS} + first page ${LATENCY_MS} + ceil(${f.pages - 1} remaining pages / ${CONCURRENCY}) × ${LATENCY_MS}` +
      ` + ceil(${changes} changes / ${CONCURRENCY}) × ${LATENCY_MS} = ${bound} ms (latency only: no CPU, no process start).` +
      ` Minimum requests = 1 whoami + ${f.pages} pages + ${changes} PATCH = ${f.minimum}.`,
  );
}

async function scenarioRateLimit(): Promise<void> {
  const { limitedOrg: org, limitedChanges: changes } = sizes;
  const limit: RateLimit = { perSecond: RATE, burst: RATE, retryAfter: 'seconds' };
  const f = await applyRun('2', org, changes, limit);
  const bound = (f.minimum / RATE) * 1000;
  const share = f.throttled / f.requests;
  rows.push({
    scenario: `2. as 1 (${changes.toLocaleString('en-US')} changes, ${org.toLocaleString('en-US')} members) behind ${RATE} req/s (burst ${RATE}, Retry-After in seconds)`,
    wall: `${ms(f.processMs)} process; ${ms(f.spanMs)} on the wire`,
    bound: ms(bound),
    ratio: `${ratio(f.processMs, bound)} process; ${ratio(f.spanMs, bound)} wire`,
    requests: `${f.requests} / ${f.minimum}`,
    throttled: `${f.throttled} (${(share * 100).toFixed(1)}% of requests)`,
    notes: `${f.applied} applied; ${f.requests - f.throttled} answered without 429 = ${((f.requests - f.throttled) / (f.spanMs / 1000)).toFixed(2)} req/s over the span`,
  });
  details.push(
    `Scenario 2 lower bound = ${f.minimum} minimum requests / ${RATE} per second = ${Math.round(bound)} ms` +
      ` (the first ${RATE} ride the initial burst, so the server could serve them in ${Math.round(((f.minimum - RATE) / RATE) * 1000)} ms at best).`,
  );
}

// ---------------------------------------------------------------------------------------------
// 3: the plan at scale, each measurement in a fresh child process.

function child(what: string, members: number): ChildResult {
  const out = spawnSync(process.execPath, ['--expose-gc', path.join(HERE, 'plan-child.ts'), what, String(members)], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (out.status !== 0) throw new Error(`plan-child ${what} ${members} failed (${out.status}):\n${out.stderr}`);
  return JSON.parse(out.stdout.trim().split('\n').pop()!) as ChildResult;
}

function scenarioPlan(): void {
  const n = sizes.plan;
  const count = n.toLocaleString('en-US');
  process.stderr.write(`  3: buildPlan over ${count} members (child processes)…\n`);
  const base = child('none', 0);
  const maps = child('maps', n);
  const plan = child('plan', n);
  const drift = child('drift', n);
  rows.push({
    scenario: `3a. buildPlan: ${count} live members, ${count}-entry roster, ${count}-event ledger`,
    wall: `${ms(plan.cpuMs)} CPU (${ms(plan.wallMs)} wall)`,
    bound: `${ms(maps.cpuMs)} CPU`,
    ratio: ratio(plan.cpuMs, maps.cpuMs),
    requests: '—',
    throttled: '—',
    notes:
      `peak RSS ${mb(plan.peakRssMb)} (process before the call ${mb(plan.rssBeforeMb)}, of which Node + type stripper + sampler ${mb(base.rssBeforeMb)});` +
      ` heap ${mb(plan.heapBeforeMb)} → ${mb(plan.heapAfterMb)}; ${plan.note}`,
  });
  rows.push({
    scenario: `3b. buildPlan as 3a, but 5% of the seats (${(n / 20).toLocaleString('en-US')}) released outside the tool`,
    wall: `${ms(drift.cpuMs)} CPU (${ms(drift.wallMs)} wall)`,
    bound: `${ms(maps.cpuMs)} CPU`,
    ratio: ratio(drift.cpuMs, maps.cpuMs),
    requests: '—',
    throttled: '—',
    notes: `peak RSS ${mb(drift.peakRssMb)}; ${drift.note}`,
  });
  details.push(
    `Scenario 3 lower bound = the CPU time of building the plan's two lookup maps (by id, by lower-cased email) over the same ${count} live members` +
      ` (peak RSS of that pass ${mb(maps.peakRssMb)}). CPU = process.cpuUsage() around the one cold call (GC threads included);` +
      ` peak RSS sampled every ~1 ms from a worker thread during the call.`,
  );

  process.stderr.write(`  3: parseRoster and parseLedger at scale…\n`);
  // Each roster twice: in the plain layout parseRoster reads line by line, and with its last entry
  // in flow style, which sends the whole file through the YAML library. At 30% of the size, at the
  // size, and (full sizes only) at the most members that fit in the roster's size limit.
  const fit = largestRosterWithin(MAX_ROSTER_BYTES);
  const rosterSizes = [Math.round(n * 0.3), n, ...(quick ? [] : [fit])];
  const layouts = [
    ['3c', 'roster', 'plain layout (read line by line)'],
    ['3d', 'roster-yaml', 'last entry in flow style (the YAML library reads it all)'],
  ] as const;
  for (const [label, what, layout] of layouts) {
    const runs = rosterSizes.map((size) => ({ size, result: child(what, size) }));
    const at = runs.find((r) => r.size === n)!.result;
    const others = runs
      .filter((r) => r.size !== n)
      .map(
        (r) =>
          `${r.size.toLocaleString('en-US')} members${r.size === fit ? ` (the most within the ${MAX_ROSTER_BYTES / 1048576} MiB limit)` : ''}:` +
          ` ${ms(r.result.cpuMs)} CPU, peak RSS ${mb(r.result.peakRssMb)}`,
      );
    rows.push({
      scenario: `${label}. parseRoster: ${count} members (${(Buffer.byteLength(largeRosterYaml(n)) / 1048576).toFixed(2)} MiB), ${layout}`,
      wall: `${ms(at.cpuMs)} CPU (${ms(at.wallMs)} wall)`,
      bound: '—',
      ratio: '—',
      requests: '—',
      throttled: '—',
      notes: `peak RSS ${mb(at.peakRssMb)} (before ${mb(at.rssBeforeMb)}); ${others.join('; ')}; ${at.note}`,
    });
  }
  const ledger = child('ledger', n);
  rows.push({
    scenario: `3e. parseLedger: ${count} events (hash chain and schema of every line)`,
    wall: `${ms(ledger.cpuMs)} CPU (${ms(ledger.wallMs)} wall)`,
    bound: '—',
    ratio: '—',
    requests: '—',
    throttled: '—',
    notes: `peak RSS ${mb(ledger.peakRssMb)} (before ${mb(ledger.rssBeforeMb)}, the text and its construction included); ${ledger.note}`,
  });
}

// ---------------------------------------------------------------------------------------------
// 4: cold start.

async function timeToExit(argv: string[]): Promise<number> {
  const child = spawn(node24(), argv, { stdio: 'ignore' });
  const spawnedAt = performance.now();
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', () => resolve(performance.now() - spawnedAt));
  });
}

async function scenarioColdStart(): Promise<void> {
  const token = makeLegacyToken();
  const members = organization(10);
  const fake = await FakeLabelStudio.start({ organizationId: ORG, members, selfUserId: 2, legacyTokens: [token] });
  const roster = rosterYaml(members, new Set());
  const ledger = serializeLedger(seatLedger(members, Date.now(), 30));
  const action: number[] = [];
  const bare: number[] = [];
  const firstGet: number[] = [];
  try {
    process.stderr.write(`  4: cold start × ${sizes.starts}…\n`);
    for (let i = 0; i < sizes.starts; i += 1) {
      fake.log.length = 0;
      let spawnedAt = 0;
      const run = await runAction({
        inputs: { 'label-studio-url': fake.url, 'label-studio-token': token, mode: 'plan' },
        workspace: makeWorkspace({ 'members.yaml': roster, 'seat-ledger.jsonl': ledger }),
        onSpawn: () => (spawnedAt = performance.now()),
      });
      if (run.exitCode !== 0 || !fake.log[0]) throw new Error(`cold start run ${i} exited ${run.exitCode}\n${run.stdout}`);
      action.push(fake.log[0].startedAt - spawnedAt);

      bare.push(await timeToExit(['-e', '']));

      // The least any Node program pays to reach the server: start, then one plain HTTP request.
      fake.log.length = 0;
      const get = spawn(node24(), ['-e', `require('node:http').get(${JSON.stringify(`${fake.url}/api/current-user/whoami`)}, (r) => r.resume())`], {
        stdio: 'ignore',
      });
      const getAt = performance.now();
      await new Promise((resolve) => get.on('exit', resolve));
      if (!fake.log[0]) throw new Error('the bare HTTP client reached no server');
      firstGet.push(fake.log[0].startedAt - getAt);
    }
  } finally {
    await fake.close();
  }
  const a = median(action);
  const b = median(bare);
  rows.push({
    scenario: `4. cold start: spawn dist/index.js → first request at the fake (median of ${sizes.starts})`,
    wall: ms(a),
    bound: `${ms(b)} (\`node -e ''\` to exit)`,
    ratio: ratio(a, b),
    requests: '—',
    throttled: '—',
    notes: `runs ${action.map((x) => Math.round(x)).join(', ')} ms; bare runs ${bare.map((x) => Math.round(x)).join(', ')} ms; a bare \`node -e "http.get(…)"\` reaches the fake in ${ms(median(firstGet))} (median)`,
  });
}

// ---------------------------------------------------------------------------------------------

function machine(): string {
  const node = spawnSync(node24(), ['--version'], { encoding: 'utf8' }).stdout.trim();
  return [
    `date ${new Date().toISOString()}`,
    `nproc ${availableParallelism()} (${cpus()[0]?.model.trim() ?? 'unknown CPU'})`,
    `action on Node ${node} (${node24()}); bench on Node ${process.version}`,
    `load average at start ${loadavg().map((l) => l.toFixed(2)).join(' ')}`,
    `bundle ${ACTION_ENTRY}`,
  ].join('\n');
}

const header = machine();
process.stderr.write(`bench: ${quick ? 'quick sizes' : 'full sizes'}; the table follows on stdout\n`);
const started = performance.now();
if (wanted(1)) await scenarioLatency();
if (wanted(2)) await scenarioRateLimit();
if (wanted(3)) scenarioPlan();
if (wanted(4)) await scenarioColdStart();

const columns: Array<[keyof Row, string]> = [
  ['scenario', 'scenario'],
  ['wall', 'measured'],
  ['bound', 'lower bound'],
  ['ratio', 'ratio'],
  ['requests', 'requests sent / minimum'],
  ['throttled', '429s received'],
  ['notes', 'figures'],
];
const cell = (s: string) => s.replace(/\|/g, '\\|');
const table = [
  `| ${columns.map(([, h]) => h).join(' | ')} |`,
  `|${columns.map(() => '---').join('|')}|`,
  ...rows.map((r) => `| ${columns.map(([k]) => cell(r[k])).join(' | ')} |`),
].join('\n');
process.stdout.write(
  `\n${header}\n${quick ? 'quick sizes (--quick)\n' : ''}\n${table}\n\n${details.map((d) => `- ${d}`).join('\n')}\n\n` +
    `bench total ${ms(performance.now() - started)}\n`,
);
