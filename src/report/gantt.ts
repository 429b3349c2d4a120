import type { Change, CoolingSeat, UserRef } from '../change.ts';
import type { Doc } from './doc.ts';

/** More bars than this make a chart nobody reads in a 780 px column; the tables list them all. */
export const MAX_BARS = 30;

interface Bar {
  section: 'Releases waiting for their date' | 'Cooling seats' | 'Activations waiting for a seat';
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
    bars.push({ section: c.kind === 'assign' ? 'Activations waiting for a seat' : 'Releases waiting for their date', who: c.user, end: c.eligibleAt });
  }
  for (const s of cooling) if (s.until > now) bars.push({ section: 'Cooling seats', who: s.user, end: s.until });
  if (bars.length === 0) return false;

  // The soonest first: what happens next matters most when the chart is cut.
  const shown = [...bars].sort((a, b) => a.end.getTime() - b.end.getTime()).slice(0, MAX_BARS);
  doc.begin('```mermaid', '```');
  doc.line('gantt', false);
  doc.line('  dateFormat YYYY-MM-DDTHH:mm', false);
  doc.line('  axisFormat %d %b', false);
  doc.line(`  todayMarker off`, false);
  const sections: Bar['section'][] = ['Releases waiting for their date', 'Cooling seats', 'Activations waiting for a seat'];
  let n = 0;
  for (const section of sections) {
    const inSection = shown.filter((b) => b.section === section);
    if (inSection.length === 0) continue;
    doc.line(`  section ${section}`, false);
    for (const b of inSection) doc.line(`  ${mermaidText(label(b.who))} :b${n++}, ${minute(now)}, ${minute(b.end)}`, false);
  }
  doc.end();
  doc.blank();
  if (bars.length > shown.length) {
    doc.line(`And ${bars.length - shown.length} more, listed in the tables.`);
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
