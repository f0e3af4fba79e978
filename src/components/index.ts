'use client';

export type { ConnectSurface, ConnectView, ConnectViewOptions, ViewAction, ViewActionId, ViewTone } from './connect-view.ts';
export { connectView } from './connect-view.ts';
export type { ConnectWizardDialogPart, ConnectWizardDialogProps } from './connect-wizard-dialog/index.ts';
export { ConnectWizardDialog } from './connect-wizard-dialog/index.ts';
export type { ConnectionListPart, ConnectionListProps, ConnectionListRowParts } from './connection-list/index.ts';
export { ConnectionList } from './connection-list/index.ts';
export type { ConnectedRequest, ConnectionRequiredPart, ConnectionRequiredProps } from './connection-required/index.ts';
export { ConnectionRequired } from './connection-required/index.ts';
export type { Locale, MessageOverrides, Messages } from './locales/index.ts';
export { format, LOCALES, matchLocale, mergeMessages } from './locales/index.ts';
export type { ProviderLogoProps } from './provider-logo/provider-logo.tsx';
export { ProviderLogo } from './provider-logo/provider-logo.tsx';
export type { ConnectionStatusBadgeProps } from './status-badge/connection-status-badge.tsx';
export { ConnectionStatusBadge } from './status-badge/connection-status-badge.tsx';
export type { ConnectUIProviderProps, UIProps } from './ui-context.tsx';
export { ConnectUIProvider } from './ui-context.tsx';
export type { ConnectButtonProps, ConnectComponentProps } from './wizard-parts.tsx';
