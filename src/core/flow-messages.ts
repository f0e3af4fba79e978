import { type CompletionMessage, MESSAGE_TYPE, readCompletionMessage } from './protocol.ts';

/**
 * Which completion messages a connect flow believes (docs/security.md items 6 and 7), kept apart
 * from the flow as oidc-client-ts keeps its `PopupWindow`: a pure judgement of one incoming
 * `message` event or broadcast against what the attempt expects. The flow acts on `accept`; an
 * ignored message changes nothing and is only reported (`onIgnoredMessage`).
 */

/** Why a message was ignored, as `onIgnoredMessage` reports it: for debugging, never acted on. */
export type IgnoredMessageReason = 'origin' | 'source' | 'state_mismatch' | 'malformed';

/** What the attempt under way expects of its completion. */
export interface CompletionExpectation {
  /** The callback page's origin ({@link callbackOrigin}); `undefined` accepts no `message` event. */
  origin: string | undefined;
  /** The pending sign-in's `state`; `undefined` (none given) matches no message. */
  state: string | undefined;
  /** The popup the flow holds, `null` when none (blocked, or opened some other way). */
  popup: { readonly target: unknown } | null;
}

/** A `message` event's sender; a broadcast has none. */
export interface CompletionSender {
  origin: string;
  source: unknown;
}

/**
 * The verdict on one incoming completion: the message itself when it is accepted, the reason when
 * it is ignored (for `onIgnoredMessage`), `undefined` when it is not ours at all (nothing to say).
 */
export type CompletionVerdict = CompletionMessage | IgnoredMessageReason | undefined;

/**
 * Judges one completion: `data` from a `message` event (with its `sender`) or from the
 * `BroadcastChannel` (no sender). Accepted only when well-formed, for the pending `state`, and, for
 * a window message, from the exact callback origin and not from a window other than our popup.
 * Without proof that our popup sent it (a broadcast, a `null` source, no popup held), any window of
 * the callback origin that holds the state could have: only `connected` is accepted then, and the
 * flow still asks the API before believing it.
 *
 * @example
 * ```ts
 * const verdict = acceptCompletion({ origin: 'https://app.example', state, popup }, event.data, event);
 * if (typeof verdict === 'object') onCompletion(verdict);
 * else if (verdict) onIgnoredMessage(verdict); // 'origin', 'source', 'state_mismatch' or 'malformed'
 * ```
 */
export function acceptCompletion(
  { origin, state, popup }: CompletionExpectation,
  data: unknown,
  sender?: CompletionSender,
): CompletionVerdict {
  const message = readCompletionMessage(data);
  // Our `type` but not valid: worth reporting. Anything else on the page's channel is not ours.
  if (!message) return (data as { type?: unknown } | null)?.type === MESSAGE_TYPE ? 'malformed' : undefined;
  if (sender) {
    if (origin === undefined || sender.origin !== origin) return 'origin';
    // A null source is a popup COOP cut off from us: not proof of another window.
    if (sender.source !== null && sender.source !== undefined && popup && sender.source !== popup.target) return 'source';
  }
  if (message.state !== state) return 'state_mismatch';
  return message.status === 'connected' || (sender && popup && sender.source === popup.target) ? message : 'source';
}

/**
 * The origin completion messages may come from: the callback page's, when it has a real (http or
 * https) one. A `data:` or `about:` page has the opaque origin `"null"`, which any sandboxed frame
 * shares, so it gets none (docs/security.md item 5).
 *
 * @example
 * ```ts
 * callbackOrigin('https://app.example/oauth/done'); // 'https://app.example'
 * callbackOrigin('data:text/html,hi'); // undefined
 * ```
 */
export function callbackOrigin(redirect: string | undefined): string | undefined {
  try {
    const url = new URL(redirect ?? '');
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}
