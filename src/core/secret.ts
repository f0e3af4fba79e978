import { ConfigurationError } from './errors.ts';

/** A CodeSpar secret key anywhere in a header value or token: any casing, any scheme in front. */
const SECRET_KEY = /(^|[^a-z0-9])csk_(live|test)_/i;

/**
 * Where the code, and a key in it, ships to users: a page (`window`) or a Web or Service Worker
 * (`WorkerGlobalScope`, which has no `window`).
 */
const inBrowser = () =>
  typeof window !== 'undefined' || typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== 'undefined';

/**
 * Refuses a CodeSpar secret key (`csk_live_…`, `csk_test_…`) in a browser (docs/security.md item
 * 16). A secret key in page JavaScript is readable by every script on the page and by
 * every user; browsers must call through the host's backend (a proxy `baseUrl`) or use a
 * short-lived token.
 */
export function assertTokenAllowed(token: string | undefined, dangerouslyAllowBrowser: boolean): void {
  if (token === undefined || dangerouslyAllowBrowser || !inBrowser()) return;
  if (SECRET_KEY.test(token)) {
    throw new ConfigurationError(
      'secret_key_in_browser',
      'A CodeSpar secret key (csk_…) must not reach a browser, where anyone can read it. Call the API ' +
        'through your backend (a proxy `baseUrl`) or give a short-lived token from `getToken`; on a ' +
        'trusted machine, pass `dangerouslyAllowBrowser: true`.',
    );
  }
}
