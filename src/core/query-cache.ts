/**
 * The query cache: what the hooks read (the session's list, a server's detail), one per
 * `<ConnectionsProvider>`, owned by its connections store; framework-free. An entry per string key
 * holds the last data, the last error and whether a request is under way. It guarantees:
 *
 * - **One request per key.** A request in flight is shared; a soft revalidation (a mount, focus,
 *   reconnect) within `dedupeMs` (2 s) of the last answer makes none. `fetch` without `dedupe`
 *   (a refresh, the store's confirm step) always asks.
 * - **Stale while revalidating.** Data stays while a request is under way and when it fails: the
 *   error is set beside the last data, and cleared by the next answer. `isLoading` is a request
 *   with nothing to show; `isValidating`, any request.
 * - **The newest wins.** The answer to a request older than the newest one is dropped, and so is
 *   one that overlapped a `mutate`: a slow first load never overwrites a refresh.
 * - **Focus and reconnect** (`focus()`, `reconnect()`, which the store calls from its browser
 *   adapter) revalidate what something watches, on focus at most once per `focusThrottleMs` (5 s)
 *   per key, counted from its first watcher. They run a microtask later, so a connect flow's own
 *   check on the same focus is the one request.
 * - **No retry on a timer.** A failed request stays failed until the next refresh, focus,
 *   reconnect or mount; the REST client already retries a GET with back-off (core/http.ts).
 * - **Stable snapshots** for `useSyncExternalStore`: a new object only when something changed, and
 *   an answer equal to the data shown keeps the data's identity.
 */

export interface QueryState<T, E = unknown> {
  readonly data: T | undefined;
  readonly error: E | undefined;
  /** A request under way with no data to show: the first load. */
  readonly isLoading: boolean;
  /** Any request under way, background revalidation included. */
  readonly isValidating: boolean;
}

export interface QueryCacheOptions {
  /** Monotonic milliseconds. @defaultValue `Date.now` */
  now?: () => number;
  /** How long an answer satisfies a soft revalidation. @defaultValue 2000 */
  dedupeMs?: number;
  /** The least time between two revalidations of a key on focus. @defaultValue 5000 */
  focusThrottleMs?: number;
}

export interface FetchOptions {
  /** Share the request in flight, or an answer younger than `dedupeMs`, instead of asking. @defaultValue false */
  dedupe?: boolean;
  /**
   * The failure is the caller's alone: the entry's `error` stays as it was (the store's confirm
   * step, whose flow reports it). The answer, if the newest, is written all the same.
   */
  silent?: boolean;
}

/** What a key nothing has fetched yet shows, and what a server renders: loading, nothing loaded. */
export const UNLOADED: QueryState<never, never> = /* @__PURE__ */ Object.freeze({
  data: undefined,
  error: undefined,
  isLoading: true,
  isValidating: true,
});

/** What no key (nothing to fetch: `useConnection(null)`) shows. */
export const IDLE: QueryState<never, never> = /* @__PURE__ */ Object.freeze({
  data: undefined,
  error: undefined,
  isLoading: false,
  isValidating: false,
});

interface Request {
  readonly id: number;
  readonly promise: Promise<unknown>;
}

interface Entry {
  state: QueryState<unknown>;
  readonly listeners: Set<() => void>;
  /** The newest watcher's request, for revalidations nobody asked for (focus, another tab). */
  fetcher?: () => Promise<unknown>;
  /** The newest request in flight: only its answer is written. */
  request?: Request | undefined;
  /** Soft revalidations before this time make no request. */
  freshUntil: number;
  nextFocusAt: number;
  /** The clock of the last write's start or end: answers to requests started before it are stale. */
  writtenAt: number;
  /** Writes (`mutate`) under way: answers arriving meanwhile are stale. */
  writing: number;
  /** The data shown is a `mutate` guess, not an answer: the next answer replaces it, even if equal. */
  guessed?: boolean;
}

