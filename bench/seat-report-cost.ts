// What reading the vendor's seat report costs beside the member list: requests and wall time for
// an organization of N members, with the action's default pacing (4 in flight, 250 ms between
// starts) against the fake Label Studio, for a server that gives pages of 1,000 (what the client
// asks for) and one that caps them at 100.
//
//   node bench/seat-report-cost.ts [members=10000] [delay-ms=250]
//
// Prints one line per server cap: pages and time for the member list, then for the seat report
// (with include_seat_usage=true on its first page, as seat-limit: auto reads it).
import { FakeLabelStudio, makeLegacyToken, type FakeMember } from '../test/fakes/label-studio.ts';
import { LabelStudioClient } from '../src/labelstudio/client.ts';

const members = Number(process.argv[2] ?? 10_000);
const delayMs = Number(process.argv[3] ?? 250);
const people: FakeMember[] = Array.from({ length: members }, (_, i) => ({
  userId: i + 1,
  email: `member${i + 1}@example.com`,
  role: i === 0 ? 'OW' : i === 1 ? 'AD' : i % 3 === 0 ? 'DI' : 'AN',
}));

for (const cap of [1000, 100]) {
  const token = makeLegacyToken();
  const ls = await FakeLabelStudio.start({ organizationId: 7, members: people, selfUserId: 2, legacyTokens: [token], maxPageSize: cap });
  const client = new LabelStudioClient({ baseUrl: ls.url, token, concurrency: 4, delayMs, maxRetries: 5, requestTimeoutMs: 30_000 });
  try {
    let started = performance.now();
    const live = await client.listLiveMembers(7);
    const listMs = performance.now() - started;
    const listRequests = client.stats.requests;
    started = performance.now();
    const report = await client.seatReport(7, { usage: true });
    const reportMs = performance.now() - started;
    const reportRequests = client.stats.requests - listRequests;
    console.log(
      `${members} members, pages of ${cap}, delay-ms ${delayMs}: member list ${listRequests} requests in ${(listMs / 1000).toFixed(2)} s (${live.length} members); ` +
        `seat report ${reportRequests} requests in ${(reportMs / 1000).toFixed(2)} s (${report.rows.length} rows, seat_usage ${JSON.stringify(report.usage)})`,
    );
  } finally {
    await client.close();
    await ls.close();
  }
}
