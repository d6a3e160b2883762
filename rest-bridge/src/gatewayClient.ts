import type { Readable } from 'node:stream';
import {
  BRIDGE_SECRET_HEADER,
  REQUEST_ID_HEADER,
  graphqlMultipartBody,
  pooledPost,
  timedRequest,
  type Logger,
} from '@people/platform';
import { type RestLocation } from './dialect/restErrors';
import { Pool } from 'undici';
import { HttpError, httpErrorFromGraph, type GraphQLErrorBody } from './errors';
import type { Operation } from './operations';

export interface CallOptions {
  requestId: string;
  /** Aborts the call when the client goes away. */
  signal?: AbortSignal;
  /** Where invalid fields the graph reports were found in the REST request. */
  location?: RestLocation;
  /** The caller's headers the gateway must see (its token, its address). */
  forwardHeaders?: Record<string, string>;
}

/** How far into an answer `onAnswerStart` reads: the head of the body, where the next cursor is. */
const ANSWER_START_CHARS = 1024;

export interface UploadFile {
  stream: Readable;
  filename: string;
  mimeType: string;
}

export interface GatewayClientOptions {
  url: string;
  /** Bound on one call. */
  timeoutMs: number;
  /** Most keep-alive connections for JSON calls. */
  connections: number;
  /** Most connections for photo uploads, apart from the others so that slow uploads cannot take them all. */
  uploadConnections: number;
  /** Bound on a call that relays an upload: the client's pace sets its length. */
  uploadTimeoutMs: number;
  /** Proves to the gateway that a call is the bridge's own. */
  bridgeSecret?: string;
}

interface GraphQLResponseBody<T> {
  data?: T | null;
  errors?: GraphQLErrorBody[];
}

/** What a call that timed out names in its error. */
const GATEWAY_CALL = 'The gateway call';

/** Largest gateway answer read; people pages are far smaller. */
const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

function safeFilename(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 100);
  return cleaned === '' ? 'upload' : cleaned;
}

/**
 * The bridge's only way to the graph: pooled keep-alive connections to the gateway, a time bound
 * on every call, the caller's request id, and every failure turned into an HttpError.
 */
export class GatewayClient {
  private readonly pool: Pool;
  private readonly uploadPool: Pool;
  private readonly path: string;
  private readonly readyPath: string;
  private readonly timeoutMs: number;
  private readonly uploadTimeoutMs: number;

  private readonly bridgeSecret: string | undefined;

  constructor(
    options: GatewayClientOptions,
    private readonly logger: Logger,
  ) {
    this.bridgeSecret = options.bridgeSecret;
    const url = new URL(options.url);
    this.path = `${url.pathname}${url.search}`;
    this.readyPath = new URL('/readyz', url).pathname;
    this.timeoutMs = options.timeoutMs;
    this.uploadTimeoutMs = options.uploadTimeoutMs;
    // undici starts the headers timer once the request body is sent, so it bounds the gateway's
    // answer after an upload, never the upload itself.
    const poolOptions = (connections: number) => ({
      connections,
      pipelining: 1,
      keepAliveTimeout: 30_000,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      connectTimeout: Math.min(options.timeoutMs, 5000),
    });
    this.pool = new Pool(url.origin, poolOptions(options.connections));
    this.uploadPool = new Pool(url.origin, poolOptions(options.uploadConnections));
  }

  /** Sends one operation as JSON; resolves to its data or rejects with an HttpError. */
  async execute<TData, TVariables>(
    operation: Operation<TData, TVariables>,
    variables: TVariables,
    options: CallOptions,
    /** Shown the start of a 200 answer's body as it arrives, before the whole answer is read. */
    onAnswerStart?: (start: string) => void,
  ): Promise<TData> {
    const body = JSON.stringify({ operationName: operation.name, query: operation.document, variables });
    const headers = this.headers(options, {
      'content-type': 'application/json',
      [REQUEST_ID_HEADER]: options.requestId,
    });
    return this.send<TData>(options, async () => {
      const answer = await pooledPost(this.pool, {
        path: this.path,
        headers,
        body,
        ...(options.signal ? { signal: options.signal } : {}),
        timeout: { ms: this.timeoutMs, what: GATEWAY_CALL },
        maxBytes: MAX_RESPONSE_BYTES,
        ...(onAnswerStart
          ? { onFirstChunk: (chunk: Buffer) => onAnswerStart(chunk.toString('utf8', 0, ANSWER_START_CHARS)) }
          : {}),
      });
      if (answer.tooLarge !== undefined) throw new Error(`gateway answer of ${answer.tooLarge} bytes is too large`);
      return { status: answer.statusCode, text: answer.text };
    });
  }

