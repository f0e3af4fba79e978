import { existsSync } from 'node:fs';
import { chromium } from 'playwright';
import { describe, expect, it } from 'vitest';
import { buildCss } from '../../scripts/build-css.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../vite.config.ts';

const page = (css: string) => `<!doctype html><html><head><style>${css}</style></head><body>
<div id="auto" class="csp">auto</div>
<div id="dark" class="csp" data-theme="dark"><span id="nested" class="csp">nested</span></div>
<div id="light" class="csp" data-theme="light">light</div></body></html>`;

describe('given styles.css in Chromium', () => {
  it('should follow prefers-color-scheme, let data-theme force either, and let nested roots inherit', async () => {
    const css = buildCss();
    expect(css).not.toMatch(/@import|url\(\s*['"]?https?:/); // one file, no network fetch
    const browser = await chromium.launch({ ...(existsSync(CHROMIUM_PATH) ? { executablePath: CHROMIUM_PATH } : {}), args: CHROMIUM_ARGS });
    try {
      const colours: Record<string, Record<string, string>> = {};
      for (const scheme of ['light', 'dark'] as const) {
        const p = await browser.newPage({ colorScheme: scheme });
        await p.setContent(page(css));
        colours[scheme] = await p.evaluate(() =>
          Object.fromEntries(
            ['auto', 'dark', 'nested', 'light'].map((id) => [id, getComputedStyle(document.getElementById(id) as Element).color]),
          ),
        );
        await p.close();
      }
      const LIGHT_TEXT = 'rgb(21, 23, 28)';
      const DARK_TEXT = 'rgb(236, 238, 242)';
      expect(colours.light).toEqual({ auto: LIGHT_TEXT, dark: DARK_TEXT, nested: DARK_TEXT, light: LIGHT_TEXT });
      expect(colours.dark).toEqual({ auto: DARK_TEXT, dark: DARK_TEXT, nested: DARK_TEXT, light: LIGHT_TEXT });
    } finally {
      await browser.close();
    }
  });
});
