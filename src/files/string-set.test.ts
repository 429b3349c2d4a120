import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HASH_START, StringSet, hashStep } from './string-set.ts';

const hashOf = (s: string): number => {
  let h = HASH_START;
  for (let i = 0; i < s.length; i++) h = hashStep(h, s.charCodeAt(i));
  return h;
};

describe('StringSet', () => {
  it('answers as a Set does, through growth and with colliding hashes', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 4 }), { maxLength: 3000 }), fc.boolean(), (values, collide) => {
        const ours = new StringSet();
        const theirs = new Set<string>();
        for (const v of values) {
          expect(ours.add(v, collide ? v.length : hashOf(v))).toBe(!theirs.has(v));
          theirs.add(v);
        }
        expect(ours.size).toBe(theirs.size);
      }),
      { numRuns: 200 },
    );
  });
});
