'use client';
import {
  type ChangeEvent,
  createContext,
  Fragment,
  forwardRef,
  type HTMLAttributes,
  type KeyboardEvent,
  memo,
  type ReactNode,
  useContext,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
} from 'react';
import { type ConnectionsError, isConnectionsError } from '../../core/errors.ts';
import type { Connection } from '../../core/types.ts';
import { useConnectionWizard } from '../../react/use-connection-wizard.ts';
import { useConnections } from '../../react/use-connections.ts';
import { connectView, type ViewTone } from '../connect-view.ts';
import { format, type Locale, type MessageOverrides, type Messages } from '../locales/index.ts';
import { ProviderLogo } from '../provider-logo/provider-logo.tsx';
import { ConnectionStatusBadge } from '../status-badge/connection-status-badge.tsx';
import { type UIProps, useUI } from '../ui-context.tsx';
import { runViewAction } from '../use-connect-view.ts';
import { cx, errorText, own } from '../utils.ts';

/** The parts of a {@link ConnectionList} that take a class through `classNames`. */
export type ConnectionListPart = 'toolbar' | 'search' | 'filter' | 'list' | 'item' | 'action' | 'empty' | 'error' | 'skeleton';

/** The ready-made pieces of one row, handed to `renderRow`. */
export interface ConnectionListRowParts {
  /** The row's buttons (Connect, Reconnect, Finish setup, Disconnect…), its confirmation and its progress line. */
  actions: ReactNode;
  /** A {@link ConnectionStatusBadge} for the connection's status. */
  badge: ReactNode;
  /** The provider's logo, or its initials. */
  logo: ReactNode;
}

export interface ConnectionListProps extends UIProps, Omit<HTMLAttributes<HTMLDivElement>, 'className' | 'children'> {
  /** Shows only these servers (in the API's order). @defaultValue every server of the session */
  serverIds?: string[];
  /** Shows only servers of these categories (`payments`, `fiscal`, …). @defaultValue every category */
  categories?: string[];
  /**
   * Renders a row's content yourself; it is still wrapped in the list item (`data-slot`,
   * `data-status`) so keyboard navigation and list semantics keep working. Keep it stable (a module
   * function or `useCallback`): a new function each render re-renders every row, as does a new
   * `messages` or `classNames` object.
   * @defaultValue the built-in row: logo, name, status, category, country, tools count, action
   */
  renderRow?: (connection: Connection, parts: ConnectionListRowParts) => ReactNode;
  /** The search box and filters show when there are more rows than this (a filter only when its rows differ in it). @defaultValue 8 */
  searchThreshold?: number;
  /** Logo image URLs by server id; servers without one show their initials. @defaultValue `{}` */
  logos?: Record<string, string>;
  /** Called when a server of the list becomes connected from one of its buttons. */
  onConnected?: (result: { serverId: string; connectionId?: string | undefined }) => void;
  /** Called when a server was disconnected from its row (after the API confirmed). */
  onDisconnected?: (result: { serverId: string }) => void;
  /** Overrides the provider's OAuth `redirectUrl` for the list's connect buttons. @defaultValue the provider's */
  redirectUrl?: string;
  /** A class for each inner part (the root takes `className`). @defaultValue `{}` */
  classNames?: Partial<Record<ConnectionListPart, string>>;
}

type Callbacks = Pick<ConnectionListProps, 'onConnected' | 'onDisconnected'>;

/** What every row reads. Its value only changes with the list's settings, never with the data. */
interface ListContextValue {
  t: Messages;
  locale: Locale;
  messages: MessageOverrides | undefined;
  theme: 'light' | 'dark' | undefined;
  unstyled: boolean;
  classNames: Partial<Record<ConnectionListPart, string>>;
  renderRow: ConnectionListProps['renderRow'];
  redirectUrl: string | undefined;
  /** `undefined` when the client cannot disconnect (the meta-tool): rows then offer no Disconnect. */
  disconnect: ((serverId: string) => Promise<void>) | undefined;
  callbacks: { readonly current: Callbacks };
  regionName: (country: string | undefined) => string | undefined;
}

const ListContext = /* @__PURE__ */ createContext<ListContextValue | null>(null);

