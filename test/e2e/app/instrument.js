// Counts what the page has attached, so a test can check that unmounting leaves nothing behind:
// window/document listeners, live timers, open BroadcastChannels.
(() => {
  const live = { listeners: new Map(), timeouts: new Set(), intervals: new Set(), channels: new Set() };
  let nextId = 0;
  const idOf = new WeakMap();
  const fnId = (fn) => {
    if (!idOf.has(fn)) idOf.set(fn, ++nextId);
    return idOf.get(fn);
  };
  for (const target of [window, document]) {
    const add = target.addEventListener.bind(target);
    const remove = target.removeEventListener.bind(target);
    const name = target === window ? 'window' : 'document';
    target.addEventListener = (type, fn, options) => {
      if (fn) live.listeners.set(`${name}:${type}:${fnId(fn)}`, true);
      return add(type, fn, options);
    };
    target.removeEventListener = (type, fn, options) => {
      if (fn) live.listeners.delete(`${name}:${type}:${fnId(fn)}`);
      return remove(type, fn, options);
    };
  }
  const st = window.setTimeout.bind(window);
  const ct = window.clearTimeout.bind(window);
  const si = window.setInterval.bind(window);
  const ci = window.clearInterval.bind(window);
  window.setTimeout = (fn, ms, ...args) => {
    const id = st(
      (...a) => {
        live.timeouts.delete(id);
        if (typeof fn === 'function') fn(...a);
      },
      ms,
      ...args,
    );
    live.timeouts.add(id);
    return id;
  };
  window.clearTimeout = (id) => {
    live.timeouts.delete(id);
    return ct(id);
  };
  window.setInterval = (fn, ms, ...args) => {
    const id = si(fn, ms, ...args);
    live.intervals.add(id);
    return id;
  };
  window.clearInterval = (id) => {
    live.intervals.delete(id);
    return ci(id);
  };
  const NativeChannel = window.BroadcastChannel;
  window.BroadcastChannel = class extends NativeChannel {
    constructor(name) {
      super(name);
      live.channels.add(this);
    }
    close() {
      live.channels.delete(this);
      return super.close();
    }
  };
  window.__live = () => ({
    // The listeners the connect flow uses; React's own listeners are not counted.
    listeners: [...live.listeners.keys()].filter((k) => /^(window|document):(message|focus|visibilitychange):/.test(k)).length,
    intervals: live.intervals.size,
    timeouts: live.timeouts.size,
    channels: live.channels.size,
  });
})();
