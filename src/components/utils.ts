import type { ConnectionsError } from '../core/errors.ts';
import { own as ownValue } from '../core/validate.ts';
import type { Messages } from './locales/index.ts';

/** Joins class names, skipping empty ones. */
export function cx(...names: (string | false | null | undefined)[]): string | undefined {
  const joined = names.filter(Boolean).join(' ');
  return joined || undefined;
}

/**
 * The string `table` holds under `key` as its own entry, if any. Keys from the API ("__proto__",
 * "constructor", "toString"…) would otherwise find Object.prototype's members, which crash
 * rendering and sorting.
 */
export function own(table: object, key: string | undefined): string | undefined {
  const value = key === undefined ? undefined : ownValue(table, key);
  return typeof value === 'string' ? value : undefined;
}

/** The user-facing text for an error: the localized line for its code. Never HTML. */
export function errorText(t: Messages, error: ConnectionsError | undefined): string {
  return own(t.error, error?.code) ?? t.error.other;
}

/** Two letters for a provider without a logo: "Mercado Pago" → "MP", "Stripe" → "ST". */
export function initials(name: string): string {
  // An empty name gives `['']`: "?" all the same.
  const words = name
    .replace(/[^\p{L}\p{N} ]/gu, ' ')
    .trim()
    .split(/\s+/);
  const first = words[0] ?? '?';
  return ((first[0] ?? '?') + (words[1]?.[0] ?? first[1] ?? '')).toUpperCase();
}

/** A stable hue for a provider id, for its initials badge. */
export function hueOf(id: string): number {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) % 360;
  return h;
}
