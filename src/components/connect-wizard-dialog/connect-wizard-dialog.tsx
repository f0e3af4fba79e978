'use client';
import * as Dialog from '@radix-ui/react-dialog';
import { type ComponentPropsWithoutRef, forwardRef, type ReactNode, useEffect, useId, useLayoutEffect, useRef } from 'react';
import { useConnection } from '../../react/use-connection.ts';
import { format } from '../locales/index.ts';
import { ProviderLogo } from '../provider-logo/provider-logo.tsx';
import { SetupDetails } from '../setup-details/setup-details.tsx';
import { useUI } from '../ui-context.tsx';
import { runViewAction, useConnectView, useFocusFollow } from '../use-connect-view.ts';
import { useControllableState } from '../use-controllable-state.ts';
import { cx } from '../utils.ts';
import { ActionButton, CloseIcon, type ConnectComponentProps, WizardStatus } from '../wizard-parts.tsx';

/** Before paint in the browser (no flash of the last attempt); a plain effect on the server, where React 18 warns of a layout one. */
const useBeforePaint = typeof document === 'undefined' ? useEffect : useLayoutEffect;

/** The parts of a {@link ConnectWizardDialog} that take a class through `classNames` (the content takes `className`). */
export type ConnectWizardDialogPart =
  | 'overlay'
  | 'header'
  | 'title'
  | 'description'
  | 'grants'
  | 'status'
  | 'setup'
  | 'actions'
  | 'action'
  | 'close';

export interface ConnectWizardDialogProps
  extends ConnectComponentProps,
    Omit<ComponentPropsWithoutRef<typeof Dialog.Content>, 'className' | 'children' | 'asChild' | 'onError'> {
  /** Controlled open state; pair it with `onOpenChange`. */
  open?: boolean;
  /** Open state on first render when uncontrolled. @defaultValue false */
  defaultOpen?: boolean;
  /** Called when the dialog asks to open or close (trigger, Escape, outside click, Close, Done). */
  onOpenChange?: (open: boolean) => void;
  /** An element that opens the dialog (rendered with `Dialog.Trigger asChild`); focus returns to it on close. */
  trigger?: ReactNode;
  /**
   * Where the dialog's portal renders: a chat widget inside a shadow root or an iframe passes an
   * element there, so the dialog gets its styles and stays in its document. @defaultValue `document.body`
   */
  container?: HTMLElement | null;
  /** A class for each inner part. @defaultValue `{}` */
  classNames?: Partial<Record<ConnectWizardDialogPart, string>>;
}

const NO_PARTS: Partial<Record<ConnectWizardDialogPart, string>> = {};

/**
 * A modal that connects one provider without leaving the chat: what connecting grants (capabilities
 * and tools), then each step of the wizard — the popup, a blocked popup, an operator's setup page,
 * success, denial, expiry and errors — with a polite live region that says each change in words.
 * Closing it while a connection is under way cancels it; focus returns to the trigger.
 *
 * @example
 * ```tsx
 * <ConnectWizardDialog
 *   serverId="mercado-pago"
 *   trigger={<button type="button">Connect Mercado Pago</button>}
 *   onConnected={({ connectionId }) => resumeToolCall(connectionId)}
 * />
 *
 * // Controlled:
 * const [open, setOpen] = useState(false);
 * <ConnectWizardDialog serverId="stripe" open={open} onOpenChange={setOpen} />
 * ```
 */
