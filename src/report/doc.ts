/**
 * A Markdown document built line by line with enough structure to be cut and still render: each
 * line knows what it leaves open (a code fence, a `<details>`), and table heads cannot be the
 * last line kept. This is the one place a report is cut to a size budget, with the one footer
 * that says so; neither the summary writer nor the comment writer cuts again.
 */

interface DocLine {
  text: string;
  /** Lines that close what is open after this one (a fence, a `<details>`), innermost first. */
  closers: readonly string[];
  /** False inside a table's head or right after an opener: a cut there would leave a husk. */
  cuttable: boolean;
}

export interface Budget {
  /** The largest size, in `measure`'s unit. */
  max: number;
  /** Characters for a comment (GitHub counts characters), UTF-8 bytes for the summary. */
  measure: (s: string) => number;
}

export const characters = (s: string): number => s.length;
export const utf8Bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

export class Doc {
  private readonly lines: DocLine[] = [];
  private open: string[] = [];

  line(text: string, cuttable = true): void {
    this.lines.push({ text, closers: this.open, cuttable });
  }

  blank(): void {
    this.line('');
  }

  begin(opener: string, closer: string): void {
    this.open = [closer, ...this.open];
    this.line(opener, false);
  }

  end(): void {
    const [closer, ...rest] = this.open;
    this.open = rest;
    this.line(closer ?? '');
  }

  table(head: readonly string[], rows: readonly (readonly string[])[]): void {
    this.line(`| ${head.join(' | ')} |`, false);
    this.line(`|${head.map(() => ' --- ').join('|')}|`, false);
    for (const r of rows) this.line(`| ${r.join(' | ')} |`);
    this.blank();
  }

  /**
   * The document, or, when it is over the budget, its longest prefix that ends on a cuttable
   * line, with what is open closed and `footer(omittedLines)` after it.
   */
  render(budget: Budget | undefined, footer: (omitted: number) => string): string {
    const full = this.lines.map((l) => l.text).join('\n');
    if (budget === undefined || budget.measure(full) <= budget.max) return full;
    const { max, measure } = budget;
    let kept = 0;
    let length = 0;
    let best = { kept: 0, tail: footer(this.lines.length) };
    for (const l of this.lines) {
      length += measure(l.text) + (kept > 0 ? 1 : 0);
      kept++;
      if (!l.cuttable) continue;
      const closers = l.closers.length > 0 ? `\n${l.closers.join('\n')}` : '';
      const tail = `${closers}\n\n${footer(this.lines.length - kept)}`;
      if (length + measure(tail) > max) break;
      best = { kept, tail };
    }
    let out =
      this.lines
        .slice(0, best.kept)
        .map((l) => l.text)
        .join('\n') + best.tail;
    // Only a footer longer than the budget itself gets here; cut whole characters until it fits.
    while (measure(out) > max) out = out.slice(0, Math.max(0, out.length - Math.max(1, Math.ceil((measure(out) - max) / 4))));
    return out;
  }
}
