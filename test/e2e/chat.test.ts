import { describe, expect, it } from 'vitest';
import { decide, setupHarness } from './harness.ts';

const t = setupHarness();

describe('given the chat demo (the Chat story) with a real popup and the provider on another origin', () => {
  it('should let the user connect Mercado Pago from the assistant message and resume the conversation', async () => {
    const context = await t.h.browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${t.h.origin}/test/e2e/app/chat.html`);
      await page.getByText('Mercado Pago is needed').waitFor();
      const [popup] = await Promise.all([context.waitForEvent('page'), page.getByRole('button', { name: 'Connect' }).click()]);
      await decide(popup, 'Approve');
      await page.getByText('Pix charge created: R$ 120,00, expires in 30 min').waitFor({ timeout: 15_000 });
      await expect.poll(() => popup.isClosed()).toBe(true);
      expect(await page.locator('[data-slot="connection-required"]').getAttribute('data-status')).toBe('connected');
      expect(await page.getByText('Done! Ana Souza can pay').count()).toBe(1);
    } finally {
      await context.close();
    }
  });
});
