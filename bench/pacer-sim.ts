// The client's 429 handling (src/labelstudio/client.ts #send: throttled, pause for Retry-After,
// retry at the back of the queue) against a token-bucket server, on a virtual clock: a full
// 2,011-request rate-limited run in a second, to compare pacer settings before spending minutes
// on the real thing (bench.ts scenario 2). Not the measurement itself: a model of it.
//
//   node bench/pacer-sim.ts [--requests 2011] [--rate 15] [--burst 15] [--retry-after seconds|ms|none]
//                           [--latency 20] [--concurrency 8] [--recovery-steps N]
//
// --recovery-steps runs a copy of src/labelstudio/pacer.ts with RECOVERY_STEPS replaced, written
// under bench/out/ (ignored by git).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Pacer as PacerClass } from '../src/labelstudio/pacer.ts';
import { VirtualClock } from '../test/kit/virtual-clock.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && args[at + 1] !== undefined ? args[at + 1]! : fallback;
};
const requests = Number(option('requests', '2011'));
const rate = Number(option('rate', '15'));
const burst = Number(option('burst', '15'));
const retryAfter = option('retry-after', 'seconds');
const latency = Number(option('latency', '20'));
const concurrency = Number(option('concurrency', '8'));
const steps = option('recovery-steps', '');

let pacerModule = path.join(HERE, '..', 'src', 'labelstudio', 'pacer.ts');
if (steps) {
  const source = readFileSync(pacerModule, 'utf8');
  const constant = /export const RECOVERY_STEPS = \d+;/;
  if (!constant.test(source)) throw new Error('RECOVERY_STEPS not found in src/labelstudio/pacer.ts');
  const patched = source.replace(constant, `export const RECOVERY_STEPS = ${Number(steps)};`);
  mkdirSync(path.join(HERE, 'out'), { recursive: true });
  pacerModule = path.join(HERE, 'out', `pacer-recovery-${Number(steps)}.ts`);
  writeFileSync(pacerModule, patched);
}
const { Pacer, RECOVERY_STEPS } = (await import(pathToFileURL(pacerModule).href)) as {
  Pacer: typeof PacerClass;
  RECOVERY_STEPS: number;
};

const clock = new VirtualClock({ settleTurns: 5 });
const pacer = new Pacer({ concurrency, delayMs: 0, now: clock.now, sleep: clock.sleep });
// The fake's bucket (test/fakes/label-studio.ts `take`): full at the start, refilled continuously.
let tokens = burst;
let filledAt = 0;
const take = (now: number): number => {
  tokens = Math.min(burst, tokens + ((now - filledAt) / 1000) * rate);
  filledAt = now;
  if (tokens >= 1) {
    tokens -= 1;
    return 0;
  }
  return ((1 - tokens) / rate) * 1000;
};
// Seeded, so `--retry-after none` (client back-off with jitter) repeats.
let seed = 1;
const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;

let sent = 0;
let refused = 0;
let failed = 0;
let lastAnswer = 0;
async function request(): Promise<void> {
  for (let retries = 0; ; retries += 1) {
    const answer = await pacer.run(async (startedAt) => {
      sent += 1;
      const wait = take(clock.now());
      await clock.sleep(latency);
      return { startedAt, wait };
    });
    if (answer.wait === 0) {
      pacer.succeeded();
      lastAnswer = clock.now();
      return;
    }
    refused += 1;
    const asked =
      retryAfter === 'seconds'
        ? Math.max(1, Math.ceil(answer.wait / 1000)) * 1000
        : retryAfter === 'ms'
          ? Math.ceil(answer.wait)
          : Math.floor(random() * Math.min(60_000, 1000 * 2 ** retries));
    pacer.throttled(answer.startedAt);
    pacer.pause(asked);
    if (retries >= 5) {
      failed += 1;
      return;
    }
  }
}

const all = Array.from({ length: requests }, () => request());
await clock.run();
await Promise.all(all);
const bound = (requests / rate) * 1000;
console.log(
  `RECOVERY_STEPS ${RECOVERY_STEPS}, ${requests} requests at ${rate}/s (burst ${burst}, Retry-After ${retryAfter}), ` +
    `${latency} ms latency, concurrency ${concurrency}: sent ${sent}, 429s ${refused} (${((refused / sent) * 100).toFixed(1)}%), ` +
    `failed ${failed}, last answer at ${Math.round(lastAnswer)} ms, bound ${Math.round(bound)} ms, ratio ${(lastAnswer / bound).toFixed(2)}×`,
);
