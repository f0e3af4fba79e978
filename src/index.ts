/**
 * `@codespar/connect-react`: the clients, errors and types of `./core`, plus (as they land) the
 * React provider, hooks and styled components.
 */
export * from './core/index.ts';
