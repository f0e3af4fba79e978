'use client';
/**
 * `@codespar/connect-react`: the styled components, the React provider and hooks, and everything
 * in `./core` (clients, errors, types). Styles: `import '@codespar/connect-react/styles.css'`.
 */
export * from './components/index.ts';
export * from './core/index.ts';
export * from './react/index.ts';
