'use client';
import type { CSSProperties } from 'react';
import { cx, hueOf, initials } from '../utils.ts';

export interface ProviderLogoProps {
  id: string;
  name: string;
  /** An image URL for the logo; without one, initials on a colour from the id. */
  src?: string | undefined;
  size?: number;
  unstyled?: boolean;
  className?: string;
}

/**
 * A provider's logo, or its initials on a stable colour. Decorative: the name is always next to it.
 *
 * @example
 * ```tsx
 * <ProviderLogo id="mercado-pago" name="Mercado Pago" /> // "MP"
 * ```
 */
export function ProviderLogo({ id, name, src, size = 36, unstyled, className }: ProviderLogoProps) {
  const style = unstyled ? undefined : ({ '--csp-logo-size': `${size}px`, '--csp-logo-hue': hueOf(id) } as CSSProperties);
  return (
    <span data-slot="provider-logo" aria-hidden="true" className={cx(!unstyled && 'csp-logo', className)} style={style}>
      {src ? <img src={src} alt="" width={size} height={size} /> : initials(name)}
    </span>
  );
}
