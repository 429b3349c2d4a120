// A page of members has two readers: the fast one (readLiveMemberPage, hand checks, straight to
// LiveMember) and the schema's (ApiMemberPage, then toLiveMember), which words every problem.
// The fast one may only take what the schema takes, giving the same members; else it says null.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiMemberPage, readLiveMemberPage, toLiveMemberPage } from './wire.ts';
import { PROPERTY_SCALE } from '../../test/kit/property-scale.ts';

/** Raised by `npm run test:long` (PROPERTY_SCALE). */
const SCALE = PROPERTY_SCALE;

/** Values a hostile or newer server might put anywhere. */
const odd = fc.oneof(
  fc.constantFrom(null, true, '', '7', 'AN', 1.5, -1, 0, -0, 2 ** 53, Number.MAX_SAFE_INTEGER, 1e300, [], {}, [1]),
  fc.string({ maxLength: 6 }),
  fc.integer(),
);

const user = fc.record(
  {
    id: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: 1e6 }) }, odd),
    username: fc.oneof({ weight: 3, arbitrary: fc.string({ maxLength: 8 }) }, fc.constant(null), odd),
    email: fc.oneof(
      { weight: 4, arbitrary: fc.emailAddress() },
      fc.constant(null),
      fc.constant(''),
      fc.constant(`${'x'.repeat(250)}@example.com`),
      odd,
    ),
    first_name: fc.string({ maxLength: 4 }),
    lse_fields: fc.constant({ invite_expired: null }),
  },
  { requiredKeys: ['id'] },
);

const member = fc.record(
  {
    id: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: 50 }) }, odd),
    organization: fc.oneof({ weight: 4, arbitrary: fc.constant(7) }, odd),
    role: fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom('AN', 'an', 'RE', 'OW', 'AD', 'MA', 'DI', 'NO', 'VO', 'XX', 'annotator', '') },
      odd,
    ),
    role_source: fc.oneof({ weight: 4, arbitrary: fc.constantFrom('manual', 'scim', 'saml') }, fc.constant(null), odd),
    user_type: fc.oneof({ weight: 4, arbitrary: fc.constantFrom('standard', 'viewonly', 'service') }, fc.constant(null), odd),
    user: fc.oneof({ weight: 8, arbitrary: user }, odd),
    tags: fc.constant([]),
  },
  { requiredKeys: ['id', 'role', 'user'] },
);

const page = fc.record(
  {
    count: fc.oneof({ weight: 4, arbitrary: fc.nat(2000) }, odd),
    next: fc.oneof({ weight: 4, arbitrary: fc.constantFrom('http://ls/api/x?page=2', null) }, odd),
    previous: fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, odd),
    results: fc.oneof({ weight: 10, arbitrary: fc.array(fc.oneof({ weight: 12, arbitrary: member }, odd), { maxLength: 5 }) }, odd),
  },
  { requiredKeys: ['results'] },
);

describe('readLiveMemberPage', () => {
  it('takes only pages the schema takes, giving the same members; null otherwise', () => {
    let taken = 0;
    fc.assert(
      fc.property(fc.oneof({ weight: 12, arbitrary: page }, odd), (value) => {
        // Through JSON, as the client reads it: no undefined values, no -0 where JSON has none.
        const json: unknown = JSON.parse(JSON.stringify(value) ?? 'null');
        const fast = readLiveMemberPage(json);
        const full = ApiMemberPage.safeParse(json);
        if (!full.success) {
          expect(fast).toBeNull();
          return;
        }
        if (fast === null) return;
        taken++;
        expect(fast).toEqual(toLiveMemberPage(full.data));
      }),
      { numRuns: 4000 * SCALE },
    );
    expect(taken).toBeGreaterThan(200 * SCALE);
  });

  it('takes the pages Label Studio sends', () => {
    const json = {
      count: 2,
      next: null,
      previous: null,
      results: [
        { id: 11, organization: 7, role: 'an', role_source: 'manual', user_type: 'standard', tags: [], user: { id: 3, username: 'a', email: 'a@example.com', avatar: null } },
        { id: 12, organization: 7, role: 'ZZ', user: { id: 4, email: null } },
      ],
    };
    const fast = readLiveMemberPage(json);
    expect(fast).not.toBeNull();
    expect(fast).toEqual(toLiveMemberPage(ApiMemberPage.parse(json)));
    expect(fast!.results.map((m) => m.role)).toEqual(['AN', 'VO']);
  });
});
