'use client';
import { type HTMLAttributes, useId, useRef } from 'react';
import { isBusyView, useConnectView, useFocusFollow, VIEW_TONES, viewActions, viewMessage } from '../connect-view.ts';
import { format } from '../locales/index.ts';
import { ProviderLogo } from '../provider-logo/provider-logo.tsx';
import { useUI } from '../ui-context.tsx';
import { cx } from '../utils.ts';
import { ActionButton, type ConnectComponentProps, WizardStatus } from '../wizard-parts.tsx';

export interface ConnectionRequiredProps
  extends ConnectComponentProps,
    Omit<HTMLAttributes<HTMLDivElement>, 'className' | 'children' | 'onError'> {
  /** Why the assistant needs it, in the user's words (shown as text). */
  reason?: string;
}

/**
 * The card an assistant message shows when a tool call needs a provider the session lacks
 * (`needs_connection`, the connection bias loop of `codespar_manage_connections`). One click on
 * Connect opens the provider's window; the card follows each step inline and, once connected, says
 * so and calls `onConnected` once so the host can resume the tool call.
 *
 * @example
 * ```tsx
 * function ToolCallMessage({ call }: { call: PendingToolCall }) {
 *   return (
 *     <ConnectionRequired
 *       serverId={call.serverId}
 *       reason="To create the Pix charge of R$ 120,00."
 *       onConnected={() => call.resume()}
 *     />
 *   );
 * }
 * ```
 */
export function ConnectionRequired({
  serverId,
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
}: ConnectionRequiredProps) {
  const { t, theme: dataTheme, unstyled: isUnstyled } = useUI({ locale, messages, theme, unstyled });
  const styled = !isUnstyled;

  // One card resumes one tool call: at most one onConnected, whatever happens to the shared flow later.
  const resumed = useRef(false);
  const { wizard, view, name, listStatus } = useConnectView(serverId, {
    name: nameProp,
    onError,
    redirectUrl,
    scopes,
    onConnected: (result) => {
      if (resumed.current) return;
      resumed.current = true;
      onConnected?.(result);
    },
  });

  const rootRef = useRef<HTMLDivElement>(null);
  const focusTracking = useFocusFollow(rootRef, view);
  const titleId = useId();

  const message = viewMessage(t, view, name, wizard, t.required.connected);
  const hint = view === 'waiting' && wizard.popupClosed ? t.wizard.popupClosed : '';
  const actions = viewActions(t, view, name, wizard, listStatus);

  return (
    // biome-ignore lint/a11y/useSemanticElements: a card in a message, not form controls: <fieldset> would misdescribe it.
    <div
      role="group"
      // A host's aria-label wins; otherwise the card is named by its title.
      aria-labelledby={rest['aria-label'] ? undefined : titleId}
      tabIndex={-1}
      {...rest}
      ref={rootRef}
      data-slot="connection-required"
      data-status={view}
      data-tone={VIEW_TONES[view]}
      data-theme={dataTheme}
      className={cx(styled && 'csp csp-required', className)}
      onFocus={(event) => {
        rest.onFocus?.(event);
        focusTracking.onFocus();
      }}
      onBlur={(event) => {
        rest.onBlur?.(event);
        focusTracking.onBlur(event);
      }}
    >
      <div data-slot="connection-required-header" className={cx(styled && 'csp-required-header')}>
        <ProviderLogo id={serverId} name={name} src={logo} size={32} unstyled={isUnstyled} />
        <div className={cx(styled && 'csp-required-heading')}>
          <p id={titleId} className={cx(styled && 'csp-required-title')}>
            {format(view === 'connected' ? t.required.connectedTitle : t.required.title, { name })}
          </p>
          {reason ? (
            <p data-slot="connection-required-reason" className={cx(styled && 'csp-required-reason')}>
              {reason}
            </p>
          ) : null}
        </div>
      </div>

      {view === 'idle' ? (
        <p data-slot="connection-required-body" className={cx(styled && 'csp-required-body')}>
          {format(t.required.body, { name })}
        </p>
      ) : null}

      <WizardStatus
        slot="connection-required"
        prefix="csp-required"
        styled={styled}
        view={view}
        busy={isBusyView(view)}
        message={message}
        hint={hint}
      />

      {actions.length > 0 ? (
        <div data-slot="connection-required-actions" className={cx(styled && 'csp-required-actions')}>
          {actions.map((action) => (
            <ActionButton key={action.id} action={action} styled={styled} own={connectButtonProps} />
          ))}
        </div>
      ) : null}
    </div>
  );
}