const noop = () => {};

/**
 * A cache of requests by key; see this file's header for what it guarantees. The connections store
 * makes one (`store.cache`); `useConnections` and `useConnection` read it.
 *
 * @example
 * ```ts
 * const cache = new QueryCache();
 * const stop = cache.watch('list', () => client.list(), () => render(cache.get('list')));
 * await cache.fetch('list', () => client.list()); // a refresh: resolves to the new list
 * ```
 */
export class QueryCache {
  readonly #entries = new Map<string, Entry>();
  readonly #now: () => number;
  readonly #dedupeMs: number;
  readonly #focusThrottleMs: number;
  /** Orders requests and writes. */
  #clock = 0;

  constructor({ now = Date.now, dedupeMs = 2000, focusThrottleMs = 5000 }: QueryCacheOptions = {}) {
    this.#now = now;
    this.#dedupeMs = dedupeMs;
    this.#focusThrottleMs = focusThrottleMs;
  }

  /** The key's snapshot: the same object until something about it changes. */
  get<T, E = unknown>(key: string): QueryState<T, E> {
    return (this.#entries.get(key)?.state ?? UNLOADED) as QueryState<T, E>;
  }

  /**
   * Watches a key: `listener` runs on every change of its snapshot. Revalidates it now unless a
   * request is under way or an answer is fresh (or another watcher already shows its error);
   * `fetcher` also serves the revalidations on focus, on reconnect and from `invalidate`.
   */
  watch<T>(key: string, fetcher: () => Promise<T>, listener: () => void): () => void {
    const entry = this.#entry(key);
    const shown = entry.listeners.size > 0;
    if (!shown) entry.nextFocusAt = this.#now() + this.#focusThrottleMs;
    entry.fetcher = fetcher;
    entry.listeners.add(listener);
    if (!(shown && entry.state.error !== undefined)) this.fetch(key, fetcher, { dedupe: true }).catch(noop);
    return () => {
      entry.listeners.delete(listener);
    };
  }

  /**
   * Requests a key (see {@link FetchOptions}) and resolves to this request's answer, or rejects
   * with its error. The answer is written only if no newer request started and no write overlapped
   * it; the error is set beside the last data unless `silent`.
   */
  fetch<T>(key: string, fetcher: () => Promise<T>, { dedupe = false, silent = false }: FetchOptions = {}): Promise<T | undefined> {
    const entry = this.#entry(key);
    if (dedupe && entry.request) return entry.request.promise as Promise<T>;
    if (dedupe && this.#now() < entry.freshUntil) return Promise.resolve(entry.state.data as T | undefined);
    const request: Request = { id: ++this.#clock, promise: (async () => fetcher())() };
    entry.request = request;
    this.#set(entry, { ...entry.state, isValidating: true, isLoading: entry.state.data === undefined });
    request.promise.then(
      (data) => this.#settle(entry, request, { data }),
      (error: unknown) => this.#settle(entry, request, silent ? undefined : { error }),
    );
    return request.promise as Promise<T>;
  }

  /**
   * Runs `action` with `optimistic(current)` shown meanwhile (nothing changes while it answers
   * `undefined`); if `action` fails, puts back what was shown before, unless something newer was
   * written since, and rejects with its error. Either way it then revalidates with `fetcher`.
   * Answers to requests that overlapped `action` are dropped.
   */
  async mutate<T>(
    key: string,
    optimistic: (current: T | undefined) => T | undefined,
    action: () => Promise<unknown>,
    fetcher: () => Promise<T>,
  ): Promise<void> {
    const entry = this.#entry(key);
    const committed = entry.state.data as T | undefined;
    const guess = optimistic(committed);
    entry.writing++;
    entry.writtenAt = ++this.#clock;
    if (guess !== undefined) {
      entry.guessed = true;
      this.#set(entry, { ...entry.state, data: guess });
    }
    let failure: { error: unknown } | undefined;
    try {
      await action();
    } catch (error) {
      failure = { error };
      if (guess !== undefined && entry.state.data === guess) {
        entry.guessed = false;
        this.#set(entry, { ...entry.state, data: committed });
      }
    } finally {
      entry.writing--;
      entry.writtenAt = ++this.#clock;
    }
    await this.fetch(key, fetcher).catch(noop);
    if (failure) throw failure.error;
  }

  /** What is cached for `key` is out of date: refetched now if something watches it, else on its next watch. */
  invalidate(key: string): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    entry.freshUntil = Number.NEGATIVE_INFINITY;
    // A watched key has a fetcher: `watch` sets it before adding its listener, and nothing unsets it.
    if (entry.listeners.size) this.fetch(key, entry.fetcher!).catch(noop);
  }

  /** The page regained focus: a soft revalidation of every watched key not revalidated on focus lately. */
  focus(): void {
    this.#revalidateWatched(true);
  }

  /** The network came back: a soft revalidation of every watched key. */
  reconnect(): void {
    this.#revalidateWatched(false);
  }

  // ── internals ─────────────────────────────────────────────────────────────────────────────────

  /**
   * A microtask later, a soft revalidation of every key something watches; `onFocus` skips a key
   * revalidated on focus within `focusThrottleMs`.
   */
  #revalidateWatched(onFocus: boolean): void {
    queueMicrotask(() => {
      const now = onFocus ? this.#now() : 0;
      for (const [key, entry] of this.#entries) {
        if (!entry.listeners.size) continue; // watched, so it has a fetcher (see `invalidate`)
        if (onFocus) {
          if (now < entry.nextFocusAt) continue;
          entry.nextFocusAt = now + this.#focusThrottleMs;
        }
        this.fetch(key, entry.fetcher!, { dedupe: true }).catch(noop);
      }
    });
  }

  #entry(key: string): Entry {
    let entry = this.#entries.get(key);
    if (!entry) {
      entry = {
        state: UNLOADED,
        listeners: new Set(),
        freshUntil: Number.NEGATIVE_INFINITY,
        nextFocusAt: 0,
        writtenAt: 0,
        writing: 0,
      };
      this.#entries.set(key, entry);
    }
    return entry;
  }

