/**
 * Which tool calls a card has resumed, for the life of the page. A chat can unmount and remount a
 * card (a virtualized message list), or show one tool call in two places; the host must still
 * resume the call once. Keyed by the AI SDK's `toolCallId`, which is unique across a thread; a card
 * without one uses a key of its own, so it resumes at most once in its own life.
 */
const resumed = /* @__PURE__ */ new Set<string>();
const listeners = /* @__PURE__ */ new Set<() => void>();

export const resumeLedger = {
  /** Marks `key` resumed; `true` only for the first caller. */
  claim(key: string): boolean {
    if (resumed.has(key)) return false;
    resumed.add(key);
    for (const listener of [...listeners]) listener();
    return true;
  },
  has: (key: string): boolean => resumed.has(key),
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  },
};
