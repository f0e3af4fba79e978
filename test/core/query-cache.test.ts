// The query cache (src/core/query-cache.ts): one request per key, data kept while revalidating and
// on failure, the newest answer wins, optimistic writes that roll back, focus and reconnect. A
// hand-driven clock and hand-resolved requests: no timers, no network.
import { describe, expect, it } from 'vitest';
import { QueryCache, UNLOADED } from '../../src/core/query-cache.ts';

/** A request the test answers by hand. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A fetcher whose every call is a request the test answers: `calls[i].resolve(…)`. */
function server<T>() {
  const calls: ReturnType<typeof deferred<T>>[] = [];
  const fetch = () => {
    const call = deferred<T>();
    calls.push(call);
    return call.promise;
  };
  return { calls, fetch };
}

const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function setup() {
  const clock = { now: 1000 };
  const cache = new QueryCache({ now: () => clock.now });
  return { clock, cache };
}

/** A cache whose 'list' something watches, after its first answer, `first`. */
async function loaded<T>(first: T) {
  const { clock, cache } = setup();
  const api = server<T>();
  const off = cache.watch('list', api.fetch, () => {});
  api.calls[0]?.resolve(first);
  await flush();
  return { clock, cache, api, off };
}

describe('given a key nothing has fetched', () => {
  it('should show nothing loaded, loading: what a server renders too', () => {
    const { cache } = setup();
    expect(cache.get('list')).toBe(UNLOADED);
    expect(UNLOADED).toEqual({ data: undefined, error: undefined, isLoading: true, isValidating: true });
  });
});

describe('given many watchers of one key', () => {
  it('should make one request for all of them, and none within 2 s of its answer', async () => {
    const { clock, cache } = setup();
    const api = server<string>();
    const offs = Array.from({ length: 20 }, () => cache.watch('list', api.fetch, () => {}));
    expect(api.calls).toHaveLength(1);
    api.calls[0]?.resolve('v1');
    await flush();
    expect(cache.get('list')).toEqual({ data: 'v1', error: undefined, isLoading: false, isValidating: false });
    clock.now += 1999;
    offs.push(cache.watch('list', api.fetch, () => {}));
    await cache.fetch('list', api.fetch, { dedupe: true });
    expect(api.calls).toHaveLength(1);
    clock.now += 2;
    offs.push(cache.watch('list', api.fetch, () => {})); // a mount after the window: revalidates
    expect(api.calls).toHaveLength(2);
    for (const off of offs) off();
  });

  it('should share a request in flight with a soft revalidation, and resolve both to its answer', async () => {
    const { cache } = setup();
    const api = server<string>();
    const first = cache.fetch('list', api.fetch);
    const joined = cache.fetch('list', api.fetch, { dedupe: true });
    expect(api.calls).toHaveLength(1);
    api.calls[0]?.resolve('v1');
    expect(await first).toBe('v1');
    expect(await joined).toBe('v1');
  });

  it('should notify each watcher only when the snapshot changes, with a stable snapshot between', async () => {
    const { cache } = setup();
    const api = server<string>();
    let notified = 0;
    const off = cache.watch('list', api.fetch, () => notified++);
    const loading = cache.get('list');
    expect(cache.get('list')).toBe(loading);
    api.calls[0]?.resolve('v1');
    await flush();
    expect(notified).toBe(1); // UNLOADED → loaded: the start changed nothing that shows
    off();
  });
});

describe('given a refresh', () => {
  it('should always ask, even within the dedupe window, and resolve to the new answer', async () => {
    const { cache, api, off } = await loaded<string>('v1');
    const refreshed = cache.fetch('list', api.fetch);
    expect(api.calls).toHaveLength(2);
    expect(cache.get('list')).toMatchObject({ data: 'v1', isLoading: false, isValidating: true });
    api.calls[1]?.resolve('v2');
    expect(await refreshed).toBe('v2');
    expect(cache.get('list').data).toBe('v2');
    off();
  });
});

