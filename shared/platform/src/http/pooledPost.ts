/** What pooledPost needs of an undici Pool (or Client, Agent): its `dispatch`, given a handler of raw callbacks. */
export interface RawDispatcher {
  dispatch(
    options: { origin?: string; method: 'POST'; path: string; headers: Record<string, string>; body: string | null },
    handler: {
      onConnect(abort: (err?: Error) => void): void;
      onHeaders(statusCode: number, headers: Buffer[], resume: () => void, statusText: string): boolean;
      onData(chunk: Buffer): boolean;
      onComplete(trailers: string[] | null): void;
      onError(err: Error): void;
    },
  ): boolean;
}

export interface PooledAnswer {
  statusCode: number;
  /** A response header by name, any case; several of one name joined with ", ". */
  header: (name: string) => string | undefined;
  /** The whole body as UTF-8 text; "" when it was longer than `maxBytes` said. */
  text: string;
  /** Set when the answer's content-length was over `maxBytes`: its body was read and dropped. */
  tooLarge?: number;
  /** Set when `passOn` took the body: it went to the sink, and `text` is "". */
  passedOn?: true;
}

/** Where `passOn` sends a body as it arrives. */
export interface AnswerSink {
  /** Takes a chunk; false asks for no more until `onceDrained`'s callback. */
  write(chunk: Buffer): boolean;
  onceDrained(resume: () => void): void;
  /** Registers the call's end for when the sink goes away: the rest of the answer is then not read. */
  onGone(stop: (error: Error) => void): void;
}

export interface PooledPostOptions {
  path: string;
  headers: Record<string, string>;
  body: string | null;
  /** Aborts the call; its reason is the call's error. */
  signal?: AbortSignal;
  /**
   * Bound on the whole call, headers and body: when it passes, the call fails with a TimeoutError
   * ("<what> timed out"). One timer, and no AbortController, per call.
   */
  timeout?: { ms: number; what: string };
  /** An answer whose content-length says more is read to its end (the connection stays usable) and not kept. */
  maxBytes?: number;
  /** Called with the first chunk of a 200 answer's body, as it arrives, before the rest is read. */
  onFirstChunk?: (chunk: Buffer) => void;
  /**
   * Offered the first chunk of a 200 answer with a content-length, when more is still to come: a
   * sink returned takes the whole body, that chunk first, as it arrives, with the sink's
   * backpressure, and nothing is gathered. Undefined: the body is gathered as usual.
   */
  passOn?: (first: Buffer, contentLength: number) => AnswerSink | undefined;
}

function headerOf(raw: readonly Buffer[], name: string): string | undefined {
  const wanted = name.toLowerCase();
  let found: string | undefined;
  for (let index = 0; index + 1 < raw.length; index += 2) {
    if (raw[index]?.toString('latin1').toLowerCase() !== wanted) continue;
    const value = raw[index + 1]?.toString('latin1') ?? '';
    found = found === undefined ? value : `${found}, ${value}`;
  }
  return found;
}

/**
 * One POST over a pool, its whole answer read as text. undici's `request` wraps every answer in a
 * readable stream and parses every header into an object; callers that read one body as text and
 * one or two headers pay for neither here: headers stay raw until asked for, chunks are gathered
 * and decoded once. Time bounds are the pool's (headersTimeout, bodyTimeout), `timeout` and the signal's.
 */
export function pooledPost(pool: RawDispatcher, options: PooledPostOptions): Promise<PooledAnswer> {
  const { signal, maxBytes, timeout } = options;
  return new Promise<PooledAnswer>((resolve, reject) => {
    let statusCode = 0;
    let rawHeaders: Buffer[] = [];
    let tooLarge: number | undefined;
    let contentLength: number | undefined;
    let resume: () => void = () => undefined;
    let sink: AnswerSink | undefined;
    const chunks: Buffer[] = [];
    let abortCall: ((err?: Error) => void) | undefined;
    /** Why the call must stop, once it must: given to undici as soon as the call can be aborted. */
    let stopped: Error | undefined;
    const stop = (error: Error) => {
      stopped ??= error;
      abortCall?.(stopped);
    };
    const onAbort = () => {
      const reason: unknown = signal?.reason;
      stop(reason instanceof Error ? reason : new Error(String(reason)));
    };
    const timer =
      timeout && setTimeout(() => stop(new DOMException(`${timeout.what} timed out`, 'TimeoutError')), timeout.ms);
    const settle = () => {
      if (timer) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const passed = (to: AnswerSink, chunk: Buffer): boolean => {
      if (to.write(chunk)) return true;
      to.onceDrained(resume);
      return false;
    };
    pool.dispatch(
      { method: 'POST', path: options.path, headers: options.headers, body: options.body },
      {
        onConnect(abort) {
          abortCall = abort;
          if (signal?.aborted) onAbort();
          else if (stopped) abort(stopped);
        },
        onHeaders(status, headers, resumeAnswer) {
          statusCode = status;
          rawHeaders = headers;
          resume = resumeAnswer;
          const declared = headerOf(headers, 'content-length');
          contentLength = declared === undefined ? undefined : Number(declared);
          if (maxBytes !== undefined && (contentLength ?? 0) > maxBytes) tooLarge = contentLength;
          return true;
        },
        onData(chunk) {
          if (tooLarge !== undefined) return true;
          if (sink) return passed(sink, chunk);
          if (chunks.length === 0 && statusCode === 200) {
            options.onFirstChunk?.(chunk);
            if (options.passOn && contentLength !== undefined && chunk.length < contentLength) {
              sink = options.passOn(chunk, contentLength);
              if (sink) {
                sink.onGone(stop);
                return passed(sink, chunk);
              }
            }
          }
          chunks.push(chunk);
          return true;
        },
        onComplete() {
          settle();
          const text = tooLarge === undefined && !sink ? Buffer.concat(chunks).toString('utf8') : '';
          resolve({
            statusCode,
            header: (name) => headerOf(rawHeaders, name),
            text,
            ...(tooLarge === undefined ? {} : { tooLarge }),
            ...(sink ? { passedOn: true as const } : {}),
          });
        },
        onError(err) {
          settle();
          reject(err);
        },
      },
    );
  });
}
