// `npm run api`: the reference Connections API as a real HTTP server on loopback.
import { serveReferenceApi } from '../src/testing/index.ts';

const port = Number(process.env.PORT ?? 4010);
const server = await serveReferenceApi({ port, hostname: process.env.HOST ?? '127.0.0.1' });
console.log(`Reference CodeSpar Connections API listening on ${server.url}`);
console.log(`Try: curl -H 'Authorization: Bearer demo_token' ${server.url}/v1/sessions/ses_demo/connections`);
const stop = () => server.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
