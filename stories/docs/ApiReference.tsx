// The part of a docs page read from the source's JSDoc (api-docs.ts): description, import, signature,
// the tables of props, options and result fields, and the @example. Plain React, no Storybook block,
// so the same element renders on the docs page and in a story that `npm test` runs with axe.
import { Fragment, type ReactNode } from 'react';
import { type ApiDoc, apiDocOf, type InterfaceDoc } from './api-docs.ts';

const codeStyle = {
  fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
  fontSize: '0.875em',
  background: 'rgba(127, 127, 127, 0.12)',
  borderRadius: 4,
  padding: '0.1em 0.35em',
} as const;

const blockStyle = {
  fontFamily: codeStyle.fontFamily,
  fontSize: 13,
  lineHeight: 1.5,
  background: '#f6f8fa',
  color: '#1f2328',
  border: '1px solid #d0d7de',
  borderRadius: 6,
  padding: '12px 16px',
  overflowX: 'auto',
  margin: '8px 0 16px',
} as const;

/** Inline Markdown: `code` spans; everything else is text (never HTML). */
function inline(text: string): ReactNode[] {
  return text.split(/(`[^`]+`)/g).map((part, i) =>
    part.startsWith('`') && part.endsWith('`') && part.length > 2 ? (
      // biome-ignore lint/suspicious/noArrayIndexKey: a fixed split of one string
      <code key={i} style={codeStyle}>
        {part.slice(1, -1)}
      </code>
    ) : (
      part
    ),
  );
}

/** A code block of one snippet, named for screen readers (and for the tests that look for it). */
export function CodeBlock({ code, label }: { code: string; label: string }) {
  return (
    <figure aria-label={label} style={{ margin: 0 }}>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a region that scrolls must be reachable by keyboard (axe: scrollable-region-focusable) */}
      <pre style={blockStyle} tabIndex={0}>
        <code>{code}</code>
      </pre>
    </figure>
  );
}

/** The Markdown JSDoc uses: paragraphs, `- ` lists (with indented continuation lines), fenced code, inline code. */
export function Markdown({ text, label = 'Example' }: { text: string; label?: string }) {
  const blocks: ReactNode[] = [];
  const lines = text.split('\n');
  let paragraph: string[] = [];
  let list: string[] = [];
  const flush = () => {
    if (paragraph.length) blocks.push(<p key={blocks.length}>{inline(paragraph.join(' '))}</p>);
    if (list.length)
      blocks.push(
        <ul key={blocks.length}>
          {list.map((item, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the items of one fixed text
            <li key={i}>{inline(item)}</li>
          ))}
        </ul>,
      );
    paragraph = [];
    list = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const fence = /^\s*```(\w*)/.exec(line);
    if (fence) {
      flush();
      const code: string[] = [];
      while (++i < lines.length && !/^\s*```/.test(lines[i] as string)) code.push(lines[i] as string);
      blocks.push(<CodeBlock key={blocks.length} code={code.join('\n')} label={label} />);
    } else if (!line.trim()) {
      flush();
    } else if (/^\s*- /.test(line)) {
      if (paragraph.length) {
        const before = paragraph;
        paragraph = [];
        blocks.push(<p key={blocks.length}>{inline(before.join(' '))}</p>);
      }
      list.push(line.replace(/^\s*- /, ''));
    } else if (list.length && /^\s+/.test(line)) {
      list[list.length - 1] += ` ${line.trim()}`;
    } else {
      if (list.length) flush();
      paragraph.push(line.trim());
    }
  }
  flush();
  return <>{blocks}</>;
}

const cell = { textAlign: 'left', verticalAlign: 'top', padding: '6px 10px', borderBottom: '1px solid #d0d7de' } as const;

/** A table of an interface's members: name, type, default and description, each from the source. */
export function MembersTable({ of, caption }: { of: InterfaceDoc; caption: ReactNode }) {
  const withDefaults = of.members.some((m) => m.doc.defaultValue);
  return (
    <table style={{ borderCollapse: 'collapse', width: '100%', fontSize: 14, margin: '8px 0 16px' }} data-interface={of.name}>
      <caption style={{ textAlign: 'left', fontWeight: 600, padding: '4px 0' }}>{caption}</caption>
      <thead>
        <tr>
          <th scope="col" style={cell}>
            Name
          </th>
          <th scope="col" style={cell}>
            Type
          </th>
          {withDefaults ? (
            <th scope="col" style={cell}>
              Default
            </th>
          ) : null}
          <th scope="col" style={cell}>
            Description
          </th>
        </tr>
      </thead>
      <tbody>
        {of.members.map((m) => (
          <tr key={m.name}>
            <th scope="row" style={cell}>
              <code style={codeStyle}>
                {m.name}
                {m.optional ? '?' : ''}
              </code>
            </th>
            <td style={cell}>
              <code style={{ ...codeStyle, whiteSpace: 'pre-wrap' }}>{m.type}</code>
            </td>
            {withDefaults ? <td style={cell}>{m.doc.defaultValue ? inline(m.doc.defaultValue) : null}</td> : null}
            <td style={cell}>
              {m.doc.description ? <Markdown text={m.doc.description} label={`${m.name}: example`} /> : null}
              {m.from !== of.name ? <small> (from {inline(`\`${m.from}\``)})</small> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const heading = { fontSize: 20, margin: '24px 0 8px' } as const;

/** Everything the source says about one documented name, for its docs page. */
export function ApiReference({ name, doc = apiDocOf(name) }: { name: string; doc?: ApiDoc | undefined }) {
  if (!doc) throw new Error(`${name}: no exported function, hook or component of that name in src/ (api-docs.ts found nothing)`);
  if (!doc.doc.description) throw new Error(`${name}: its JSDoc in ${doc.file} has no description`);
  const props = doc.kind === 'component' ? doc.parameters[0] : undefined;
  const parameters = doc.kind === 'component' ? [] : doc.parameters;
  return (
    <section aria-label={`${name}: reference`} data-api={name} style={{ lineHeight: 1.6 }}>
      <Markdown text={doc.doc.description} label={`${name}: code`} />
      {doc.doc.deprecated ? (
        <p>
          <strong>Deprecated:</strong> {inline(doc.doc.deprecated)}
        </p>
      ) : null}
      <CodeBlock code={`import { ${name} } from '@codespar/connect-react';`} label={`${name}: import`} />
      {doc.kind === 'component' ? null : (
        <>
          <h2 style={heading}>Signature</h2>
          <CodeBlock code={doc.signature} label={`${name}: signature`} />
        </>
      )}
      {parameters.map((p) => (
        <MembersTable key={p.name} of={p} caption={<>Options: {inline(`\`${p.name}\``)}</>} />
      ))}
      {doc.result ? <MembersTable of={doc.result} caption={<>Returns: {inline(`\`${doc.result.name}\``)}</>} /> : null}
      {props?.external.length ? (
        <p>
          Also takes{' '}
          {props.external.map((e, i) => (
            <Fragment key={e}>
              {i ? ' and ' : ''}
              {inline(`\`${e}\``)}
            </Fragment>
          ))}
          .
        </p>
      ) : null}
      {doc.doc.examples.length ? (
        <>
          <h2 style={heading}>Example</h2>
          {doc.doc.examples.map((example) => (
            <Markdown key={example} text={example} label={`${name}: example`} />
          ))}
        </>
      ) : null}
    </section>
  );
}
