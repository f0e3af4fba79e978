import { describe, expect, it } from 'vitest';
import { ConnectionsError, UnsafeUrlError } from '../../src/core/errors.ts';
import { checkUrl } from '../../src/core/url.ts';
import { ACCEPTED_URLS, LOOPBACK_HTTP_URLS, LOOPBACK_REFUSED_WHY, label, REFUSED_URLS } from '../core/url-cases.ts';

function refusal(input: unknown, options?: { allowLoopbackHttp?: boolean }): UnsafeUrlError {
  let thrown: unknown;
  try {
    checkUrl(input, options);
  } catch (error) {
    thrown = error;
  }
  expect(thrown, `checkUrl(${label(input)}) should throw`).toBeInstanceOf(UnsafeUrlError);
  return thrown as UnsafeUrlError;
}

/** What a component does: set `href` only once the URL passed the check. */
function linkTo(input: unknown): HTMLAnchorElement {
  const a = document.createElement('a');
  a.textContent = 'Continue';
  try {
    a.href = checkUrl(input).href;
  } catch (error) {
    if (!(error instanceof UnsafeUrlError)) throw error;
  }
  return a;
}

describe('given the test page served from a loopback origin in Chromium', () => {
  it('should run on http://127.0.0.1 in a real browser window', () => {
    expect(typeof window).toBe('object');
    expect(location.protocol).toBe('http:');
    expect(location.hostname).toBe('127.0.0.1');
  });
});

describe('given a hostile or malformed URL in Chromium', () => {
  for (const { name, input, why } of REFUSED_URLS) {
    it(`should refuse ${name} ${label(input)} with an unsafe_url error that says why`, () => {
      for (const options of [undefined, { allowLoopbackHttp: true }, { allowLoopbackHttp: false }]) {
        const error = refusal(input, options);
        expect(error).toBeInstanceOf(ConnectionsError);
        expect(error.code).toBe('unsafe_url');
        expect(error.message).toMatch(why);
        expect(error.url).toBe(String(input));
      }
    });

    it(`should never give an <a> the href of ${name} ${label(input)}`, () => {
      const a = linkTo(input);
      document.body.append(a);
      try {
        expect(a.hasAttribute('href')).toBe(false);
        expect(a.href).toBe('');
        expect(a.protocol).not.toBe('javascript:');
      } finally {
        a.remove();
      }
    });
  }

  const scriptCases = REFUSED_URLS.filter((c) => c.runsAsScript);
  it('should be refusing strings this browser itself would run as javascript: when assigned raw', () => {
    expect(scriptCases.length).toBeGreaterThanOrEqual(5);
    for (const { input } of scriptCases) {
      const raw = document.createElement('a');
      raw.href = input as string;
      expect(raw.protocol, `raw ${label(input)}`).toBe('javascript:');
      expect(linkTo(input).protocol, `checked ${label(input)}`).not.toBe('javascript:');
    }
  });
});

describe('given a valid https URL in Chromium', () => {
  for (const href of ACCEPTED_URLS) {
    it(`should accept ${href}, round-trip its href, and let an <a> link to it`, () => {
      const url = checkUrl(href, { allowLoopbackHttp: false });
      expect(url.protocol).toBe('https:');
      expect(url.href).toBe(href);
      expect(linkTo(href).href).toBe(href);
    });
  }
});

describe('given plain http to a loopback host in Chromium', () => {
  for (const href of LOOPBACK_HTTP_URLS) {
    it(`should accept ${href} by default, since the page itself runs on a loopback host`, () => {
      expect(checkUrl(href).href).toBe(href);
      expect(linkTo(href).href).toBe(href);
    });

    it(`should accept ${href} with allowLoopbackHttp true and refuse it with false`, () => {
      expect(checkUrl(href, { allowLoopbackHttp: true }).href).toBe(href);
      const error = refusal(href, { allowLoopbackHttp: false });
      expect(error.url).toBe(href);
      expect(error.message).toMatch(LOOPBACK_REFUSED_WHY);
    });
  }

  it('should still refuse plain http to a public host by default', () => {
    expect(refusal('http://evil.example/').message).toMatch(/only https/);
    expect(linkTo('http://evil.example/').hasAttribute('href')).toBe(false);
  });
});
