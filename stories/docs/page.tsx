// The docs page every component, hook and documented function gets (autodocs with this layout):
// the title, what its JSDoc says (ApiReference), the first story live, the props table (react-docgen,
// completed from the source by `argTypesOf`) for components, and the other stories. The page's
// title names what it documents: `Components/ConnectionList` documents `ConnectionList`.
import { ArgTypes, Primary, Stories, Title, useOf } from '@storybook/addon-docs/blocks';
import { ApiReference } from './ApiReference.tsx';
import { apiDocOf, documentedName } from './api-docs.ts';

function ApiDocsPage() {
  const name = documentedName(useOf('meta', ['meta']).preparedMeta.title);
  const doc = apiDocOf(name);
  return (
    <>
      <Title>{name}</Title>
      <ApiReference name={name} doc={doc} />
      <Primary />
      {doc?.kind === 'component' ? <ArgTypes /> : null}
      <Stories title="More stories" includePrimary={false} />
    </>
  );
}

/** A meta's `parameters.docs`: this page. */
export function docsParameters() {
  return { page: ApiDocsPage };
}
