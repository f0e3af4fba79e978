import type { ConnectionsErrorCode } from '../core/errors.ts';
import { type ConnectFlowSnapshot, type ConnectFlowStatus, flowFlags, isPendingStatus } from '../core/flow-state.ts';
import type { Connection, ConnectionStatus } from '../core/types.ts';
import { format, type Messages } from './locales/index.ts';
import { errorText } from './utils.ts';

/*
 * One connect view: for a server's flow snapshot and what the session's list says about it, what
 * every component shows — the step, its tone, the words, and the buttons, primary first. Pure, no
 * React: `ConnectionList`'s rows, `ConnectWizardDialog` and `ConnectionRequired` only lay it out,
 * and a host drawing its own card can use it as it is (docs/design.md, "The connect view").
 */

/** How a step reads at a glance. */
export type ViewTone = 'progress' | 'success' | 'warning' | 'error';

/** Where the view is shown: the words and the buttons differ a little. */
export type ConnectSurface = 'dialog' | 'card' | 'row';

export type ViewActionId = 'connect' | 'retry' | 'reopen' | 'open-window' | 'open-setup' | 'cancel' | 'continue' | 'done' | 'disconnect';

/** A button of the view. Its `id` says what it does; the component maps it to the wizard's action. */
export interface ViewAction {
  id: ViewActionId;
  label: string;
  /** The one button a view leads with. */
  primary: boolean;
  /** Shown, but under way: nothing happens on a click (the row keeps its button, so focus stays). */
  busy?: boolean;
}

export interface ConnectViewOptions {
  /** @defaultValue `'dialog'` */
  surface?: ConnectSurface;
  /** Display name when the list does not know the server, or only knows its id. */
  name?: string | undefined;
  /** A setup page a tool result offers (a connection request's `wizardUrl`), checked already. */
  setupUrl?: string | undefined;
  /** The host resumes on connection (`onConnected` given): a connected card offers Continue. */
  canResume?: boolean;
  /** This card's tool call was resumed already. */
  resumed?: boolean;
  /** The client can disconnect (REST): a connected row offers Disconnect. @defaultValue true */
  canDisconnect?: boolean;
}

export interface ConnectView {
  /** The step to show: the flow's, except `connected` while idle when the list says it is usable. */
  status: ConnectFlowStatus;
  tone: ViewTone | undefined;
  /** Something is under way with nothing to click: show a spinner. */
  busy: boolean;
  /** The name to show: the list's, else the given name, else the id. */
  name: string;
  /** The card's and the dialog's heading. */
  title: string;
  /** The sentence for the step; `''` when there is nothing to say. */
  message: string;
  /** A second line: the popup looks closed, or an operator can finish setup. */
  hint: string;
  /** The buttons, the primary one first. */
  actions: ViewAction[];
  /** Where the list says the server stands (`undefined` while it loads or does not know it). */
  listStatus: ConnectionStatus | undefined;
  /** The server needs no connection (`not_required`): nothing to do, said in its own words. */
  usableAsIs: boolean;
}

/**
 * One tone per step for every component (the list's progress line, the dialog's and the card's
 * status, as `data-tone`), so a status looks the same wherever it shows. `idle` has none.
 */
export const VIEW_TONES: Record<ConnectFlowStatus, ViewTone | undefined> = {
  idle: undefined,
  checking: 'progress',
  opening: 'progress',
  waiting: 'progress',
  verifying: 'progress',
  connected: 'success',
  needs_setup: 'warning',
  blocked: 'warning',
  cancelled: 'warning',
  expired: 'warning',
  error: 'error',
};

/** Failures that say this client cannot sign in to the server here: an operator's setup page can. */
const NEEDS_OPERATOR: ReadonlySet<ConnectionsErrorCode> = /* @__PURE__ */ new Set([
  'forbidden',
  'not_found',
  'oauth_redirect_required',
  'unsupported',
]);

