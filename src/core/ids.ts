import { ConfigurationError, safeString, truncate } from './errors.ts';

/*
 * Server and session ids go into URL paths (`/v1/sessions/:id/connections/:serverId`). A URL parser
 * removes dot segments, and proxies and servers decode and normalise paths, so an id of `..` (or
 * `%2e%2e`, `．．`, `a%2fb`…) would send a request, with the bearer token, to another route:
 * `DELETE …/connections/..` becomes `DELETE /v1/sessions/:id/`, which ends the session
 * (docs/security.md item 17).
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const UNSAFE_CHARACTER = /[/\\?#\u0000-\u001f\u007f-\u009f]/;

/**
 * Whether `value` can be one URL path segment as it is: a string of 1 to 256 characters, without
 * `/`, `\`, `?`, `#`, control characters or white space at either end, and not `.` or `..` —
 * checked again after percent-decoding (as often as it decodes) and Unicode NFKC normalisation, so
 * `%2e%2e`, `.%2E`, `%252e%252e`, `．．` and `a%2fb` are refused too, and so is an id with a malformed
 * escape (`100%`, `%E0`).
 *
 * @example
 * ```ts
 * isSafeId('mercado-pago'); // true
 * isSafeId('%2e%2e'); // false
 * ```
 */
export function isSafeId(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 256 || value.trim() !== value) return false;
  let form = value;
  // Each pass undoes one layer of percent-encoding; ids have one at most, so a few passes are plenty.
  for (let pass = 0; pass < 4; pass++) {
    const normalised = form.normalize('NFKC');
    if (normalised === '.' || normalised === '..' || UNSAFE_CHARACTER.test(normalised)) return false;
    let decoded: string;
    try {
      decoded = decodeURIComponent(form);
    } catch {
      return false; // a malformed escape ("100%", "%E0"): what a server makes of it is anyone's guess
    }
    if (decoded === form) return true;
    form = decoded;
  }
  return false; // still decoding after four passes: nobody's id looks like that
}

/**
 * Returns `value` when {@link isSafeId} accepts it; otherwise throws a `ConfigurationError`
 * (`invalid_options`) that names `what` and the value (escaped and truncated), before any request.
 *
 * @example
 * ```ts
 * const path = `/v1/sessions/${encodeURIComponent(requireId(sessionId, 'sessionId'))}/connections`;
 * ```
 */
export function requireId(value: unknown, what: string): string {
  if (isSafeId(value)) return value;
  const shown = typeof value === 'string' ? JSON.stringify(truncate(value, 80)) : truncate(safeString(value), 80);
  throw new ConfigurationError(
    'invalid_options',
    `${what} is not a safe id (1–256 characters that stay one URL path segment, not "." or ".."): ${shown}`,
  );
}
