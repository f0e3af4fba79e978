import type { StorybookConfig } from '@storybook/react-vite';
import type { PluginOption } from 'vite';
import { referenceApiPlugin } from '../src/testing/vite-plugin.ts';
import { OPTIMIZE_DEPS } from '../vite.shared.ts';

const REFERENCE_API_PLUGIN = 'codespar-reference-api';

/** Whether a plugin with this name is already in Vite's (possibly nested, possibly async) plugin list. */
async function hasPlugin(plugins: PluginOption[] | undefined, name: string): Promise<boolean> {
  for (const option of plugins ?? []) {
    const plugin = await option;
    if (!plugin) continue;
    if (Array.isArray(plugin)) {
      if (await hasPlugin(plugin, name)) return true;
    } else if ('name' in plugin && plugin.name === name) {
      return true;
    }
  }
  return false;
}

const config: StorybookConfig = {
  framework: { name: '@storybook/react-vite', options: {} },
  stories: ['../stories/**/*.stories.@(ts|tsx)'],
  addons: ['@storybook/addon-docs', '@storybook/addon-vitest', '@storybook/addon-a11y'],
  // TypeScript 7 has no classic compiler API: react-docgen-typescript cannot run here.
  typescript: { reactDocgen: 'react-docgen' },
  core: { disableTelemetry: true },
  async viteFinal(viteConfig) {
    // Storybook's Vite builder also loads the root vite.config.ts: its `plugins` (react()) are kept,
    // its `build` (library mode, externals) is dropped, and its `test` section is ignored. The root
    // config mounts the reference API only inside the Vitest `browser` project, so it is added here;
    // the check keeps it mounted exactly once should the root config ever add it at the top level.
    const plugins = [...(viteConfig.plugins ?? [])];
    if (!(await hasPlugin(plugins, REFERENCE_API_PLUGIN))) plugins.push(referenceApiPlugin({ callbackModule: '/src/callback/index.ts' }));
    return {
      ...viteConfig,
      plugins,
      // See OPTIMIZE_DEPS in vite.config.ts: no dependency discovered mid-run, no second React.
      optimizeDeps: {
        ...viteConfig.optimizeDeps,
        include: [...(viteConfig.optimizeDeps?.include ?? []), ...OPTIMIZE_DEPS],
      },
      // The consent page is served on the other loopback name (`localhost`), so it is cross-origin.
      server: { ...viteConfig.server, host: '127.0.0.1' },
    };
  },
};

export default config;
