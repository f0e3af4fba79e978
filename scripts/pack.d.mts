/** `node_modules/.cache/pack`: a file here imports `@codespar/connect-react` from the unpacked tarball. */
export const PACK_DIR: string;

export interface PackedPackage {
  /** Absolute path of the `.tgz` that `npm pack` made. */
  tarball: string;
  /** The tarball unpacked, at `node_modules/@codespar/connect-react` below {@link PACK_DIR}. */
  dir: string;
  /** {@link PACK_DIR}. */
  root: string;
}

/** Builds (when dist/ is missing or older than its inputs), packs and unpacks the package. */
export function packPackage(options?: { force?: boolean }): PackedPackage;
