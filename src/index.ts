'use client';
/**
 * `@codespar/connect-react`: the React provider and hooks, plus everything in `./core` (clients,
 * errors, types). Styled components join here as they land.
 */
export * from './core/index.ts';
export * from './react/index.ts';