export const ConnectWizardDialog = /* @__PURE__ */ forwardRef<HTMLDivElement, ConnectWizardDialogProps>(function ConnectWizardDialog(
  {
    serverId,
    name: nameProp,
    logo,
    open: openProp,
    defaultOpen = false,
    onOpenChange,
    trigger,
    onConnected,
    onError,
    redirectUrl,
    scopes,
    connectButtonProps,
    locale,
    messages,
    theme,
    unstyled,
    className,
    container,
    classNames = NO_PARTS,
    ...contentProps
  },
  ref,
) {
  const { t, theme: dataTheme, unstyled: isUnstyled } = useUI({ locale, messages, theme, unstyled });
  const styled = !isUnstyled;
  const [open, setOpen] = useControllableState({
    prop: openProp,
    defaultProp: defaultOpen,
    onChange: onOpenChange,
    caller: 'ConnectWizardDialog',
  });
  const { wizard, view } = useConnectView(serverId, t, { surface: 'dialog', name: nameProp, onConnected, onError, redirectUrl, scopes });
  const { name } = view;
  // The detail (capabilities, tools) is only fetched while the dialog is open.
  const { connection } = useConnection(open ? serverId : null);

  // Closing while a flow is under way cancels it (the popup closes too); reopening after a finished
  // attempt starts fresh. On the open/close transition only: the flow is shared with other parts.
  const { isPending, status, cancel, reset } = wizard;
  const wasOpen = useRef(open);
  useBeforePaint(() => {
    if (wasOpen.current === open) return;
    wasOpen.current = open;
    if (!open && isPending) cancel();
    else if (open && !isPending && status !== 'idle') reset();
  }, [open, isPending, status, cancel, reset]);

  const content = useFocusFollow(ref, view.status, contentProps);
  const grantsId = useId();
  const toolsId = useId();

  // Primary last in the DOM: it sits on the right, and the tab order follows what the eye reads.
  const actions = [...view.actions].reverse();
  const capabilities = connection?.capabilities ?? [];
  const tools = connection?.tools ?? [];

  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      {trigger ? <Dialog.Trigger asChild>{trigger}</Dialog.Trigger> : null}
      <Dialog.Portal container={container}>
        <div data-slot="connect-wizard-dialog" data-theme={dataTheme}>
          <Dialog.Overlay
            data-slot="connect-wizard-dialog-overlay"
            data-theme={dataTheme}
            className={cx(styled && 'csp csp-dialog-overlay', classNames.overlay)}
          />
          <Dialog.Content
            {...contentProps}
            data-slot="connect-wizard-dialog-content"
            data-status={view.status}
            data-theme={dataTheme}
            className={cx(styled && 'csp csp-dialog', className)}
            // The content's ref (shared with the host's) and focus handlers.
            {...content}
          >
            <div data-slot="connect-wizard-dialog-header" className={cx(styled && 'csp-dialog-header', classNames.header)}>
              <ProviderLogo id={serverId} name={name} src={logo} size={40} unstyled={isUnstyled} />
              <div className={cx(styled && 'csp-dialog-heading')}>
                <Dialog.Title className={cx(styled && 'csp-dialog-title', classNames.title)}>{view.title}</Dialog.Title>
                <Dialog.Description className={cx(styled && 'csp-dialog-description', classNames.description)}>
                  {format(t.wizard.description, { name })}
                </Dialog.Description>
              </div>
            </div>

            {capabilities.length > 0 || tools.length > 0 ? (
              <div data-slot="connect-wizard-dialog-grants" className={cx(styled && 'csp-dialog-grants', classNames.grants)}>
                <h3 id={grantsId} className={cx(styled && 'csp-dialog-grants-title')}>
                  {format(t.wizard.grants, { name })}
                </h3>
                {capabilities.length > 0 ? (
                  <ul aria-labelledby={grantsId} className={cx(styled && 'csp-dialog-capabilities')}>
                    {capabilities.map((capability) => (
                      <li key={capability} className={cx(styled && 'csp-dialog-capability')}>
                        {capability.replace(/[_-]+/g, ' ')}
                      </li>
                    ))}
                  </ul>
                ) : null}
                {tools.length > 0 ? (
                  <>
                    <h3 id={toolsId} className={cx(styled && 'csp-dialog-grants-title')}>
                      {t.wizard.tools}
                    </h3>
                    <ul aria-labelledby={toolsId} className={cx(styled && 'csp-dialog-tools')}>
                      {tools.map((tool) => (
                        <li key={tool.name} className={cx(styled && 'csp-dialog-tool')}>
                          {tool.description ?? tool.name}
                        </li>
                      ))}
                    </ul>
                  </>
                ) : null}
              </div>
            ) : null}

            <WizardStatus slot="connect-wizard-dialog" prefix="csp-dialog" styled={styled} view={view} className={classNames.status} />
            {view.status === 'needs_setup' && wizard.setup ? (
              <SetupDetails setup={wizard.setup} t={t} slot="connect-wizard-dialog" styled={styled} className={classNames.setup} />
            ) : null}

            {actions.length > 0 ? (
              <div data-slot="connect-wizard-dialog-actions" className={cx(styled && 'csp-dialog-actions', classNames.actions)}>
                {actions.map((action) =>
                  action.id === 'done' ? (
                    <Dialog.Close asChild key={action.id}>
                      <button
                        type="button"
                        data-action="done"
                        data-variant="primary"
                        className={cx(styled && 'csp-button', classNames.action)}
                      >
                        {action.label}
                      </button>
                    </Dialog.Close>
                  ) : (
                    <ActionButton
                      key={action.id}
                      action={action}
                      onRun={(run) => runViewAction(run.id, wizard)}
                      styled={styled}
                      own={connectButtonProps}
                      className={classNames.action}
                    />
                  ),
                )}
              </div>
            ) : null}

            {/* Last in the DOM so the dialog's first focus lands on the step's action, not on Close. */}
            <Dialog.Close
              aria-label={t.action.close}
              data-slot="connect-wizard-dialog-close"
              className={cx(styled && 'csp-dialog-close', classNames.close)}
            >
              <CloseIcon />
            </Dialog.Close>
          </Dialog.Content>
        </div>
      </Dialog.Portal>
    </Dialog.Root>
  );
});
