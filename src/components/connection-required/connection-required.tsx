'use client';
import { type ForwardedRef, forwardRef, type HTMLAttributes, useEffect, useId, useRef, useState, useSyncExternalStore } from 'react';
import { type ConnectionRequest, readConnectionRequest } from '../../core/connection-request.ts';
import type { ViewAction } from '../connect-view.ts';
import { format } from '../locales/index.ts';
import { ProviderLogo } from '../provider-logo/provider-logo.tsx';
import { SetupDetails } from '../setup-details/setup-details.tsx';
import { useUI } from '../ui-context.tsx';
import { runViewAction, useConnectView, useFocusFollow } from '../use-connect-view.ts';
import { cx } from '../utils.ts';
import { ActionButton, type ConnectComponentProps, WizardStatus } from '../wizard-parts.tsx';
import { resumeLedger } from './resume-ledger.ts';

/** The request a card resumed, with the new connection's id when the flow learned it. */
export interface ConnectedRequest extends ConnectionRequest {
  connectionId?: string | undefined;
}

/** The parts of a {@link ConnectionRequired} card that take a class through `classNames` (the root takes `className`). */
export type ConnectionRequiredPart = 'header' | 'title' | 'reason' | 'body' | 'status' | 'setup' | 'actions' | 'action';

export interface ConnectionRequiredProps
  extends Omit<ConnectComponentProps, 'serverId' | 'onConnected'>,
    Omit<HTMLAttributes<HTMLDivElement>, 'className' | 'children' | 'onError'> {
  /**
   * What the tool call returned, as the chat holds it: an AI SDK message part, an MCP tool result,
   * JSON text, seed 003's `{ needs_connection: wizard_url }`, a meta-tool or discover result, or a
   * {@link ConnectionRequest}. Read with {@link readConnectionRequest}: the card renders nothing for
   * a value that is not a request (a part whose output has not arrived, a connected server).
   */
  request?: unknown;
  /** The server to connect, when there is no tool result to read. Ignored when `request` is given. */
  serverId?: string;
  /** Why the assistant needs it, in the user's words (shown as text). */
  reason?: string;
  /**
   * Resume the tool call here. Called at most once per tool call (`toolCallId`; the card itself when
   * there is none) for the life of the page: when the card's own flow connects the server, when the
   * server gets connected elsewhere while the card waits, or when the user clicks Continue on a card
   * that mounted already connected. Never by itself on mount: an old thread must not re-run old calls.
   */
  onConnected?: (request: ConnectedRequest) => void;
  /** A class for each inner part. @defaultValue `{}` */
  classNames?: Partial<Record<ConnectionRequiredPart, string>>;
}

/** Cards without a `toolCallId` resume once in their own life: a key no other card has. */
let cardCount = 0;

/**
 * The card an assistant message shows when a tool call needs a provider the session lacks (the
 * connection bias loop: `needs_connection`). Hand it the tool call as the chat holds it; one click
 * on Connect opens the provider's window, the card follows each step inline and, once connected,
 * calls `onConnected` once so the host can resume the tool call. When the client cannot sign in to
 * the server itself (operator setup), it offers the request's checked `wizardUrl`.
 *
 * @example
 * ```tsx
 * // In an AI SDK chat: one card per tool part that asks for a connection.
 * {message.parts.map((part, index) => (
 *   <ConnectionRequired
 *     key={index}
 *     request={part}
 *     reason="To create the Pix charge of R$ 120,00."
 *     onConnected={({ serverId }) => sendMessage({ text: `I connected ${serverId}. Please go on.` })}
 *   />
 * ))}
 * ```
 */
export const ConnectionRequired = /* @__PURE__ */ forwardRef<HTMLDivElement, ConnectionRequiredProps>(function ConnectionRequired(
  { request, serverId, ...props },
  ref,
) {
  const read = readConnectionRequest(request !== undefined ? request : serverId !== undefined ? { serverId } : undefined);
  if (!read) return null;
  return <RequiredCard {...props} request={read} forwardedRef={ref} />;
});

type CardProps = Omit<ConnectionRequiredProps, 'request' | 'serverId'> & {
  request: ConnectionRequest;
  forwardedRef: ForwardedRef<HTMLDivElement>;
};

