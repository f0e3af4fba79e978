import { expect, it } from 'vitest';

it('runs in chromium against the mounted reference API', async () => {
  const res = await fetch('/v1/sessions/ses_demo/connections', { headers: { authorization: 'Bearer demo_token' } });
  expect(res.status).toBe(200);
  console.log(location.href, navigator.userAgent);
});
