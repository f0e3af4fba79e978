'use client';

export type { ConnectionsProviderProps } from './context.tsx';
export { ConnectionsProvider } from './context.tsx';
export type { UseConnectionResult } from './use-connection.ts';
export { useConnection } from './use-connection.ts';
export type { UseConnectionWizardOptions, UseConnectionWizardResult } from './use-connection-wizard.ts';
export { useConnectionWizard } from './use-connection-wizard.ts';
export type { UseConnectionsResult } from './use-connections.ts';
export { useConnections } from './use-connections.ts';
