// The docs pages' text, read from the JSDoc in `src/` when Storybook builds (every source file comes
// in as `?raw` text and is parsed with Babel): descriptions, examples, signatures, and the members of
// props, options and result interfaces. Nothing here is copied from a comment, so it cannot drift.
import { parse } from '@babel/parser';
import type * as t from '@babel/types';

/** Every source file of the package, as text, by path (`src/react/use-connections.ts`). */
const RAW = import.meta.glob<string>('../../src/**/*.{ts,tsx}', { query: '?raw', import: 'default', eager: true });
export const SOURCES: Record<string, string> = Object.fromEntries(
  Object.entries(RAW).map(([path, text]) => [path.replace(/^(\.\.\/)+/, ''), text]),
);

/** A JSDoc comment, split: the description (Markdown), `@example` blocks and `@defaultValue`. */
export interface JsDoc {
  description: string;
  examples: string[];
  defaultValue: string | undefined;
  deprecated: string | undefined;
}

/** One member of an interface (a prop, an option, a result field). */
export interface Member {
  name: string;
  optional: boolean;
  /** The type as written in the source. */
  type: string;
  doc: JsDoc;
  /** The interface that declares it (differs from the one asked for when inherited). */
  from: string;
}

/** An interface with its inherited members; `external` lists what it extends from outside `src/` (React's DOM props). */
export interface InterfaceDoc {
  name: string;
  file: string;
  members: Member[];
  external: string[];
}

/** A function, hook or component as documented in the source. */
export interface ApiDoc {
  name: string;
  kind: 'component' | 'hook' | 'function';
  file: string;
  doc: JsDoc;
  /** `useConnection(serverId: string | null | undefined): UseConnectionResult` */
  signature: string;
  /** Interfaces its parameters take (props, options), by name. */
  parameters: InterfaceDoc[];
  /** The interface it returns, when it is one of ours. */
  result: InterfaceDoc | undefined;
}

interface Declaration {
  file: string;
  source: string;
  node: t.Node;
  comment: string | undefined;
}

const ASTS = new Map<string, t.File>();
function astOf(file: string): t.File {
  let ast = ASTS.get(file);
  if (!ast) {
    ast = parse(SOURCES[file] as string, { sourceType: 'module', plugins: ['typescript', 'jsx'] });
    ASTS.set(file, ast);
  }
  return ast;
}

/** The text of a node as written. */
const text = (source: string, node: t.Node | null | undefined) => (node ? source.slice(node.start ?? 0, node.end ?? 0) : '');

/** The last `/** … *\/` block right above a node. */
function jsdocAbove(node: t.Node): string | undefined {
  const block = [...(node.leadingComments ?? [])].reverse().find((c) => c.type === 'CommentBlock' && c.value.startsWith('*'));
  return block?.value;
}

/** The exported declaration named `name` in `src/`: a function, a const, a class, an interface or a type. */
export function declarationOf(name: string): Declaration | undefined {
  for (const [file, source] of Object.entries(SOURCES)) {
    if (!source.includes(name)) continue;
    for (const statement of astOf(file).program.body) {
      const exported = statement.type === 'ExportNamedDeclaration' ? statement : undefined;
      const decl = exported?.declaration ?? statement;
      const named =
        ((decl.type === 'FunctionDeclaration' || decl.type === 'ClassDeclaration' || decl.type === 'TSInterfaceDeclaration') &&
          decl.id?.name === name) ||
        (decl.type === 'TSTypeAliasDeclaration' && decl.id.name === name) ||
        (decl.type === 'VariableDeclaration' && decl.declarations.some((d) => d.id.type === 'Identifier' && d.id.name === name));
      if (named) return { file, source, node: decl, comment: jsdocAbove(exported ?? decl) };
    }
  }
  return undefined;
}

const BLOCK_TAGS = /(^|\s)@(example|defaultValue|default|deprecated|remarks|see|param|returns)\b/;