const ITEM = '[data-slot="connection-list-item"]';
const ACTION = '[data-slot="connection-list-action"]:not(:disabled)';
const NO_PARTS: Partial<Record<ConnectionListPart, string>> = {};
const NO_LOGOS: Record<string, string> = {};

/**
 * Every connection of the session: logo, name, status, category, country and tools count, with the
 * action that fits its status (Connect, Reconnect, Finish setup, or Disconnect after a confirmation).
 * Loading, empty and error states included; a search box and filters appear once the list is long.
 * Arrow keys, Home and End move between the rows' buttons. Rows are memoized: when one connection
 * changes, only its row renders again.
 *
 * @example
 * ```tsx
 * <ConnectionsProvider client={client} redirectUrl="/oauth/done">
 *   <ConnectionList
 *     categories={['payments', 'fiscal']}
 *     logos={{ stripe: '/logos/stripe.svg' }}
 *     onConnected={({ serverId }) => toast(`${serverId} connected`)}
 *   />
 * </ConnectionsProvider>
 * ```
 */
export const ConnectionList = /* @__PURE__ */ forwardRef<HTMLDivElement, ConnectionListProps>(function ConnectionList(
  {
    serverIds,
    categories,
    renderRow,
    searchThreshold = 8,
    logos = NO_LOGOS,
    onConnected,
    onDisconnected,
    redirectUrl,
    classNames = NO_PARTS,
    className,
    locale,
    messages,
    theme,
    unstyled,
    ...rest
  },
  ref,
) {
  const ui = useUI({ locale, messages, theme, unstyled });
  const { t } = ui;
  const { connections, error, isLoading, isValidating, refresh, disconnect, canDisconnect } = useConnections();

  // The latest callbacks without making rows render again when a parent passes new arrows.
  const callbacks = useRef<Callbacks>({ onConnected, onDisconnected });
  useEffect(() => {
    callbacks.current = { onConnected, onDisconnected };
  });

  const regionName = useMemo(() => {
    let names: Intl.DisplayNames | undefined;
    try {
      names = new Intl.DisplayNames([ui.locale], { type: 'region' });
    } catch {
      // No region names in this runtime: countries show as the API sent them.
    }
    return (country: string | undefined) => {
      if (!country) return undefined;
      if (country.toUpperCase() === 'GLOBAL') return t.list.global;
      try {
        return names?.of(country.toUpperCase()) ?? country;
      } catch {
        return country; // not a region code Intl knows: show it as the API sent it
      }
    };
  }, [ui.locale, t]);

  const context = useMemo<ListContextValue>(
    () => ({
      t,
      locale: ui.locale,
      messages,
      theme: ui.theme,
      unstyled: ui.unstyled,
      classNames,
      renderRow,
      redirectUrl,
      disconnect: canDisconnect ? disconnect : undefined,
      callbacks,
      regionName,
    }),
    [t, ui.locale, messages, ui.theme, ui.unstyled, classNames, renderRow, redirectUrl, disconnect, canDisconnect, regionName],
  );

  // Arrays from props are compared by content: an inline `serverIds={[…]}` must not refilter.
  const serverIdsKey = serverIds?.join('\n');
  const categoriesKey = categories?.join('\n');
  const limited = useMemo(() => {
    const ids = serverIdsKey === undefined ? undefined : new Set(serverIdsKey.split('\n'));
    const cats = categoriesKey === undefined ? undefined : new Set(categoriesKey.split('\n'));
    if (!ids && !cats) return connections;
    return connections.filter((c) => (!ids || ids.has(c.id)) && (!cats || (c.category !== undefined && cats.has(c.category))));
  }, [connections, serverIdsKey, categoriesKey]);

  const [query, setQuery] = useState('');
  const [category, setCategory] = useState('');
  const [country, setCountry] = useState('');
  const hasToolbar = limited.length > searchThreshold;

  const categoryOptions = useMemo(
    () =>
      options(
        limited.map((c) => c.category ?? ''),
        (value) => categoryName(t, value) ?? value,
        ui.locale,
      ),
    [limited, t, ui.locale],
  );
  const countryOptions = useMemo(
    () =>
      options(
        limited.map((c) => c.country ?? ''),
        (value) => regionName(value) ?? value,
        ui.locale,
      ),
    [limited, regionName, ui.locale],
  );

  const visible = useMemo(() => {
    if (!hasToolbar) return limited;
    const needle = fold(query.trim());
    return limited.filter(
      (c) =>
        (!needle || fold(c.name).includes(needle) || fold(c.id).includes(needle)) &&
        (!category || c.category === category) &&
        (!country || c.country === country),
    );
  }, [limited, hasToolbar, query, category, country]);

  const searchId = useId();
  const hidden = ui.unstyled ? undefined : 'csp-visually-hidden';
  const part = (name: ConnectionListPart, styled: string) => cx(!ui.unstyled && styled, classNames[name]);

  const failed = error !== undefined && connections.length === 0;
  const loading = !failed && isLoading && connections.length === 0;
  const state = failed ? 'error' : loading ? 'loading' : limited.length === 0 ? 'empty' : 'ready';

  let body: ReactNode;
  if (failed) {
    body = <ErrorState t={t} error={error} isRetrying={isValidating} onRetry={refresh} part={part} />;
  } else if (loading) {
    body = (
      <div data-slot="connection-list-skeleton" aria-busy="true" className={part('skeleton', 'csp-list-skeleton')}>
        <span role="status" className={hidden}>
          {t.list.loading}
        </span>
        {ui.unstyled
          ? null
          : [0, 1, 2, 3].map((i) => (
              <div key={i} aria-hidden="true" className="csp-list-skeleton-row">
                <span className="csp-list-skeleton-logo" />
                <span className="csp-list-skeleton-lines">
                  <span className="csp-list-skeleton-line" />
                  <span className="csp-list-skeleton-line" data-short="" />
                </span>
                <span className="csp-list-skeleton-button" />
              </div>
            ))}
      </div>
    );
  } else if (limited.length === 0) {
    body = (
      <p data-slot="connection-list-empty" role="status" className={part('empty', 'csp-list-empty')}>
        {t.list.empty}
      </p>
    );
  } else {
    body = (
      <>
        {error ? <ErrorState t={t} error={error} isRetrying={isValidating} onRetry={refresh} part={part} isInline /> : null}
        {visible.length === 0 ? (
          <p data-slot="connection-list-empty" data-reason="filtered" role="status" className={part('empty', 'csp-list-empty')}>
            {t.list.noMatches}
          </p>
        ) : (
          // biome-ignore lint/a11y/noRedundantRoles: Safari drops list semantics from a styled <ul> without it.
          <ul role="list" aria-label={t.list.label} className={part('list', 'csp-list-items')} onKeyDown={moveFocus}>
            {visible.map((c) => (
              <Row key={c.id} connection={c} logo={own(logos, c.id)} />
            ))}
          </ul>
        )}
      </>
    );
  }

  return (
    <ListContext.Provider value={context}>
      <div
        {...rest}
        ref={ref}
        data-slot="connection-list"
        data-status={state}
        data-theme={ui.theme}
        className={cx(!ui.unstyled && 'csp csp-list', className)}
      >
        {hasToolbar && !failed && !loading ? (
          <div data-slot="connection-list-toolbar" className={part('toolbar', 'csp-list-toolbar')}>
            <label htmlFor={searchId} className={hidden}>
              {t.list.search}
            </label>
            <span className={ui.unstyled ? undefined : 'csp-list-field csp-list-field-search'}>
              <input
                id={searchId}
                type="search"
                data-slot="connection-list-search"
                className={part('search', 'csp-list-search')}
                placeholder={t.list.search}
                value={query}
                autoComplete="off"
                spellCheck={false}
                onChange={(event: ChangeEvent<HTMLInputElement>) => setQuery(event.target.value)}
              />
            </span>
            <FilterSelect
              filter="category"
              label={t.list.category}
              all={t.list.allCategories}
              options={categoryOptions}
              value={category}
              onChange={setCategory}
              unstyled={ui.unstyled}
              className={part('filter', 'csp-list-select')}
            />
            <FilterSelect
              filter="country"
              label={t.list.country}
              all={t.list.allCountries}
              options={countryOptions}
              value={country}
              onChange={setCountry}
              unstyled={ui.unstyled}
              className={part('filter', 'csp-list-select')}
            />
          </div>
        ) : null}
        {body}
      </div>
    </ListContext.Provider>
  );
});

