'use client';
import { useId } from 'react';
import type { SetupInstructions } from '../../core/types.ts';
import type { Messages } from '../locales/index.ts';
import { cx } from '../utils.ts';

const DIFFICULTIES = ['easy', 'medium', 'hard'] as const;

/**
 * What an operator's setup page will ask for, from the live `initiate` result: the steps, the
 * secrets to have at hand (names and hints; never values), known pitfalls and the next action.
 * Everything the API sent is shown as text; only the labels come from the locale.
 */
export function SetupDetails({
  setup,
  t,
  slot,
  styled,
  className,
}: {
  setup: SetupInstructions;
  t: Messages;
  slot: string;
  styled: boolean;
  className?: string | undefined;
}) {
  const titleId = useId();
  const part = (name: string) => ({ 'data-slot': `${slot}-setup-${name}`, className: cx(styled && `csp-setup-${name}`) });
  // The API's word for it, in the user's words when it is one we know.
  const difficulty = DIFFICULTIES.find((level) => level === setup.difficulty);
  return (
    <section data-slot={`${slot}-setup`} aria-labelledby={titleId} className={cx(styled && 'csp-setup', className)}>
      <div {...part('header')}>
        <p id={titleId} {...part('title')}>
          {t.setup.title}
        </p>
        {difficulty ? <span {...part('difficulty')}>{t.setup[difficulty]}</span> : null}
      </div>
      {setup.instructions.length > 0 ? (
        <ol {...part('steps')}>
          {setup.instructions.map((step, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the API's steps, in order, may repeat
            <li key={index}>{step}</li>
          ))}
        </ol>
      ) : null}
      {setup.requiredSecrets.length > 0 ? (
        <>
          <p {...part('label')}>{t.setup.secrets}</p>
          <ul {...part('secrets')}>
            {setup.requiredSecrets.map((secret) => (
              <li key={secret.name}>
                <code>{secret.name}</code>
                {secret.hint ? ` — ${secret.hint}` : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {setup.knownPitfalls.length > 0 ? (
        <>
          <p {...part('label')}>{t.setup.pitfalls}</p>
          <ul {...part('pitfalls')}>
            {setup.knownPitfalls.map((pitfall, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the API's list, in order, may repeat
              <li key={index}>{pitfall}</li>
            ))}
          </ul>
        </>
      ) : null}
      {setup.nextAction ? (
        <p {...part('next')}>
          <span>{t.setup.next}</span> {setup.nextAction}
        </p>
      ) : null}
    </section>
  );
}