const NO_PARTS: Partial<Record<ConnectionRequiredPart, string>> = {};

function RequiredCard({
  request,
  forwardedRef,
  classNames = NO_PARTS,
  name: nameProp,
  reason,
  logo,
  onConnected,
  onError,
  redirectUrl,
  scopes,
  connectButtonProps,
  locale,
  messages,
  theme,
  unstyled,
  className,
  ...rest
}: CardProps) {
  const { t, theme: dataTheme, unstyled: isUnstyled } = useUI({ locale, messages, theme, unstyled });
  const styled = !isUnstyled;

  // One tool call is resumed once, whatever happens to this card, its twins or the shared flow.
  const [ownKey] = useState(() => `card:${++cardCount}`);
  const { serverId, wizardUrl, toolCallId } = request;
  const resumeKey = toolCallId ? `call:${toolCallId}` : ownKey;
  const resumed = useSyncExternalStore(
    resumeLedger.subscribe,
    () => resumeLedger.has(resumeKey),
    () => false,
  );
  const latest = useRef({ onConnected, request });
  useEffect(() => {
    latest.current = { onConnected, request };
  });
  const resume = (connectionId: string | undefined) => {
    const { onConnected: callback, request: current } = latest.current;
    if (!callback || !resumeLedger.claim(resumeKey)) return;
    callback({ ...current, ...(connectionId ? { connectionId } : {}) });
  };

  const { wizard, view, connectionId } = useConnectView(serverId, t, {
    surface: 'card',
    name: nameProp,
    setupUrl: wizardUrl,
    canResume: onConnected !== undefined,
    resumed,
    onError,
    redirectUrl,
    scopes,
    onConnected: (result) => resume(result.connectionId),
  });
  const { name } = view;

  const container = useFocusFollow(forwardedRef, view.status, rest);
  const titleId = useId();

  const run = (action: ViewAction) => {
    if (action.id === 'continue') resume(connectionId);
    else runViewAction(action.id, wizard, { setupUrl: wizardUrl });
  };

  return (
    // biome-ignore lint/a11y/useSemanticElements: a card in a message, not form controls: <fieldset> would misdescribe it.
    <div
      role="group"
      // A host's aria-label wins; otherwise the card is named by its title.
      aria-labelledby={rest['aria-label'] ? undefined : titleId}
      tabIndex={-1}
      {...rest}
      data-slot="connection-required"
      data-status={view.status}
      data-tone={view.tone}
      data-theme={dataTheme}
      data-resumed={resumed ? '' : undefined}
      className={cx(styled && 'csp csp-required', className)}
      // The card's ref (shared with the host's) and focus handlers.
      {...container}
    >
      <div data-slot="connection-required-header" className={cx(styled && 'csp-required-header', classNames.header)}>
        <ProviderLogo id={serverId} name={name} src={logo} size={32} unstyled={isUnstyled} />
        <div className={cx(styled && 'csp-required-heading')}>
          <p id={titleId} className={cx(styled && 'csp-required-title', classNames.title)}>
            {view.title}
          </p>
          {reason ? (
            <p data-slot="connection-required-reason" className={cx(styled && 'csp-required-reason', classNames.reason)}>
              {reason}
            </p>
          ) : null}
        </div>
      </div>

      {view.status === 'idle' ? (
        <p data-slot="connection-required-body" className={cx(styled && 'csp-required-body', classNames.body)}>
          {format(t.required.body, { name })}
        </p>
      ) : null}

      <WizardStatus slot="connection-required" prefix="csp-required" styled={styled} view={view} className={classNames.status} />
      {view.status === 'needs_setup' && wizard.setup ? (
        <SetupDetails setup={wizard.setup} t={t} slot="connection-required" styled={styled} className={classNames.setup} />
      ) : null}

      {view.actions.length > 0 ? (
        <div data-slot="connection-required-actions" className={cx(styled && 'csp-required-actions', classNames.actions)}>
          {view.actions.map((action) => (
            <ActionButton
              key={action.id}
              action={action}
              onRun={run}
              styled={styled}
              own={connectButtonProps}
              className={classNames.action}
            />
          ))}
        </div>
      ) : null}
    </div>
  );
}
