import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectSpawnTimeout, SPAWN_TIMEOUT_MS } from '../spawn-timeout.ts';

const root = resolve(import.meta.dirname, '../..');

describe('given `npm run api` (scripts/api.ts)', () => {
  it(
    'should listen on loopback, print its URL, answer the seed shape, and stop on SIGTERM',
    async (context) => {
      expectSpawnTimeout(context);
      const child = spawn(resolve(root, 'node_modules/.bin/tsx'), ['scripts/api.ts'], {
        cwd: root,
        env: { ...process.env, PORT: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      try {
        const url = await new Promise<string>((done, fail) => {
          let out = '';
          child.stdout.on('data', (chunk: Buffer) => {
            out += chunk.toString();
            const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
            if (match?.[1]) done(match[1]);
          });
          child.on('exit', (code) => fail(new Error(`exited with ${code}: ${out}`)));
          setTimeout(() => fail(new Error(`no URL printed: ${out}`)), 20_000);
        });
        const res = await fetch(`${url}/v1/sessions/ses_demo/connections`, { headers: { authorization: 'Bearer demo_token' } });
        expect(res.status).toBe(200);
        const body = (await res.json()) as { data: unknown[]; total: number; session_id: string };
        expect(body.session_id).toBe('ses_demo');
        expect(body.total).toBe(body.data.length);
      } finally {
        const exited = new Promise((done) => child.once('exit', done));
        child.kill('SIGTERM');
        await exited;
      }
      expect(child.exitCode === 0 || child.signalCode === 'SIGTERM').toBe(true);
    },
    SPAWN_TIMEOUT_MS,
  );
});
