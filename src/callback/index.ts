/**
 * `@codespar/connect-react/callback`: the script for the page at your `redirect_url`. No React; at
 * most 1 KB gzip. It tells the window that opened the popup how the connection ended, then closes.
 */
import { ConfigurationError } from '../core/errors.ts';
import { CONNECT_CHANNEL, type CompletionMessage, MESSAGE_TYPE, MESSAGE_VERSION } from '../core/protocol.ts';

export interface CompleteConnectionOptions {
  /**
   * Origin of the app that opened the popup. Messages are posted to this exact origin, never `"*"`
   * (docs/security.md item 7): `"*"` or anything without an http(s) origin throws a
   * `ConfigurationError` (`invalid_options`) before anything is posted.
   * @defaultValue this page's origin (the callback page is served by the app)
   */
  targetOrigin?: string;
  /** Where to show a line of text when the window cannot close itself. @defaultValue `document.body` */
  element?: HTMLElement;
  /** The text shown when the window stays open, by outcome. */
  text?: Partial<Record<CompletionMessage['status'] | 'invalid', string>>;
}

/**
 * Reads `state`, `status`, `connection_id` and `error` from the URL, posts them to the opener and on
 * a `BroadcastChannel`, removes them from the address bar, and closes the window. Returns the
 * message it sent, or `undefined` when the URL did not carry one.
 *
 * @example
 * ```html
 * <!-- https://app.example/oauth/done.html -->
 * <script type="module">
 *   import { completeConnection } from '@codespar/connect-react/callback';
 *   completeConnection();
 * </script>
 * ```
 */
export function completeConnection(options: CompleteConnectionOptions = {}): CompletionMessage | undefined {
  const targetOrigin = exactOrigin(options.targetOrigin ?? location.origin);
  const params = new URLSearchParams(location.search);
  const state = params.get('state');
  const status = params.get('status');
  const text = {
    connected: 'Connected. You can close this window and go back to the conversation.',
    denied: 'Access was not granted. You can close this window.',
    error: 'The connection did not complete. You can close this window and try again.',
    invalid: 'This page finishes connecting an account and was opened without its parameters.',
    ...options.text,
  };
  const show = (line: string) => {
    // Text, never HTML: `error` comes from the URL (docs/security.md item 15).
    (options.element ?? document.body).textContent = line;
  };
  if (!state || (status !== 'connected' && status !== 'denied' && status !== 'error')) {
    show(text.invalid);
    return undefined;
  }
  const message: CompletionMessage = { type: MESSAGE_TYPE, v: MESSAGE_VERSION, state, status };
  const connectionId = params.get('connection_id');
  const error = params.get('error');
  if (connectionId) message.connection_id = connectionId;
  if (error) message.error = error;

  // The code-bearing query must not stay in history or be sent on as a referrer.
  history.replaceState(null, '', location.pathname);
  try {
    window.opener?.postMessage(message, targetOrigin);
  } catch {
    // The opener navigated away or was cut by COOP: the channel below still reaches it.
  }
  try {
    const channel = new BroadcastChannel(CONNECT_CHANNEL);
    channel.postMessage(message);
    channel.close();
  } catch {
    // No BroadcastChannel: the opener asks the API instead.
  }
  show(status === 'error' && error ? `${text.error} (${error})` : text[status]);
  window.close();
  return message;
}

/**
 * The origin of `value`, which must have one: `"*"` would hand the outcome to whatever page the
 * opener has navigated to, and an opaque origin (`data:`, `about:`) matches nobody.
 */
function exactOrigin(value: string): string {
  let origin = 'null';
  try {
    origin = new URL(value).origin;
  } catch {
    // not a URL: refused below
  }
  if (origin === 'null') {
    throw new ConfigurationError(
      'invalid_options',
      `completeConnection: targetOrigin must be the exact http(s) origin of the app, such as "https://app.example", never "*"; got ${JSON.stringify(value)}`,
    );
  }
  return origin;
}
