'use client';
export type { ConnectionRequiredProps } from './connection-required.tsx';
export { ConnectionRequired } from './connection-required.tsx';
