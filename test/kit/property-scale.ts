// How many cases the equivalence property tests (a fast path against its full path) run: 1 is the
// everyday scale of `npm test`; `npm run test:long` sets PROPERTY_SCALE to the scale that gives
// confidence (see package.json). One variable for every such test, so nobody has to know one each.
const raw = process.env.PROPERTY_SCALE ?? '1';
export const PROPERTY_SCALE = Number(raw);
if (!Number.isInteger(PROPERTY_SCALE) || PROPERTY_SCALE < 1) {
  throw new Error(`PROPERTY_SCALE is '${raw}'; set it to a whole number of at least 1 (1 is npm test's scale)`);
}
