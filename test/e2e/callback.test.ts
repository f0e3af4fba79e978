import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 60_000);
afterAll(async () => {
  await h?.close();
});

describe('given the callback page (plain HTML, no React) opened in Chromium', () => {
  it('should broadcast the outcome, strip the query, and show text when it cannot close itself', async () => {
    const context = await h.browser.newContext();
    const listener = await context.newPage();
    await listener.goto(`${h.origin}/codespar/callback`); // same origin: a tab that listens
    await listener.evaluate(() => {
      (window as unknown as { got: unknown[] }).got = [];
      new BroadcastChannel('codespar-connect').onmessage = (e) => (window as unknown as { got: unknown[] }).got.push(e.data);
    });
    const page = await context.newPage();
    await page.goto(`${h.origin}/codespar/callback?state=oauth_abc&status=connected&connection_id=conn_1`);
    await page.waitForFunction(() => document.body.textContent?.includes('Connected'));
    // Not opened by a script: window.close() is refused, so the page explains itself.
    expect(await page.locator('body').innerText()).toContain('You can close this window');
    expect(new URL(page.url()).search).toBe('');
    await expect
      .poll(() => listener.evaluate(() => (window as unknown as { got: unknown[] }).got))
      .toEqual([{ type: 'codespar:connect', v: 1, state: 'oauth_abc', status: 'connected', connection_id: 'conn_1' }]);
    await context.close();
  });

  it('should say so when opened without its parameters, and post nothing', async () => {
    const context = await h.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${h.origin}/codespar/callback?status=connected`);
    await page.waitForFunction(() => document.body.textContent?.includes('without its parameters'));
    await context.close();
  });

  it('should render a provider error as text, never as HTML', async () => {
    const context = await h.browser.newContext();
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const hostile = '<img src=x onerror=alert(1)>';
    await page.goto(`${h.origin}/codespar/callback?state=s&status=error&error=${encodeURIComponent(hostile)}`);
    await page.waitForFunction(() => document.body.textContent?.includes('did not complete'));
    expect(await page.locator('body').innerText()).toContain(hostile);
    expect(await page.locator('img').count()).toBe(0);
    expect(dialogs).toEqual([]);
    await context.close();
  });
});
