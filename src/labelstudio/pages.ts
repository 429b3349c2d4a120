import type { ApiMember } from './wire.ts';

/** What the page checks read of a page: its count, its next link and how many members it holds. */
export interface PageHead {
  count?: number | undefined;
  next?: string | null | undefined;
  results: { length: number };
}

/** No organization this action serves has more members; a larger `count` is a lie. */
export const MAX_MEMBERS = 1_000_000;

/**
 * The last page `count` allows, read from the first page's `next` link so every other query
 * parameter the server echoes stays as it wrote it; null when the answer does not allow counting
 * (no `count` on old servers, or a link that does not say `page=2`).
 */
export function countedLastPage(first: PageHead, next: URL): number | null {
  const size = first.results.length;
  if (first.count === undefined || size === 0 || next.searchParams.get('page') !== '2') return null;
  const last = Math.ceil(first.count / size);
  return last < 2 ? null : last;
}

/** Page `n`, from the first page's `next` link. */
export function pageUrl(next: URL, n: number): URL {
  const url = new URL(next);
  url.searchParams.set('page', String(n));
  return url;
}

/**
 * The most pages a read may follow (docs/security.md): ⌈count / page size⌉ + 1, the one extra for members
 * added while reading. Without a count (old servers), as many as MAX_MEMBERS allow.
 */
export function pageLimit(first: PageHead): number {
  const size = Math.max(1, first.results.length);
  return Math.ceil((first.count ?? MAX_MEMBERS) / size) + 1;
}

/** What is wrong with a page the server sent, in words that say what it sent; null when nothing. */
export function pageProblem(page: PageHead): string | null {
  if (page.count !== undefined && page.count > MAX_MEMBERS) {
    return `the answer says count ${page.count}, more than the ${MAX_MEMBERS.toLocaleString('en-US')} members this action reads from one organization`;
  }
  if (page.results.length === 0 && page.next) return `the page has no members but a next link (${shortLink(page.next)})`;
  return null;
}

/** A link from the server inside a message: its start, and its length when cut. */
export function shortLink(link: string): string {
  return link.length > 200 ? `${link.slice(0, 200)}… (${link.length} characters)` : link;
}

export type NextLink = { ok: true; url: URL } | { ok: false; reason: string; origin?: string };

/**
 * Resolves a `next` link and checks that it leads back to `base`'s origin: the token is sent
 * with every page request, so it must never follow a link elsewhere. A proxy that terminates
 * TLS often makes the server write `http://` links to itself; those go to the configured
 * `https` origin instead (same host, default ports).
 */
export function resolveNextLink(link: string, from: URL, base: URL): NextLink {
  let url: URL;
  try {
    url = new URL(link, from);
  } catch {
    return { ok: false, reason: 'the answer has a next-page link that is not a URL' };
  }
  if (url.origin === base.origin) return { ok: true, url };
  const sameHostDowngraded =
    url.protocol === 'http:' && base.protocol === 'https:' && url.hostname === base.hostname && url.port === '' && base.port === '';
  if (sameHostDowngraded) return { ok: true, url: new URL(url.pathname + url.search, base.origin) };
  return {
    ok: false,
    reason: `the next-page link points at another origin (${url.origin}); the token is never sent there`,
    origin: url.origin,
  };
}

/** Each membership once, first sighting first: offset pages shift when members change mid-read. */
export function uniqueMembers(pages: readonly { results: readonly ApiMember[] }[]): ApiMember[] {
  return uniqueBy(pages.map((p) => ({ results: p.results, ids: p.results.map((m) => m.id) })));
}

/** As uniqueMembers, for pages whose members come with their membership ids beside them. */
export function uniqueBy<T>(pages: readonly { results: readonly T[]; ids: readonly number[] }[]): T[] {
  const seen = new Set<number>();
  const members: T[] = [];
  for (const page of pages) {
    for (let i = 0; i < page.results.length; i++) {
      const id = page.ids[i]!;
      if (seen.has(id)) continue;
      seen.add(id);
      members.push(page.results[i]!);
    }
  }
  return members;
}

/**
 * Why a whole read of the member list does not add up, in words that say what the server sent;
 * null when it does. Members added or removed while offset pages are read shift the pages, so a
 * member can be skipped unseen (a seat counted free): every page must give the same `count`, and
 * the distinct members read must be that many. Pages without a count (old servers, a page gone
 * at the end) are not judged.
 */
export function listMismatch(counts: readonly (number | undefined)[], read: number): string | null {
  const known: number[] = [];
  for (const c of counts) if (c !== undefined && known.at(-1) !== c) known.push(c);
  if (known.length === 0) return null;
  if (known.length > 1) return `the count changed between pages (${known.join(' → ')}): members were added or removed while the list was read`;
  if (known[0] !== read) return `the pages say count ${known[0]} but held ${read} distinct members`;
  return null;
}

/**
 * Reads the whole list, and once more when it does not add up (listMismatch); a second mismatch
 * is the error `fail` makes of both reasons, so nothing is planned from a list with a hole.
 */
export async function readAddingUp<T>(
  read: () => Promise<{ members: T[]; counts: (number | undefined)[] }>,
  fail: (detail: string) => Error,
  note: (detail: string) => void = () => undefined,
): Promise<T[]> {
  const first = await read();
  const why = listMismatch(first.counts, first.members.length);
  if (why === null) return first.members;
  note(`${why}; reading the list once more`);
  const second = await read();
  const again = listMismatch(second.counts, second.members.length);
  if (again === null) return second.members;
  return Promise.reject(fail(`the member list did not add up in two reads: first ${why}; then ${again}`));
}
