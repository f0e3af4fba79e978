// Vite settings shared by vite.config.ts, Storybook (.storybook/main.ts) and the e2e harness.

/**
 * Pre-bundled up front: a dependency Vite discovers mid-run is bundled again and can load a second
 * copy of React (a fresh cache, as on CI, showed "Cannot read properties of null (reading 'useMemo')").
 */
export const OPTIMIZE_DEPS = [
  'react',
  'react-dom',
  'react-dom/client',
  'react/jsx-runtime',
  'react/jsx-dev-runtime',
  '@radix-ui/react-dialog',
  // The Chat story's AI SDK (devDependencies only; src/ never imports them).
  'zod',
  'ai',
  'ai/test',
  '@ai-sdk/react',
];
