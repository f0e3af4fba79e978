import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { ApiReference } from './ApiReference.tsx';
import { documentedApi } from './api-docs.ts';

/*
 * What every docs page shows of its JSDoc, all on one canvas, so that `npm test` renders it in
 * Chromium and runs axe on it (a docs page itself is not a story). Hidden from the sidebar.
 */

function EveryReference() {
  return (
    <main>
      <h1>API reference</h1>
      {documentedApi().map((doc) => (
        <article key={doc.name} aria-labelledby={`ref-${doc.name}`}>
          <h2 id={`ref-${doc.name}`}>{doc.name}</h2>
          <ApiReference name={doc.name} doc={doc} />
        </article>
      ))}
    </main>
  );
}

const meta = {
  title: 'Docs/API reference',
  component: EveryReference,
  tags: ['!dev', '!autodocs'],
} satisfies Meta<typeof EveryReference>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Each documented name: its description, import, signature, tables of members and examples, as the source has them. */
export const EveryPage: Story = {
  play: async ({ canvasElement }) => {
    const docs = documentedApi();
    await expect(docs.map((d) => d.name)).toEqual(
      expect.arrayContaining(['ConnectionList', 'useConnectionWizard', 'readConnectionRequest']),
    );
    for (const doc of docs) {
      const section = within(canvasElement).getByRole('region', { name: `${doc.name}: reference` });
      const view = within(section);
      await expect(view.getByLabelText(`${doc.name}: import`)).toHaveTextContent(`import { ${doc.name} } from '@codespar/connect-react';`);
      // The description's first words, as the JSDoc has them (inline code shown as code, not backticks).
      const firstWords = doc.doc.description.split(/\s+/).slice(0, 4).join(' ').replace(/`/g, '');
      await expect(section).toHaveTextContent(firstWords);
      if (doc.kind !== 'component') await expect(view.getByLabelText(`${doc.name}: signature`)).toHaveTextContent(doc.signature);
      // A hook's page has its result table: the extractor must still find the interface it returns.
      if (doc.kind === 'hook') await expect(doc.result?.members.length, `${doc.name}: result interface`).toBeGreaterThan(0);
      for (const table of [...doc.parameters.filter(() => doc.kind !== 'component'), ...(doc.result ? [doc.result] : [])]) {
        const rows = section.querySelectorAll(`table[data-interface="${table.name}"] tbody tr`);
        await expect([...rows].map((r) => r.querySelector('th')?.textContent?.replace(/\?$/, ''))).toEqual(
          table.members.map((m) => m.name),
        );
      }
      await expect(view.getAllByLabelText(`${doc.name}: example`).length).toBeGreaterThanOrEqual(doc.doc.examples.length);
      await expect(doc.doc.examples.length).toBeGreaterThan(0);
    }
  },
};
