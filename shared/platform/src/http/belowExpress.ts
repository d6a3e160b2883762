import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { ServiceMetrics } from '../metrics/serviceMetrics';
import type { AccessLine } from './accessLog';
import { REQUEST_ID_HEADER, requestIdFrom, runWithRequestId } from '../logging';
import { type GraphQLAnswerTypes, isJsonContentType } from './preReadBody';

/**
 * A request listener in front of an express app: what `claim` recognises (returning what it needs
 * of the request) is `serve`d below express, everything else goes to `general`. A claimed request
 * gets its request id as express's middleware gives it (the client's, or a new one; echoed, and
 * kept for every log line of the request); when `serve` fails, `onFailure` decides its answer.
 */
export function belowExpress<Claim>(options: {
  claim: (req: IncomingMessage) => Claim | undefined;
  serve: (req: IncomingMessage, res: ServerResponse, claim: Claim, requestId: string) => Promise<void>;
  onFailure: (req: IncomingMessage, res: ServerResponse, error: unknown) => void;
  general: RequestListener;
}): RequestListener {
  const { claim, serve, onFailure, general } = options;
  return (req, res) => {
    const claimed = claim(req);
    if (claimed === undefined) {
      general(req, res);
      return;
    }
    const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
    req.headers[REQUEST_ID_HEADER] = requestId;
    res.setHeader(REQUEST_ID_HEADER, requestId);
    runWithRequestId(requestId, () => {
      serve(req, res, claimed, requestId).catch((error: unknown) => onFailure(req, res, error));
    });
  };
}

/**
 * Bodies larger than this are never a known query's: they go to express without being read below
 * it, and a query text longer than it is not remembered (which also bounds what the tables of
 * known queries hold: at most their entry count times this).
 */
export const MAX_KNOWN_BODY_BYTES = 16 * 1024;

/**
 * Whether a request is a GraphQL POST to `path` that a handler below express may read: a JSON body
 * of a declared length up to `maxBodyBytes` (and 16 KB), asking for a media type Apollo Server would
 * answer in (`answerTypes`). Chunked bodies, other types and larger bodies are express's.
 */
export function isGraphQLPost(
  req: IncomingMessage,
  path: string,
  maxBodyBytes: number,
  answerTypes: GraphQLAnswerTypes,
): boolean {
  const { headers } = req;
  if (req.method !== 'POST' || req.url !== path || !isJsonContentType(headers['content-type'])) return false;
  if (answerTypes.for(headers.accept) === undefined) return false;
  const length = Number(headers['content-length']);
  return Number.isInteger(length) && length > 0 && length <= Math.min(maxBodyBytes, MAX_KNOWN_BODY_BYTES);
}

/** The members of a GraphQL request body, when they have the types GraphQL over HTTP gives them. */
export interface GraphQLRequestBody {
  query: string;
  operationName: string | undefined;
  variables: Record<string, unknown>;
}

/**
 * `body` as a plain GraphQL request (no `extensions`, so no persisted query), or undefined for
 * anything else, which Apollo Server then answers in its own words.
 */
export function graphqlRequestOf(body: unknown): GraphQLRequestBody | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const { query, operationName, variables, extensions } = body as Record<string, unknown>;
  if (typeof query !== 'string' || extensions !== undefined) return undefined;
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return undefined;
  if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) {
    return undefined;
  }
  return {
    query,
    operationName: operationName ?? undefined,
    variables: (variables ?? {}) as Record<string, unknown>,
  };
}

/** How an answer written below express is observed, as express's middleware observes every other. */
export interface BelowExpressObservation {
  accessLine: AccessLine;
  metrics: ServiceMetrics | undefined;
  /** The route pattern metrics label it by, as express would name it. */
  route: string;
  /** When the request came in (`process.hrtime.bigint()`). */
  started: bigint;
}

/** A 200 answer's head below express: `headers`, then the body's type and byte length. */
export function writeHeadBelowExpress(
  res: ServerResponse,
  head: { headers: Iterable<[string, string]>; contentType: string; contentLength: number },
): void {
  for (const [name, value] of head.headers) res.setHeader(name, value);
  res.setHeader('content-type', head.contentType);
  res.setHeader('content-length', head.contentLength);
}

/** A 200 answer written below express, observed: its access line and its request metric. Returns the seconds it took. */
export function observeBelowExpress(
  req: IncomingMessage,
  { accessLine, metrics, route, started }: BelowExpressObservation,
): number {
  const method = req.method ?? 'GET';
  accessLine(method, req.url ?? '', 200, started);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  metrics?.httpRequest(method, route, 200, seconds);
  return seconds;
}

/**
 * Writes a 200 answer below express: `headers`, then `body` with its type and length; then its
 * access line and its request metric. Returns the seconds it took, for a caller's own metrics.
 */
export function answerBelowExpress(
  req: IncomingMessage,
  res: ServerResponse,
  answer: { headers: Iterable<[string, string]>; contentType: string; body: string },
  observation: BelowExpressObservation,
): number {
  const { headers, contentType, body } = answer;
  writeHeadBelowExpress(res, { headers, contentType, contentLength: Buffer.byteLength(body) });
  res.end(body);
  return observeBelowExpress(req, observation);
}
