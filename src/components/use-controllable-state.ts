'use client';
import { useEffect, useRef, useState } from 'react';

export interface UseControllableStateParams<T> {
  /** The controlled value. `undefined` means the component owns the value (uncontrolled). */
  prop?: T | undefined;
  /** The first value when uncontrolled. */
  defaultProp: T;
  /** Called with every change the component asks for, controlled or not. */
  onChange?: ((value: T) => void) | undefined;
  /** Names the component and prop in the development warning, e.g. `'ConnectWizardDialog'` / `'open'`. */
  caller?: string | undefined;
}

/**
 * One value that is either controlled (`open` + `onOpenChange`) or uncontrolled (`defaultOpen`),
 * after Radix's `useControllableState`. When controlled, the setter only reports
 * the change: the parent decides. Either way `onChange` fires once per real change.
 *
 * @example
 * ```tsx
 * function Disclosure({ open: openProp, defaultOpen = false, onOpenChange }: DisclosureProps) {
 *   const [open, setOpen] = useControllableState({ prop: openProp, defaultProp: defaultOpen, onChange: onOpenChange });
 *   return <button aria-expanded={open} onClick={() => setOpen(!open)}>Details</button>;
 * }
 * ```
 */
export function useControllableState<T>({ prop, defaultProp, onChange, caller }: UseControllableStateParams<T>): [T, (next: T) => void] {
  const [uncontrolled, setUncontrolled] = useState(defaultProp);
  const isControlled = prop !== undefined;
  const value = isControlled ? prop : uncontrolled;

  // A component that switches between controlled and uncontrolled loses its state one way or the
  // other: say so in development, as React does for inputs and Radix for its primitives.
  const wasControlled = useRef(isControlled);
  useEffect(() => {
    if (wasControlled.current === isControlled) return;
    // Bundlers replace process.env.NODE_ENV, so a production build drops the check and the message
    // (written `process.env.NODE_ENV` exactly: `process.env?.NODE_ENV` is not replaced). On a page
    // with no bundler there is no `process`: nothing to say there, and nothing must throw.
    try {
      if (process.env.NODE_ENV !== 'production') {
        const [from, to] = wasControlled.current ? ['controlled', 'uncontrolled'] : ['uncontrolled', 'controlled'];
        console.warn(
          `${caller ?? 'A component'} is changing from ${from} to ${to}. Decide between a controlled value (pass it and its onChange on every render) and an uncontrolled default for the component's life.`,
        );
      }
    } catch {}
    wasControlled.current = isControlled;
  }, [isControlled, caller]);

  // A new setter each render is fine: the dialog's Radix root keeps the latest one it was given.
  const setValue = (next: T) => {
    if (Object.is(next, value)) return;
    if (!isControlled) setUncontrolled(next);
    onChange?.(next);
  };

  return [value, setValue];
}
