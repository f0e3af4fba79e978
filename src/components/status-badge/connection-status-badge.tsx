'use client';
import { forwardRef, type HTMLAttributes } from 'react';
import type { ConnectionStatus } from '../../core/types.ts';
import { type UIProps, useUI } from '../ui-context.tsx';
import { cx, own } from '../utils.ts';

export interface ConnectionStatusBadgeProps extends UIProps, Omit<HTMLAttributes<HTMLSpanElement>, 'className'> {
  status: ConnectionStatus;
}

/**
 * A small pill that says where a connection stands: connected, not connected, needs setup,
 * expired or error. Colour is never the only signal: the text says it too.
 *
 * @example
 * ```tsx
 * <ConnectionStatusBadge status="expired" locale="pt-BR" /> // "Expirado"
 * ```
 */
export const ConnectionStatusBadge = /* @__PURE__ */ forwardRef<HTMLSpanElement, ConnectionStatusBadgeProps>(function ConnectionStatusBadge(
  { status, locale, messages, theme, unstyled, className, ...rest },
  ref,
) {
  const ui = useUI({ locale, messages, theme, unstyled });
  return (
    <span
      {...rest}
      ref={ref}
      data-slot="connection-status-badge"
      data-status={status}
      data-theme={ui.theme}
      className={cx(!ui.unstyled && 'csp csp-badge', className)}
    >
      {own(ui.t.status, status) ?? status}
    </span>
  );
});
