'use client';
export type { ConnectButtonProps } from '../wizard-parts.tsx';
export type { ConnectWizardDialogPart, ConnectWizardDialogProps } from './connect-wizard-dialog.tsx';
export { ConnectWizardDialog } from './connect-wizard-dialog.tsx';