describe('given a slow first load and a refresh that answers first', () => {
  it('should keep the refresh: the older answer never overwrites the newer', async () => {
    const { cache } = setup();
    const api = server<string>();
    const off = cache.watch('list', api.fetch, () => {});
    const refreshed = cache.fetch('list', api.fetch);
    api.calls[1]?.resolve('new');
    await refreshed;
    await flush();
    expect(cache.get('list').data).toBe('new');
    expect(cache.get('list').isValidating).toBe(false);
    api.calls[0]?.resolve('old');
    await flush();
    expect(cache.get('list').data).toBe('new');
    off();
  });

  it('should ignore the older request failing, too', async () => {
    const { cache } = setup();
    const api = server<string>();
    const off = cache.watch('list', api.fetch, () => {});
    cache.fetch('list', api.fetch).catch(() => {});
    api.calls[0]?.reject(new Error('late failure'));
    await flush();
    expect(cache.get('list')).toMatchObject({ error: undefined, isValidating: true });
    api.calls[1]?.resolve('new');
    await flush();
    expect(cache.get('list')).toEqual({ data: 'new', error: undefined, isLoading: false, isValidating: false });
    off();
  });
});

describe('given a revalidation that fails', () => {
  it('should keep the last data beside the error, and clear the error on the next answer', async () => {
    const { cache, api, off } = await loaded<string>('v1');
    const failed = cache.fetch('list', api.fetch);
    const boom = new Error('boom');
    api.calls[1]?.reject(boom);
    await expect(failed).rejects.toBe(boom);
    expect(cache.get('list')).toEqual({ data: 'v1', error: boom, isLoading: false, isValidating: false });
    const again = cache.fetch('list', api.fetch);
    expect(cache.get('list')).toMatchObject({ data: 'v1', error: boom, isLoading: false, isValidating: true });
    api.calls[2]?.resolve('v2');
    await again;
    expect(cache.get('list')).toEqual({ data: 'v2', error: undefined, isLoading: false, isValidating: false });
    off();
  });

  it('should leave the error as it was for a silent request (the confirm step), and still write its answer', async () => {
    const { cache, api, off } = await loaded<string>('v1');
    const silent = cache.fetch('list', api.fetch, { silent: true });
    api.calls[1]?.reject(new Error('the flow reports this'));
    await expect(silent).rejects.toThrow('the flow reports this');
    expect(cache.get('list')).toEqual({ data: 'v1', error: undefined, isLoading: false, isValidating: false });
    const answered = cache.fetch('list', api.fetch, { silent: true });
    api.calls[2]?.resolve('v2');
    expect(await answered).toBe('v2');
    expect(cache.get('list').data).toBe('v2');
    off();
  });

  it('should not ask again when another watcher mounts while the error shows', async () => {
    const { clock, cache } = setup();
    const api = server<string>();
    const off = cache.watch('list', api.fetch, () => {});
    api.calls[0]?.reject(new Error('boom'));
    await flush();
    clock.now += 10_000;
    const second = cache.watch('list', api.fetch, () => {});
    expect(api.calls).toHaveLength(1);
    off();
    second();
  });
});

describe('given an answer equal to the data shown', () => {
  it('should keep the data object, so nothing that reads it re-renders', async () => {
    const { cache, api, off } = await loaded<{ rows: { id: string }[] }>({ rows: [{ id: 'stripe' }] });
    const shown = cache.get<{ rows: { id: string }[] }>('list').data;
    const refreshed = cache.fetch('list', api.fetch);
    api.calls[1]?.resolve({ rows: [{ id: 'stripe' }] });
    await refreshed;
    expect(cache.get('list').data).toBe(shown);
    const changed = cache.fetch('list', api.fetch);
    api.calls[2]?.resolve({ rows: [{ id: 'asaas' }] });
    await changed;
    expect(cache.get('list').data).toEqual({ rows: [{ id: 'asaas' }] });
    off();
  });
});

