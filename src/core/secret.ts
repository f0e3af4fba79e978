import { ConfigurationError } from './errors.ts';

const SECRET_KEY = /^csk_(live|test)_/;

/**
 * Refuses a CodeSpar secret key (`csk_live_…`, `csk_test_…`) in a browser (SECURITY.md item 15).
 * A secret key in page JavaScript is readable by every script on the page and by every user;
 * browsers must call through the host's backend (a proxy `baseUrl`) or use a short-lived token.
 */
export function assertTokenAllowed(token: string | undefined, dangerouslyAllowBrowser: boolean): void {
  if (token === undefined || dangerouslyAllowBrowser || typeof window === 'undefined') return;
  if (SECRET_KEY.test(token.trim())) {
    throw new ConfigurationError(
      'secret_key_in_browser',
      'A CodeSpar secret key (csk_…) must not reach a browser, where anyone can read it. Call the API ' +
        'through your backend (a proxy `baseUrl`) or give a short-lived token from `getToken`; on a ' +
        'trusted machine, pass `dangerouslyAllowBrowser: true`.',
    );
  }
}

/** Reads the bearer token out of an `Authorization` header value, if there is one. */
export function bearerOf(headerValue: string | null | undefined): string | undefined {
  const match = headerValue ? /^\s*bearer\s+(.+)$/i.exec(headerValue) : null;
  return match?.[1]?.trim();
}
