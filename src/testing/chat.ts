/*
 * A chat without a model, for a host's own tests of how it renders the connection bias loop: the
 * UI message chunks an AI SDK agent streams (ai 5–7 share these fields), and a transport that
 * `useChat({ transport })` accepts. Nothing here imports `ai`.
 */

/** The UI message chunks this kit writes: a subset of the AI SDK's `UIMessageChunk`. */
export type ChatChunk =
  | { type: 'start'; messageId?: string }
  | { type: 'start-step' }
  | { type: 'tool-input-available'; toolCallId: string; toolName: string; input: unknown }
  | { type: 'tool-output-available'; toolCallId: string; output: unknown }
  | { type: 'text-start'; id: string }
  | { type: 'text-delta'; id: string; delta: string }
  | { type: 'text-end'; id: string }
  | { type: 'finish-step' }
  | { type: 'finish' };

export interface ToolTurnOptions {
  /** @defaultValue `"create_pix_charge"` */
  toolName?: string;
  /** @defaultValue a fresh `call_…` id */
  toolCallId?: string;
  /** The tool call's input. @defaultValue `{}` */
  input?: unknown;
  /**
   * What the tool answered. Leave it out for a client-side tool (no `execute`) that the UI answers
   * with `addToolOutput`: the part then stays `input-available`.
   */
  output?: unknown;
  /** What the assistant says after the tool result, if anything. */
  text?: string;
}

let sequence = 0;
const nextId = (prefix: string) => `${prefix}_${(++sequence).toString(36)}`;

/**
 * One assistant turn: a tool call, its output, then (optionally) a line of text.
 *
 * @example
 * ```ts
 * const turn = toolTurnChunks({ toolName: 'create_pix_charge', output: { charge_id: 'ch_1' }, text: 'Done!' });
 * ```
 */
export function toolTurnChunks(options: ToolTurnOptions): ChatChunk[] {
  const { toolName = 'create_pix_charge', toolCallId = nextId('call'), input = {}, text } = options;
  return [
    { type: 'start', messageId: nextId('msg') },
    { type: 'start-step' },
    { type: 'tool-input-available', toolCallId, toolName, input },
    ...('output' in options ? [{ type: 'tool-output-available', toolCallId, output: options.output } as const] : []),
    { type: 'finish-step' },
    ...(text === undefined ? [] : [{ type: 'start-step' } as const, ...textParts(text), { type: 'finish-step' } as const]),
    { type: 'finish' },
  ];
}

/**
 * The turn of seed 003's agent when the server is not connected: its tool answers
 * `{ needs_connection: wizardUrl }` verbatim, and the assistant says why it stopped.
 *
 * @example
 * ```ts
 * const turn = needsConnectionChunks({ wizardUrl: 'https://app.codespar.dev/dashboard/auth-configs?connect=mercado-pago' });
 * ```
 */
export function needsConnectionChunks(options: Omit<ToolTurnOptions, 'output'> & { wizardUrl: string }): ChatChunk[] {
  const { wizardUrl, ...turn } = options;
  return toolTurnChunks({ text: 'I need access to that account first.', ...turn, output: { needs_connection: wizardUrl } });
}

/**
 * An assistant turn that only says `text`.
 *
 * @example
 * ```ts
 * const turn = textChunks('Hello!');
 * ```
 */
export function textChunks(text: string): ChatChunk[] {
  return [
    { type: 'start', messageId: nextId('msg') },
    { type: 'start-step' },
    ...textParts(text),
    { type: 'finish-step' },
    { type: 'finish' },
  ];
}

function textParts(text: string): ChatChunk[] {
  const id = nextId('text');
  return [
    { type: 'text-start', id },
    { type: 'text-delta', id, delta: text },
    { type: 'text-end', id },
  ];
}

/** What a scripted transport was asked for: one entry per `sendMessages`. */
export interface ScriptedCall {
  /** `"submit-message"` (`sendMessage`, `addToolOutput` with `sendAutomaticallyWhen`) or `"regenerate-message"`. */
  trigger: string;
  /** The UI messages the chat sent, as it sent them. */
  messages: readonly unknown[];
}

/** A `ChatTransport` for `useChat` that answers from a script instead of a server. */
export interface ScriptedTransport {
  sendMessages(options: {
    trigger: string;
    messages: readonly unknown[];
    abortSignal?: AbortSignal | undefined;
  }): Promise<ReadableStream<ChatChunk>>;
  reconnectToStream(options?: unknown): Promise<null>;
  /** Every turn the chat asked for, in order. */
  readonly calls: readonly ScriptedCall[];
}

/**
 * A transport for `useChat({ transport })` that needs no model and no server: each `sendMessages`
 * streams the next turn of `script` (or what the function returns for that call). The host's
 * chat then renders the parts as it would a real agent's.
 *
 * @example
 * ```tsx
 * const transport = createScriptedTransport([
 *   needsConnectionChunks({ toolCallId: 'call_1', wizardUrl }),       // the first turn asks for Mercado Pago
 *   toolTurnChunks({ output: { charge_id: 'ch_1' }, text: 'Done!' }), // the resumed turn
 * ]);
 * const { messages, sendMessage } = useChat({ transport });
 * ```
 */
export function createScriptedTransport(
  script: readonly ChatChunk[][] | ((call: ScriptedCall, turn: number) => ChatChunk[]),
): ScriptedTransport {
  const calls: ScriptedCall[] = [];
  return {
    calls,
    async sendMessages({ trigger, messages }) {
      const call: ScriptedCall = { trigger, messages: [...messages] };
      calls.push(call);
      const turn = calls.length - 1;
      const chunks = typeof script === 'function' ? script(call, turn) : script[turn];
      if (!chunks) throw new Error(`createScriptedTransport: the script has no turn ${turn + 1}`);
      return new ReadableStream<ChatChunk>({
        start(controller) {
          for (const chunk of chunks) controller.enqueue(chunk);
          controller.close();
        },
      });
    },
    reconnectToStream: async () => null,
  };
}