function ErrorState({
  t,
  error,
  isRetrying,
  isInline,
  onRetry,
  part,
}: {
  t: Messages;
  error: ConnectionsError;
  isRetrying: boolean;
  isInline?: boolean;
  onRetry: () => Promise<unknown>;
  part: (name: ConnectionListPart, styled: string) => string | undefined;
}) {
  return (
    <div data-slot="connection-list-error" data-inline={isInline ? '' : undefined} role="alert" className={part('error', 'csp-list-error')}>
      <div className="csp-list-error-text">
        <p className="csp-list-error-title">{t.list.error}</p>
        <p className="csp-list-error-detail">{errorText(t, error)}</p>
      </div>
      <button
        type="button"
        data-slot="connection-list-action"
        data-action="retry"
        className={part('action', 'csp-button')}
        aria-disabled={isRetrying || undefined}
        onClick={() => {
          if (!isRetrying) onRetry().catch(() => {}); // the error is in `useConnections().error`
        }}
      >
        {t.action.retry}
      </button>
    </div>
  );
}

/** Unique non-empty values with their labels, sorted by label in the locale. */
function options(values: string[], label: (value: string) => string, locale: Locale): [string, string][] {
  const unique = [...new Set(values.filter(Boolean))];
  return unique.map((value): [string, string] => [value, label(value)]).sort((a, b) => a[1].localeCompare(b[1], locale));
}

