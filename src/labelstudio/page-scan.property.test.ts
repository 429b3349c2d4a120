// scanMemberPage reads a page's text without JSON.parse. It may only take a text that JSON.parse
// takes and that readLiveMemberPage then takes, giving the same page; for anything else, null.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readLiveMemberPage } from '../live.ts';
import { scanMemberPage } from './page-scan.ts';

const SCALE = Number(process.env.PAGE_SCAN_PROPERTY_SCALE ?? 1);

const odd = fc.oneof(
  fc.constantFrom(null, true, false, '', '7', 'AN', 1.5, -1, 0, 2 ** 53, Number.MAX_SAFE_INTEGER, 1e300, [], {}, [1, [2, { a: null }]], { 'i\u0064': 1 }),
  fc.string({ maxLength: 6 }),
  fc.integer(),
  fc.double(),
);
const text = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('a@example.com', 'someone.long@example.com', 'manual', 'standard') },
  fc.string({ maxLength: 8 }),
  fc.string({ unit: fc.constantFrom('a', '"', '\\', '/', '\n', '\u0000', '\u2028', '\ud800', 'é', '😀'), maxLength: 5 }),
);

const user = fc.record(
  {
    id: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: 1e6 }) }, odd),
    username: fc.oneof({ weight: 3, arbitrary: text }, fc.constant(null), odd),
    email: fc.oneof({ weight: 4, arbitrary: text }, fc.emailAddress(), fc.constant(null), fc.constant(`${'x'.repeat(250)}@example.com`), odd),
    first_name: text,
    lse_fields: fc.oneof(fc.constant({ invite_expired: null, s: {} }), odd),
  },
  { requiredKeys: ['id'] },
);
const member = fc.record(
  {
    id: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: 50 }) }, odd),
    organization: fc.oneof({ weight: 4, arbitrary: fc.constant(7) }, odd),
    role: fc.oneof({ weight: 6, arbitrary: fc.constantFrom('AN', 'an', 'RE', 'OW', 'VO', 'XX', '', 'ß') }, odd),
    role_source: fc.oneof({ weight: 4, arbitrary: fc.constantFrom('manual', 'scim') }, fc.constant(null), odd),
    user_type: fc.oneof({ weight: 4, arbitrary: fc.constantFrom('standard', 'viewonly') }, fc.constant(null), odd),
    user: fc.oneof({ weight: 8, arbitrary: user }, odd),
    tags: fc.oneof(fc.constant([]), odd),
  },
  { requiredKeys: ['id', 'role', 'user'] },
);
const page = fc.record(
  {
    count: fc.oneof({ weight: 4, arbitrary: fc.nat(2000) }, odd),
    next: fc.oneof({ weight: 4, arbitrary: fc.constantFrom('http://ls/api/x?page=2', null) }, odd),
    previous: fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, odd),
    results: fc.oneof({ weight: 10, arbitrary: fc.array(fc.oneof({ weight: 12, arbitrary: member }, odd), { maxLength: 4 }) }, odd),
    extra: odd,
  },
  { requiredKeys: ['results'] },
);

const EDIT_CHARS = ['"', '\\', ',', ':', ' ', '{', '}', '[', ']', '0', '-', '.', 'e', 'n', 'u', '\t', '\u0000', 'x'];
const edit = fc.oneof(
  fc.record({ at: fc.nat(), remove: fc.integer({ min: 0, max: 3 }), insert: fc.constantFrom('', ...EDIT_CHARS) }),
  // A key written twice, or a key spelled with an escape.
  fc.record({ swap: fc.constantFrom('"id":', '"email":', '"role":', '"count":', '"results":'), with: fc.constantFrom('"id":1,"id":', '"\\u0069d":', '"email":null,"email":', '"role":"AN","role":', '"count":1,"count":', '"x":[],"results":') }),
);

function reference(text: string): unknown {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return 'not JSON';
  }
  return readLiveMemberPage(json);
}

describe('scanMemberPage', () => {
  it('takes only what JSON.parse and readLiveMemberPage take, with the same page', () => {
    let taken = 0;
    fc.assert(
      fc.property(
        fc.oneof({ weight: 10, arbitrary: page }, odd),
        fc.constantFrom(undefined, 0, 1, 2, '\t', ' \r\n'),
        fc.array(edit, { maxLength: 2 }),
        (value, indent, edits) => {
          let t = JSON.stringify(value, null, indent) ?? 'null';
          for (const e of edits) {
            if ('swap' in e) t = t.replace(e.swap, e.with);
            else {
              const at = e.at % (t.length + 1);
              t = t.slice(0, at) + e.insert + t.slice(at + e.remove);
            }
          }
          const scanned = scanMemberPage(t);
          if (scanned === null) return;
          taken++;
          expect(scanned).toEqual(reference(t));
        },
      ),
      { numRuns: 5000 * SCALE },
    );
    expect(taken).toBeGreaterThan(300 * SCALE);
  });

  it('takes a page as Label Studio writes it, and keeps no piece of its text', () => {
    const members = Array.from({ length: 50 }, (_, i) => ({
      id: 100 + i,
      organization: 7,
      role: i % 2 ? 'AN' : 'di',
      role_source: 'manual',
      user_type: 'standard',
      tags: [],
      user: { id: i + 1, username: `u${i}`, email: `user${String(i).padStart(6, '0')}@example.com`, lse_fields: { invite_expired: null }, avatar: null },
    }));
    const t = JSON.stringify({ count: 50, next: null, previous: null, results: members });
    const scanned = scanMemberPage(t);
    expect(scanned).not.toBeNull();
    expect(scanned).toEqual(reference(t));
  });
});
