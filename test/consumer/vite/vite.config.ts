// vite.config.ts: `vite` and `vite preview` forward /api/codespar to CodeSpar with the secret key
// added here, on the server side. In production, your backend serves that route instead (the
// Next.js route above is a plain Request → Response function you can reuse).
import react from '@vitejs/plugin-react';
import { defineConfig, loadEnv } from 'vite';

export default defineConfig(({ mode }) => {
  const env = loadEnv(mode, process.cwd(), 'CODESPAR_');
  const proxy = {
    '/api/codespar': {
      target: env.CODESPAR_API_URL ?? 'https://api.codespar.dev',
      changeOrigin: true,
      rewrite: (path: string) => path.replace(/^\/api\/codespar/, ''),
      headers: { Authorization: `Bearer ${env.CODESPAR_API_KEY}` },
    },
  };
  return {
    plugins: [react()],
    // Only the session id reaches the page; never give the browser a CODESPAR_ prefix (the key).
    envPrefix: ['VITE_', 'CODESPAR_SESSION_ID'],
    // The callback page is a page of its own.
    build: { rolldownOptions: { input: ['index.html', 'oauth/done.html'] } },
    server: { proxy },
    preview: { proxy },
  };
});
