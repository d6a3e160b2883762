export interface TimedRequestOptions {
  /** Bound on the whole call. */
  timeoutMs: number;
  /** What timed out, for the TimeoutError's message ("The gateway call"). */
  what: string;
  /** The caller's own signal (its client went away): it aborts the call too. */
  signal?: AbortSignal | undefined;
}

/**
 * Runs `call` with a signal that aborts when `timeoutMs` passes or the caller's signal fires. One
 * controller and one timer, cleared when the call ends, and the caller's listener removed then:
 * AbortSignal.timeout would keep a timer alive for the whole bound after every call, and
 * AbortSignal.any costs more. A call that fails because the bound passed rejects with a
 * TimeoutError whose cause is the call's own error; any other failure is the call's, as it is.
 */
export async function timedRequest<T>(
  options: TimedRequestOptions,
  call: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  // Made only when the bound passes: a DOMException captures a stack, a cost every call would pay.
  let timeout: DOMException | undefined;
  const timer = setTimeout(() => {
    timeout = new DOMException(`${options.what} timed out`, 'TimeoutError');
    controller.abort(timeout);
  }, options.timeoutMs);
  const { signal } = options;
  const onCallerAbort = () => controller.abort(signal?.reason);
  if (signal?.aborted) onCallerAbort();
  else signal?.addEventListener('abort', onCallerAbort, { once: true });
  try {
    return await call(controller.signal);
  } catch (error) {
    if (timeout !== undefined && controller.signal.reason === timeout && error !== timeout) {
      throw new DOMException(timeout.message, { name: 'TimeoutError', cause: error });
    }
    throw error;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onCallerAbort);
  }
}

const isNamedTimeout = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && (value as { name?: unknown }).name === 'TimeoutError';

/**
 * Whether a call failed because its own bound passed (timedRequest's, or AbortSignal.timeout's).
 * Judged by name, not class: a DOMException may come from another realm than the caller's Error.
 */
export function isTimeoutError(error: unknown): boolean {
  return isNamedTimeout(error) || isNamedTimeout((error as { cause?: unknown } | null | undefined)?.cause);
}
