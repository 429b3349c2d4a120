// Terminal text: colour only when the stream is a terminal (and NO_COLOR is unset), and data
// from the roster, the ledger or the API never carries a control character to the terminal.
import pc from 'picocolors';

export type Colors = ReturnType<typeof pc.createColors>;

export function colorsFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): Colors {
  const enabled = env.FORCE_COLOR ? env.FORCE_COLOR !== '0' : Boolean(stream.isTTY) && !('NO_COLOR' in env) && env.TERM !== 'dumb';
  return pc.createColors(enabled);
}

/**
 * Shows text from data safely: C0/C1 control characters (escape sequences that could rewrite the
 * terminal or hide a line) become visible `\u001b` escapes.
 */
export function clean(text: string | null | undefined): string {
  if (text == null) return '';
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function userLabel(user: { id: number | null; email: string | null }): string {
  if (user.email) return user.id != null ? `${clean(user.email)} (${user.id})` : clean(user.email);
  return user.id != null ? `id ${user.id}` : '(unknown)';
}

/** Pads on the plain text, then colours, so columns line up with or without colour. */
export function cell(text: string, width: number, paint: (s: string) => string = (s) => s): string {
  return paint(text) + ' '.repeat(Math.max(0, width - text.length));
}

export function table(rows: string[][], paints: ((s: string, row: number) => string)[] = []): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((r, ri) =>
    r
      .map((c, i) => (i === r.length - 1 ? (paints[i] ?? ((s: string) => s))(c, ri) : cell(c, widths[i]! + 2, (s) => (paints[i] ?? ((x: string) => x))(s, ri))))
      .join('')
      .trimEnd(),
  );
}
