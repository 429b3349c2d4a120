import { describe, expect, it } from 'vitest';
import { LabelStudioError, describePath, parseErrorDetail, redact } from './errors.ts';

describe('LabelStudioError', () => {
  it('names the request, the status and the server detail', () => {
    const error = new LabelStudioError({
      method: 'PATCH',
      path: '/api/organizations/1/memberships',
      status: 403,
      detail: 'You do not have permission to perform this action.',
    });
    expect(error.message).toBe(
      'PATCH /api/organizations/1/memberships answered 403: You do not have permission to perform this action.',
    );
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('LabelStudioError');
    expect([error.method, error.path, error.status, error.retries]).toEqual(['PATCH', '/api/organizations/1/memberships', 403, 0]);
  });

  it('describes network failures, retries and a hint', () => {
    const error = new LabelStudioError({
      method: 'GET',
      path: '/api/current-user/whoami',
      status: null,
      detail: 'timed out after 100 ms',
      retries: 3,
      hint: 'Try again later',
    });
    expect(error.message).toBe('GET /api/current-user/whoami failed: timed out after 100 ms (after 3 retries). Try again later');
    expect(error.status).toBeNull();
  });

  it('falls back to the status text when the server gave no detail', () => {
    expect(new LabelStudioError({ method: 'GET', path: '/x', status: 502, detail: '' }).message).toBe('GET /x answered 502: Bad Gateway');
  });
});

describe('parseErrorDetail', () => {
  it('reads detail', () => {
    expect(parseErrorDetail('{"detail":"Invalid page."}')).toBe('Invalid page.');
  });

  it('flattens validation_errors beside detail', () => {
    const body = JSON.stringify({ detail: 'Validation error', validation_errors: { role: ['"XX" is not a valid choice.'], user_id: ['Required.', 'Must be a number.'] } });
    expect(parseErrorDetail(body)).toBe('Validation error — role: "XX" is not a valid choice.; user_id: Required.; Must be a number.');
  });

  it('flattens a plain field map and non-string details', () => {
    expect(parseErrorDetail('{"role":["Not allowed."]}')).toBe('role: Not allowed.');
    expect(parseErrorDetail('{"detail":["a","b"]}')).toBe('a; b');
    expect(parseErrorDetail('["first", {"x": 1}]')).toBe('first; x: 1');
    expect(parseErrorDetail('"just a string"')).toBe('just a string');
  });

  it('keeps plain text, squeezed onto one line', () => {
    expect(parseErrorDetail('  upstream\n  connect error  ')).toBe('upstream connect error');
  });

  it('prefers the title of an HTML page, else its text', () => {
    expect(parseErrorDetail('<html><head><title>502 Bad Gateway</title></head><body><h1>x</h1></body></html>')).toBe('502 Bad Gateway');
    expect(parseErrorDetail('<html><body><h1>Down</h1><script>var a=1</script><p>for maintenance</p></body></html>')).toBe('Down for maintenance');
  });

  it('is empty for an empty body and cuts long ones', () => {
    expect(parseErrorDetail('   ')).toBe('');
    expect(parseErrorDetail('x'.repeat(2_000))).toHaveLength(500);
  });
});

describe('describePath', () => {
  it('keeps the path and harmless query parameters, drops secret-looking ones', () => {
    expect(describePath(new URL('https://h/ls/api/x?page=2&page_size=100'))).toBe('/ls/api/x?page=2&page_size=100');
    expect(describePath(new URL('https://h/api/x?access_token=s3cret&page=1&apikey=k'))).toBe('/api/x?page=1');
    expect(describePath(new URL('https://h/api/x'))).toBe('/api/x');
  });
});

describe('redact', () => {
  it('replaces every occurrence of every secret', () => {
    expect(redact('Token abcd1234 refused; abcd1234 again, Bearer eyJ.x.y', ['abcd1234', 'eyJ.x.y'])).toBe(
      'Token *** refused; *** again, Bearer ***',
    );
  });

  it('leaves text alone when there is nothing to hide', () => {
    expect(redact('fine', [])).toBe('fine');
    expect(redact('a b c', ['', 'b'])).toBe('a b c');
  });
});
