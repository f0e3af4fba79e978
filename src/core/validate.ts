/*
 * The few schema builders the wire schemas (./schemas) need, with zod's `safeParse` result shape:
 * tolerant readers (an object keeps the fields it does not declare) that name every field that is
 * wrong by its path. Our own code rather than zod/mini's: the same checks cost about 0.3 KB gzip
 * here against 4.7 KB for zod/mini in `./core`, and zod/mini still cost 0.3 KB more than these in a
 * chat app that already has zod (docs/design.md, "The wire").
 */

/** One thing wrong in a value: where (`['data', 0, 'id']`) and what. */
export interface Issue {
  path: PropertyKey[];
  message: string;
}

/** What `safeParse` answers: the value read, or every issue found. */
export type ParseResult<T> = { success: true; data: T } | { success: false; error: { issues: Issue[] } };

export interface Schema<T> {
  /** Reads `value` (at `path` in the whole), adding what is wrong to `issues`. */
  read(value: unknown, path: PropertyKey[], issues: Issue[]): T;
  safeParse(value: unknown): ParseResult<T>;
}

/** The type a schema reads. */
export type Infer<S> = S extends Schema<infer T> ? T : never;

type Shape = Record<string, Schema<unknown>>;
type Optional<S extends Shape> = { [K in keyof S]: undefined extends Infer<S[K]> ? K : never }[keyof S];
/** A loose object's type: the declared fields (optional where the schema allows `undefined`), and any others. */
export type ObjectOf<S extends Shape> = { [K in Exclude<keyof S, Optional<S>>]: Infer<S[K]> } & {
  [K in Optional<S>]?: Infer<S[K]>;
} & Record<string, unknown>;

/** A plain object or any other non-array object: what a JSON object reads as. */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A string of 1 to 256 characters: an id or a name as the wire sends it. */
export const isName = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= 256;

/**
 * `object[key]` when it is an own data property; `undefined` otherwise: no prototype keys
 * (`"__proto__"`, `"constructor"`), no getters run.
 *
 * @example
 * ```ts
 * own({ a: 1 }, 'toString'); // undefined
 * ```
 */
export function own(object: object, key: string): unknown {
  return Object.getOwnPropertyDescriptor(object, key)?.value;
}

/** Whether `object` has `key` as an own property (data or accessor). */
export function has(object: object, key: string): boolean {
  return Object.getOwnPropertyDescriptor(object, key) !== undefined;
}

/* @__NO_SIDE_EFFECTS__ */
function schema<T>(read: Schema<T>['read']): Schema<T> {
  return {
    read,
    safeParse(value) {
      const issues: Issue[] = [];
      const data = read(value, [], issues);
      return issues.length ? { success: false, error: { issues } } : { success: true, data };
    },
  };
}

/**
 * A leaf: `test` decides, `message` says what was expected.
 *
 * @example
 * ```ts
 * const text = check<string>((value) => typeof value === 'string', 'Expected a string');
 * ```
 */
/* @__NO_SIDE_EFFECTS__ */
export function check<T>(test: (value: unknown) => boolean, message: string): Schema<T> {
  return schema((value, path, issues) => {
    if (!test(value)) issues.push({ path, message });
    return value as T;
  });
}

/** `null` or missing is allowed; anything else must pass `inner`. */
/* @__NO_SIDE_EFFECTS__ */
export function maybe<T>(inner: Schema<T>): Schema<T | null | undefined> {
  return schema((value, path, issues) => (value == null ? value : inner.read(value, path, issues)));
}

/* @__NO_SIDE_EFFECTS__ */
export function array<T>(item: Schema<T>): Schema<T[]> {
  return schema((value, path, issues) => {
    // Every index up to the length, holes too (map() would keep a hole, outside the type); no iterator is run.
    if (Array.isArray(value)) return Array.from({ length: value.length }, (_, index) => item.read(value[index], [...path, index], issues));
    issues.push({ path, message: 'Expected an array' });
    return value as T[];
  });
}

/**
 * An object with at least `shape`'s fields; the others pass through as they came. The result is a
 * copy: own data properties only, so a `__proto__` key from JSON stays an ordinary field.
 */
/* @__NO_SIDE_EFFECTS__ */
export function looseObject<S extends Shape>(shape: S): Schema<ObjectOf<S>> {
  return schema((value, path, issues) => {
    if (!isRecord(value)) {
      issues.push({ path, message: 'Expected an object' });
      return value as ObjectOf<S>;
    }
    const out: Record<string, unknown> = { ...value };
    for (const key of Object.keys(shape)) {
      const field = (shape[key] as Schema<unknown>).read(out[key], [...path, key], issues);
      if (field !== undefined) out[key] = field;
    }
    return out as ObjectOf<S>;
  });
}
