'use client';
export type { ConnectedRequest, ConnectionRequiredProps } from './connection-required.tsx';
export { ConnectionRequired } from './connection-required.tsx';
