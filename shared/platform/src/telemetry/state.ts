/** Whether this process started the tracing SDK; everything else checks this before doing any work. */
let stopSdk: (() => Promise<void>) | undefined;

export function tracingOn(): boolean {
  return stopSdk !== undefined;
}

export function markTracingStarted(stop: () => Promise<void>): void {
  stopSdk = stop;
}

/** Sends the spans still buffered and stops the SDK; nothing when tracing is off. */
export async function stopTracing(): Promise<void> {
  const stop = stopSdk;
  stopSdk = undefined;
  await stop?.();
}
