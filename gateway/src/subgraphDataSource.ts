import { randomUUID } from 'node:crypto';
import { STATUS_CODES, type IncomingHttpHeaders } from 'node:http';
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import {
  IDEMPOTENCY_KEY_HEADER,
  InvalidInputError,
  REQUEST_ID_HEADER,
  SUBGRAPH_SECRET_HEADER,
  TRUSTED_PAGE_HEADER,
  ServiceUnavailableError,
  unwrapPeopleError,
  type Logger,
} from '@people/shared';
import { GraphQLError } from 'graphql';
import { Pool } from 'undici';
import type { GatewayContext } from './context';
import { extractUploads, type ExtractedUpload } from './uploads/extractUploads';
import { multipartBody } from './uploads/multipartBody';

/** Marks a subgraph call that carries uploads; it names them in `pendingUploads` and is never sent. */
const UPLOAD_TOKEN_HEADER = 'x-people-upload-token';

type Fetcher = RemoteGraphQLDataSource['fetcher'];

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
    rawHeaders: IncomingHttpHeaders,
    private readonly body: string,
  ) {
    this.ok = status >= 200 && status < 300;
    this.statusText = STATUS_CODES[status] ?? '';
    const get = (name: string) => {
      const value = rawHeaders[name.toLowerCase()];
      return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
    };
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

/** Our own bound on a call (the fetcher's timer, or AbortSignal.timeout on uploads) fired. */
function timedOut(error: Error): boolean {
  return error.name === 'TimeoutError' || (error.cause instanceof Error && error.cause.name === 'TimeoutError');
}

interface SubgraphHttpError {
  status: number;
  body?: { errors?: { message?: string; extensions?: Record<string, unknown> }[] };
}

/**
 * How the gateway talks to one subgraph: an undici pool of keep-alive connections, a time bound,
 * the caller's request id, and a subgraph that cannot be reached reported as SERVICE_UNAVAILABLE instead of a driver message. An operation whose variables hold uploads goes
 * as a GraphQL multipart request with the files streamed through; every other one as JSON.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly pendingUploads = new Map<string, ExtractedUpload[]>();
  private readonly pool: Pool;

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
    this.fetcher = (input, init) => {
      const { [UPLOAD_TOKEN_HEADER]: token, ...headers } = init?.headers ?? {};
      if (token === undefined) return this.post(input, path, headers, init?.body) as unknown as ReturnType<Fetcher>;
      const uploads = this.pendingUploads.get(token) ?? [];
      this.pendingUploads.delete(token);
      return this.sendMultipart(input, String(init?.body), headers, uploads);
    };
  }

  private async post(
    url: string,
    path: string,
    headers: Record<string, string>,
    body: unknown,
  ): Promise<PooledResponse> {
    // A timer cleared when the call ends: AbortSignal.timeout would keep one alive for the whole bound.
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new DOMException('The subgraph call timed out', 'TimeoutError')),
      this.timeoutMs,
    );
    try {
      const response = await this.pool.request({
        method: 'POST',
        path,
        headers,
        body: typeof body === 'string' ? body : null,
        signal: controller.signal,
      });
      return new PooledResponse(url, response.statusCode, response.headers, await response.body.text());
    } finally {
      clearTimeout(timer);
    }
  }

  /** Closes the pooled connections to the subgraph, once nothing is sent any more. */
  close(): Promise<void> {
    return this.pool.close();
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    // The gateway's own health checks carry a bare record, without these keys.
    const { requestId, idempotencyKey, trustedBridge } = context as GatewayContext;
    if (requestId) request.http?.headers.set(REQUEST_ID_HEADER, requestId);
    if (trustedBridge) request.http?.headers.set(TRUSTED_PAGE_HEADER, '1');
    if (idempotencyKey !== undefined) request.http?.headers.set(IDEMPOTENCY_KEY_HEADER, idempotencyKey);
    if (this.sharedSecret) request.http?.headers.set(SUBGRAPH_SECRET_HEADER, this.sharedSecret);
    if (!request.variables) return;
    const { variables, uploads } = extractUploads(request.variables);
    if (uploads.length === 0) return;
    // The base class serialises the request to JSON before the fetcher sees it; the uploads travel
    // beside it, named by a token header that the fetcher removes.
    const token = randomUUID();
    this.pendingUploads.set(token, uploads);
    request.variables = variables;
    request.http?.headers.set(UPLOAD_TOKEN_HEADER, token);
  }

  private async sendMultipart(
    url: string,
    operations: string,
    headers: Record<string, string>,
    uploads: ExtractedUpload[],
  ): Promise<Response> {
    const files = await Promise.all(
      uploads.map(async ({ upload }, index) => {
        try {
          return { field: String(index), file: await upload.promise };
        } catch (error) {
          const message = error instanceof Error ? error.message : 'The file could not be read';
          throw new InvalidInputError([{ field: uploads[index]?.path ?? 'file', message, type: 'upload' }]);
        }
      }),
    );
    const map = Object.fromEntries(uploads.map(({ path }, index) => [String(index), [path]]));
    const { contentType, body } = multipartBody(operations, map, files);
    // The client's upload failing (cut short, stalled, too large) is the client's error, not the subgraph's.
    let uploadFailure: unknown;
    async function* relayed(): AsyncGenerator<Uint8Array> {
      try {
        yield* body;
      } catch (error) {
        uploadFailure = error;
        throw error;
      }
    }
    const kept = Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'content-type');
    try {
      return await fetch(url, {
        method: 'POST',
        // The subgraph keeps CSRF prevention on; a multipart POST must say it is not a simple form.
        headers: { ...Object.fromEntries(kept), 'content-type': contentType, 'apollo-require-preflight': 'true' },
        body: relayed(),
        duplex: 'half',
        signal: AbortSignal.timeout(this.uploadTimeoutMs),
      });
    } catch (error) {
      throw unwrapPeopleError(uploadFailure) ?? error;
    }
  }

  override didEncounterError(error: Error): never {
    const known = unwrapPeopleError(error);
    if (known) throw known;
    const response = (error as { extensions?: Record<string, unknown> }).extensions?.response as
      SubgraphHttpError | undefined;
    // The subgraph refused the gateway itself: a deployment fault, not the client's.
    if (response?.status === 401) {
      this.logger.error({ subgraph: this.name }, 'subgraph refused the gateway; check SUBGRAPH_SHARED_SECRET');
      throw new ServiceUnavailableError(`The ${this.name} service is unavailable; try again shortly`);
    }
    // A subgraph answers 4xx with a GraphQL body when it refuses the variables (a scalar the
    // gateway passes through unparsed, such as Date): the client gets that error as it is.
    const refusal = response && response.status < 500 ? response.body?.errors?.[0] : undefined;
    if (refusal?.message && typeof refusal.extensions?.code === 'string') {
      throw new GraphQLError(refusal.message, { extensions: refusal.extensions });
    }
    if (error instanceof GraphQLError && response && response.status < 500 && error.extensions.code) throw error;
    if (timedOut(error)) {
      this.logger.warn({ subgraph: this.name, timeoutMs: this.timeoutMs }, 'subgraph did not answer in time');
      throw new ServiceUnavailableError(
        `The ${this.name} service did not answer within ${this.timeoutMs} ms; try again shortly`,
      );
    }
    this.logger.warn({ subgraph: this.name, err: error }, 'subgraph request failed');
    throw new ServiceUnavailableError(`The ${this.name} service is unavailable; try again shortly`);
  }
}
