import { toNodeListener } from './node.ts';
import { createReferenceApi, type ReferenceApi, type ReferenceApiOptions } from './reference-api.ts';

/** The path prefixes the reference API answers inside a dev server. */
export const REFERENCE_API_PATHS = ['/v1/', '/oauth/', '/dashboard/', '/__reference/'];

type Middleware = (
  req: import('node:http').IncomingMessage,
  res: import('node:http').ServerResponse,
  next: (error?: unknown) => void,
) => void;

/** The part of Vite's plugin interface this plugin uses (kept structural so Vite is not a dependency). */
export interface ReferenceApiVitePlugin {
  name: string;
  api: ReferenceApi;
  configureServer(server: { middlewares: { use(fn: Middleware): void } }): void;
  configurePreviewServer(server: { middlewares: { use(fn: Middleware): void } }): void;
}

/**
 * Mounts the reference API in Vite's dev and preview servers (Storybook, Vitest browser mode), so
 * the app talks real HTTP to `/v1/…` on its own origin and the consent page is served on the other
 * loopback name (`localhost` ⇄ `127.0.0.1`): a real cross-origin popup with no network.
 *
 * @example
 * ```ts
 * // vite.config.ts
 * import { referenceApiPlugin } from '@codespar/connect-react/testing';
 * export default { plugins: [referenceApiPlugin()] };
 * ```
 */
export function referenceApiPlugin(options: ReferenceApiOptions & { api?: ReferenceApi } = {}): ReferenceApiVitePlugin {
  const api = options.api ?? createReferenceApi(options);
  const listener = toNodeListener(api.handle);
  const middleware: Middleware = (req, res, next) => {
    const path = req.url ?? '/';
    if (!REFERENCE_API_PATHS.some((prefix) => path.startsWith(prefix) || path === prefix.slice(0, -1))) return next();
    void listener(req, res, next);
  };
  return {
    name: 'codespar-reference-api',
    api,
    // Block bodies on purpose: a function returned from these hooks is run as a post hook.
    configureServer(server) {
      server.middlewares.use(middleware);
    },
    configurePreviewServer(server) {
      server.middlewares.use(middleware);
    },
  };
}
