// The whole action as a runner pays for it: `node dist/index.js` on Node 24, spawned under
// `/usr/bin/time`, so CPU (user + system) and peak RSS come from the OS (wait4's rusage of the
// child), not from inside the process. Used by bench.ts; `node bench/process.ts plan 100000`
// measures one plan by hand.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serializeLedger } from '../src/files/ledger.ts';
import { FakeLabelStudio, makeLegacyToken, type RateLimit } from '../test/fakes/label-studio.ts';
import { makeWorkspace, runAction, type ActionRun } from '../test/kit/run-action.ts';
import { firstAnnotators, organization, rosterYaml, seatLedger } from './fixtures.ts';

export const TIME = '/usr/bin/time';
const ORG = 7;

export interface ProcessFigures {
  /** User + system CPU of the action's process (all its threads), from the OS. */
  cpuMs: number;
  userMs: number;
  sysMs: number;
  /** Peak resident set of the action's process, from the OS (ru_maxrss). */
  peakRssMb: number;
  /** Spawn to exit, measured in this process. */
  wallMs: number;
  /** Spawn to the fake's first request. */
  startupMs: number;
  /** First request's start to the last answer's end, at the fake. */
  spanMs: number;
  /** Last answer to exit. */
  tailMs: number;
  requests: number;
  throttled: number;
  run: ActionRun;
}

export interface ProcessScenario {
  members: number;
  changes: number;
  mode: 'plan' | 'apply';
  latencyMs: number;
  concurrency: number;
  delayMs: number;
  rateLimit?: RateLimit | null;
  pageSize?: number;
  /** Extra arguments for Node, e.g. `--cpu-prof` (run as `env NODE_OPTIONS=…`). */
  nodeOptions?: string;
  /** Another bundle to run instead of dist/index.js (bench/fast-paths.ts), through `bash -c 'exec …'`. */
  entry?: string;
}

/** Runs the action once against a fresh fake and workspace, under /usr/bin/time. */
export async function measureProcess(s: ProcessScenario): Promise<ProcessFigures> {
  const token = makeLegacyToken();
  const members = organization(s.members);
  const now = Date.now();
  const fake = await FakeLabelStudio.start({
    organizationId: ORG,
    members,
    selfUserId: 2,
    legacyTokens: [token],
    maxPageSize: s.pageSize ?? 1000,
    latencyMs: s.latencyMs,
    rateLimit: s.rateLimit ?? null,
  });
  const workspace = makeWorkspace({
    'members.yaml': rosterYaml(members, firstAnnotators(s.changes)),
    'seat-ledger.jsonl': serializeLedger(seatLedger(members, now - 60_000, 30)),
  });
  const dir = mkdtempSync(path.join(tmpdir(), 'lsrs-time-'));
  const timeFile = path.join(dir, 'time');
  let spawnedAt = 0;
  let exitedAt = 0;
  try {
    const run = await runAction({
      inputs: {
        'label-studio-url': fake.url,
        'label-studio-token': token,
        mode: s.mode,
        concurrency: String(s.concurrency),
        'delay-ms': String(s.delayMs),
        'max-changes': '100%',
        'commit-ledger': 'false',
        unmanaged: 'warn',
      },
      workspace,
      wrapper: [TIME, '-f', '%U %S %M %e', '-o', timeFile, ...(s.nodeOptions ? ['env', `NODE_OPTIONS=${s.nodeOptions}`] : []), ...(s.entry ? ['bash', '-c', 'exec "$1" "$0"', s.entry] : [])],
      onSpawn: (child) => {
        spawnedAt = performance.now();
        child.on('exit', () => (exitedAt = performance.now()));
      },
      timeoutMs: 30 * 60_000,
    });
    const expected = s.mode === 'apply' ? s.changes : 0;
    if (run.exitCode !== 0 || Number(run.outputs.applied) !== expected || Number(run.outputs.changes) !== s.changes) {
      throw new Error(
        `the action exited ${run.exitCode} with changes=${run.outputs.changes} applied=${run.outputs.applied}, expected ${s.changes}/${expected}\n` +
          run.stdout.split('\n').filter((l) => l.startsWith('::error')).slice(0, 5).join('\n') +
          run.stderr.slice(0, 2000),
      );
    }
    // The last line: /usr/bin/time prints "Command exited with non-zero status" before it on failure.
    const [user, sys, maxKb] = readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
    const log = fake.log;
    const first = Math.min(...log.map((r) => r.startedAt));
    const last = Math.max(...log.map((r) => r.endedAt));
    return {
      cpuMs: (user! + sys!) * 1000,
      userMs: user! * 1000,
      sysMs: sys! * 1000,
      peakRssMb: maxKb! / 1024,
      wallMs: exitedAt - spawnedAt,
      startupMs: first - spawnedAt,
      spanMs: last - first,
      tailMs: exitedAt - last,
      requests: log.length,
      throttled: log.filter((r) => r.status === 429).length,
      run,
    };
  } finally {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(workspace, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [mode = 'plan', n = '100000', times = '1'] = process.argv.slice(2);
  const members = Number(n);
  for (let i = 0; i < Number(times); i += 1) {
    const f = await measureProcess({
      members,
      changes: Math.round(members * 0.03),
      mode: mode as 'plan' | 'apply',
      latencyMs: 0,
      concurrency: 4,
      delayMs: 0,
      ...(process.env.ACTION_NODE_OPTIONS ? { nodeOptions: process.env.ACTION_NODE_OPTIONS } : {}),
    });
    const { run: _run, ...figures } = f;
    console.log(JSON.stringify(Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, Math.round(v)]))));
  }
}