  /**
   * Sends one operation as a GraphQL multipart request (operations, map, then the file), streaming
   * the file through without holding it. The variable that receives the file is `photo`.
   */
  async upload<TData, TVariables>(
    operation: Operation<TData, TVariables>,
    variables: TVariables,
    file: UploadFile,
    options: CallOptions,
  ): Promise<TData> {
    const { contentType, body } = graphqlMultipartBody(
      {
        operations: JSON.stringify({ operationName: operation.name, query: operation.document, variables }),
        map: { '0': ['variables.photo'] },
      },
      { field: '0', filename: safeFilename(file.filename), mimeType: file.mimeType, stream: file.stream },
    );
    const headers = this.headers(options, {
      'content-type': contentType,
      'apollo-require-preflight': 'true',
      [REQUEST_ID_HEADER]: options.requestId,
    });
    try {
      return await this.send<TData>(options, () =>
        timedRequest(
          { timeoutMs: this.uploadTimeoutMs, what: GATEWAY_CALL, signal: options.signal },
          async (signal) => {
            const response = await this.uploadPool.request({ method: 'POST', path: this.path, headers, body, signal });
            const length = Number(response.headers['content-length'] ?? 0);
            if (length > MAX_RESPONSE_BYTES) {
              await response.body.dump();
              throw new Error(`gateway answer of ${length} bytes is too large`);
            }
            return { status: response.statusCode, text: await response.body.text() };
          },
        ),
      );
    } finally {
      // The gateway may answer before the file is sent whole (a refusal): read no more of it.
      body.destroy();
    }
  }

  /** Resolves when the gateway says it is ready (its subgraphs answer). */
  async ready(requestId: string): Promise<void> {
    const status = await timedRequest(
      { timeoutMs: this.timeoutMs, what: 'The gateway readiness check' },
      async (signal) => {
        const response = await this.pool.request({
          method: 'GET',
          path: this.readyPath,
          headers: { [REQUEST_ID_HEADER]: requestId },
          signal,
        });
        await response.body.dump();
        return response.statusCode;
      },
    );
    if (status !== 200) throw new Error(`gateway answered ${status}`);
  }

  async close(): Promise<void> {
    await Promise.all([this.pool.close(), this.uploadPool.close()]);
  }

  /** Every call's headers: the caller's that the gateway must see, the call's own, and the bridge's credential. */
  private headers(options: CallOptions, own: Record<string, string>): Record<string, string> {
    return {
      accept: 'application/graphql-response+json, application/json',
      ...options.forwardHeaders,
      ...own,
      ...(this.bridgeSecret ? { [BRIDGE_SECRET_HEADER]: this.bridgeSecret } : {}),
    };
  }

  /** Makes one call (bounded in time and by the caller's signal) and reads its answer as GraphQL's. */
  private async send<TData>(
    options: CallOptions,
    call: () => Promise<{ status: number; text: string }>,
  ): Promise<TData> {
    let parsed: GraphQLResponseBody<TData>;
    let status: number;
    try {
      const response = await call();
      const answer: unknown = JSON.parse(response.text);
      if (typeof answer !== 'object' || answer === null || !('data' in answer || 'errors' in answer)) {
        throw new Error(`gateway answered ${response.status} without a GraphQL response`);
      }
      parsed = answer as GraphQLResponseBody<TData>;
      status = response.status;
    } catch (error) {
      if (options.signal?.aborted) throw error;
      this.logger.warn({ err: error }, 'gateway call failed');
      throw HttpError.unavailable('The gateway is unavailable; try again shortly');
    }
    const first = parsed.errors?.[0];
    if (first) {
      if (first.extensions?.code === undefined && status >= 500) {
        throw HttpError.unavailable('The gateway is unavailable; try again shortly');
      }
      const mapped = httpErrorFromGraph(first, options.location ?? 'body');
      if (mapped.status >= 500 && mapped.status !== 503) {
        this.logger.error({ status, errors: parsed.errors }, 'gateway refused an operation');
      }
      throw mapped;
    }
    if (parsed.data === undefined || parsed.data === null) {
      this.logger.error({ status }, 'gateway answered without data');
      throw HttpError.internal();
    }
    return parsed.data;
  }
}
