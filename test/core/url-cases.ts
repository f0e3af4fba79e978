/**
 * Hostile and valid URL cases for `checkUrl` (docs/security.md item 4), shared by the Node tests
 * (test/core/url.test.ts) and the Chromium tests (test/browser/url.test.ts), so the same table runs
 * against both URL parsers.
 */

export interface RefusedUrlCase {
  /** Test title. */
  name: string;
  /** What the API (or a caller) handed over. */
  input: unknown;
  /** What the error message must say about why it was refused. */
  why: RegExp;
  /** A browser given this string raw (`a.href = input`) would run it as script. */
  runsAsScript?: boolean;
}

/** Printable title for a case: control characters and long strings made visible. */
export function label(input: unknown): string {
  if (typeof input !== 'string') return input === undefined ? 'undefined' : `${JSON.stringify(input)} (${typeof input})`;
  const shown = input.length > 60 ? `${input.slice(0, 40)}… (${input.length} characters)` : input;
  return JSON.stringify(shown);
}

const LONG_URL = `https://example.com/${'a'.repeat(9000 - 'https://example.com/'.length)}`;

const SCHEME = (scheme: string) => new RegExp(`the ${scheme} scheme is not allowed`);
const CONTROL = /white space or control characters/;
const NOT_ABSOLUTE = /not an absolute URL/;
const USER_INFO = /user info/;
const NOT_A_STRING = /expected a non-empty string/;

export const REFUSED_URLS: readonly RefusedUrlCase[] = [
  { name: 'javascript: URL', input: 'javascript:alert(1)', why: SCHEME('javascript:'), runsAsScript: true },
  { name: 'javascript: in mixed case', input: 'JaVaScRiPt:alert(1)', why: SCHEME('javascript:'), runsAsScript: true },
  { name: 'javascript: after a tab', input: '\tjavascript:alert(1)', why: CONTROL, runsAsScript: true },
  { name: 'javascript: split by a newline', input: 'java\nscript:alert(1)', why: CONTROL, runsAsScript: true },
  { name: 'javascript: after a leading space', input: ' javascript:alert(1)', why: CONTROL, runsAsScript: true },
  { name: 'javascript with an HTML-entity colon', input: 'javascript&colon;alert(1)', why: NOT_ABSOLUTE },
  { name: 'data: HTML document', input: 'data:text/html,<script>alert(1)</script>', why: SCHEME('data:') },
  { name: 'vbscript: URL', input: 'vbscript:msgbox(1)', why: SCHEME('vbscript:') },
  { name: 'blob: URL', input: 'blob:https://x/y', why: SCHEME('blob:') },
  { name: 'file: URL', input: 'file:///etc/passwd', why: SCHEME('file:') },
  { name: 'protocol-relative URL', input: '//evil.example/path', why: NOT_ABSOLUTE },
  { name: 'relative path', input: '/relative/path', why: NOT_ABSOLUTE },
  { name: 'bare host name', input: 'evil.example', why: NOT_ABSOLUTE },
  { name: 'https with a user name', input: 'https://u@evil.example', why: USER_INFO },
  { name: 'https with user and password', input: 'https://user:pass@evil.example', why: USER_INFO },
  { name: 'https with an empty user info', input: 'https://@evil.example', why: USER_INFO },
  { name: 'plain http to a public host', input: 'http://evil.example', why: /only https URLs are allowed/ },
  { name: 'ftp: URL', input: 'ftp://x', why: SCHEME('ftp:') },
  { name: 'https with a NUL in the host', input: 'https://evil.example\u0000.good', why: CONTROL },
  { name: 'https with a space in the host', input: 'https://exa mple.com', why: CONTROL },
  { name: 'undefined', input: undefined, why: NOT_A_STRING },
  { name: 'null', input: null, why: NOT_A_STRING },
  { name: 'a number', input: 42, why: NOT_A_STRING },
  { name: 'an object', input: {}, why: NOT_A_STRING },
  { name: 'an empty string', input: '', why: NOT_A_STRING },
  { name: 'a 9000-character https URL', input: LONG_URL, why: /longer than 8192 characters/ },
];

/** Accepted everywhere, whatever the loopback policy; `href` comes back unchanged. */
export const ACCEPTED_URLS: readonly string[] = [
  'https://auth.mercadopago.com/authorization?client_id=1&redirect_uri=x',
  'https://app.codespar.dev/dashboard/auth-configs?connect=z-api',
  'https://example.com:8443/a#b',
];

/** Plain http to a loopback host: accepted with `allowLoopbackHttp: true`, refused with `false`. */
export const LOOPBACK_HTTP_URLS: readonly string[] = [
  'http://localhost:4010/oauth/consent?state=x',
  'http://127.0.0.1:6006/x',
  'http://[::1]:3000/',
  'http://foo.localhost/',
];

/** Why a loopback http URL is refused when loopback http is not allowed. */
export const LOOPBACK_REFUSED_WHY = /plain http is only allowed to loopback hosts/;
