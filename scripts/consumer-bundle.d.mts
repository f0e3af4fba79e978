/** 1,024 bytes. */
export const KB: number;

/** What is measured: a label and the app module that imports it. */
export const ENTRIES: Record<'callback' | 'core' | 'headless' | 'whole', { label: string; source: string }>;

/** A chat app before the kit: `@ai-sdk/react`'s useChat, zod, Radix Dialog. */
export const BASELINE_APP: string;
/** {@link BASELINE_APP} plus the whole kit and its stylesheet. */
export const BASELINE_WITH_KIT: string;

export interface Bundle {
  bundler: 'esbuild' | 'vite';
  /** All JavaScript output, minified. */
  js: string;
  /** All CSS output, minified ('' when the app imports none). */
  css: string;
  jsGzip: number;
  cssGzip: number;
  /** gzip -9 of the JavaScript plus that of the CSS, in bytes: what is counted. */
  gzip: number;
  /** Minified bytes, JavaScript plus CSS. */
  min: number;
  /** esbuild only: minified bytes each input module (absolute path) left in the output. */
  modules: { path: string; bytes: number }[];
}

/** esbuild, as an esbuild-based app bundles the entry module `source` (written as `name`.js beside the unpacked package at `root`). */
export function bundleWithEsbuild(root: string, name: string, source: string, options?: { minify?: boolean }): Promise<Bundle>;
/** Vite's production app build of the same. */
export function bundleWithVite(root: string, name: string, source: string): Promise<Bundle>;