/**
 * What a server's connect UI shows now, for a surface: a pure function of the flow's snapshot, the
 * list's row and the messages.
 *
 * @example
 * ```tsx
 * const wizard = useConnectionWizard('mercado-pago');
 * const { connections } = useConnections();
 * const view = connectView(wizard, connections.find((c) => c.id === 'mercado-pago'), LOCALES.en);
 * // view.message, view.tone, view.actions: [{ id: 'connect', label: 'Connect', primary: true }]
 * ```
 */
export function connectView(
  snapshot: ConnectFlowSnapshot,
  connection: Connection | undefined,
  t: Messages,
  options: ConnectViewOptions = {},
): ConnectView {
  const { surface = 'dialog', setupUrl, canResume = false, resumed = false, canDisconnect = true } = options;
  const listStatus = connection?.status;
  const usableAsIs = snapshot.status === 'idle' && listStatus === 'not_required';
  // A server connected before the flow ran (or needing nothing): connected without a click.
  const listUsable = listStatus === 'connected' || listStatus === 'not_required';
  const status: ConnectFlowStatus = snapshot.status === 'idle' && listUsable ? 'connected' : snapshot.status;
  // The meta-tool's list only knows ids (`name === id`): a host-given name reads better then.
  const listName = connection && connection.name !== connection.id ? connection.name : undefined;
  const name = listName ?? options.name ?? connection?.name ?? snapshot.serverId;
  const values = { name };

  const cannotSignIn = status === 'error' && snapshot.error !== undefined && NEEDS_OPERATOR.has(snapshot.error.code);
  const offerSetup =
    surface === 'card' &&
    setupUrl !== undefined &&
    (cannotSignIn || ((status === 'idle' || status === 'cancelled') && listStatus === 'needs_setup'));
  const offerContinue = surface === 'card' && status === 'connected' && !resumed && canResume;

  let message = stepMessage(t, status, values, snapshot, surface, usableAsIs);
  if (offerContinue && !usableAsIs) message = format(t.required.alreadyConnected, values);
  const hint = status === 'waiting' && snapshot.popupClosed ? t.wizard.popupClosed : offerSetup ? format(t.required.setupHint, values) : '';

  const title =
    surface === 'card'
      ? format(usableAsIs ? t.required.readyTitle : status === 'connected' ? t.required.connectedTitle : t.required.title, values)
      : format(t.wizard.title, values);

  let actions = stepActions(t, status, values, snapshot, listStatus);
  if (surface === 'dialog' && status === 'connected') actions = [{ id: 'done', label: t.action.done, primary: true }];
  if (offerContinue) actions = [{ id: 'continue', label: t.required.continue, primary: true }];
  if (offerSetup) {
    const setup: ViewAction = { id: 'open-setup', label: t.wizard.openSetup, primary: cannotSignIn };
    // Retrying a sign-in this client cannot do helps no one: the setup page leads.
    actions = cannotSignIn ? [setup, ...actions.map((action) => ({ ...action, primary: false }))] : [...actions, setup];
  }
  if (surface === 'row') actions = rowActions(t, status, snapshot, listStatus, canDisconnect, actions);

  return {
    status,
    tone: surface === 'row' ? rowTone(status, snapshot, listStatus) : VIEW_TONES[status],
    busy: flowFlags(status).isBusy,
    name,
    title,
    message: surface === 'row' && rowTone(status, snapshot, listStatus) === undefined ? '' : message,
    hint,
    actions,
    listStatus,
    usableAsIs,
  };
}

/**
 * The action that fits where a server stands: Finish setup for `needs_setup`, Reconnect for an
 * `expired` or failing (`error`) connection, Connect otherwise.
 */
function connectLabel(t: Messages, status: ConnectionStatus | undefined): string {
  if (status === 'needs_setup') return t.action.finishSetup;
  if (status === 'expired' || status === 'error') return t.action.reconnect;
  return t.action.connect;
}

