// `npm run bench` (Node 24, type stripping): the whole action as a runner pays for it. Every row
// spawns dist/index.js on Node 24 under /usr/bin/time (bench/process.ts), so CPU (user + system)
// and peak RSS come from the OS, and times run from spawn to exit; each is set against the lower
// bound or the peer measured in the same run. Nothing here is a constant but the "before" column
// (the figures of the first measurement) and the targets.
//
//   1. plan over 100,000 members (3% changed, one ledger line per seat), 0 ms latency: CPU and peak RSS,
//      beside the plan floor (bench/plan-floor.ts: the unavoidable work with none of the checks);
//   2. apply 2,000 changes in a 10,000-member organization at 20 ms latency, concurrency 8, delay 0,
//      beside its lower bound, the sequential script a team would write (bench/sequential-peer.ts)
//      and the parallel floor (bench/parallel-floor.ts: the same requests, 8 in flight, nothing else);
//   3. cold start: spawn → first request, beside a bare `node -e "fetch(…)"`;
//   4. behind a 15 requests-per-second limit: 200 and 2,000 changes.
//
// Flags: `--quick` (small sizes, a smoke run: .ci/run runs it, so the benchmark cannot rot; it
// also runs every side script of bench/ once at a small size), `--only 1,3` (some rows). Not a
// test: it checks only that each run did what it was asked (a run that did not fails the bench),
// and `npm test` never runs it. For the plan's own CPU inside
// one process (no start-up, no I/O), `node --expose-gc bench/plan-child.ts plan 100000`.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FakeLabelStudio, makeLegacyToken, type RateLimit } from '../test/fakes/label-studio.ts';
import { ACTION_ENTRY, node24 } from '../test/kit/run-action.ts';
import { serializeLedger } from '../src/files/ledger.ts';
import { firstAnnotators, organization, rosterYaml, seatLedger } from './fixtures.ts';
import { measureProcess, TIME, type ProcessFigures, type ProcessScenario } from './process.ts';
import { checkEdits } from './fast-paths.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? new Set((args[onlyAt + 1] ?? '').split(',').map(Number)) : null;
const wanted = (n: number) => !only || only.has(n);

const LATENCY_MS = 20;
const CONCURRENCY = 8;
const PAGE_SIZE = 1000;
const RATE = 15;
const sizes = quick
  ? { plan: 10_000, org: 1_000, changes: 100, limitedOrg: 1_000, limited: [30, 60], starts: 3, repeats: 1 }
  : { plan: 100_000, org: 10_000, changes: 2_000, limitedOrg: 10_000, limited: [200, 2_000], starts: 5, repeats: 3 };

const ms = (n: number) => `${Math.round(n).toLocaleString('en-US')} ms`;
const mb = (n: number) => `${Math.round(n)} MB`;
const x = (n: number) => `${n.toFixed(2)}×`;
const n = (v: number) => v.toLocaleString('en-US');
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
/** The entry and the chunks ncc split off it (dist/*.index.js). */
const bundleBytes = () => {
  const dir = path.dirname(ACTION_ENTRY);
  return readdirSync(dir).filter((f) => f.endsWith('.js')).reduce((sum, f) => sum + readFileSync(path.join(dir, f)).byteLength, 0);
};
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

interface Target {
  measure: string;
  before: string;
  now: string;
  target: string;
  met: boolean;
}
const targets: Target[] = [];
const figures: string[] = [];

