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
}

export interface PooledPostOptions {
  path: string;
  headers: Record<string, string>;
  body: string | null;
  /** Aborts the call; its reason is the call's error. */
  signal: AbortSignal;
  /** An answer whose content-length says more is read to its end (the connection stays usable) and not kept. */
  maxBytes?: number;
  /** Called with the first chunk of a 200 answer's body, as it arrives, before the rest is read. */
  onFirstChunk?: (chunk: Buffer) => void;
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
 * and decoded once. Time bounds are the pool's (headersTimeout, bodyTimeout) and the signal's.
 */
export function pooledPost(pool: RawDispatcher, options: PooledPostOptions): Promise<PooledAnswer> {
  const { signal, maxBytes } = options;
  return new Promise<PooledAnswer>((resolve, reject) => {
    let statusCode = 0;
    let rawHeaders: Buffer[] = [];
    let tooLarge: number | undefined;
    const chunks: Buffer[] = [];
    let abortCall: ((err?: Error) => void) | undefined;
    const onAbort = () =>
      abortCall?.(signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason)));
    const settle = () => {
      signal.removeEventListener('abort', onAbort);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    pool.dispatch(
      { method: 'POST', path: options.path, headers: options.headers, body: options.body },
      {
        onConnect(abort) {
          abortCall = abort;
          if (signal.aborted) onAbort();
        },
        onHeaders(status, headers) {
          statusCode = status;
          rawHeaders = headers;
          const length = Number(headerOf(headers, 'content-length') ?? 0);
          if (maxBytes !== undefined && length > maxBytes) tooLarge = length;
          return true;
        },
        onData(chunk) {
          if (tooLarge !== undefined) return true;
          if (chunks.length === 0 && statusCode === 200) options.onFirstChunk?.(chunk);
          chunks.push(chunk);
          return true;
        },
        onComplete() {
          settle();
          const text = tooLarge === undefined ? Buffer.concat(chunks).toString('utf8') : '';
          resolve({
            statusCode,
            header: (name) => headerOf(rawHeaders, name),
            text,
            ...(tooLarge === undefined ? {} : { tooLarge }),
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
