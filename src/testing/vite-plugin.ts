import { toNodeListener } from './node.ts';
import { createReferenceApi, type ReferenceApi, type ReferenceApiOptions } from './reference-api.ts';

/** The path prefixes the reference API answers inside a dev server. */
export const REFERENCE_API_PATHS = ['/v1/', '/oauth/', '/dashboard/', '/__reference/'];

type Middleware = (
  req: import('node:http').IncomingMessage,
  res: import('node:http').ServerResponse,
  next: (error?: unknown) => void,
) => void;

interface DevServer {
  middlewares: { use(fn: Middleware): void };
  transformIndexHtml?(url: string, html: string): Promise<string>;
}

/** The part of Vite's plugin interface this plugin uses (kept structural so Vite is not a dependency). */
export interface ReferenceApiVitePlugin {
  name: string;
  api: ReferenceApi;
  configureServer(server: DevServer): void;
  configurePreviewServer(server: DevServer): void;
}

export interface ReferenceApiPluginOptions extends ReferenceApiOptions {
  /** Serve this API instead of a new one. */
  api?: ReferenceApi;
  /** Path of the OAuth callback page the plugin serves (a plain HTML page, no React). @defaultValue '/codespar/callback' */
  callbackPath?: string;
  /** Module the callback page imports `completeConnection` from. @defaultValue '@codespar/connect-react/callback' */
  callbackModule?: string;
}

/**

 * The callback page: plain HTML that runs `completeConnection()`.
 *
 * @example
 * ```ts
 * res.end(callbackPageHtml('@codespar/connect-react/callback'));
 * ```
 */
export function callbackPageHtml(callbackModule: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer"><title>Connecting…</title>
<style>body{font:15px/1.5 system-ui,sans-serif;display:grid;place-items:center;min-height:100vh;margin:0;padding:16px;text-align:center}</style>
</head><body>Finishing the connection…
<script type="module">import { completeConnection } from ${JSON.stringify(callbackModule)}; completeConnection();</script>
</body></html>`;
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
export function referenceApiPlugin(options: ReferenceApiPluginOptions = {}): ReferenceApiVitePlugin {
  const api = options.api ?? createReferenceApi(options);
  const listener = toNodeListener(api.handle);
  const callbackPath = options.callbackPath ?? '/codespar/callback';
  const callbackModule = options.callbackModule ?? '@codespar/connect-react/callback';
  const middlewareFor =
    (server: DevServer): Middleware =>
    (req, res, next) => {
      const path = req.url ?? '/';
      if (path.split('?')[0] === callbackPath) {
        const html = callbackPageHtml(callbackModule);
        void (server.transformIndexHtml ? server.transformIndexHtml(path, html) : Promise.resolve(html)).then(
          (page) => {
            res.setHeader('content-type', 'text/html; charset=utf-8');
            res.setHeader('cache-control', 'no-store');
            res.end(page);
          },
          (error: unknown) => next(error),
        );
        return;
      }
      if (!REFERENCE_API_PATHS.some((prefix) => path.startsWith(prefix) || path === prefix.slice(0, -1))) return next();
      void listener(req, res, next);
    };
  return {
    name: 'codespar-reference-api',
    api,
    // Block bodies on purpose: a function returned from these hooks is run as a post hook.
    configureServer(server) {
      server.middlewares.use(middlewareFor(server));
    },
    configurePreviewServer(server) {
      server.middlewares.use(middlewareFor(server));
    },
  };
}
