'use client';

export type { ConnectWizardDialogProps } from './connect-wizard-dialog/index.ts';
export { ConnectWizardDialog } from './connect-wizard-dialog/index.ts';
export type { ConnectionListProps } from './connection-list/index.ts';
export { ConnectionList } from './connection-list/index.ts';
export type { ConnectedRequest, ConnectionRequiredProps } from './connection-required/index.ts';
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
