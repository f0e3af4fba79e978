// What an API answer that went wrong becomes, apart from any fetching (the clients' own tests
// cover the same through real requests).
import { describe, expect, it } from 'vitest';
import { codeForName, codeForStatus, errorFromResponse, readErrorBody, requireSameServer } from '../../src/core/api-errors.ts';
import { ConnectionsApiError } from '../../src/core/errors.ts';

describe('given an HTTP status', () => {
  it.each([
    [401, undefined, 'unauthorized'],
    [403, undefined, 'forbidden'],
    [404, undefined, 'not_found'],
    [409, undefined, 'conflict'],
    [422, undefined, 'oauth_redirect_required'],
    [422, 'OAUTH_REDIRECT_REQUIRED', 'oauth_redirect_required'],
    [422, 'invalid_scopes', 'bad_request'],
    [429, undefined, 'rate_limited'],
    [408, undefined, 'server_error'],
    [503, undefined, 'server_error'],
    [400, undefined, 'bad_request'],
    [418, undefined, 'bad_request'],
  ] as const)('should map %i (body code %s) to %s', (status, bodyCode, code) => {
    expect(codeForStatus(status, bodyCode)).toBe(code);
  });
});

describe('given a code name from a tool or an error body', () => {
  it.each([
    ['unauthenticated', 'unauthorized'],
    ['Session_Not_Found', 'not_found'],
    ['already_disconnected', 'conflict'],
    ['invalid_input', 'bad_request'],
    ['rate_limited', 'rate_limited'],
  ] as const)('should map %s to %s', (name, code) => {
    expect(codeForName(name)).toBe(code);
  });

  it('should leave an unknown or missing name to the caller', () => {
    expect(codeForName('quota_exceeded')).toBeUndefined();
    expect(codeForName(undefined)).toBeUndefined();
  });
});

describe('given an error body', () => {
  it.each([
    [
      { error: { code: 'not_found', message: 'No such server' }, request_id: 'req_1' },
      { code: 'not_found', message: 'No such server', requestId: 'req_1' },
    ],
    [
      { error: 'rate_limited', message: 'Slow down', retry_after_ms: 2000 },
      { code: 'rate_limited', message: 'Slow down', retryAfterMs: 2000 },
    ],
    [{ detail: 'Not authenticated' }, { message: 'Not authenticated' }],
    [{ error: { type: 'invalid_request', description: 'Bad scope' } }, { code: 'invalid_request', message: 'Bad scope' }],
    [['not', 'an', 'object'], {}],
    [null, {}],
  ])('should read %j as %j', (body, facts) => {
    expect(readErrorBody(body)).toEqual(facts);
  });

  it('should bound what it keeps', () => {
    const facts = readErrorBody({ error: 'x'.repeat(300), message: 'y'.repeat(900) });
    expect(facts.code).toHaveLength(101);
    expect(facts.message).toHaveLength(501);
  });
});

describe('given a non-2xx response', () => {
  it('should build one ConnectionsApiError with the code, message, request id and Retry-After', () => {
    const response = new Response(null, {
      status: 429,
      statusText: 'Too Many Requests',
      headers: { 'retry-after': '3', 'x-request-id': 'req_h' },
    });
    const error = errorFromResponse('GET /v1/sessions/ses_1/connections', response, '{"error":"rate_limited","message":"Slow down"}');
    expect(error).toBeInstanceOf(ConnectionsApiError);
    expect(error).toMatchObject({ code: 'rate_limited', status: 429, requestId: 'req_h', retryAfterMs: 3000 });
    expect(error.message).toBe('GET /v1/sessions/ses_1/connections failed with HTTP 429 Too Many Requests: Slow down (request req_h)');
  });

  it('should describe an HTML page instead of JSON', () => {
    const error = errorFromResponse('GET /x', new Response(null, { status: 502 }), '<html><title>502 Bad Gateway</title></html>');
    expect(error.code).toBe('server_error');
    expect(error.message).toBe('GET /x failed with HTTP 502: an HTML page instead of JSON ("502 Bad Gateway")');
  });
});

describe('given an answer about another server', () => {
  it('should refuse it as invalid_response, and pass the right one', () => {
    expect(() => requireSameServer('stripe', 'paypal', 'GET /stripe', { status: 200 })).toThrow(
      expect.objectContaining({ code: 'invalid_response', status: 200 }),
    );
    expect(() => requireSameServer('stripe', 'stripe', 'GET /stripe', {})).not.toThrow();
  });
});