function stepMessage(
  t: Messages,
  status: ConnectFlowStatus,
  values: { name: string },
  snapshot: ConnectFlowSnapshot,
  surface: ConnectSurface,
  usableAsIs: boolean,
): string {
  switch (status) {
    case 'idle':
      return '';
    case 'checking':
    case 'opening':
    case 'waiting':
    case 'verifying':
    case 'blocked':
      return format(t.wizard[status], values);
    case 'needs_setup':
      return format(t.wizard.needsSetup, values);
    case 'connected':
      if (usableAsIs) return format(t.wizard.notRequired, values);
      // The chat card speaks to the conversation; the dialog and the row name the server.
      return format(surface === 'card' ? t.required.connected : t.wizard.connected, values);
    case 'cancelled':
      // The user came back with the popup closed: say so rather than a bare "cancelled".
      return snapshot.error?.code === 'popup_closed' ? errorText(t, snapshot.error) : t.wizard.cancelled;
    case 'expired':
      return t.wizard.expired;
    case 'error':
      return snapshot.error?.code === 'provider_denied' ? format(t.wizard.denied, values) : errorText(t, snapshot.error);
  }
}

/** The buttons a step offers in the dialog and the card, primary first. */
function stepActions(
  t: Messages,
  status: ConnectFlowStatus,
  values: { name: string },
  snapshot: ConnectFlowSnapshot,
  listStatus: ConnectionStatus | undefined,
): ViewAction[] {
  const cancel: ViewAction = { id: 'cancel', label: t.action.cancel, primary: false };
  switch (status) {
    case 'idle':
    case 'cancelled':
      return [{ id: 'connect', label: connectLabel(t, listStatus), primary: true }];
    case 'waiting':
      return snapshot.popupClosed ? [{ id: 'reopen', label: t.wizard.reopen, primary: true }, cancel] : [cancel];
    case 'blocked':
      return [{ id: 'open-window', label: format(t.wizard.openWindow, values), primary: true }, cancel];
    case 'needs_setup':
      return [{ id: 'open-setup', label: t.wizard.openSetup, primary: true }, cancel];
    case 'error':
    case 'expired':
      return [{ id: 'retry', label: t.action.retry, primary: true }];
    default:
      return [];
  }
}

/**
 * A list row keeps one main button, the same element whatever it says, so focus stays on it as the
 * flow moves on: Connect → (busy) → "Open Mercado Pago" when the popup was blocked → Connect again;
 * Disconnect once connected. A server that needs no connection offers nothing to click.
 */
function rowActions(
  t: Messages,
  status: ConnectFlowStatus,
  snapshot: ConnectFlowSnapshot,
  listStatus: ConnectionStatus | undefined,
  canDisconnect: boolean,
  stepped: ViewAction[],
): ViewAction[] {
  if (listStatus === 'not_required') return [];
  if (listStatus === 'connected') return canDisconnect ? [{ id: 'disconnect', label: t.action.disconnect, primary: false }] : [];
  const connect: ViewAction = { id: 'connect', label: connectLabel(t, listStatus), primary: true };
  if (!isPendingStatus(status)) return [connect];
  const cancel: ViewAction = { id: 'cancel', label: t.action.cancel, primary: false };
  // A window to open again (blocked, operator setup, closed popup) takes the main button's place.
  const reopen = snapshot.url ? stepped.find((a) => a.id === 'open-window' || a.id === 'open-setup' || a.id === 'reopen') : undefined;
  return [reopen ?? { ...connect, primary: false, busy: true }, cancel];
}

/** The row's progress line: the dialog's words while a flow runs; nothing for a quiet cancel. */
function rowTone(status: ConnectFlowStatus, snapshot: ConnectFlowSnapshot, listStatus: ConnectionStatus | undefined): ViewTone | undefined {
  if (listStatus === 'connected' || listStatus === 'not_required') return snapshot.status === 'connected' ? 'success' : undefined;
  // A row the user cancelled goes quietly back to its button; a closed popup still says why.
  if (status === 'cancelled' && snapshot.error?.code !== 'popup_closed') return undefined;
  return VIEW_TONES[status];
}
