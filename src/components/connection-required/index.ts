'use client';
export type { ConnectedRequest, ConnectionRequiredPart, ConnectionRequiredProps } from './connection-required.tsx';
export { ConnectionRequired } from './connection-required.tsx';
