import { abortedError } from './errors.ts';

/**
 * How a caller's `AbortSignal` stops work under way, for both clients: checked before each step,
 * raced against promises that ignore it (a host's `execute`, a `getToken()`), and cutting waits
 * short. Every one of them rejects with the same {@link abortedError}.
 */

/**
 * Throws the `aborted` error when `signal` has fired; does nothing otherwise.
 *
 * @example
 * ```ts
 * throwIfAborted(options.signal); // before building a request
 * ```
 */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortedError(signal.reason);
}

/**
 * Waits `ms`, or rejects with `aborted` as soon as `signal` aborts.
 *
 * @example
 * ```ts
 * await sleep(retryDelayMs, signal); // a back-off the caller can cancel
 * ```
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortedError(signal?.reason));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * `promise`, or a rejection with `aborted` as soon as `signal` aborts (the promise is left to settle unheard).
 *
 * @example
 * ```ts
 * const raw = await abortable(Promise.resolve(execute(tool, args)), signal); // even if execute ignores the signal
 * ```
 */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortedError(signal.reason));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    // Settled first, detached a microtask later: an abort in between rejects a settled promise, a no-op.
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
