import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect } from 'storybook/test';
import { ProviderLogo } from '../src/components/provider-logo/provider-logo.tsx';
import { argTypesOf } from './docs/api-docs.ts';
import { docsParameters } from './docs/page.tsx';

const meta = {
  title: 'Components/ProviderLogo',
  component: ProviderLogo,
  tags: ['autodocs'],
  parameters: { docs: docsParameters() },
  argTypes: argTypesOf('ProviderLogo', ProviderLogo),
  args: { id: 'mercado-pago', name: 'Mercado Pago' },
} satisfies Meta<typeof ProviderLogo>;

export default meta;
type Story = StoryObj<typeof meta>;

const logo = (canvasElement: HTMLElement) => canvasElement.querySelector('[data-slot="provider-logo"]') as HTMLElement;

/** No image: the name's initials on a colour that stays the same for the same id. Hidden from screen readers. */
export const Initials: Story = {
  play: async ({ canvasElement }) => {
    await expect(logo(canvasElement)).toHaveTextContent('MP');
    await expect(logo(canvasElement)).toHaveAttribute('aria-hidden', 'true');
  },
};

/** With `src`: the image, decorative (`alt=""`), at `size` pixels. */
export const Image: Story = {
  args: {
    size: 48,
    src: `data:image/svg+xml,${encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48"><rect width="48" height="48" rx="10" fill="#009ee3"/></svg>')}`,
  },
  play: async ({ canvasElement }) => {
    const img = logo(canvasElement).querySelector('img');
    await expect(img).toHaveAttribute('alt', '');
    await expect(img).toHaveAttribute('width', '48');
  },
};
