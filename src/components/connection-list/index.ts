'use client';

export type { ConnectionListPart, ConnectionListProps, ConnectionListRowParts } from './connection-list.tsx';
export { ConnectionList } from './connection-list.tsx';
