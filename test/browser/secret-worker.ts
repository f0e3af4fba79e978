// A module Web Worker (no `window`) that tries the REST client with a secret key, for client.test.ts.
import { createConnectionsClient } from '../../src/core/index.ts';

self.onmessage = async (event: MessageEvent<{ baseUrl: string; token: string }>) => {
  const { baseUrl, token } = event.data;
  try {
    await createConnectionsClient({ sessionId: 'ses_demo', baseUrl, getToken: () => token, retry: false }).list();
    self.postMessage({ outcome: 'resolved' });
  } catch (error) {
    self.postMessage({ outcome: 'rejected', code: (error as { code?: string }).code, name: (error as Error).name });
  }
};
