import type { ConnectFlow } from './connect-flow.ts';

/**
 * One connect flow per server (docs/security.md item 11): every hook or component that connects the
 * same server of the same session shares one {@link ConnectFlow}, so five clicks in two places
 * still make one authorize request and one popup. A flow lives while something retains it.
 *
 * @example
 * ```ts
 * const registry = new FlowRegistry();
 * const flow = registry.get('ses_1::stripe', () => createConnectFlow({ client, serverId: 'stripe' }));
 * const release = registry.retain('ses_1::stripe', flow); // on unmount: release()
 * ```
 */
export class FlowRegistry {
  readonly #flows = new Map<string, { flow: ConnectFlow; refs: number }>();

  /** The flow for `key`, created (without side effects) if there is none. */
  get(key: string, create: () => ConnectFlow): ConnectFlow {
    let entry = this.#flows.get(key);
    if (!entry) {
      entry = { flow: create(), refs: 0 };
      this.#flows.set(key, entry);
    }
    return entry.flow;
  }

  /** Keeps the flow alive; the returned function lets go, and the last one out disposes it. */
  retain(key: string, flow: ConnectFlow): () => void {
    let entry = this.#flows.get(key);
    if (!entry || entry.flow !== flow) {
      entry = { flow, refs: 0 };
      this.#flows.set(key, entry);
    }
    // Handed out again after the last release disposed it (StrictMode, <Activity>): make it usable.
    if (entry.refs++ === 0) flow.revive();
    const held = entry;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      held.refs--;
      if (held.refs > 0) return;
      held.flow.dispose();
      if (this.#flows.get(key) === held) this.#flows.delete(key);
    };
  }

  /** Whether a live flow owns a completion message with this `state`. */
  handles(state: string): boolean {
    for (const { flow } of this.#flows.values()) if (flow.handles(state)) return true;
    return false;
  }

  /** How many flows are alive (for tests and leak checks). */
  get size(): number {
    return this.#flows.size;
  }
}
