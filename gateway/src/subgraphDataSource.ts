import { AsyncLocalStorage } from 'node:async_hooks';
import { STATUS_CODES } from 'node:http';
import type { Readable } from 'node:stream';
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { IDEMPOTENCY_KEY_HEADER, unwrapPeopleError, ErrorCode, PeopleError, TRUSTED_PAGE_HEADER } from '@people/domain';
import {
  REQUEST_ID_HEADER,
  SUBGRAPH_SECRET_HEADER,
  graphqlMultipartBody,
  isTimeoutError,
  pooledPost,
  timedRequest,
  type PooledPostOptions,
  uploadRefusal,
  type Logger,
} from '@people/platform';
import { findForwardedUpload, type ForwardedUpload } from '@people/subgraph-kit';
import { GraphQLError } from 'graphql';
import { Pool } from 'undici';
import type { GatewayContext } from './context';

type Fetcher = RemoteGraphQLDataSource['fetcher'];

/** A fetch's options, with where its answer's body may go as it arrives (see `pooledPost`'s `passOn`). */
type PassOnInit = NonNullable<Parameters<Fetcher>[1]> & { passOn?: PooledPostOptions['passOn'] };
type ProcessResult = ReturnType<RemoteGraphQLDataSource['process']>;

/** The upload that the operation being sent carries, and its path in the variables. */
interface Forwarding {
  upload: ForwardedUpload;
  path: string;
}

/**
 * The part of a fetch Response that the data source reads, over a body already read as text:
 * undici's `request` costs far less per call than `fetch` (no WHATWG streams, Request/Response or
 * Headers objects, and the headers and body leave in one write).
 */
class PooledResponse {
  readonly ok: boolean;
  readonly statusText: string;
  readonly headers: { get(name: string): string | null; has(name: string): boolean };

  constructor(
    readonly url: string,
    readonly status: number,
    header: (name: string) => string | undefined,
    private readonly body: string,
    /** The body went to a sink as it arrived (`passOn`): `text()` is "". */
    readonly passedOn = false,
  ) {
    this.ok = status >= 200 && status < 300;
    this.statusText = STATUS_CODES[status] ?? '';
    const get = (name: string) => header(name) ?? null;
    this.headers = { get, has: (name) => get(name) !== null };
  }

  text(): Promise<string> {
    return Promise.resolve(this.body);
  }

  json(): Promise<unknown> {
    try {
      return Promise.resolve(JSON.parse(this.body));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }
}

interface SubgraphHttpError {
  status: number;
  body?: { errors?: { message?: string; extensions?: Record<string, unknown> }[] };
}

/**
 * How the gateway talks to one subgraph: an undici pool of keep-alive connections, a time bound,
 * the caller's request id, and a subgraph that cannot be reached reported as SERVICE_UNAVAILABLE
 * instead of a driver message. An operation whose variables hold an upload goes as a GraphQL
 * multipart request: its own `operations` and `map`, then the client's body from the file part
 * on, passed through as it arrives; every other one as JSON.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  /** The upload of the operation in flight, from `process` to the fetcher (which sees only JSON). */
  private readonly forwarding = new AsyncLocalStorage<Forwarding>();
  private readonly pool: Pool;
  /** Apart from `pool`, so that slow uploads cannot take the connections other calls use. */
  private readonly uploadPool: Pool;

  constructor(
    readonly name: string,
    url: string,
    private readonly timeoutMs: number,
    private readonly logger: Logger,
    /** Bound on a call that carries an upload: the client's upload sets its pace, not the subgraph. */
    private readonly uploadTimeoutMs: number,
    /** Proves to the subgraph that the call comes from the gateway. */
    private readonly sharedSecret?: string,
  ) {
    super({ url });
    const target = new URL(url);
    const path = `${target.pathname}${target.search}`;
    this.pool = new Pool(target.origin, { connections: 128, keepAliveTimeout: 30_000 });
    this.uploadPool = new Pool(target.origin, { keepAliveTimeout: 30_000 });
    this.fetcher = (input, init?: PassOnInit) => {
      const headers = init?.headers ?? {};
      const forwarding = this.forwarding.getStore();
      const body = typeof init?.body === 'string' ? init.body : null;
      const response = forwarding
        ? this.forward(input, path, headers, String(init?.body), forwarding)
        : this.postJson(input, path, headers, body, init?.passOn);
      return response as unknown as ReturnType<Fetcher>;
    };
  }

  override process(options: GraphQLDataSourceProcessOptions<GatewayContext>): ProcessResult {
    const forwarding = options.request.variables && findForwardedUpload(options.request.variables);
    return forwarding ? this.forwarding.run(forwarding, () => super.process(options)) : super.process(options);
  }

  private async postJson(
    url: string,
    path: string,
    headers: Record<string, string>,
    body: string | null,
    passOn: PooledPostOptions['passOn'],
  ): Promise<PooledResponse> {
    const timeout = { ms: this.timeoutMs, what: 'The subgraph call' };
    const answer = await pooledPost(this.pool, { path, headers, body, timeout, ...(passOn ? { passOn } : {}) });
    return new PooledResponse(url, answer.statusCode, answer.header, answer.text, answer.passedOn);
  }

  /** A streamed body goes through undici's `request`, which writes it as it arrives. */
  private postUpload(
    url: string,
    path: string,
    headers: Record<string, string>,
    body: Readable,
  ): Promise<PooledResponse> {
    return timedRequest({ timeoutMs: this.uploadTimeoutMs, what: 'The subgraph call' }, async (signal) => {
      const response = await this.uploadPool.request({ method: 'POST', path, headers, body, signal });
      const header = (name: string) => {
        const value = response.headers[name.toLowerCase()];
        return Array.isArray(value) ? value.join(', ') : value;
      };
      return new PooledResponse(url, response.statusCode, header, await response.body.text());
    });
  }