/** The category in the user's words; `undefined` when the API gave none. */
function categoryName(t: Messages, category: string | undefined): string | undefined {
  return category ? (own(t.category, category) ?? category) : undefined;
}

/** Case- and accent-insensitive form for search: "São" matches "sao". */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * Arrow keys, Home and End move between the rows' first buttons. Every button stays in the tab
 * order (Tab still works as anywhere else); this only adds a faster way down a long list.
 */
function moveFocus(event: KeyboardEvent<HTMLUListElement>) {
  const { key } = event;
  if (key !== 'ArrowDown' && key !== 'ArrowUp' && key !== 'Home' && key !== 'End') return;
  const target = event.target as HTMLElement;
  // A custom row may hold its own inputs: their arrow keys are theirs.
  if (target.closest('input, select, textarea, [contenteditable="true"]')) return;
  const items = [...event.currentTarget.querySelectorAll<HTMLElement>(`:scope > ${ITEM}`)];
  const current = items.findIndex((item) => item.contains(target));
  if (current < 0) return;
  const forward = key === 'ArrowDown' || key === 'Home';
  const step = forward ? 1 : -1; // End walks back from the last row
  const start = key === 'Home' ? 0 : key === 'End' ? items.length - 1 : current + step;
  for (let i = start; i >= 0 && i < items.length; i += step) {
    const action = items[i]?.querySelector<HTMLElement>(ACTION);
    if (action) {
      event.preventDefault();
      action.focus();
      return;
    }
  }
}

interface RowProps {
  connection: Connection;
  logo: string | undefined;
}

type DisconnectState =
  | { status: 'idle' }
  | { status: 'confirming' }
  | { status: 'disconnecting' }
  | { status: 'failed'; error: ConnectionsError | undefined };

/** The fields a row shows: a row renders again only when one of them (or its logo) changed. */
const ROW_FIELDS = [
  'id',
  'name',
  'status',
  'connected',
  'category',
  'country',
  'toolsCount',
  'authType',
  'connectionId',
  'connectedAt',
] as const satisfies readonly (keyof Connection)[];

function sameRow(a: RowProps, b: RowProps): boolean {
  return a.logo === b.logo && ROW_FIELDS.every((field) => a.connection[field] === b.connection[field]);
}

