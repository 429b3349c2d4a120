import type { Problem } from '../core/problems.ts';

/**
 * Decodes a file the action reads (roster, ledger) as strict UTF-8 under a size limit.
 * Strict because a lenient decoder silently turns a bad byte into U+FFFD: the roster would
 * then name a user who does not exist and the ledger's hash chain would verify other bytes
 * than the ones on disk. A byte-order mark is kept, so callers decide what it means.
 */
export function decodeTextFile(
  source: string | Uint8Array,
  file: string,
  limit: { bytes: number; what: string; fix: string },
): { text: string } | { problem: Problem } {
  const size = typeof source === 'string' ? Buffer.byteLength(source, 'utf8') : source.byteLength;
  if (size > limit.bytes) {
    return {
      problem: {
        file,
        line: 1,
        column: 1,
        message:
          `the ${limit.what} is ${formatSize(size)}, over the ${formatSize(limit.bytes)} limit; ` +
          `check that ${file} is the right file`,
      },
    };
  }
  if (typeof source === 'string') return { text: source };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(source) };
  } catch {
    const at = Math.max(0, firstInvalidUtf8(source));
    const lineStart = at === 0 ? 0 : source.lastIndexOf(0x0a, at - 1) + 1;
    let line = 1;
    for (let i = 0; i < lineStart; i++) if (source[i] === 0x0a) line++;
    const before = new TextDecoder('utf-8').decode(source.subarray(lineStart, at));
    const hex = (source[at] ?? 0).toString(16).padStart(2, '0');
    return {
      problem: {
        file,
        line,
        column: before.length + 1,
        message:
          `byte 0x${hex} is not valid UTF-8; the ${limit.what} must be UTF-8 text — ${limit.fix}`,
      },
    };
  }
}

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence (Unicode table 3-7). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const c = bytes[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let trailing: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) trailing = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      trailing = 2;
      if (c === 0xe0) lo = 0xa0;
      else if (c === 0xed) hi = 0x9f; // surrogates
    } else if (c >= 0xf0 && c <= 0xf4) {
      trailing = 3;
      if (c === 0xf0) lo = 0x90;
      else if (c === 0xf4) hi = 0x8f; // above U+10FFFF
    } else return i;
    for (let k = 1; k <= trailing; k++) {
      const d = bytes[i + k];
      const min = k === 1 ? lo : 0x80;
      const max = k === 1 ? hi : 0xbf;
      if (d === undefined || d < min || d > max) return i;
    }
    i += trailing + 1;
  }
  return -1;
}

function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1).replace(/\.0$/, '')} KiB`;
  return `${bytes} bytes`;
}

/** Keeps a flood of problems (a file that is not what it claims) readable as annotations. */
export function capProblems(problems: Problem[], max = 50): Problem[] {
  if (problems.length <= max) return problems;
  const kept = problems.slice(0, max);
  const last = kept[kept.length - 1]!;
  kept.push({ ...last, message: `…and ${problems.length - max} more problems not shown; fix the ones above first` });
  return kept;
}
