import { describe, expect, it } from 'vitest';
import type { ApiMemberPage } from './wire.ts';
import { MAX_MEMBERS, countedLastPage, listMismatch, pageLimit, pageProblem, pageUrl, readAddingUp, resolveNextLink, uniqueMembers } from './pages.ts';

const member = (id: number) => ({ id, role: 'AN', user: { id: id + 1000 } });
const page = (count: number | undefined, ids: number[], next: string | null = null): ApiMemberPage => ({
  ...(count === undefined ? {} : { count }),
  next,
  results: ids.map(member),
});
const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);

describe('countedLastPage and pageUrl', () => {
  const next = new URL('https://ls.example/api/organizations/1/memberships?page=2&page_size=1000');

  it('counts pages from count and the real page size; pageUrl keeps the other parameters', () => {
    expect(countedLastPage(page(250, range(1, 100)), next)).toBe(3);
    expect(pageUrl(next, 3).href).toBe('https://ls.example/api/organizations/1/memberships?page=3&page_size=1000');
  });

  it('does not ask past an exactly full last page', () => {
    expect(countedLastPage(page(300, range(1, 100)), next)).toBe(3);
    expect(countedLastPage(page(301, range(1, 100)), next)).toBe(4);
  });

  it('gives up counting without count, with an empty page, or with an unexpected link', () => {
    expect(countedLastPage(page(undefined, range(1, 100)), next)).toBeNull();
    expect(countedLastPage(page(250, []), next)).toBeNull();
    expect(countedLastPage(page(250, range(1, 100)), new URL('https://ls.example/api/x?cursor=abc'))).toBeNull();
    expect(countedLastPage(page(250, range(1, 100)), new URL('https://ls.example/api/x?page=3'))).toBeNull();
    // count says one page but next says more: the links are the truth.
    expect(countedLastPage(page(50, range(1, 100)), next)).toBeNull();
  });
});

describe('what the server may not send (docs/security.md)', () => {
  it('a count above 1,000,000 is refused, saying the count', () => {
    expect(pageProblem(page(50_000_000, range(1, 10), 'https://ls.example/x?page=2'))).toMatch(/count 50000000, more than the 1,000,000 members/);
    expect(pageProblem(page(MAX_MEMBERS, range(1, 10)))).toBeNull();
  });

  it('an empty page with a next link is refused, quoting the link', () => {
    expect(pageProblem(page(10, [], 'https://ls.example/x?page=7'))).toBe('the page has no members but a next link (https://ls.example/x?page=7)');
    expect(pageProblem(page(0, []))).toBeNull();
  });

  it('the page limit is ⌈count / page size⌉ + 1, or what 1,000,000 members fill without a count', () => {
    expect(pageLimit(page(250, range(1, 100)))).toBe(4);
    expect(pageLimit(page(undefined, range(1, 1000)))).toBe(1001);
  });
});

describe('resolveNextLink', () => {
  const base = new URL('https://ls.example/prefix/');
  const from = new URL('https://ls.example/prefix/api/organizations/1/memberships?page=1');

  it('accepts links to the same origin, absolute or relative', () => {
    expect(resolveNextLink('https://ls.example/prefix/api/x?page=2', from, base)).toEqual({
      ok: true,
      url: new URL('https://ls.example/prefix/api/x?page=2'),
    });
    const relative = resolveNextLink('?page=2', from, base);
    expect(relative.ok && relative.url.href).toBe('https://ls.example/prefix/api/organizations/1/memberships?page=2');
  });

  it('upgrades the http links a TLS-terminating proxy makes the server write', () => {
    const next = resolveNextLink('http://ls.example/prefix/api/x?page=2', from, base);
    expect(next.ok && next.url.href).toBe('https://ls.example/prefix/api/x?page=2');
  });

  it('refuses any other origin', () => {
    for (const link of [
      'https://evil.example/api/x?page=2',
      'https://ls.example:8443/api/x?page=2',
      'http://ls.example:8080/api/x?page=2',
      'https://ls.example.evil.example/api/x',
    ]) {
      const next = resolveNextLink(link, from, base);
      expect(next.ok, link).toBe(false);
      expect(!next.ok && next.reason).toMatch(/another origin/);
    }
    const downgradeOfHttpBase = resolveNextLink('https://other/x', new URL('http://ls.example/'), new URL('http://ls.example/'));
    expect(downgradeOfHttpBase.ok).toBe(false);
  });

  it('refuses a link that is not a URL', () => {
    const next = resolveNextLink('http://[::1', from, base);
    expect(next).toEqual({ ok: false, reason: 'the answer has a next-page link that is not a URL' });
  });
});

describe('uniqueMembers', () => {
  it('keeps page order and the first sighting of each membership', () => {
    const pages = [page(5, [1, 2, 3]), page(5, [3, 4]), page(5, [4, 5])];
    expect(uniqueMembers(pages).map((m) => m.id)).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('listMismatch and readAddingUp', () => {
  it('judges the counts the pages give against the distinct members read', () => {
    expect(listMismatch([5, 5, 5], 5)).toBeNull();
    expect(listMismatch([undefined, undefined], 3)).toBeNull();
    expect(listMismatch([5, 5, undefined], 5)).toBeNull();
    expect(listMismatch([6, 5, 5], 5)).toBe('the count changed between pages (6 → 5): members were added or removed while the list was read');
    expect(listMismatch([4, 4], 3)).toBe('the pages say count 4 but held 3 distinct members');
  });

  it('reads once more after a mismatch, and fails with both reasons after a second', async () => {
    const reads = [
      { members: [1, 2], counts: [3, 2] },
      { members: [1, 2], counts: [2, 2] },
    ];
    const notes: string[] = [];
    await expect(readAddingUp(async () => reads.shift()!, (d) => new Error(d), (n) => notes.push(n))).resolves.toEqual([1, 2]);
    expect(notes).toEqual(['the count changed between pages (3 → 2): members were added or removed while the list was read; reading the list once more']);
    let n = 0;
    const error = await readAddingUp(async () => ({ members: [1], counts: [2 + n++] }), (d) => new Error(d)).catch((e: Error) => e);
    expect(n).toBe(2);
    expect((error as Error).message).toBe(
      'the member list did not add up in two reads: first the pages say count 2 but held 1 distinct members; then the pages say count 3 but held 1 distinct members',
    );
  });
});