/** Splits a JSDoc comment's text (`*` margins removed) into its description and tags. */
export function parseJsDoc(comment: string | undefined): JsDoc {
  const lines = (comment ?? '')
    .replace(/^\*/, '')
    .split('\n')
    .map((line) => line.replace(/^\s*\* ?/, ''));
  const parts: { tag: string; lines: string[] }[] = [{ tag: 'description', lines: [] }];
  let fenced = false;
  for (const line of lines) {
    if (/^\s*```/.test(line)) fenced = !fenced;
    const match = fenced ? null : BLOCK_TAGS.exec(line);
    if (!match) {
      parts.at(-1)?.lines.push(line);
      continue;
    }
    // A tag may start mid-line (`… @defaultValue 8`): the text before it stays where it was.
    const before = line.slice(0, match.index + (match[1] as string).length);
    if (before.trim()) parts.at(-1)?.lines.push(before.trimEnd());
    parts.push({ tag: match[2] as string, lines: [line.slice(match.index + match[0].length).trim()] });
  }
  const body = (tag: string) =>
    parts
      .filter((p) => p.tag === tag)
      .map((p) => inlineLinks(p.lines.join('\n').trim()))
      .filter(Boolean);
  return {
    description: body('description').join('\n\n'),
    examples: body('example'),
    defaultValue: [...body('defaultValue'), ...body('default')][0],
    deprecated: body('deprecated')[0],
  };
}

/** `{@link ConnectionsError}` → `` `ConnectionsError` ``. */
const inlineLinks = (s: string) => s.replace(/\{@link\s+([^}\s|]+)(?:[\s|][^}]*)?\}/g, '`$1`');

/** A parameter as a signature shows it: `options?: UseConnectionWizardOptions`. */
function paramText(source: string, param: t.Node): string {
  if (param.type === 'AssignmentPattern') return paramText(source, param.left).replace(/^([^:?]+)(?=:|$)/, '$1?');
  if (param.type === 'Identifier')
    return `${param.name}${param.optional ? '?' : ''}${param.typeAnnotation ? text(source, param.typeAnnotation) : ''}`;
  if (param.type === 'ObjectPattern') return `props${param.typeAnnotation ? text(source, param.typeAnnotation) : ''}`;
  if (param.type === 'RestElement')
    return `...${text(source, param.argument)}${param.typeAnnotation ? text(source, param.typeAnnotation) : ''}`;
  return text(source, param);
}

/** The type reference names a node mentions at its top (`Options`, `Partial<Options>` → `Options`). */
function referencedName(node: t.Node | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'TSTypeAnnotation') return referencedName(node.typeAnnotation);
  if (node.type === 'TSTypeReference' && node.typeName.type === 'Identifier') return node.typeName.name;
  // `ConnectionRequest | undefined`: the one reference in the union.
  if (node.type === 'TSUnionType') return node.types.map(referencedName).find(Boolean);
  if (node.type === 'AssignmentPattern') return referencedName(node.left);
  if ('typeAnnotation' in node && node.typeAnnotation && typeof node.typeAnnotation === 'object')
    return referencedName(node.typeAnnotation as t.Node);
  return undefined;
}

/** The string literals of `'a' | 'b'`. */
function literalNames(source: string, node: t.Node | undefined): string[] {
  if (!node) return [];
  return [...text(source, node).matchAll(/'([^']+)'|"([^"]+)"/g)].map((m) => (m[1] ?? m[2]) as string);
}

/**
 * An interface's members, its own and those of what it extends inside `src/` (following `Omit<…>`
 * and `Pick<…>`); a type it extends from outside (React's `HTMLAttributes`) is listed in `external`.
 */
export function interfaceOf(name: string): InterfaceDoc | undefined {
  const found = declarationOf(name);
  const node = found?.node;
  if (!found || node?.type !== 'TSInterfaceDeclaration') return undefined;
  const { source, file } = found;
  const members: Member[] = [];
  const external: string[] = [];
  const add = (member: Member) => {
    const at = members.findIndex((m) => m.name === member.name);
    if (at >= 0) members.splice(at, 1);
    members.push(member);
  };
  for (const heritage of node.extends ?? []) {
    const base = heritage.expression.type === 'Identifier' ? heritage.expression.name : text(source, heritage.expression);
    const args = heritage.typeParameters?.params ?? [];
    // Omit<Base, 'a' | 'b'> and Pick<Base, 'a'>: the base's members, filtered.
    const wrapper = base === 'Omit' || base === 'Pick' ? base : undefined;
    const target = wrapper ? referencedName(args[0]) : base;
    const names = wrapper ? literalNames(source, args[1]) : [];
    const inherited = target ? interfaceOf(target) : undefined;
    if (!inherited) {
      external.push(text(source, heritage));
      continue;
    }
    external.push(...inherited.external);
    for (const member of inherited.members) {
      if (wrapper === 'Omit' && names.includes(member.name)) continue;
      if (wrapper === 'Pick' && !names.includes(member.name)) continue;
      add(member);
    }
  }
  for (const member of node.body.body) {
    if ((member.type !== 'TSPropertySignature' && member.type !== 'TSMethodSignature') || member.key.type !== 'Identifier') continue;
    const type =
      member.type === 'TSMethodSignature'
        ? `(${member.parameters.map((p) => paramText(source, p)).join(', ')}) => ${text(source, member.typeAnnotation).replace(/^:\s*/, '')}`
        : text(source, member.typeAnnotation).replace(/^:\s*/, '');
    add({ name: member.key.name, optional: Boolean(member.optional), type, doc: parseJsDoc(jsdocAbove(member)), from: name });
  }
  return { name, file, members, external };
}

/** The function behind an exported name: `function X() {}`, or `const X = memo(function X() {})` / `forwardRef(…)`. */
function functionOf(node: t.Node): t.Function | undefined {
  if (node.type === 'FunctionDeclaration' || node.type === 'ArrowFunctionExpression' || node.type === 'FunctionExpression') return node;
  if (node.type === 'VariableDeclaration') return functionOf(node.declarations[0]?.init as t.Node);
  if (node.type === 'CallExpression') return functionOf(node.arguments.at(-1) as t.Node);
  if (node.type === 'TSAsExpression' || node.type === 'TSSatisfiesExpression') return functionOf(node.expression);
  return undefined;
}

/** The props type name of `const X = forwardRef<Element, Props>(…)`, if that is what `node` is. */
function forwardRefPropsOf(node: t.Node): string | undefined {
  const init = node.type === 'VariableDeclaration' ? node.declarations[0]?.init : undefined;
  if (init?.type !== 'CallExpression') return undefined;
  const props = init.typeParameters?.params[1];
  return props?.type === 'TSTypeReference' && props.typeName.type === 'Identifier' ? props.typeName.name : undefined;
}

/** Everything a docs page says about a component, a hook or a function, from its source. */
export function apiDocOf(name: string): ApiDoc | undefined {
  const found = declarationOf(name);
  if (!found) return undefined;
  const fn = functionOf(found.node);
  if (!fn) return undefined;
  const { source } = found;
  const returns = fn.returnType ? text(source, fn.returnType) : '';
  const typeParams = fn.typeParameters ? text(source, fn.typeParameters) : '';
  const signature = `${name}${typeParams}(${fn.params.map((p) => paramText(source, p)).join(', ')})${returns}`.replace(/:(?=\S)/g, ': ');
  const kind = /^use[A-Z]/.test(name) ? 'hook' : /^[A-Z]/.test(name) ? 'component' : 'function';
  // `forwardRef<Element, Props>(function X(props, ref))`: the props type is the call's second type argument.
  const refProps = forwardRefPropsOf(found.node);
  const parameters = (
    refProps
      ? [refProps]
      : fn.params.map((p) => referencedName(p.type === 'Identifier' || p.type === 'ObjectPattern' ? p.typeAnnotation : p))
  )
    .map((n) => (n ? interfaceOf(n) : undefined))
    .filter((i): i is InterfaceDoc => Boolean(i));
  return {
    name,
    kind,
    file: found.file,
    doc: parseJsDoc(found.comment),
    signature,
    parameters,
    result: interfaceOf(referencedName(fn.returnType) ?? ''),
  };
}

/** What react-docgen attached to a component (Storybook's `reactDocgen: 'react-docgen'`), if it ran. */
type Documented = { __docgenInfo?: { props?: Record<string, { tsType?: { name?: string; raw?: string } }> } };

/**
 * The props table of a component, from its props interface: each prop's description and default
 * from its JSDoc (tags parsed, not shown raw), grouped by the interface that declares it. The type is
 * react-docgen's where it found the prop (it expands an alias such as `Locale` into its union); a
 * prop it could not follow (behind `Omit<…>` of another file's interface) gets the type as written.
 */
export function argTypesOf(name: string, component?: unknown): Record<string, { description: string; table: Record<string, unknown> }> {
  const props = apiDocOf(name)?.parameters[0];
  if (!props) throw new Error(`No props interface found for ${name} in src/`);
  const docgen = (component as Documented | undefined)?.__docgenInfo?.props ?? {};
  return Object.fromEntries(
    props.members.map((m) => {
      const found = docgen[m.name]?.tsType;
      return [
        m.name,
        {
          description: m.doc.description,
          table: {
            type: { summary: found?.raw ?? found?.name ?? m.type },
            ...(m.doc.defaultValue ? { defaultValue: { summary: m.doc.defaultValue.replace(/`/g, '') } } : {}),
            ...(m.from !== props.name ? { category: m.from } : {}),
          },
        },
      ];
    }),
  );
}

