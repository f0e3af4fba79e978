import type { Page } from 'playwright';
import { describe, expect, it } from 'vitest';
import { decide, setupHarness } from './harness.ts';

const t = setupHarness();

/** Opens the chat demo (the Chat stories' component) and asks for the Pix charge. */
async function askForTheCharge(page: Page, mode = 'new-turn') {
  await page.goto(`${t.h.origin}/test/e2e/app/chat.html?mode=${mode}`);
  await page.getByRole('button', { name: 'Send' }).click();
  await page.getByRole('group', { name: 'Mercado Pago is needed' }).waitFor({ timeout: 15_000 });
}

/** The agent's meta-tool calls: `codespar_discover`, or `codespar_manage_connections`' operation. */
const executeOperations = () =>
  t.h.api.requests.filter((r) => r.route === 'execute').map((r) => (r.tool === 'codespar_discover' ? 'discover' : r.operation));

describe('given the AI SDK chat demo with a real popup and the provider on another origin', () => {
  it('should connect Mercado Pago from the card the tool part brought, and resume the conversation once', async () => {
    const context = await t.h.browser.newContext();
    try {
      const page = await context.newPage();
      await askForTheCharge(page);
      // Seed 003's loop: the tool discovered its server, found it not connected, asked for the wizard.
      expect(executeOperations()).toEqual(['discover', 'initiate']);
      await page.getByText('I need access to your Mercado Pago account first.').waitFor();

      const [popup] = await Promise.all([context.waitForEvent('page'), page.getByRole('button', { name: 'Connect' }).click()]);
      await decide(popup, 'Approve');
      await page.getByText('Pix charge created: R$ 120,00, expires in 30 min').waitFor({ timeout: 15_000 });
      await page.getByText('Done! Ana Souza can pay').waitFor({ timeout: 15_000 });
      await expect.poll(() => popup.isClosed()).toBe(true);
      expect(await page.locator('[data-slot="connection-required"]').getAttribute('data-status')).toBe('connected');
      // The host resumed with one new turn, and the tool ran again, now connected.
      expect(await page.getByText('I connected Mercado Pago. Please go on.').count()).toBe(1);
      expect(executeOperations()).toEqual(['discover', 'initiate', 'discover']);

      // The desktop browser gives the opener focus back after the popup closed; headless Chromium
      // does not move OS focus, so the test dispatches it. Nothing resumes a second time.
      await page.evaluate(() => window.dispatchEvent(new Event('focus')));
      await page.waitForTimeout(500);
      expect(await page.getByText('I connected Mercado Pago. Please go on.').count()).toBe(1);
      expect(await page.getByText('Done! Ana Souza can pay').count()).toBe(1);
      expect(await page.getByRole('button', { name: 'Continue' }).count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('should answer the client-side tool from the card, and the chat go on by itself once', async () => {
    const context = await t.h.browser.newContext();
    try {
      const page = await context.newPage();
      await askForTheCharge(page, 'tool-output');
      const [popup] = await Promise.all([context.waitForEvent('page'), page.getByRole('button', { name: 'Connect' }).click()]);
      await decide(popup, 'Approve');
      await page.getByText('Done! Ana Souza can pay').waitFor({ timeout: 15_000 });
      await page.waitForTimeout(500);
      // No new user turn: the tool's output continued the chat (sendAutomaticallyWhen), once.
      expect(await page.getByText('I connected Mercado Pago').count()).toBe(0);
      expect(await page.getByText('Done! Ana Souza can pay').count()).toBe(1);
      expect(executeOperations()).toEqual(['discover', 'initiate', 'discover']);
    } finally {
      await context.close();
    }
  });
});
