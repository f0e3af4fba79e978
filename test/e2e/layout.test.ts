import type { Page } from 'playwright';
import { afterEach, describe, expect, it } from 'vitest';
import { setupHarness } from './harness.ts';

/*
 * Layout in real Chromium: what a user would see as broken (buttons off screen, a column that does
 * not line up, a page that jumps), measured with getBoundingClientRect on the styled components.
 */

const t = setupHarness();
let page: Page | undefined;

afterEach(async () => {
  await page?.context().close();
  page = undefined;
});

async function open(query: string, viewport = { width: 900, height: 700 }): Promise<Page> {
  const context = await t.h.browser.newContext({ viewport });
  page = await context.newPage();
  await page.goto(`${t.h.origin}/test/e2e/app/layout.html?${query}`);
  return page;
}

type Box = { x: number; y: number; width: number; height: number };
const box = async (p: Page, selector: string): Promise<Box> => {
  const found = await p.locator(selector).first().boundingBox();
  if (!found) throw new Error(`${selector} is not rendered`);
  return found;
};

describe('given ConnectWizardDialog in Chromium', () => {
  it('should keep its step and buttons on a 380×700 phone screen, the tools list scrolling instead', async () => {
    const p = await open('view=dialog&server=mercado-pago', { width: 380, height: 700 });
    await p.locator('[data-slot="connect-wizard-dialog-grants"] li').first().waitFor();
    const dialog = await box(p, '[data-slot="connect-wizard-dialog-content"]');
    expect(dialog.y).toBeGreaterThanOrEqual(0);
    expect(dialog.y + dialog.height).toBeLessThanOrEqual(700);
    for (const button of await p.locator('[data-slot="connect-wizard-dialog-content"] button').all()) {
      const b = await button.boundingBox();
      expect(b && b.y >= dialog.y && b.y + b.height <= dialog.y + dialog.height).toBe(true);
    }
  });

  it('should keep its title, step and buttons on screen when long setup instructions arrive, the instructions scrolling', async () => {
    const p = await open('view=dialog&server=z-api&client=live', { width: 380, height: 700 });
    const [popup] = await Promise.all([p.context().waitForEvent('page'), p.getByRole('button', { name: 'Connect', exact: true }).click()]);
    const setup = p.locator('[data-slot="connect-wizard-dialog-setup"]');
    await setup.waitFor();
    await p.waitForTimeout(300); // the entrance animation
    const dialog = await box(p, '[data-slot="connect-wizard-dialog-content"]');
    expect(dialog.y + dialog.height).toBeLessThanOrEqual(700);
    // What the dialog is about, and what the user can do, are in view: only the instructions scroll.
    for (const selector of ['[data-slot="connect-wizard-dialog-content"] h2', '[data-slot="connect-wizard-dialog-content"] button']) {
      for (const element of await p.locator(selector).all()) {
        const b = await element.boundingBox();
        expect(b && b.y >= dialog.y && b.y + b.height <= dialog.y + dialog.height).toBe(true);
      }
    }
    expect(await p.locator('[data-slot="connect-wizard-dialog-content"]').evaluate((e) => e.scrollTop)).toBe(0);
    expect(await setup.evaluate((e) => e.scrollHeight > e.clientHeight)).toBe(true);
    await popup.close();
  });

  it('should keep its top edge in place when the provider details arrive and the dialog grows', async () => {
    t.h.api.addFault({ route: 'get', latencyMs: 600 });
    const p = await open('view=dialog&server=stripe');
    const before = await box(p, '[data-slot="connect-wizard-dialog-content"]');
    expect(await p.locator('[data-slot="connect-wizard-dialog-grants"]').count()).toBe(0);
    await p.locator('[data-slot="connect-wizard-dialog-grants"] li').first().waitFor();
    await p.waitForTimeout(300); // the entrance animation
    const after = await box(p, '[data-slot="connect-wizard-dialog-content"]');
    expect(after.height).toBeGreaterThan(before.height + 40);
    expect(Math.abs(after.y - before.y)).toBeLessThanOrEqual(8.5); // the entrance slides 8 px at most
  });
});

describe('given ConnectionList in Chromium', () => {
  it('should line its rows’ main buttons up in one column of one width, whatever they say', async () => {
    for (const locale of ['en', 'pt-BR']) {
      const p = await open(`view=list&locale=${locale}`);
      await p.locator('[data-slot="connection-list-item"]').first().waitFor();
      const buttons = await p.locator('[data-slot="connection-list-actions"] > button:first-child').all();
      expect(buttons.length).toBeGreaterThan(8);
      const boxes = await Promise.all(buttons.map((b) => b.boundingBox()));
      const lefts = new Set(boxes.map((b) => Math.round(b?.x ?? -1)));
      const widths = new Set(boxes.map((b) => Math.round(b?.width ?? -1)));
      expect({ locale, lefts: [...lefts], widths: [...widths] }).toEqual({ locale, lefts: [[...lefts][0]], widths: [[...widths][0]] });
      await p.context().close();
      page = undefined;
    }
  });

  it('should not jump when the rows replace the loading skeleton', async () => {
    t.h.api.addFault({ route: 'list', latencyMs: 800 });
    const p = await open('view=list&width=900');
    const skeleton = await box(p, '.csp-list-skeleton-row');
    await p.locator('[data-slot="connection-list-item"]').first().waitFor();
    // The first row without a toolbar above it: the same session, limited by the search threshold.
    const row = await box(p, '[data-slot="connection-list-item"]');
    expect(Math.abs(row.height - skeleton.height)).toBeLessThanOrEqual(2);
  });

  it('should keep every button inside its row in a 320 px sidebar', async () => {
    const p = await open('view=list&width=320', { width: 380, height: 700 });
    await p.locator('[data-slot="connection-list-item"]').first().waitFor();
    const overflowing = await p.evaluate(
      () =>
        [...document.querySelectorAll('[data-slot="connection-list-item"]')].filter((item) => {
          const row = item.getBoundingClientRect();
          return [...item.querySelectorAll('button')].some((b) => {
            const r = b.getBoundingClientRect();
            return r.left < row.left || r.right > row.right + 0.5;
          });
        }).length,
    );
    expect(overflowing).toBe(0);
  });
});

describe('given ConnectionRequired in Chromium', () => {
  const indent = async (p: Page) => {
    await p.locator('[data-slot="connection-required"] button').first().waitFor();
    const card = await box(p, '[data-slot="connection-required"]');
    const actions = await box(p, '[data-slot="connection-required-actions"]');
    return actions.x - card.x;
  };

  it('should line its text up with the title beside the logo in a roomy message', async () => {
    expect(await indent(await open('view=card&width=420'))).toBeGreaterThan(50);
  });

  it('should give its text the whole card in a narrow chat bubble, judged by its own width', async () => {
    // A wide window: only the card is narrow, as inside a chat bubble.
    expect(await indent(await open('view=card&width=270'))).toBeLessThan(24);
  });
});
