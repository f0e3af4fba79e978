import { afterEach, describe, expect, it, vi } from 'vitest';
import { completeConnection } from '../../src/callback/index.ts';
import { ConfigurationError } from '../../src/core/errors.ts';

// completeConnection() in real Chromium, called on this test page as the callback page would be.
const page = location.pathname + location.search;

afterEach(() => {
  history.replaceState(null, '', page);
  vi.restoreAllMocks();
});

describe('given completeConnection() on a page holding a completion', () => {
  for (const targetOrigin of ['*', 'null', '', 'not a url', 'data:text/html,x', 'about:blank', 'javascript:alert(1)']) {
    it(`should refuse targetOrigin ${JSON.stringify(targetOrigin)} with a ConfigurationError, posting nothing`, () => {
      history.replaceState(null, '', `${location.pathname}?state=oauth_1&status=connected&connection_id=conn_1`);
      const broadcast = vi.spyOn(BroadcastChannel.prototype, 'postMessage');
      const element = document.createElement('p');
      let thrown: unknown;
      try {
        completeConnection({ targetOrigin, element });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ConfigurationError);
      expect(thrown).toMatchObject({ code: 'invalid_options', message: expect.stringContaining('targetOrigin') });
      expect(broadcast).not.toHaveBeenCalled();
    });
  }

  it('should post to the exact origin given as a URL, and broadcast', () => {
    history.replaceState(null, '', `${location.pathname}?state=oauth_1&status=connected&connection_id=conn_1`);
    const broadcast = vi.spyOn(BroadcastChannel.prototype, 'postMessage');
    const element = document.createElement('p');
    const message = completeConnection({ targetOrigin: `${location.origin}/some/page`, element });
    expect(message).toEqual({ type: 'codespar:connect', v: 1, state: 'oauth_1', status: 'connected', connection_id: 'conn_1' });
    expect(broadcast).toHaveBeenCalledWith(message);
    expect(element.textContent).toContain('Connected');
  });
});
