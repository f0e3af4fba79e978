// Popups for story play functions: the real browser adapter with `openPopup` replaced, so a play
// function reaches every wizard step without a real window (one would escape the test).
import { type BrowserAdapter, browserAdapter, type PopupHandle } from '../src/core/browser.ts';

export interface StoryPopup {
  /** Pass to `<ReferenceProvider adapter>`. */
  adapter: BrowserAdapter;
  /** Every URL the flow navigated a popup to, in order. */
  readonly navigations: string[];
  /** The OAuth `state` of the last consent URL. */
  state(): string;
  /** The user closes the popup. */
  userClose(): void;
}

/**
 * `blocked`: every popup is blocked (`openPopup` returns `null`). `open`: a fake window whose
 * `target` is this window, so a completion message posted here passes the flow's source check.
 */
export function storyPopup(mode: 'open' | 'blocked'): StoryPopup {
  const navigations: string[] = [];
  let current: { closed: boolean } | undefined;
  const adapter: BrowserAdapter = {
    ...browserAdapter,
    openPopup(): PopupHandle | null {
      if (mode === 'blocked') return null;
      const handle = {
        closed: false,
        target: window,
        navigate: (url: string) => {
          navigations.push(url);
        },
        focus: () => {},
        close: () => {},
      };
      current = handle;
      return handle;
    },
  };
  return {
    adapter,
    navigations,
    state() {
      const url = navigations.at(-1);
      const state = url ? new URL(url).searchParams.get('state') : null;
      if (!state) throw new Error(`No OAuth state in the popup's URL (${url ?? 'never navigated'})`);
      return state;
    },
    userClose() {
      if (current) current.closed = true;
    },
  };
}

/** What the callback page posts to its opener (`completeConnection()`), posted by the story itself. */
export function postCompletion(
  state: string,
  result: { status: 'connected' | 'denied' | 'error'; error?: string; connection_id?: string },
) {
  window.postMessage({ type: 'codespar:connect', v: 1, state, ...result }, window.location.origin);
}

/** The user approves on the reference API's consent page (without following its redirect). */
export async function approveConsent(state: string): Promise<void> {
  const response = await fetch('/oauth/consent', {
    method: 'POST',
    body: new URLSearchParams({ state, decision: 'approve' }),
    redirect: 'manual',
  });
  if (response.type !== 'opaqueredirect' && !response.ok) throw new Error(`consent answered HTTP ${response.status}`);
}

/**
 * Waits for the finite animations under `root` (the dialog's entrance), so axe measures colours at
 * full opacity. Infinite ones (spinners) are skipped.
 */
export async function animationsSettled(root: Element | Document = document): Promise<void> {
  const animations = (root instanceof Document ? root.getAnimations() : root.getAnimations({ subtree: true })).filter(
    (animation) => animation.effect?.getComputedTiming().iterations !== Number.POSITIVE_INFINITY,
  );
  await Promise.all(animations.map((animation) => animation.finished.catch(() => undefined)));
}