  /**
   * Sends the operation with the client's file: the subgraph reads the whole body strictly, so a
   * body cut short or malformed is refused there and stores nothing.
   */
  private async forward(
    url: string,
    path: string,
    headers: Record<string, string>,
    operations: string,
    { upload, path: variable }: Forwarding,
  ): Promise<PooledResponse> {
    const file = upload.take();
    const { contentType, body } = graphqlMultipartBody(
      { operations, map: { [upload.field]: [variable] } },
      { boundary: file.boundary, rest: file.rest },
    );
    const kept = Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'content-type');
    try {
      return await this.postUpload(
        url,
        path,
        // The subgraph keeps CSRF prevention on; a multipart POST must say it is not a simple form.
        { ...Object.fromEntries(kept), 'content-type': contentType, 'apollo-require-preflight': 'true' },
        body,
      );
    } catch (error) {
      // The client's upload failing (cut short, stalled, too large) is the client's error, not the subgraph's.
      throw unwrapPeopleError(file.rest.errored) ?? error;
    } finally {
      // A subgraph that answered before the body ended (a refusal) reads no more of it, nor do we.
      body.destroy();
    }
  }

  /**
   * One JSON operation sent as `process` sends it (the same headers, fetcher, time bound and
   * metrics), its answer's text kept as it came, for a caller that passes the answer on unread;
   * or, when `passOn` takes it, sent to a sink as it arrives (`passedOn`, no text). A failure is the
   * error `process` would have thrown.
   */
  async sendAsIs(
    request: { query: string; variables: Record<string, unknown>; operationName: string | undefined },
    context: GatewayContext,
    passOn?: PooledPostOptions['passOn'],
  ): Promise<{ status: number; text: string; passedOn: boolean }> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (context.requestId) headers[REQUEST_ID_HEADER] = context.requestId;
    if (context.trustedBridge) headers[TRUSTED_PAGE_HEADER] = '1';
    if (context.idempotencyKey !== undefined) headers[IDEMPOTENCY_KEY_HEADER] = context.idempotencyKey;
    if (this.sharedSecret) headers[SUBGRAPH_SECRET_HEADER] = this.sharedSecret;
    let response: Awaited<ReturnType<Fetcher>>;
    try {
      const init: PassOnInit = {
        method: 'POST',
        headers,
        body: JSON.stringify(request),
        ...(passOn ? { passOn } : {}),
      };
      response = await this.fetcher(this.url, init);
    } catch (error) {
      this.didEncounterError(error as Error);
    }
    const passedOn = response instanceof PooledResponse && response.passedOn;
    return { status: response.status, text: passedOn ? '' : await response.text(), passedOn };
  }

  /** Closes the pooled connections to the subgraph, once nothing is sent any more. */
  close(): Promise<void> {
    return Promise.all([this.pool.close(), this.uploadPool.close()]).then(() => undefined);
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    // The gateway's own health checks carry a bare record, without these keys.
    const { requestId, idempotencyKey, trustedBridge } = context as GatewayContext;
    if (requestId) request.http?.headers.set(REQUEST_ID_HEADER, requestId);
    if (trustedBridge) request.http?.headers.set(TRUSTED_PAGE_HEADER, '1');
    if (idempotencyKey !== undefined) request.http?.headers.set(IDEMPOTENCY_KEY_HEADER, idempotencyKey);
    if (this.sharedSecret) request.http?.headers.set(SUBGRAPH_SECRET_HEADER, this.sharedSecret);
  }

  override didEncounterError(error: Error): never {
    const known = unwrapPeopleError(error);
    if (known) throw known;
    const response = (error as { extensions?: Record<string, unknown> }).extensions?.response as
      SubgraphHttpError | undefined;
    // The subgraph refused the gateway itself: a deployment fault, not the client's.
    if (response?.status === 401) {
      this.logger.error({ subgraph: this.name }, 'subgraph refused the gateway; check SUBGRAPH_SHARED_SECRET');
      throw new PeopleError(ErrorCode.ServiceUnavailable, `The ${this.name} service is unavailable; try again shortly`);
    }
    // A subgraph answers 4xx with a GraphQL body when it refuses the variables (a scalar the
    // gateway passes through unparsed, such as Date): the client gets that error as it is.
    const refusal = response && response.status < 500 ? response.body?.errors?.[0] : undefined;
    // The update subgraph refused an upload's body before running the operation: the client gets
    // the error, and the HTTP status, that the gateway would have given reading the body itself.
    const uploadFault =
      this.forwarding.getStore() && refusal?.message !== undefined
        ? uploadRefusal(refusal.extensions?.code, refusal.message)
        : undefined;
    if (uploadFault) throw uploadFault;
    if (refusal?.message && typeof refusal.extensions?.code === 'string') {
      throw new GraphQLError(refusal.message, { extensions: refusal.extensions });
    }
    if (error instanceof GraphQLError && response && response.status < 500 && error.extensions.code) throw error;
    if (isTimeoutError(error)) {
      this.logger.warn({ subgraph: this.name, timeoutMs: this.timeoutMs }, 'subgraph did not answer in time');
      throw new PeopleError(
        ErrorCode.ServiceUnavailable,
        `The ${this.name} service did not answer within ${this.timeoutMs} ms; try again shortly`,
      );
    }
    this.logger.warn({ subgraph: this.name, err: error }, 'subgraph request failed');
    throw new PeopleError(ErrorCode.ServiceUnavailable, `The ${this.name} service is unavailable; try again shortly`);
  }
}
