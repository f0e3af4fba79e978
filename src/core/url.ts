import { safeString, UnsafeUrlError } from './errors.ts';

export interface CheckUrlOptions {
  /**
   * Allow plain `http:` to a loopback host (`localhost`, `127.0.0.0/8`, `[::1]`).
   * @defaultValue `true` when the page itself runs on a loopback host (development) or outside a
   * browser; `false` on any other page.
   */
  allowLoopbackHttp?: boolean;
}

// Any ASCII control character or white space. A URL from an API never carries them; the WHATWG
// parser silently strips some ("\tjavascript:" parses as "javascript:"), so refuse them outright.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL_OR_SPACE = /[\u0000-\u0020\u007f-\u00a0\u1680\u2000-\u200f\u2028\u2029\u202f\u205f\u3000\ufeff]/;

/**
 * Checks a URL that came from the API (`redirect_url`, `wizard_url`) before anything navigates to
 * it or renders it as a link (docs/security.md item 4). Returns the parsed URL, or throws
 * {@link UnsafeUrlError} with the reason.
 *
 * Accepted: absolute `https:` URLs without user info; `http:` only to a loopback host while
 * developing. Refused: `javascript:` in any spelling, `data:`, `blob:`, `file:`, protocol-relative
 * `//host`, relative paths, `https://user@host`, and anything with control characters or spaces.
 *
 * @example
 * ```ts
 * const url = checkUrl(authorization.redirect_url); // throws UnsafeUrlError on `javascript:alert(1)`
 * popup.location.replace(url.href);
 * ```
 */
export function checkUrl(input: unknown, options: CheckUrlOptions = {}): URL {
  if (typeof input !== 'string' || input.length === 0) {
    throw new UnsafeUrlError(safeString(input), 'expected a non-empty string');
  }
  if (input.length > 8192) throw new UnsafeUrlError(input, 'longer than 8192 characters');
  if (CONTROL_OR_SPACE.test(input)) {
    throw new UnsafeUrlError(input, 'contains white space or control characters');
  }
  let url: URL;
  try {
    // No base URL on purpose: "//evil.example" and "/path" must not resolve against the page.
    url = new URL(input);
  } catch {
    throw new UnsafeUrlError(input, 'not an absolute URL');
  }
  if (url.username !== '' || url.password !== '' || /^[a-z][a-z0-9+.-]*:\/*[^/?#]*@/i.test(input)) {
    throw new UnsafeUrlError(input, 'user info ("user@host") is not allowed');
  }
  // Percent-encoding can grow the URL: hold the result to the same limit, so a URL accepted once
  // is accepted again.
  if (url.href.length > 8192) throw new UnsafeUrlError(input, 'longer than 8192 characters once encoded');
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:') {
    const allow = options.allowLoopbackHttp ?? isDevelopmentPage();
    if (isLoopbackHost(url.hostname) && allow) return url;
    throw new UnsafeUrlError(
      input,
      isLoopbackHost(url.hostname)
        ? 'plain http is only allowed to loopback hosts while the page itself runs on one'
        : 'only https URLs are allowed',
    );
  }
  throw new UnsafeUrlError(input, `the ${url.protocol} scheme is not allowed (only https)`);
}

/**

 * `localhost`, `*.localhost`, `127.0.0.0/8` and `[::1]`.
 *
 * @example
 * ```ts
 * isLoopbackHost('127.0.0.1'); // true
 * isLoopbackHost('example.com'); // false
 * ```
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) || host === '[::1]';
}

function isDevelopmentPage(): boolean {
  const location = (globalThis as { location?: { hostname?: string } }).location;
  if (typeof window === 'undefined' || !location?.hostname) return true;
  return isLoopbackHost(location.hostname);
}
