import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { capProblems, decodeTextFile, firstInvalidUtf8 } from './text-file.ts';

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const decodes = (bytes: Uint8Array) => {
  try {
    strict.decode(bytes);
    return true;
  } catch {
    return false;
  }
};

describe('firstInvalidUtf8', () => {
  it('agrees with the strict TextDecoder, and everything before it decodes', () => {
    const mostlyText = fc
      .tuple(fc.string({ unit: 'binary', maxLength: 20 }), fc.uint8Array({ maxLength: 3 }), fc.string({ unit: 'binary', maxLength: 5 }))
      .map(([a, junk, b]) => new Uint8Array([...new TextEncoder().encode(a), ...junk, ...new TextEncoder().encode(b)]));
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 40 }), mostlyText), (bytes) => {
        const at = firstInvalidUtf8(bytes);
        expect(at === -1).toBe(decodes(bytes));
        if (at !== -1) expect(decodes(bytes.subarray(0, at))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('rejects overlongs, surrogates, code points above U+10FFFF and truncated sequences', () => {
    expect(firstInvalidUtf8(new Uint8Array([0x41, 0xc0, 0x80]))).toBe(1);
    expect(firstInvalidUtf8(new Uint8Array([0xed, 0xa0, 0x80]))).toBe(0);
    expect(firstInvalidUtf8(new Uint8Array([0xf4, 0x90, 0x80, 0x80]))).toBe(0);
    expect(firstInvalidUtf8(new Uint8Array([0x41, 0x42, 0xe2, 0x82]))).toBe(2);
    expect(firstInvalidUtf8(new TextEncoder().encode('zoë 🙂'))).toBe(-1);
  });
});

describe('decodeTextFile', () => {
  const limit = { bytes: 10, what: 'thing', fix: 'fix it' };

  it('keeps a byte-order mark for the caller to judge', () => {
    expect(decodeTextFile(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]), 'f', limit)).toEqual({ text: '\uFEFFa' });
  });

  it('measures strings in UTF-8 bytes against the limit', () => {
    expect(decodeTextFile('ééééé', 'f', limit)).toEqual({ text: 'ééééé' });
    expect(decodeTextFile('éééééé', 'f', limit)).toEqual({
      problem: { file: 'f', line: 1, column: 1, message: 'the thing is 12 bytes, over the 10 bytes limit; check that f is the right file' },
    });
  });

  it('places a bad byte by line and by character column', () => {
    const bytes = new Uint8Array([0x61, 0x0a, 0xc3, 0xa9, 0x62, 0xff]);
    expect(decodeTextFile(bytes, 'f', limit)).toEqual({
      problem: { file: 'f', line: 2, column: 3, message: 'byte 0xff is not valid UTF-8; the thing must be UTF-8 text — fix it' },
    });
    expect(decodeTextFile(new Uint8Array([0x80]), 'f', limit)).toMatchObject({ problem: { line: 1, column: 1 } });
  });
});

describe('capProblems', () => {
  it('keeps the first ones and says how many more there are', () => {
    const many = Array.from({ length: 60 }, (_, i) => ({ file: 'f', line: i + 1, column: 1, message: `p${i}` }));
    const capped = capProblems(many);
    expect(capped).toHaveLength(51);
    expect(capped[50]).toEqual({ file: 'f', line: 50, column: 1, message: '…and 10 more problems not shown; fix the ones above first' });
    expect(capProblems(many.slice(0, 3))).toEqual(many.slice(0, 3));
  });
});
