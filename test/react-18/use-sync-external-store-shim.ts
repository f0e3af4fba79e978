// `use-sync-external-store/shim` under React 18 (the AI SDK's SWR imports it; the library does
// not): with React 18 the real shim hands out React's own useSyncExternalStore, which is what this
// does, against React 18. The package itself sits in the repository's node_modules and would
// require React 19 from there.
export { useSyncExternalStore } from 'react';
