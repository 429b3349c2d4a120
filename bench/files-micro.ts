// In-process cost of reading the two files a plan starts from, at the size of a large
// organization: `node --expose-gc bench/files-micro.ts [members]`. Times parseLedger and
// parseRoster on the bytes the action reads (wall and CPU, median of 5 after one warm-up), the garbage
// collection those 5 calls caused, and what one result keeps alive (heap and external memory
// after a forced GC, the input's own copy included when the result holds on to it). Prints one
// JSON line per file.
import { PerformanceObserver } from 'node:perf_hooks';
import { parseLedger, serializeLedger } from '../src/files/ledger.ts';
import { parseRoster } from '../src/files/roster.ts';
import { largeRosterYaml, organization, seatLedger } from './fixtures.ts';

const size = Number(process.argv[2] ?? 100_000);
const MB = 1024 * 1024;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

/** Collections seen, by when they started: those inside a timed call are that call's. */
const collections: { start: number; ms: number }[] = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) collections.push({ start: entry.startTime, ms: entry.duration });
}).observe({ entryTypes: ['gc'] });
const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

const NOW = new Date('2026-11-28T10:00:00.000Z');
const ledgerBytes = Buffer.from(serializeLedger(seatLedger(organization(size), NOW.getTime(), 30)));
const rosterBytes = Buffer.from(largeRosterYaml(size));

async function measure(what: string, bytes: Buffer, read: (source: Buffer) => unknown): Promise<void> {
  read(Buffer.from(bytes));
  const times: number[] = [];
  const cpu: number[] = [];
  const calls: { start: number; end: number }[] = [];
  const sources = Array.from({ length: 5 }, () => Buffer.from(bytes));
  gc!();
  await settle();
  const heapBefore = process.memoryUsage().heapUsed;
  // Back to back, as a run reads its files: no forced collection between the calls.
  for (const source of sources) {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    read(source);
    const used = process.cpuUsage(cpuStart);
    const end = performance.now();
    times.push(end - start);
    cpu.push((used.user + used.system) / 1000);
    calls.push({ start, end });
  }
  const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
  await settle();
  const inCalls = collections.filter((c) => calls.some((call) => c.start >= call.start && c.start <= call.end));
  const gcDuring = { ms: inCalls.reduce((sum, c) => sum + c.ms, 0), count: inCalls.length };
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  let source: Buffer | null = Buffer.from(bytes);
  gc!();
  const before = process.memoryUsage();
  let kept: unknown = read(source);
  source = null;
  // An ArrayBuffer's memory goes back after a later collection than the one that found it dead.
  gc!();
  await settle();
  gc!();
  const after = process.memoryUsage();
  console.log(
    JSON.stringify({
      what,
      members: size,
      mib: +(bytes.length / MB).toFixed(1),
      medianMs: +times[2]!.toFixed(1),
      minMs: +times[0]!.toFixed(1),
      // CPU of the whole process (GC threads included): steadier than wall time on a busy machine.
      medianCpuMs: +cpu[2]!.toFixed(1),
      minCpuMs: +cpu[0]!.toFixed(1),
      gcMsIn5: +gcDuring.ms.toFixed(1),
      gcsIn5: gcDuring.count,
      // Heap after the 5 calls less before them: garbage not yet collected plus what the results hold.
      heapGrowthMb: +(heapGrowth / MB).toFixed(1),
      keptHeapMb: +((after.heapUsed - before.heapUsed) / MB).toFixed(1),
      keptExternalMb: +((after.external - before.external + bytes.length) / MB).toFixed(1),
    }),
  );
  kept = null;
  void kept;
}

await measure('ledger', ledgerBytes, (source) => parseLedger(source, 'seat-ledger.jsonl', { now: NOW }));
await measure('roster', rosterBytes, (source) => parseRoster(source, 'members.yaml'));
