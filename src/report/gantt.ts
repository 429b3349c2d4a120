import type { Change, CoolingSeat, UserRef } from '../core/change.ts';
import type { Doc } from './doc.ts';

/** More bars than this make a chart nobody reads in a 780 px column; the tables list them all. */
export const MAX_BARS = 30;

interface Bar {
  // Short: Mermaid gives section titles a narrow fixed margin, and longer ones run under the bars.
  section: 'Release' | 'Cooling' | 'Seat wait';
  who: UserRef;
  end: Date;
}

/**
 * The seat calendar as a Mermaid `gantt` block, which GitHub draws in comments and summaries:
 * held seats waiting for their release date, cooling seats, and activations waiting for a seat,
 * each a bar from now to its eligibility date. Nothing when nothing waits. Returns whether it drew.
 */
export function renderGantt(doc: Doc, deferred: readonly Change[], cooling: readonly CoolingSeat[], now: Date): boolean {
  const bars: Bar[] = [];
  for (const c of deferred) {
    if (!c.eligibleAt || c.eligibleAt <= now) continue;
    bars.push({ section: c.kind === 'assign' ? 'Seat wait' : 'Release', who: c.user, end: c.eligibleAt });
  }
  for (const s of cooling) if (s.until > now) bars.push({ section: 'Cooling', who: s.user, end: s.until });
  if (bars.length === 0) return false;

  // One bar per section and end time: 60 seats adopted in one run end together, and 60 equal
  // bars say less than one labelled with its count. The soonest first: what happens next
  // matters most when the chart is cut.
  const groups = new Map<string, { section: Bar['section']; end: Date; who: UserRef[] }>();
  for (const b of [...bars].sort((x, y) => x.end.getTime() - y.end.getTime())) {
    const key = `${b.section} ${minute(b.end)}`;
    const g = groups.get(key);
    if (g) g.who.push(b.who);
    else groups.set(key, { section: b.section, end: b.end, who: [b.who] });
  }
  const shown = [...groups.values()].slice(0, MAX_BARS);
  const left = bars.length - shown.reduce((n, g) => n + g.who.length, 0);
  doc.begin('```mermaid', '```');
  doc.line('gantt', false);
  doc.line('  dateFormat YYYY-MM-DDTHH:mm', false);
  doc.line('  axisFormat %d %b', false);
  doc.line('  tickInterval 1day', false);
  doc.line('  todayMarker off', false);
  const sections: Bar['section'][] = ['Release', 'Cooling', 'Seat wait'];
  let n = 0;
  for (const section of sections) {
    const inSection = shown.filter((b) => b.section === section);
    if (inSection.length === 0) continue;
    doc.line(`  section ${section}`, false);
    for (const g of inSection) {
      const name = g.who.length === 1 ? mermaidText(label(g.who[0]!)) : `${mermaidText(label(g.who[0]!), 28)} and ${g.who.length - 1} more`;
      doc.line(`  ${name} :b${n++}, ${minute(now)}, ${minute(g.end)}`, false);
    }
  }
  doc.end();
  doc.blank();
  if (left > 0) {
    doc.line(`And ${left} more, listed in the tables.`);
    doc.blank();
  }
  return true;
}

const KEYWORDS = /^(section|title|dateformat|axisformat|tickinterval|todaymarker|excludes|includes|inclusiveenddates|toplevel|weekday|weekend|click|acctitle|accdescr|displaymode|gantt)\b/i;

function label(u: UserRef): string {
  return u.email ?? (u.id != null ? `id ${u.id}` : 'unknown user');
}

function minute(d: Date): string {
  return d.toISOString().slice(0, 16);
}

/**
 * Text from data made inert inside Mermaid: `:` ends a task name, `;` and line breaks end a
 * statement, `#` starts an entity, `%%` a comment; a Markdown fence could close the block.
 * Mentions cannot fire inside a code block, but the `@` goes too so nothing reads as one.
 * What is left is letters, digits and a few separators, cut to a bar-sized length.
 */
export function mermaidText(text: string, max = 40): string {
  const plain = text
    .replace(/@/g, ' at ')
    .replace(/[^\p{L}\p{N} ._+\-()]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  // A task named like a gantt keyword ("section …", "title …") would be read as that keyword.
  if (KEYWORDS.test(plain)) return mermaidText(`user ${plain}`, max);
  const cut = [...plain];
  const shown = cut.length > max ? `${cut.slice(0, max - 1).join('')}…` : plain;
  return shown || 'unnamed';
}
