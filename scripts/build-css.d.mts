/** Bundles src/styles.css and its @imports into one minified stylesheet. */
export function buildCss(): string;
