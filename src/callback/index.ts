/**
 * `@codespar/connect-react/callback`: the script for the page at your `redirect_url`. No React; at
 * most 1 KB gzip. It tells the window that opened the popup how the connection ended, then closes.
 */
import { CONNECT_CHANNEL, type CompletionMessage, MESSAGE_TYPE, MESSAGE_VERSION } from '../core/protocol.ts';

export interface CompleteConnectionOptions {
  /**
   * Origin of the app that opened the popup. Messages are posted to this exact origin, never `"*"`
   * (SECURITY.md item 7).
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
    // Text, never HTML: `error` comes from the URL (SECURITY.md item 14).
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
    window.opener?.postMessage(message, options.targetOrigin ?? location.origin);
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