async function repeat(times: number, s: ProcessScenario, label: string): Promise<ProcessFigures[]> {
  const out: ProcessFigures[] = [];
  for (let i = 0; i < times; i++) {
    process.stderr.write(`  ${label} ${i + 1}/${times}… (load ${load()})\n`);
    out.push(await measureProcess(s));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

async function plan(): Promise<void> {
  const size = sizes.plan;
  const runs = await repeat(sizes.repeats, { members: size, changes: Math.round(size * 0.03), mode: 'plan', latencyMs: 0, concurrency: 4, delayMs: 0 }, `1: plan ${n(size)}`);
  const cpu = median(runs.map((r) => r.cpuMs));
  const rss = median(runs.map((r) => r.peakRssMb));
  process.stderr.write(`  1: the plan floor… (load ${load()})\n`);
  const floors: ScriptRun[] = [];
  for (let i = 0; i < sizes.repeats; i++) {
    const floor = await runScript('plan-floor.ts', { org: size, changes: Math.round(size * 0.03), latencyMs: 0, ledger: true, extra: ['4'] });
    if (floor.counted !== Math.round(size * 0.03)) throw new Error(`the plan floor counted ${floor.counted} changes, expected ${Math.round(size * 0.03)}`);
    floors.push(floor);
  }
  const floorCpu = median(floors.map((f) => f.cpuMs));
  const floorRss = median(floors.map((f) => f.peakRssMb));
  targets.push({ measure: `${n(size)} plan, CPU (user + sys, median of ${runs.length})`, before: quick ? '—' : '4,410 ms', now: `${ms(cpu)}; plan floor ${ms(floorCpu)}`, target: '≤ 1,000 ms', met: cpu <= 1000 });
  targets.push({ measure: `${n(size)} plan, peak RSS (median of ${runs.length})`, before: quick ? '—' : '486 MB', now: `${mb(rss)}; plan floor ${mb(floorRss)}`, target: '≤ 200 MB', met: rss <= 200 });
  figures.push(
    `1. plan, ${n(size)} members, ${n(Math.round(size * 0.03))} changed, ${n(size)}-line ledger, 0 ms latency, concurrency 4, delay 0: ` +
      runs
        .map((r) => `CPU ${ms(r.cpuMs)} (user ${ms(r.userMs)}, sys ${ms(r.sysMs)}), peak RSS ${mb(r.peakRssMb)}, wall ${ms(r.wallMs)} (spawn → first request ${ms(r.startupMs)}, on the wire ${ms(r.spanMs)}, last answer → exit ${ms(r.tailMs)}), ${r.requests} requests`)
        .join('; ') +
      `. Plan floor (bench/plan-floor.ts: the pages, the ledger's hash chain and the roster, nothing else): ` +
      floors.map((f) => `CPU ${ms(f.cpuMs)}, peak RSS ${mb(f.peakRssMb)}, wall ${ms(f.wallMs)}`).join('; '),
  );
}

interface ScriptRun {
  wallMs: number;
  cpuMs: number;
  peakRssMb: number;
  /** The first number the script printed: what it counted or patched. */
  counted: number;
}

/**
 * One of the comparison scripts (bench/sequential-peer.ts, parallel-floor.ts, plan-floor.ts)
 * against a fresh fake of `org` members and the roster the action gets, with the seat ledger as
 * a further argument when `ledger` is set; under /usr/bin/time, as the action is measured.
 */
async function runScript(script: string, s: { org: number; changes: number; latencyMs: number; ledger?: boolean; extra?: string[] }): Promise<ScriptRun> {
  const token = makeLegacyToken();
  const members = organization(s.org);
  const fake = await FakeLabelStudio.start({ organizationId: 7, members, selfUserId: 2, legacyTokens: [token], maxPageSize: PAGE_SIZE, latencyMs: s.latencyMs });
  const dir = mkdtempSync(path.join(tmpdir(), 'lsrs-script-'));
  const roster = path.join(dir, 'members.yaml');
  writeFileSync(roster, rosterYaml(members, firstAnnotators(s.changes)));
  const files = [roster];
  if (s.ledger) {
    files.push(path.join(dir, 'seat-ledger.jsonl'));
    writeFileSync(files[1]!, serializeLedger(seatLedger(members, Date.now() - 60_000, 30)));
  }
  try {
    const args = ['-f', '%U %S %M', '-o', path.join(dir, 'time'), node24(), path.join(HERE, script), fake.url, token, ...files, ...(s.extra ?? [])];
    const child = spawn(TIME, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    const at = performance.now();
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    await new Promise((resolve) => child.on('close', resolve));
    const wallMs = performance.now() - at;
    const [user, sys, maxKb] = readFileSync(path.join(dir, 'time'), 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
    return { wallMs, cpuMs: (user! + sys!) * 1000, peakRssMb: maxKb! / 1024, counted: Number(out.trim().split(' ')[0]) };
  } finally {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function apply(): Promise<void> {
  const { org, changes } = sizes;
  const pages = Math.ceil(org / PAGE_SIZE);
  const bound = LATENCY_MS + LATENCY_MS + Math.ceil((pages - 1) / CONCURRENCY) * LATENCY_MS + Math.ceil(changes / CONCURRENCY) * LATENCY_MS;
  const runs = await repeat(sizes.repeats, { members: org, changes, mode: 'apply', latencyMs: LATENCY_MS, concurrency: CONCURRENCY, delayMs: 0 }, `2: apply ${n(changes)}`);
  process.stderr.write(`  2: the sequential script… (load ${load()})\n`);
  const p = await runScript('sequential-peer.ts', { org, changes, latencyMs: LATENCY_MS });
  if (p.counted !== changes) throw new Error(`the sequential script patched ${p.counted}, expected ${changes}`);
  process.stderr.write(`  2: the parallel floor… (load ${load()})\n`);
  const floor = await runScript('parallel-floor.ts', { org, changes, latencyMs: LATENCY_MS, extra: [String(CONCURRENCY)] });
  if (floor.counted !== changes) throw new Error(`the parallel floor patched ${floor.counted}, expected ${changes}`);
  const wall = median(runs.map((r) => r.wallMs));
  const wire = median(runs.map((r) => r.spanMs));
  targets.push({
    measure: `${n(org)} members / ${n(changes)} changes apply, ${LATENCY_MS} ms latency, concurrency ${CONCURRENCY}, delay 0: whole process / lower bound (median of ${runs.length})`,
    before: quick ? '—' : '1.26×',
    now: `${x(wall / bound)} (${ms(wall)} / ${ms(bound)}); sequential script ${x(p.wallMs / bound)}; parallel floor ${x(floor.wallMs / bound)}, the action ${x(wall / floor.wallMs)} of it`,
    target: '≤ 1.10×',
    met: wall / bound <= 1.1,
  });
  figures.push(
    `2. lower bound = whoami ${LATENCY_MS} + first page ${LATENCY_MS} + ceil(${pages - 1} pages / ${CONCURRENCY}) × ${LATENCY_MS} + ceil(${changes} / ${CONCURRENCY}) × ${LATENCY_MS} = ${ms(bound)}` +
      ` (latency only). Action: ` +
      runs
        .map((r) => `${ms(r.wallMs)} spawn → exit (${x(r.wallMs / bound)}), on the wire ${ms(r.spanMs)} (${x(r.spanMs / bound)}), spawn → first request ${ms(r.startupMs)}, last answer → exit ${ms(r.tailMs)}, CPU ${ms(r.cpuMs)}, peak RSS ${mb(r.peakRssMb)}, ${r.requests} requests (minimum ${1 + pages + changes}), ${r.throttled} 429s`)
        .join('; ') +
      `; median on the wire ${x(wire / bound)}. Sequential script (same fake, same roster): ${ms(p.wallMs)} spawn → exit = ${x(p.wallMs / bound)} the bound, CPU ${ms(p.cpuMs)}.` +
      ` Parallel floor (bench/parallel-floor.ts: the same requests, ${CONCURRENCY} in flight, nothing else): ${ms(floor.wallMs)} spawn → exit = ${x(floor.wallMs / bound)} the bound, CPU ${ms(floor.cpuMs)}.`,
  );
}

async function coldStart(): Promise<void> {
  const action: number[] = [];
  const whole: ProcessFigures[] = [];
  const bare: number[] = [];
  const token = makeLegacyToken();
  const fake = await FakeLabelStudio.start({ organizationId: 7, members: organization(10), selfUserId: 2, legacyTokens: [token] });
  try {
    for (let i = 0; i < sizes.starts; i++) {
      process.stderr.write(`  3: cold start ${i + 1}/${sizes.starts}… (load ${load()})\n`);
      const f = await measureProcess({ members: 10, changes: 0, mode: 'plan', latencyMs: 0, concurrency: 4, delayMs: 0 });
      action.push(f.startupMs);
      whole.push(f);
      fake.log.length = 0;
      const child = spawn(node24(), ['-e', `fetch(${JSON.stringify(`${fake.url}/api/current-user/whoami`)}).then((r) => r.text())`], { stdio: 'ignore' });
      const at = performance.now();
      await new Promise((resolve) => child.on('exit', resolve));
      if (!fake.log[0]) throw new Error('the bare fetch reached no server');
      bare.push(fake.log[0].startedAt - at);
    }
  } finally {
    await fake.close();
  }
  const a = median(action);
  const b = median(bare);
  targets.push({ measure: `cold start to first request / bare \`node -e "fetch(…)"\` (median of ${sizes.starts})`, before: '1.96×', now: `${x(a / b)} (${ms(a)} / ${ms(b)})`, target: '≤ 1.3×', met: a / b <= 1.3 });
  figures.push(
    `3. cold start (plan, 10-member organization): action ${action.map((v) => Math.round(v)).join(', ')} ms; bare fetch ${bare.map((v) => Math.round(v)).join(', ')} ms. ` +
      `The action's whole process: ${whole.map((f) => `${ms(f.wallMs)} spawn → exit, CPU ${ms(f.cpuMs)}, peak RSS ${mb(f.peakRssMb)}`).join('; ')}.`,
  );
}

async function rateLimited(): Promise<void> {
  const limit: RateLimit = { perSecond: RATE, burst: RATE, retryAfter: 'seconds' };
  const parts: string[] = [];
  let met = true;
  for (const changes of sizes.limited) {
    const [f] = await repeat(1, { members: sizes.limitedOrg, changes, mode: 'apply', latencyMs: LATENCY_MS, concurrency: CONCURRENCY, delayMs: 0, rateLimit: limit }, `4: ${n(changes)} changes behind ${RATE} req/s`);
    const minimum = 1 + Math.ceil(sizes.limitedOrg / PAGE_SIZE) + changes;
    const bound = (minimum / RATE) * 1000;
    const share = f!.throttled / f!.requests;
    met &&= share < 0.02 && f!.wallMs / bound <= 1.1;
    parts.push(`${n(changes)}: ${(share * 100).toFixed(1)}% (${x(f!.wallMs / bound)})`);
    figures.push(
      `4. ${n(changes)} changes, ${n(sizes.limitedOrg)} members, ${RATE} req/s (burst ${RATE}, Retry-After in seconds), ${LATENCY_MS} ms latency, concurrency ${CONCURRENCY}: ` +
        `${f!.throttled} 429s of ${f!.requests} requests (${(share * 100).toFixed(1)}%); ${ms(f!.wallMs)} spawn → exit against ${ms(bound)} = ${minimum} minimum requests / ${RATE} per second (${x(f!.wallMs / bound)}); on the wire ${ms(f!.spanMs)}; CPU ${ms(f!.cpuMs)}, peak RSS ${mb(f!.peakRssMb)}.`,
    );
  }
  targets.push({ measure: `429 share behind ${RATE} req/s, ${sizes.limited.map(n).join(' and ')} changes (time / bound)`, before: quick ? '—' : '5–7%, 1.9%', now: parts.join('; '), target: '< 2% at both, time ≤ 1.1×', met });
}

/**
 * The scripts bench.ts does not run at full size, each once at a small size: they only have to
 * run to the end (a non-zero exit fails the bench). fast-paths.ts builds three bundles, too slow
 * for a smoke run: its edits are checked against the sources instead.
 */
function sideScripts(): void {
  const runs: [string, string[]][] = [
    ...['plan', 'drift', 'maps', 'roster', 'roster-yaml', 'ledger', 'none'].map((what): [string, string[]] => ['plan-child.ts', ['--expose-gc', 'plan-child.ts', what, '2000']]),
    ['files-micro.ts', ['--expose-gc', 'files-micro.ts', '2000']],
    ['pacer-sim.ts', ['pacer-sim.ts', '--requests', '200']],
    ['seat-report-cost.ts', ['seat-report-cost.ts', '2000', '0']],
  ];
  for (const [name, argv] of runs) {
    process.stderr.write(`  side script: node ${argv.join(' ')}\n`);
    const r = spawnSync(node24(), argv, { cwd: HERE, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    if (r.status !== 0) throw new Error(`bench/${name} exited ${r.status ?? r.signal}: node ${argv.join(' ')}`);
  }
  checkEdits();
  figures.push(`side scripts: plan-child.ts (7 measurements), files-micro.ts, pacer-sim.ts and seat-report-cost.ts ran at small sizes; fast-paths.ts's edits apply.`);
}

// ---------------------------------------------------------------------------------------------

const uptime = () => spawnSync('uptime', { encoding: 'utf8' }).stdout.trim();
const header = [
  `date ${new Date().toISOString()}`,
  `nproc ${availableParallelism()} (${cpus()[0]?.model.trim() ?? 'unknown CPU'})`,
  `action on Node ${spawnSync(node24(), ['--version'], { encoding: 'utf8' }).stdout.trim()} (${node24()}); bench on Node ${process.version}`,
  `bundle ${ACTION_ENTRY} (${(readFileSync(ACTION_ENTRY).byteLength / 1048576).toFixed(2)} MiB; with the chunks it loads after the first request ${(bundleBytes() / 1048576).toFixed(2)} MiB)`,
  `uptime before: ${uptime()}`,
];
process.stderr.write(`bench: ${quick ? 'quick sizes' : 'full sizes'}; the tables follow on stdout\n`);
const started = performance.now();
if (wanted(1)) await plan();
if (wanted(2)) await apply();
if (wanted(3)) await coldStart();
if (wanted(4)) await rateLimited();
if (quick && !only) sideScripts();
header.push(`uptime after: ${uptime()}`);

const table = [
  '| measure | before | now | target | met |',
  '|---|---|---|---|---|',
  ...targets.map((t) => `| ${[t.measure, t.before, t.now, t.target, t.met ? 'yes' : 'no'].map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`),
].join('\n');
process.stdout.write(`\n${header.join('\n')}\n${quick ? 'quick sizes (--quick)\n' : ''}\n${table}\n\n${figures.map((f) => `- ${f}`).join('\n')}\n\nbench total ${ms(performance.now() - started)}\n`);