/** One connection. Its wizard and its confirmation live here, so nothing else renders when they change. */
const Row = /* @__PURE__ */ memo(function Row({ connection, logo }: RowProps) {
  const ctx = useContext(ListContext) as ListContextValue;
  const { t, unstyled, classNames } = ctx;
  const { id, name, status } = connection;
  const nameId = useId();
  const confirmId = useId();
  const primaryRef = useRef<HTMLButtonElement>(null);
  const keepRef = useRef<HTMLButtonElement>(null);
  const focusNext = useRef<'primary' | 'keep' | null>(null);
  const [removal, setRemoval] = useState<DisconnectState>({ status: 'idle' });

  const wizard = useConnectionWizard(id, {
    onConnected: (result) => ctx.callbacks.current.onConnected?.(result),
    redirectUrl: ctx.redirectUrl,
  });

  // Focus moves into the confirmation and back out of it (after the row rendered).
  useEffect(() => {
    const target = focusNext.current;
    if (!target) return;
    focusNext.current = null;
    (target === 'keep' ? keepRef : primaryRef).current?.focus();
  });

  const styled = (name: string) => (unstyled ? undefined : name);
  // A custom row may not render the name: then the buttons have no name element to point at.
  const describedBy = ctx.renderRow ? undefined : nameId;
  const actionClass = cx(!unstyled && 'csp-button', classNames.action);
  const isConnected = status === 'connected';
  const isConfirming = isConnected && removal.status === 'confirming';

  const keep = () => {
    focusNext.current = 'primary';
    setRemoval({ status: 'idle' });
  };
  const confirm = () => {
    focusNext.current = 'primary';
    setRemoval({ status: 'disconnecting' });
    ctx.disconnect?.(id).then(
      () => {
        setRemoval({ status: 'idle' });
        ctx.callbacks.current.onDisconnected?.({ serverId: id });
      },
      (error: unknown) => setRemoval({ status: 'failed', error: isConnectionsError(error) ? error : undefined }),
    );
  };

  // The row's buttons and progress line come from the one connect view; the confirmation of a
  // disconnect is the row's own.
  const view = connectView(wizard, connection, t, { surface: 'row', canDisconnect: ctx.disconnect !== undefined });
  // A row's view has its main button and, while a flow runs, Cancel after it.
  const [main, cancel] = view.actions;
  const onMain = () => {
    if (!main || main.busy) return;
    if (main.id === 'disconnect') {
      if (removal.status === 'disconnecting') return;
      if (removal.status === 'confirming') return keep();
      focusNext.current = 'keep';
      setRemoval({ status: 'confirming' });
      return;
    }
    if (removal.status === 'failed') setRemoval({ status: 'idle' });
    runViewAction(main.id, wizard); // straight from the click: the popup must open before any await
  };
  const note: { tone: ViewTone; text: string } | undefined =
    removal.status === 'failed'
      ? { tone: 'error', text: errorText(t, removal.error) }
      : view.tone
        ? { tone: view.tone, text: view.hint || view.message }
        : undefined;

  const actions = (
    <>
      <div data-slot="connection-list-actions" className={styled('csp-list-actions')}>
        {main ? (
          <button
            ref={primaryRef}
            type="button"
            data-slot="connection-list-action"
            data-action={main.id}
            data-variant={main.primary ? 'primary' : undefined}
            className={actionClass}
            aria-describedby={describedBy}
            aria-expanded={main.id === 'disconnect' ? isConfirming : undefined}
            aria-controls={isConfirming ? confirmId : undefined}
            aria-disabled={main.busy || (main.id === 'disconnect' && removal.status === 'disconnecting') || undefined}
            onClick={onMain}
          >
            {main.label}
          </button>
        ) : null}
        {cancel ? (
          <button
            type="button"
            data-slot="connection-list-action"
            data-action="cancel"
            className={actionClass}
            aria-describedby={describedBy}
            onClick={() => {
              focusNext.current = 'primary';
              wizard.cancel();
            }}
          >
            {cancel.label}
          </button>
        ) : null}
      </div>
      {isConfirming ? (
        // biome-ignore lint/a11y/useSemanticElements: a <fieldset> would bring the browser's border and padding into `unstyled`.
        <div
          id={confirmId}
          role="group"
          aria-labelledby={`${confirmId}-text`}
          data-slot="connection-list-confirm"
          className={styled('csp-list-confirm')}
          onKeyDown={(event) => {
            if (event.key !== 'Escape') return;
            event.preventDefault();
            keep();
          }}
        >
          <p id={`${confirmId}-text`} className={styled('csp-list-confirm-text')}>
            {format(t.action.confirmDisconnect, { name })}
          </p>
          <div className={styled('csp-list-confirm-buttons')}>
            <button
              ref={keepRef}
              type="button"
              data-slot="connection-list-action"
              data-action="keep"
              className={actionClass}
              onClick={keep}
            >
              {t.action.keep}
            </button>
            <button
              type="button"
              data-slot="connection-list-action"
              data-action="confirm-disconnect"
              data-variant="danger"
              className={actionClass}
              onClick={confirm}
            >
              {t.action.confirmDisconnectYes}
            </button>
          </div>
        </div>
      ) : null}
      {/* Always in the DOM: a live region must exist before its text changes to be announced. */}
      <p role="status" data-slot="connection-list-progress" data-tone={note?.tone} className={styled('csp-list-note')}>
        {note?.tone === 'progress' && !unstyled ? <span aria-hidden="true" className="csp-spinner" /> : null}
        {note?.text}
      </p>
    </>
  );

  const logoPart = <ProviderLogo id={id} name={name} src={logo} unstyled={unstyled} />;
  const badge = <ConnectionStatusBadge status={status} locale={ctx.locale} messages={ctx.messages} theme={ctx.theme} unstyled={unstyled} />;
  const itemClass = cx(!unstyled && 'csp-list-item', classNames.item);

  if (ctx.renderRow) {
    return (
      <li data-slot="connection-list-item" data-status={status} data-flow={wizard.status} data-custom="" className={itemClass}>
        {ctx.renderRow(connection, { actions, badge, logo: logoPart })}
      </li>
    );
  }

  const tools =
    connection.toolsCount === undefined
      ? undefined
      : connection.toolsCount === 1
        ? t.list.oneTool
        : format(t.list.tools, { count: connection.toolsCount });
  const meta: [slot: string, text: string | undefined][] = [
    ['category', categoryName(t, connection.category)],
    ['country', ctx.regionName(connection.country)],
    ['tools', tools],
  ];

  return (
    <li data-slot="connection-list-item" data-status={status} data-flow={wizard.status} className={itemClass}>
      {logoPart}
      <div className={styled('csp-list-main')}>
        <div className={styled('csp-list-heading')}>
          <span id={nameId} className={styled('csp-list-name')}>
            {name}
          </span>{' '}
          {badge}
        </div>
        {/* Only what the API said (the live list has no category). Real separators for `unstyled` (and
            copied text); styled, the flex layout drops them and draws dots. */}
        <div className={styled('csp-list-meta')}>
          {meta
            .filter(([, text]) => text)
            .map(([slot, text], index) => (
              <Fragment key={slot}>
                {index > 0 ? (unstyled ? ' · ' : ' ') : null}
                <span data-slot={`connection-list-${slot}`}>{text}</span>
              </Fragment>
            ))}
        </div>
      </div>
      {actions}
    </li>
  );
}, sameRow);

/** A labelled filter `<select>` with an "all" option first; none when its rows do not differ in it. */
function FilterSelect(props: {
  filter: 'category' | 'country';
  label: string;
  all: string;
  options: [value: string, label: string][];
  value: string;
  onChange: (value: string) => void;
  unstyled: boolean;
  className: string | undefined;
}) {
  const id = useId();
  if (props.options.length < 2) return null;
  return (
    <>
      <label htmlFor={id} className={props.unstyled ? undefined : 'csp-visually-hidden'}>
        {props.label}
      </label>
      <span className={props.unstyled ? undefined : 'csp-list-field csp-list-field-select'}>
        <select
          id={id}
          data-slot="connection-list-filter"
          data-filter={props.filter}
          className={props.className}
          value={props.value}
          onChange={(event) => props.onChange(event.target.value)}
        >
          <option value="">{props.all}</option>
          {props.options.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </span>
    </>
  );
}