  /** A request answered (`data`), failed (`error`), or failed silently (nothing to write). */
  #settle(entry: Entry, request: Request, outcome: { data: unknown } | { error: unknown } | undefined): void {
    // A newer request is under way: its answer is the one that counts.
    if (entry.request !== request) return;
    entry.request = undefined;
    entry.freshUntil = this.#now() + this.#dedupeMs;
    const next = { ...entry.state, isValidating: false, isLoading: false };
    if (outcome && 'error' in outcome) next.error = outcome.error;
    // An answer that overlapped a write is older than what the write showed: dropped.
    else if (outcome && entry.writing === 0 && entry.writtenAt < request.id) {
      next.data = !entry.guessed && same(entry.state.data, outcome.data) ? entry.state.data : outcome.data;
      next.error = undefined;
      entry.guessed = false;
    }
    this.#set(entry, next);
  }

  #set(entry: Entry, next: QueryState<unknown>): void {
    const now = entry.state;
    // Every state has the same four fields (each is a copy of UNLOADED's shape).
    if ((Object.keys(next) as (keyof QueryState<unknown>)[]).every((field) => now[field] === next[field])) return;
    entry.state = next;
    for (const listener of [...entry.listeners]) listener();
  }
}

/** Deep equality of JSON-like values (what the clients answer): plain objects, arrays, primitives. */
function same(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((value, i) => same(value, b[i]));
  }
  if (Object.getPrototypeOf(a) !== Object.prototype || Object.getPrototypeOf(b) !== Object.prototype) return false;
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length &&
    keys.every((key) => Object.hasOwn(b, key) && same((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]))
  );
}
