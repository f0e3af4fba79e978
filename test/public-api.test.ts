// The public surface is deliberate (issue 11): each entry's runtime exports are exactly these names,
// and the internals are public nowhere. A change to the API changes this file on purpose.
import { describe, expect, it } from 'vitest';
import * as callback from '../src/callback/index.ts';
import * as core from '../src/core/index.ts';
import * as root from '../src/index.ts';
import * as testing from '../src/testing/index.ts';

const INTERNALS = [
  'FlowRegistry',
  'reduceFlow',
  'initialSnapshot',
  'isPendingStatus',
  'CHANGES_CHANNEL',
  'CONNECT_CHANNEL',
  'MESSAGE_TYPE',
  'MESSAGE_VERSION',
  'readCompletionMessage',
  'useConnectionsContext',
  'escapeHtml',
  'normalizeStatus',
  'popupFeatures',
];

const CORE = [
  'ConfigurationError',
  'ConnectFlow',
  'ConnectFlowError',
  'ConnectionsApiError',
  'ConnectionsError',
  'ConnectionsStore',
  'MANAGE_CONNECTIONS_TOOL',
  'UnsafeUrlError',
  'browserAdapter',
  'checkUrl',
  'createConnectFlow',
  'createConnectionsClient',
  'createConnectionsStore',
  'createMetaToolClient',
  'createSessionExecute',
  'flowFlags',
  'isConnectionsError',
  'readConnectionRequest',
];

const ROOT = [
  'ConfigurationError',
  'ConnectFlowError',
  'ConnectUIProvider',
  'ConnectWizardDialog',
  'ConnectionList',
  'ConnectionRequired',
  'ConnectionStatusBadge',
  'ConnectionsApiError',
  'ConnectionsError',
  'ConnectionsProvider',
  'LOCALES',
  'MANAGE_CONNECTIONS_TOOL',
  'ProviderLogo',
  'UnsafeUrlError',
  'checkUrl',
  'connectView',
  'createConnectionsClient',
  'createMetaToolClient',
  'createSessionExecute',
  'format',
  'isConnectionsError',
  'matchLocale',
  'mergeMessages',
  'readConnectionRequest',
  'useConnection',
  'useConnectionWizard',
  'useConnections',
];

describe('given the public entries', () => {
  it('should export exactly the listed names from the root and from ./core', () => {
    expect(Object.keys(root).sort()).toEqual([...ROOT].sort());
    expect(Object.keys(core).sort()).toEqual([...CORE].sort());
    expect(Object.keys(callback)).toEqual(['completeConnection']);
  });

  it('should make no internal public anywhere', () => {
    for (const [name, entry] of Object.entries({ root, core, callback, testing })) {
      const leaked = INTERNALS.filter((internal) => internal in entry);
      expect(leaked, name).toEqual([]);
    }
  });
});
