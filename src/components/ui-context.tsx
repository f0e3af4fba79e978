'use client';
import { createContext, type ReactNode, useContext, useMemo } from 'react';
import { type Locale, type MessageOverrides, type Messages, matchLocale, mergeMessages } from './locales/index.ts';

/** Settings every styled component reads; each component's own props win. */
export interface ConnectUIProviderProps {
  /** @defaultValue from `navigator.language` (`pt*` → pt-BR, `es*` → es, else en) */
  locale?: Locale;
  /** Any subset of the strings, overriding the locale's. */
  messages?: MessageOverrides;
  /** Forces a theme on the components; otherwise they follow `prefers-color-scheme`. */
  theme?: 'light' | 'dark';
  /** Renders without the library's styles: only `data-slot` / `data-status` hooks and your classes. */
  unstyled?: boolean;
  children?: ReactNode;
}

interface UIContextValue {
  locale?: Locale | undefined;
  messages?: MessageOverrides | undefined;
  theme?: 'light' | 'dark' | undefined;
  unstyled?: boolean | undefined;
}

const UIContext = /* @__PURE__ */ createContext<UIContextValue>({});

/**
 * Sets the locale, string overrides, theme and `unstyled` for every styled component below it.
 *
 * @example
 * ```tsx
 * <ConnectUIProvider locale="pt-BR" theme="dark" messages={{ action: { connect: 'Vincular' } }}>
 *   <ConnectionList />
 * </ConnectUIProvider>
 * ```
 */
export function ConnectUIProvider({ children, locale, messages, theme, unstyled }: ConnectUIProviderProps) {
  const memo = useMemo(() => ({ locale, messages, theme, unstyled }), [locale, messages, theme, unstyled]);
  return <UIContext.Provider value={memo}>{children}</UIContext.Provider>;
}

/** Props every styled component takes. */
export interface UIProps {
  /** @defaultValue the `<ConnectUIProvider>` locale, else `navigator.language` */
  locale?: Locale;
  /** Overrides any string. */
  messages?: MessageOverrides;
  /** Forces `light` or `dark` (sets `data-theme`). */
  theme?: 'light' | 'dark';
  /** Drops the library's styles (no `csp-` classes): style it through `data-slot` / `data-status`. */
  unstyled?: boolean;
  /** Merged last onto the root element. */
  className?: string;
}

export interface ResolvedUI {
  t: Messages;
  locale: Locale;
  theme: 'light' | 'dark' | undefined;
  unstyled: boolean;
}

/** Resolves a component's UI props against `<ConnectUIProvider>` and the browser. */
export function useUI(props: UIProps): ResolvedUI {
  const ctx = useContext(UIContext);
  const locale = props.locale ?? ctx.locale ?? matchLocale(typeof navigator === 'undefined' ? undefined : navigator.language);
  const t = useMemo(() => mergeMessages(locale, ctx.messages, props.messages), [locale, ctx.messages, props.messages]);
  return { t, locale, theme: props.theme ?? ctx.theme, unstyled: props.unstyled ?? ctx.unstyled ?? false };
}
