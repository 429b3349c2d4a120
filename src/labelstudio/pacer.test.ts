import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_LEARNED_INTERVAL_MS, MIN_LEARNED_INTERVAL_MS, Pacer, RECOVERY_STEPS } from './pacer.ts';
import { VirtualClock } from '../../test/kit/virtual-clock.ts';

interface Job {
  arrival: number;
  duration: number;
  throttle: boolean;
  pauseMs: number;
}

// Fractional times too: learned intervals are fractional, and rounding must never shave a gap.
const timeArb = (max: number) => fc.oneof(fc.nat(max), fc.double({ min: 0, max, noNaN: true }));
const delayArb = timeArb(60);
const jobArb = fc.record({
  arrival: timeArb(300),
  duration: timeArb(80),
  throttle: fc.boolean(),
  pauseMs: timeArb(500),
});

async function simulate(concurrency: number, delayMs: number, jobs: Job[]) {
  const clock = new VirtualClock();
  const pacer = new Pacer({ concurrency, delayMs, now: clock.now, sleep: clock.sleep });
  let inFlight = 0;
  let maxInFlight = 0;
  let seq = 0;
  const starts: { at: number; seq: number; interval: number }[] = [];
  const pauses: { seq: number; until: number }[] = [];
  let completed = 0;
  for (const job of jobs) {
    void clock.sleep(job.arrival).then(() =>
      pacer.run(async (startedAt) => {
        expect(startedAt).toBe(clock.now());
        starts.push({ at: startedAt, seq: seq++, interval: pacer.intervalMs });
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await clock.sleep(job.duration);
        inFlight -= 1;
        if (job.throttle) {
          pacer.throttled(startedAt);
          pacer.pause(job.pauseMs);
          pauses.push({ seq: seq++, until: clock.now() + job.pauseMs });
        } else {
          pacer.succeeded();
        }
        completed += 1;
      }),
    );
  }
  await clock.run();
  return { pacer, starts, pauses, maxInFlight, completed };
}

describe('Pacer', () => {
  it('keeps every invariant for any mix of arrivals, durations and 429 pauses', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 5 }), delayArb, fc.array(jobArb, { maxLength: 25 }), async (concurrency, delayMs, jobs) => {
        const { starts, pauses, maxInFlight, completed } = await simulate(concurrency, delayMs, jobs);
        // Every job ran (nothing is starved by pauses or timers).
        expect(completed).toBe(jobs.length);
        expect(maxInFlight).toBeLessThanOrEqual(concurrency);
        for (let i = 1; i < starts.length; i += 1) {
          const gap = starts[i]!.at - starts[i - 1]!.at;
          expect(gap).toBeGreaterThanOrEqual(delayMs);
          // The learned interval is honoured too, and never below delayMs.
          expect(starts[i]!.interval).toBeGreaterThanOrEqual(delayMs);
          expect(gap).toBeGreaterThanOrEqual(starts[i]!.interval);
        }
        // A 429 pause holds every worker: nothing that starts after it starts before it ends.
        for (const pause of pauses) {
          for (const start of starts.filter((s) => s.seq > pause.seq)) {
            expect(start.at).toBeGreaterThanOrEqual(pause.until);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('holds every waiting worker during a 429 pause, then lets them go at the pace', async () => {
    const clock = new VirtualClock();
    const pacer = new Pacer({ concurrency: 3, delayMs: 10, now: clock.now, sleep: clock.sleep });
    const starts: number[] = [];
    const jobs = [0, 1, 2, 3, 4, 5].map((i) =>
      pacer.run(async (startedAt) => {
        starts.push(startedAt);
        await clock.sleep(25);
        if (i === 0) pacer.pause(1_000);
      }),
    );
    await clock.run();
    await Promise.all(jobs);
    // Jobs 0-2 started before the pause (at 0, 10, 20); job 0 ended at 25 and paused until 1025.
    expect(starts).toEqual([0, 10, 20, 1_025, 1_035, 1_045]);
  });

  it('never shortens a pause with a shorter one', () => {
    const clock = new VirtualClock();
    const pacer = new Pacer({ concurrency: 1, delayMs: 0, now: clock.now, sleep: clock.sleep });
    pacer.pause(500);
    pacer.pause(100);
    expect(pacer.pausedUntil).toBe(500);
  });

  it('slows down once per burst of 429s and recovers in small steps, never past delayMs', () => {
    const clock = new VirtualClock();
    const pacer = new Pacer({ concurrency: 4, delayMs: 20, now: clock.now, sleep: clock.sleep });
    clock.time = 100;
    pacer.throttled(0);
    expect(pacer.intervalMs).toBe(40);
    // Requests sent before that slow-down, refused in the same burst, change nothing.
    pacer.throttled(50);
    pacer.throttled(99);
    expect(pacer.intervalMs).toBe(40);
    clock.time = 200;
    pacer.throttled(150);
    expect(pacer.intervalMs).toBe(80);
    for (let i = 0; i < RECOVERY_STEPS - 1; i += 1) pacer.succeeded();
    expect(pacer.intervalMs).toBeGreaterThan(20);
    pacer.succeeded();
    pacer.succeeded();
    expect(pacer.intervalMs).toBe(20);
  });

  it('learns the refused rate from the recent starts when delayMs is 0', async () => {
    const clock = new VirtualClock();
    const pacer = new Pacer({ concurrency: 1, delayMs: 0, now: clock.now, sleep: clock.sleep });
    const done = [0, 1, 2].map(() => pacer.run(() => clock.sleep(25)));
    await clock.run();
    await Promise.all(done);
    // Three starts 25 ms apart were too fast: the pace becomes twice that gap.
    pacer.throttled(50);
    expect(pacer.intervalMs).toBe(50);
    const fresh = new Pacer({ concurrency: 1, delayMs: 0, now: clock.now, sleep: clock.sleep });
    fresh.throttled(0);
    expect(fresh.intervalMs).toBe(MIN_LEARNED_INTERVAL_MS);
  });

  it('caps the learned interval but keeps a larger delayMs', () => {
    const clock = new VirtualClock();
    const pacer = new Pacer({ concurrency: 1, delayMs: 0, now: clock.now, sleep: clock.sleep });
    for (let i = 0; i < 30; i += 1) {
      clock.time += 1;
      pacer.throttled(clock.time);
    }
    expect(pacer.intervalMs).toBe(MAX_LEARNED_INTERVAL_MS);
    const slow = new Pacer({ concurrency: 1, delayMs: 20_000, now: clock.now, sleep: clock.sleep });
    slow.throttled(clock.time);
    expect(slow.intervalMs).toBe(20_000);
  });

  it('releases the slot when a task fails', async () => {
    const pacer = new Pacer({ concurrency: 1, delayMs: 0 });
    await expect(pacer.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(pacer.inFlight).toBe(0);
    expect(await pacer.run(() => Promise.resolve('next'))).toBe('next');
  });

  it('paces real time with the default clock', async () => {
    const pacer = new Pacer({ concurrency: 2, delayMs: 15 });
    const starts = await Promise.all([1, 2, 3, 4].map(() => pacer.run(async (startedAt) => startedAt)));
    for (let i = 1; i < starts.length; i += 1) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(15);
  });

  it('refuses nonsensical settings', () => {
    expect(() => new Pacer({ concurrency: 0, delayMs: 0 })).toThrow(/concurrency/);
    expect(() => new Pacer({ concurrency: 1.5, delayMs: 0 })).toThrow(/concurrency/);
    expect(() => new Pacer({ concurrency: 1, delayMs: -1 })).toThrow(/delayMs/);
  });
});
