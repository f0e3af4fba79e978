// The message acceptance of the connect flow, as a pure function: no flow, no timers, no browser.
import { describe, expect, it } from 'vitest';
import { acceptCompletion, type CompletionExpectation, callbackOrigin } from '../../src/core/flow-messages.ts';
import { MESSAGE_TYPE, MESSAGE_VERSION } from '../../src/core/protocol.ts';

const ORIGIN = 'https://app.example';
const STATE = 'state-1';
const popupWindow = { name: 'our popup' };
const expected: CompletionExpectation = { origin: ORIGIN, state: STATE, popup: { target: popupWindow } };
const message = (status: 'connected' | 'denied' | 'error', extra: Record<string, unknown> = {}) => ({
  type: MESSAGE_TYPE,
  v: MESSAGE_VERSION,
  state: STATE,
  status,
  ...extra,
});

describe('given a window message', () => {
  it('should accept a well-formed one from our popup at the callback origin, as read by readCompletionMessage', () => {
    const verdict = acceptCompletion(expected, message('denied', { error: 'x'.repeat(600), extra: 1 }), {
      origin: ORIGIN,
      source: popupWindow,
    });
    expect(verdict).toEqual({ type: MESSAGE_TYPE, v: MESSAGE_VERSION, state: STATE, status: 'denied', error: 'x'.repeat(500) });
  });

  it.each([
    ['another origin', message('connected'), { origin: 'https://evil.example', source: popupWindow }, 'origin'],
    ['another window', message('connected'), { origin: ORIGIN, source: {} }, 'source'],
    ['a stale state', message('connected', { state: 'old' }), { origin: ORIGIN, source: popupWindow }, 'state_mismatch'],
    ['our type, malformed', { ...message('connected'), v: 2 }, { origin: ORIGIN, source: popupWindow }, 'malformed'],
    ['a denial with a null source', message('denied'), { origin: ORIGIN, source: null }, 'source'],
  ] as const)('should ignore %s, with reason %s', (_name, data, sender, reason) => {
    expect(acceptCompletion(expected, data, sender)).toBe(reason);
  });

  it('should say nothing about a message that is not ours at all', () => {
    expect(acceptCompletion(expected, { type: 'webpack-ok' }, { origin: ORIGIN, source: popupWindow })).toBeUndefined();
    expect(acceptCompletion(expected, null, { origin: ORIGIN, source: null })).toBeUndefined();
  });

  it('should accept connected with a null source (COOP cut the opener), but no denial', () => {
    expect(acceptCompletion(expected, message('connected'), { origin: ORIGIN, source: null })).toEqual(message('connected'));
    expect(acceptCompletion(expected, message('error'), { origin: ORIGIN, source: undefined })).toBe('source');
  });

  it('should accept no message at all when the callback has no real origin', () => {
    expect(acceptCompletion({ ...expected, origin: undefined }, message('connected'), { origin: 'null', source: popupWindow })).toBe(
      'origin',
    );
  });

  it('should take connected from any window of the origin when no popup is held (blocked), never a denial', () => {
    const blocked = { ...expected, popup: null };
    expect(acceptCompletion(blocked, message('connected'), { origin: ORIGIN, source: {} })).toEqual(message('connected'));
    expect(acceptCompletion(blocked, message('denied'), { origin: ORIGIN, source: {} })).toBe('source');
  });

  it('should match no state when the attempt has none', () => {
    expect(acceptCompletion({ ...expected, state: undefined }, message('connected'), { origin: ORIGIN, source: popupWindow })).toBe(
      'state_mismatch',
    );
  });
});

describe('given a broadcast', () => {
  it('should accept connected for the pending state, whatever the origin (a channel is same-origin by construction)', () => {
    expect(acceptCompletion({ ...expected, origin: undefined }, message('connected'))).toEqual(message('connected'));
  });

  it('should ignore a denial or an error (no proof of source), and a stale state', () => {
    expect(acceptCompletion(expected, message('denied'))).toBe('source');
    expect(acceptCompletion(expected, message('error'))).toBe('source');
    expect(acceptCompletion(expected, message('connected', { state: 'old' }))).toBe('state_mismatch');
  });
});

describe('given callbackOrigin', () => {
  it.each([
    ['https://app.example/oauth/done?x=1', 'https://app.example'],
    ['http://localhost:5173/cb', 'http://localhost:5173'],
    ['data:text/html,hi', undefined],
    ['about:blank', undefined],
    ['javascript:alert(1)', undefined],
    ['not a url', undefined],
    [undefined, undefined],
  ])('should give %s the origin %s', (redirect, origin) => {
    expect(callbackOrigin(redirect)).toBe(origin);
  });
});
