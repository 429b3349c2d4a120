// Hand-built run results for the report tests. Not a test file itself (vitest collects *.test.ts).
import type { Change, Plan, UnmanagedMember } from '../core/change.ts';
import type { LedgerEvent } from '../files/ledger.ts';
import type { RunResult } from '../run/run-result.ts';

let nextId = 100;

export function change(overrides: Partial<Change> = {}): Change {
  const id = nextId++;
  return {
    user: { id, email: `user${id}@example.com` },
    from: 'AN',
    to: 'DI',
    kind: 'release',
    status: 'planned',
    reason: null,
    eligibleAt: null,
    rosterLine: 10,
    rosterColumn: 5,
    offboard: false,
    unmanaged: false,
    ...overrides,
  };
}

export function deferred(eligibleAt: string, overrides: Partial<Change> = {}): Change {
  return change({ status: 'deferred', eligibleAt: new Date(eligibleAt), reason: 'seat held since 2026-11-25T09:00:00.000Z', ...overrides });
}

export function unmanagedMember(overrides: Partial<UnmanagedMember> = {}): UnmanagedMember {
  const id = nextId++;
  return { user: { id, email: `stray${id}@example.com` }, role: 'AN', deactivating: false, ...overrides };
}

export function ledgerEvent(overrides: Partial<LedgerEvent> = {}): LedgerEvent {
  return {
    seq: 1,
    at: '2026-11-28T10:00:00.000Z',
    event: 'released',
    by: 'sync',
    user: { id: 42, email: 'bob@example.com' },
    from: 'AN',
    to: 'DI',
    run: 'https://github.com/o/r/actions/runs/1',
    prev: '0'.repeat(64),
    ...overrides,
  };
}

export interface ResultOverrides extends Partial<Omit<RunResult, 'plan' | 'ledger'>> {
  plan?: Partial<Plan>;
  ledger?: Partial<RunResult['ledger']>;
}

export function runResult(overrides: ResultOverrides = {}): RunResult {
  const changes = overrides.plan?.changes ?? [];
  const planned = changes.filter((c) => c.status === 'planned').length;
  const { plan, ledger, ...rest } = overrides;
  return {
    mode: 'plan',
    generatedAt: new Date('2026-11-28T10:00:00.000Z'),
    runUrl: 'https://github.com/o/r/actions/runs/1',
    observedAt: new Date('2026-11-28T10:00:00.000Z'),
    seatRule: { minSeatDays: 7, seatLimit: null },
    failures: [],
    ...rest,
    plan: {
      organization: 7,
      asOf: new Date('2026-11-28T10:00:00.000Z'),
      changes,
      noop: 12,
      unmanaged: [],
      maxChanges: { limit: 25, planned, exceeded: false },
      observed: [],
      unresolved: [],
      adoptionCooling: null,
      cooling: [],
      seats: { inUse: 0, cooling: 0 },
      seatReport: null,
      ...plan,
    },
    ledger: {
      file: 'seat-ledger.jsonl',
      appended: [],
      changed: false,
      status: 'plan-mode',
      detail: null,
      ...ledger,
    },
  };
}
