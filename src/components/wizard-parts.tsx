'use client';
import type { ButtonHTMLAttributes, ReactNode } from 'react';
import type { ConnectFlowStatus } from '../core/flow-state.ts';
import type { UseConnectionWizardOptions } from '../react/use-connection-wizard.ts';
import { type ConnectView, VIEW_TONES, type ViewAction } from './connect-view.ts';
import type { UIProps } from './ui-context.tsx';
import { cx } from './utils.ts';

/* Parts `ConnectWizardDialog` and `ConnectionRequired` both render. */

/** The host's props for the button that starts connecting (Connect, Try again). */
export type ConnectButtonProps = Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'children' | 'type'>;

/** What both connect components (`ConnectWizardDialog`, `ConnectionRequired`) take. */
export interface ConnectComponentProps extends UIProps {
  /** The server to connect, e.g. `"mercado-pago"`. */
  serverId: string;
  /** Display name when the session's list does not know the server. @defaultValue the list's name, else `serverId` */
  name?: string;
  /** An image URL for the provider's logo. @defaultValue initials on a colour from `serverId` */
  logo?: string;
  /**
   * Called once when the connection succeeds: resume the tool call here. Not called for a server
   * that was already connected when the component mounted.
   */
  onConnected?: UseConnectionWizardOptions['onConnected'];
  /** Called once when an attempt ends in `error` or `expired`. */
  onError?: UseConnectionWizardOptions['onError'];
  /** Overrides the provider's `redirectUrl`. @defaultValue `<ConnectionsProvider redirectUrl>` */
  redirectUrl?: string;
  /** Overrides the provider's default OAuth scopes. @defaultValue the provider's */
  scopes?: string[];
  /**
   * Props for the button that starts connecting (Connect, Try again). Its `onClick` runs first; call
   * `event.preventDefault()` in it to stop the flow from starting (e.g. to confirm something first).
   */
  connectButtonProps?: ConnectButtonProps;
}

/**
 * One button of a view. The Connect and Try again buttons take the host's `connectButtonProps`: their
 * `onClick` runs first, and a `preventDefault()` there stops ours: the host has the last word.
 */
export function ActionButton({
  action,
  onRun,
  styled,
  own,
  className,
}: {
  action: ViewAction;
  /** Runs inside the click: `start()` and `openFallback()` open the popup from it. */
  onRun: (action: ViewAction) => void;
  styled: boolean;
  own?: ConnectButtonProps | undefined;
  className?: string | undefined;
}) {
  const props = action.id === 'connect' || action.id === 'retry' ? own : undefined;
  return (
    <button
      {...props}
      type="button"
      data-action={action.id}
      data-variant={action.primary ? 'primary' : undefined}
      aria-disabled={action.busy || undefined}
      className={cx(styled && 'csp-button', className, props?.className)}
      onClick={(event) => {
        props?.onClick?.(event);
        if (!event.defaultPrevented && !action.busy) onRun(action);
      }}
    >
      {action.label}
    </button>
  );
}

/** A decorative 16 px stroke icon: the text next to it always says the same thing. */
function Icon({ className, children }: { className?: string | undefined; children: ReactNode }) {
  return (
    <svg
      aria-hidden="true"
      focusable="false"
      width="16"
      height="16"
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.75"
      strokeLinecap="round"
      strokeLinejoin="round"
      className={className}
    >
      {children}
    </svg>
  );
}

export function CloseIcon() {
  return (
    <Icon>
      <path d="m4 4 8 8M12 4l-8 8" />
    </Icon>
  );
}

/** The icon of a view that is not busy, if it has one (busy views show the spinner instead). */
export function StatusIcon({ view, className }: { view: ConnectFlowStatus; className?: string | undefined }) {
  if (view === 'connected') {
    // A check in a circle.
    return (
      <Icon className={className}>
        <circle cx="8" cy="8" r="6.5" />
        <path d="m5.2 8.2 1.9 1.9 3.7-4" />
      </Icon>
    );
  }
  if (view === 'waiting') {
    // A window with an arrow: the step waits on the provider's window.
    return (
      <Icon className={className}>
        <path d="M13.5 9.5v3a1 1 0 0 1-1 1h-9a1 1 0 0 1-1-1v-9a1 1 0 0 1 1-1h3" />
        <path d="M9.5 2.5h4v4M13.5 2.5 8 8" />
      </Icon>
    );
  }
  const tone = VIEW_TONES[view];
  if (tone === 'warning' || tone === 'error') {
    // An exclamation mark in a circle: blocked, needs setup, cancelled, expired, error.
    return (
      <Icon className={className}>
        <circle cx="8" cy="8" r="6.5" />
        <path d="M8 4.8v3.7M8 11h.01" />
      </Icon>
    );
  }
  return null;
}

/**
 * The status line both connect components show: a spinner or an icon, then the sentence (and a hint)
 * in a polite live region. `slot` and `prefix` name its parts (`connection-required`, `csp-required`).
 */
export function WizardStatus({
  slot,
  prefix,
  styled,
  view,
  className,
}: {
  slot: string;
  prefix: string;
  styled: boolean;
  view: ConnectView;
  className?: string | undefined;
}) {
  return (
    <div
      data-slot={`${slot}-status`}
      data-status={view.status}
      data-tone={view.tone}
      className={cx(styled && `${prefix}-status`, className)}
    >
      {view.busy ? (
        <span aria-hidden="true" className={cx(styled && `csp-spinner ${prefix}-status-icon`)} />
      ) : (
        <StatusIcon view={view.status} className={cx(styled && `${prefix}-status-icon`)} />
      )}
      <p role="status" aria-live="polite" className={cx(styled && `${prefix}-message`)}>
        {view.message}
        {view.hint ? <span className={cx(styled && `${prefix}-hint`)}>{view.hint}</span> : null}
      </p>
    </div>
  );
}
