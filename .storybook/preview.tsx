import type { Decorator, Preview } from '@storybook/react-vite';
import '../src/styles.css';
import type { Locale } from '../src/components/locales/index.ts';
import { ConnectUIProvider } from '../src/components/ui-context.tsx';

/**
 * Theme and locale from the toolbar, applied to every story; a page background that matches, down
 * to the bottom of the frame, except on a docs page, where stories stand one under the other.
 */
const withUI: Decorator = (Story, context) => {
  const theme = (context.globals.theme ?? 'light') as 'light' | 'dark';
  const locale = (context.globals.locale ?? 'en') as Locale;
  return (
    <ConnectUIProvider theme={context.parameters.theme ?? theme} locale={context.parameters.locale ?? locale}>
      <div
        className="csp"
        data-theme={context.parameters.theme ?? theme}
        style={{
          background: 'var(--csp-bg)',
          color: 'var(--csp-fg)',
          padding: 24,
          minHeight: context.viewMode === 'docs' ? undefined : '100vh',
          boxSizing: 'border-box',
        }}
      >
        <Story />
      </div>
    </ConnectUIProvider>
  );
};

const preview: Preview = {
  decorators: [withUI],
  globalTypes: {
    theme: {
      description: 'Colour theme',
      toolbar: { title: 'Theme', icon: 'mirror', items: ['light', 'dark'], dynamicTitle: true },
    },
    locale: {
      description: 'Locale',
      toolbar: { title: 'Locale', icon: 'globe', items: ['en', 'pt-BR', 'es'], dynamicTitle: true },
    },
  },
  initialGlobals: { theme: 'light', locale: 'en' },
  parameters: {
    layout: 'fullscreen',
    // `npm start` opens the AI SDK chat first: the library where it is used.
    options: { storySort: { order: ['Examples', ['Chat'], 'Components'] } },
    // axe runs on every story in `npm test` (Chromium); a violation fails the story's test.
    a11y: { test: 'error' },
  },
};

export default preview;
