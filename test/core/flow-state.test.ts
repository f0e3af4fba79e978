// The derived booleans of a flow status (the reducer's own table is in connect-flow.test.ts).
import { describe, expect, it } from 'vitest';
import { type ConnectFlowFlags, type ConnectFlowStatus, flowFlags, isPendingStatus } from '../../src/core/flow-state.ts';

/** Which single-status flag means which status: each must be true for its status only. */
const OWN_FLAG: Record<ConnectFlowStatus, keyof ConnectFlowFlags> = {
  idle: 'isIdle',
  checking: 'isChecking',
  opening: 'isOpening',
  waiting: 'isWaiting',
  verifying: 'isVerifying',
  needs_setup: 'isAwaitingSetup',
  blocked: 'isBlocked',
  connected: 'isConnected',
  cancelled: 'isCancelled',
  expired: 'isExpired',
  error: 'isError',
};
const STATUSES = Object.keys(OWN_FLAG) as ConnectFlowStatus[];

describe('given flowFlags', () => {
  it.each(STATUSES)("should set exactly the own flag of '%s'", (status) => {
    const flags = flowFlags(status);
    for (const other of STATUSES) expect(flags[OWN_FLAG[other]], `${OWN_FLAG[other]} in ${status}`).toBe(other === status);
  });

  it('should mean by isWaiting only waiting, not opening or verifying', () => {
    expect(STATUSES.filter((s) => flowFlags(s).isWaiting)).toEqual(['waiting']);
  });

  it('should call busy only what is under way with nothing to click', () => {
    expect(STATUSES.filter((s) => flowFlags(s).isBusy).sort()).toEqual(['checking', 'opening', 'verifying']);
  });

  it('should agree with isPendingStatus on isPending', () => {
    for (const status of STATUSES) expect(flowFlags(status).isPending).toBe(isPendingStatus(status));
    expect(STATUSES.filter((s) => flowFlags(s).isPending).sort()).toEqual([
      'blocked',
      'checking',
      'needs_setup',
      'opening',
      'verifying',
      'waiting',
    ]);
  });

  it('should have no flag beyond the documented thirteen (no isNeedsSetup)', () => {
    expect(Object.keys(flowFlags('idle')).sort()).toEqual([...Object.values(OWN_FLAG), 'isBusy', 'isPending'].sort());
  });
});
