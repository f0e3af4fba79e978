import type { IncomingMessage, ServerResponse } from 'node:http';
import { createReferenceApi, type ReferenceApi, type ReferenceApiOptions } from './reference-api.ts';

/**
 * Serves a fetch handler from Node's `http` module (and Vite's dev server, which hands middleware
 * the same objects). Types only: importing this file pulls no Node module into a browser bundle.
 *
 * @example
 * ```ts
 * const api = createReferenceApi();
 * createServer(toNodeListener(api.handle)).listen(4010, '127.0.0.1');
 * ```
 */
export function toNodeListener(
  handler: (request: Request) => Promise<Response>,
): (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => Promise<void> {
  return async (req, res, next) => {
    const controller = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) controller.abort();
    });
    try {
      const host = req.headers.host ?? '127.0.0.1';
      const url = new URL(req.url ?? '/', `http://${host}`);
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (value === undefined) continue;
        for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
      }
      const method = req.method ?? 'GET';
      const body = method === 'GET' || method === 'HEAD' ? undefined : await readAll(req);
      const request = new Request(url, { method, headers, body, signal: controller.signal });
      const response = await handler(request);
      res.statusCode = response.status;
      for (const [name, value] of response.headers) res.setHeader(name, value);
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (error) {
      if (controller.signal.aborted) return;
      if (error instanceof TypeError && /injected network failure/.test(error.message)) {
        req.socket.destroy();
        return;
      }
      if (next) return next(error);
      res.statusCode = 500;
      res.end(String(error));
    }
  };
}

function readAll(req: IncomingMessage): Promise<Uint8Array<ArrayBuffer>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

export interface ServeOptions extends ReferenceApiOptions {
  /** @defaultValue 4010 */
  port?: number;
  /** Loopback only by default: this is a test server. @defaultValue '127.0.0.1' */
  hostname?: string;
  /** Serve this API instead of a new one. */
  api?: ReferenceApi;
}

export interface RunningReferenceApi {
  /** e.g. `http://127.0.0.1:4010` */
  url: string;
  port: number;
  api: ReferenceApi;
  close(): Promise<void>;
}

/**
 * Starts the reference API as a real HTTP server (port 0 picks a free one).
 *
 * @example
 * ```ts
 * const server = await serveReferenceApi({ port: 0 });
 * // … point a client at server.url …
 * await server.close();
 * ```
 */
export async function serveReferenceApi(options: ServeOptions = {}): Promise<RunningReferenceApi> {
  const { createServer } = await import('node:http');
  const api = options.api ?? createReferenceApi(options);
  const listener = toNodeListener(api.handle);
  const server = createServer((req, res) => void listener(req, res));
  const hostname = options.hostname ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4010, hostname, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 4010);
  return {
    url: `http://${hostname.includes(':') ? `[${hostname}]` : hostname}:${port}`,
    port,
    api,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
