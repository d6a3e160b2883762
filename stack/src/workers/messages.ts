/** A worker has started and serves at these URLs. */
export interface ReadyMessage {
  type: 'ready';
  urls: Record<string, string>;
}

/** The launcher asks a worker to stop accepting, finish what is in flight and exit. */
export interface ShutdownMessage {
  type: 'shutdown';
}

export function isReadyMessage(message: unknown): message is ReadyMessage {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'ready';
}

export function isShutdownMessage(message: unknown): message is ShutdownMessage {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'shutdown';
}