describe('given an optimistic write (mutate)', () => {
  it('should show the guess at once, drop answers that overlapped it, then revalidate', async () => {
    const { cache, api, off } = await loaded<string>('connected');
    const inFlight = cache.fetch('list', api.fetch); // asked before the DELETE
    const action = deferred<void>();
    const done = cache.mutate<string>(
      'list',
      () => 'guess',
      () => action.promise,
      api.fetch,
    );
    expect(cache.get('list').data).toBe('guess');
    api.calls[1]?.resolve('connected'); // an answer from before the DELETE: dropped
    await inFlight;
    expect(cache.get('list').data).toBe('guess');
    action.resolve();
    await flush();
    expect(api.calls).toHaveLength(3); // the revalidation after the action
    api.calls[2]?.resolve('disconnected');
    await done;
    expect(cache.get('list')).toEqual({ data: 'disconnected', error: undefined, isLoading: false, isValidating: false });
    off();
  });

  it('should put back what was shown when the action fails, reject with its error, and revalidate', async () => {
    const { cache, api, off } = await loaded<string>('connected');
    const refused = new Error('conflict');
    const done = cache.mutate<string>(
      'list',
      () => 'guess',
      () => Promise.reject(refused),
      api.fetch,
    );
    expect(cache.get('list').data).toBe('guess');
    await flush();
    expect(cache.get('list').data).toBe('connected');
    expect(api.calls).toHaveLength(2);
    api.calls[1]?.reject(new Error('the revalidation fails too'));
    await expect(done).rejects.toBe(refused);
    expect(cache.get('list').data).toBe('connected');
    off();
  });

  it('should replace the guess with the next answer even when it is equal', async () => {
    const { cache, api, off } = await loaded<{ status: string }>({ status: 'connected' });
    const guess = { status: 'not_connected' };
    const done = cache.mutate(
      'list',
      () => guess,
      () => Promise.resolve(),
      api.fetch,
    );
    await flush();
    api.calls[1]?.resolve({ status: 'not_connected' });
    await done;
    expect(cache.get('list').data).toEqual({ status: 'not_connected' });
    expect(cache.get('list').data).not.toBe(guess);
    off();
  });
});

describe('given invalidate (another tab changed the session, a flow connected a server)', () => {
  it('should ask now for a watched key, even within the dedupe window, and on the next watch for another', async () => {
    const { cache, api, off } = await loaded<string>('v1');
    cache.invalidate('list');
    expect(api.calls).toHaveLength(2);
    api.calls[1]?.resolve('v2');
    await flush();
    off();
    cache.invalidate('list');
    expect(api.calls).toHaveLength(2); // nothing shows it
    const again = cache.watch('list', api.fetch, () => {});
    expect(api.calls).toHaveLength(3); // within 2 s of the last answer, but out of date
    again();
  });
});

describe('given focus and reconnect', () => {
  it('should revalidate watched keys on focus at most once every 5 s, counted from the first watcher', async () => {
    const { clock, cache } = setup();
    const api = server<string>();
    const other = server<string>();
    const off = cache.watch('list', api.fetch, () => {});
    api.calls[0]?.resolve('v1');
    await flush();
    clock.now += 4000;
    cache.focus();
    await flush();
    expect(api.calls).toHaveLength(1);
    clock.now += 1001;
    cache.focus();
    await flush();
    expect(api.calls).toHaveLength(2);
    api.calls[1]?.resolve('v2');
    await flush();
    clock.now += 4999;
    cache.focus();
    await flush();
    expect(api.calls).toHaveLength(2);
    // A key nothing watches any more is not revalidated.
    cache.watch('detail', other.fetch, () => {})();
    clock.now += 10_000;
    cache.focus();
    await flush();
    expect(api.calls).toHaveLength(3);
    expect(other.calls).toHaveLength(1);
    off();
  });

  it('should join a request a focus listener started first (a flow’s own check) rather than ask twice', async () => {
    const { clock, cache, api, off } = await loaded<string>('v1');
    clock.now += 6000;
    cache.focus(); // the store's listener runs first…
    void cache.fetch('list', api.fetch, { silent: true }); // …then the flow's, in the same event
    await flush();
    expect(api.calls).toHaveLength(2);
    off();
  });

  it('should revalidate watched keys when the network comes back, outside the dedupe window', async () => {
    const { clock, cache, api, off } = await loaded<string>('v1');
    cache.reconnect();
    await flush();
    expect(api.calls).toHaveLength(1);
    clock.now += 2001;
    cache.reconnect();
    await flush();
    expect(api.calls).toHaveLength(2);
    off();
  });
});
