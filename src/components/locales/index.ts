import { en, type Messages } from './en.ts';
import { es } from './es.ts';
import { ptBR } from './pt-BR.ts';

export type { Messages };

/** The locales shipped. */
export type Locale = 'en' | 'pt-BR' | 'es';

export const LOCALES: Record<Locale, Messages> = { en, 'pt-BR': ptBR, es };

/** Any subset of the strings, to override the locale's. */
export type MessageOverrides = { [K in keyof Messages]?: Partial<Messages[K]> };

/**
 * Picks a shipped locale from a BCP 47 tag: `pt`, `pt-BR`, `pt-PT` → `pt-BR`; `es`, `es-MX` → `es`;
 * anything else → `en`.
 *
 * @example
 * ```ts
 * matchLocale(navigator.language); // 'es' on an es-CO browser
 * ```
 */
export function matchLocale(tag: string | undefined): Locale {
  const lang = tag?.toLowerCase().split(/[-_]/)[0];
  if (lang === 'pt') return 'pt-BR';
  if (lang === 'es') return 'es';
  return 'en';
}

/**
 * The locale's strings with the overrides laid over them, section by section.
 *
 * @example
 * ```ts
 * mergeMessages('pt-BR', { action: { connect: 'Vincular' } }).action.connect; // 'Vincular'
 * ```
 */
export function mergeMessages(locale: Locale, ...overrides: (MessageOverrides | undefined)[]): Messages {
  const base = LOCALES[locale];
  const out = { ...base } as Record<string, Record<string, string>>;
  for (const override of overrides) {
    if (!override) continue;
    for (const [section, strings] of Object.entries(override)) {
      if (strings) out[section] = { ...out[section], ...(strings as Record<string, string>) };
    }
  }
  return out as unknown as Messages;
}

/**
 * Fills `{name}`-style placeholders. Values are text: React renders them as text, never HTML.
 *
 * @example
 * ```ts
 * format('Connect {name}', { name: 'Mercado Pago' }); // 'Connect Mercado Pago'
 * ```
 */
export function format(template: string, values: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (match, key: string) => (Object.hasOwn(values, key) ? String(values[key]) : match));
}
