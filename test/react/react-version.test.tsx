// Which React the hook and component tests run against: React 19 in the `react` project, 18.3 in
// `react18` (vite.config.ts). One copy of it: testing-library, Radix and the components share it.
import { render, screen } from '@testing-library/react';
import { version } from 'react';
import { version as domVersion } from 'react-dom';
import { describe, expect, it } from 'vitest';
import { ConnectionList } from '../../src/components/connection-list/index.ts';
import { createReferenceApi } from '../../src/testing/reference-api.ts';
import { Providers, restClient } from './harness.tsx';

describe('given the React this project runs', () => {
  it("should be the project's major, with react-dom of the same version, and render the list with it", async () => {
    expect(version.split('.')[0]).toBe(process.env.EXPECTED_REACT_MAJOR);
    expect(domVersion).toBe(version);
    // A second copy of React anywhere (the hooks' useSyncExternalStore, Radix, testing-library's renderer) throws on the first hook.
    render(
      <Providers client={restClient(createReferenceApi())}>
        <ConnectionList />
      </Providers>,
    );
    expect(await screen.findByText('Mercado Pago')).toBeTruthy();
  });
});
