// What the harness app exposes to the tests.
declare global {
  interface Window {
    __log: { at: number; event: string; detail?: unknown }[];
    __start(): void;
    __unmount(): void;
    __live(): { listeners: number; intervals: number; timeouts: number; channels: number };
    /** Set by a test: the app's getToken() never answers from then on. */
    __hangToken?: boolean;
  }
}

export {};
