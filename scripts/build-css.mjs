// Bundles src/styles.css and its @imports into one minified dist/styles.css (the ./styles.css export).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bundle } from 'lightningcss';

export function buildCss() {
  const root = resolve(import.meta.dirname, '..');
  const { code } = bundle({ filename: join(root, 'src/styles.css'), minify: true });
  return new TextDecoder().decode(code);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = resolve(import.meta.dirname, '..');
  mkdirSync(join(root, 'dist'), { recursive: true });
  const code = buildCss();
  writeFileSync(join(root, 'dist/styles.css'), code);
  console.log(`dist/styles.css ${code.length} bytes`);
}
