// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const UNSAFE_CHARACTER = /[\u0000-\u001f\u007f/\\?#]/;

/**
 * Whether `value` can be one URL path segment as it is: a non-empty string of at most 256
 * characters that is not `.` or `..` in any spelling (`%2e%2E`, `.%2e`), with no `/`, `\`, `?`, `#`
 * (raw or percent-encoded), no control characters and no white space around it. Anything else could
 * move a request out of `…/connections/<id>` (URL dot-segment removal) to a session-level route.
 *
 * @example
 * ```ts
 * isSafeId('mercado-pago'); // true
 * isSafeId('..'); // false
 * isSafeId('%2e%2e'); // false
 * ```
 */
export function isSafeId(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 256 || value.trim() !== value) return false;
  if (UNSAFE_CHARACTER.test(value)) return false;
  let decoded: string;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    return false; // a lone "%": what a server makes of it is anyone's guess
  }
  if (decoded === '.' || decoded === '..' || UNSAFE_CHARACTER.test(decoded)) return false;
  return true;
}