/** The name a docs page documents: the last segment of its title (`Components/ConnectionList`). */
export const documentedName = (title: string) => title.split('/').at(-1) ?? title;

/** `src/react` + `./x.ts` → `src/react/x.ts`. */
function join(dir: string, relative: string): string {
  const parts = dir.split('/');
  for (const segment of relative.split('/')) {
    if (segment === '..') parts.pop();
    else if (segment !== '.') parts.push(segment);
  }
  return parts.join('/');
}
const dirOf = (file: string) => file.slice(0, file.lastIndexOf('/'));

/** The value names a module exports (types left out), following `export … from` and `export *`. */
export function valueExportsOf(file: string, seen = new Set<string>()): string[] {
  if (seen.has(file) || !(file in SOURCES)) return [];
  seen.add(file);
  const names: string[] = [];
  for (const statement of astOf(file).program.body) {
    if (statement.type === 'ExportAllDeclaration' && statement.exportKind !== 'type') {
      names.push(...valueExportsOf(join(dirOf(file), statement.source.value), seen));
    } else if (statement.type === 'ExportNamedDeclaration' && statement.exportKind !== 'type') {
      const decl = statement.declaration;
      if (decl?.type === 'FunctionDeclaration' || decl?.type === 'ClassDeclaration') names.push(decl.id?.name ?? '');
      if (decl?.type === 'VariableDeclaration') names.push(...decl.declarations.map((d) => (d.id.type === 'Identifier' ? d.id.name : '')));
      for (const specifier of statement.specifiers) {
        if (specifier.type !== 'ExportSpecifier' || specifier.exportKind === 'type') continue;
        names.push(specifier.exported.type === 'Identifier' ? specifier.exported.name : specifier.exported.value);
      }
    }
  }
  return names.filter(Boolean);
}

/** The package's public entries (package.json `exports`), as source files. */
export const PUBLIC_ENTRIES = ['src/index.ts', 'src/core/index.ts', 'src/callback/index.ts', 'src/testing/index.ts'];

/**
 * Exported today but internal by decision: issue 11 item 5 takes it out of every public entry
 * (the public-API work on another branch). It gets no docs page, so none advertises it.
 */
export const INTERNAL: Record<string, string> = {
  useConnectionsContext: 'internal (issue 11 item 5): leaves the public entries',
};

/** Functions that are neither components nor hooks but get a page of their own. */
export const FUNCTION_PAGES = ['readConnectionRequest'];

/**
 * What must have a docs page: every component (a capitalised function) and every hook (`use…`) a
 * public entry exports, and {@link FUNCTION_PAGES}; minus {@link INTERNAL}. Sorted: components first.
 */
export function documentedApi(): ApiDoc[] {
  const names = [...new Set(PUBLIC_ENTRIES.flatMap((entry) => valueExportsOf(entry)))].filter((n) => !(n in INTERNAL));
  const docs = names
    .filter((n) => /^use[A-Z]/.test(n) || /^[A-Z][a-z]/.test(n) || FUNCTION_PAGES.includes(n))
    .map((n) => apiDocOf(n))
    .filter((d): d is ApiDoc => Boolean(d) && (d?.kind !== 'function' || FUNCTION_PAGES.includes(d.name)));
  const order = { component: 0, hook: 1, function: 2 };
  return docs.sort((a, b) => order[a.kind] - order[b.kind] || a.name.localeCompare(b.name));
}
