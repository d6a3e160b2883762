import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import { OperationTypeNode } from 'graphql';
import { MAX_PAGE_SIZE } from '@people/domain';
import {
  GraphQLAnswerTypes,
  answerBelowExpress,
  observeBelowExpress,
  writeHeadBelowExpress,
  belowExpress,
  graphqlRequestOf,
  isGraphQLPost,
  PreReadBodies,
  Scope,
  parseJsonBody,
  readWholeBody,
  type PreReadBody,
  type AccessLine,
  type AnswerSink,
  type ClientRateLimit,
  type Logger,
  type Principal,
  type ServiceMetrics,
  type TokenVerifier,
} from '@people/platform';
import type { GatewayContext } from '../context';
import { operationCost } from '../queryCost';
import type { SubgraphDataSource } from '../subgraphDataSource';
import { fetchVariables, type Outcome, type SingleFetchFastPath } from './fastPathGateway';
import type { KnownOperation } from './knownOperations';

/** Whether this path answered; when not, what the fetch it made got, if it made one. */
type Attempt = { answered: true } | { answered: false; prefetched?: Outcome };

export interface KnownOperationPathOptions {
  path: string;
  /** The body limit of the general path: a larger body goes there, to be refused. */
  bodyLimitBytes: number;
  fastPath: SingleFetchFastPath;
  /** The data sources of the subgraphs, by name. */
  sources: ReadonlyMap<string, SubgraphDataSource>;
  /** Everything else, and every request this path hands back: the express app. */
  general: RequestListener;
  /** The headers every answer of the general path carries that do not depend on the request. */
  fixedHeaders: ReadonlyMap<string, string>;
  rateLimit: ClientRateLimit;
  /** The client's address, as express's `req.ip` resolves it behind trusted proxies. */
  clientIp: (req: IncomingMessage) => string;
  verifier: TokenVerifier | undefined;
  fromBridge: ((req: IncomingMessage) => boolean) | undefined;
  maxCost: number;
  accessLine: AccessLine;
  metrics: ServiceMetrics | undefined;
  logger: Logger;
}

/**
 * Answers longer than this (a page of thousands of people) are passed on as they arrive instead of
 * being held whole: the caller reads the head of the page while the rest is still on its way.
 */
export const PASS_ON_BYTES = 64 * 1024;

/** How a subgraph's answer without errors opens (Apollo Server writes `errors` before `data`). */
const DATA_OPENING = '{"data":{';

/** `res` as where a subgraph's answer goes as it arrives, with its backpressure; a client gone stops the call. */
function responseSink(res: ServerResponse): AnswerSink {
  return {
    write: (chunk) => res.write(chunk),
    onceDrained: (resume) => res.once('drain', resume),
    onGone: (stop) =>
      res.once('close', () => {
        if (!res.writableFinished) stop(new Error('The client went away while its answer was passed on'));
      }),
  };
}

/** A subgraph's answer as the data source's `process` gives it, or undefined when it is not GraphQL's JSON. */
function graphqlResponse(text: string): Extract<Outcome, { response: unknown }>['response'] | undefined {
  try {
    const parsed = JSON.parse(text) as unknown;
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A known single-fetch query (see KnownOperations) answered straight from a `node:http` handler:
 * no express, no Apollo Server request pipeline, no general plan execution. It keeps what those
 * layers give such a request: the request id, the rate limit and its headers, the token and its
 * scope, the cost limit with the request's variables, the variables' validity, the same headers
 * and body as the general path, the access line and the metrics. Whatever it cannot answer
 * exactly as the general path would (a browser's CORS request, another media type, an unknown or
 * invalid operation, a refused token, an answer with errors) goes to express instead, with the body
 * it read and, after a fetch, that fetch's outcome, so nothing is read or sent twice.
 */
export class KnownOperationPath {
  private readonly preRead = new PreReadBodies();
  private readonly outcomes = new WeakMap<IncomingMessage, Outcome>();
  private readonly mediaTypes = new GraphQLAnswerTypes();

  constructor(private readonly options: KnownOperationPathOptions) {}

  /** The server's request listener. */
  readonly listener: RequestListener = belowExpress({
    // A browser's request (with an Origin) gets CORS answers, which the general path writes.
    claim: (req) =>
      req.headers.origin === undefined &&
      this.options.fastPath.known.size > 0 &&
      isGraphQLPost(req, this.options.path, this.options.bodyLimitBytes, this.mediaTypes)
        ? true
        : undefined,
    serve: (req, res, _claim, requestId) => this.serve(req, res, requestId),
    onFailure: (req, res, error) => this.fallBack(req, res, { error: error as Error }),
    general: (req, res) => this.options.general(req, res),
  });

  /** Put where express.json() was: a body this path read is given as read (or refused as body-parser would). */
  jsonBody(parse: RequestHandler): RequestHandler {
    return this.preRead.jsonBody(parse);
  }

  /** What the fetch this path made for `req` got, when it handed `req` to the general path after it. */
  prefetched(req: IncomingMessage): Outcome | undefined {
    const outcome = this.outcomes.get(req);
    this.outcomes.delete(req);
    return outcome;
  }

  private fallBack(req: IncomingMessage, res: ServerResponse, pre: PreReadBody, outcome?: Outcome): void {
    if (res.headersSent || res.destroyed) return;
    this.preRead.hold(req, pre);
    if (outcome) this.outcomes.set(req, outcome);
    this.options.general(req, res);
  }

  private async serve(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
    const started = process.hrtime.bigint();
    const text = await readWholeBody(req);
    if (text === undefined) return;
    const pre = parseJsonBody(text);
    const attempt: Attempt =
      'body' in pre ? await this.attempt(req, res, pre.body, requestId, started) : { answered: false };
    if (!attempt.answered) this.fallBack(req, res, pre, attempt.prefetched);
  }

  /** Answers `body` when it is a known query this path may answer alike; otherwise says what it fetched, if anything. */
  private async attempt(
    req: IncomingMessage,
    res: ServerResponse,
    body: unknown,
    requestId: string,
    started: bigint,
  ): Promise<Attempt> {
    const no: Attempt = { answered: false };
    const request = graphqlRequestOf(body);
    if (!request) return no;
    const known = this.options.fastPath.known.find(request.query, request.operationName);
    if (known?.operation.operation !== OperationTypeNode.QUERY) return no;
    const { variables } = request;
    if (!known.variablesValid(variables)) return no;
    const principal = await this.principal(req);
    if (principal === null) return no;
    const trustedBridge = this.options.fromBridge?.(req) ?? false;
    const cost = operationCost(known.schema, known.operation, {}, variables, trustedBridge ? MAX_PAGE_SIZE : undefined);
    if (cost > this.options.maxCost) return no;
    if ((await this.options.rateLimit.countOutside(req, res, this.options.clientIp(req))) === 'over') return no;
    const context: GatewayContext = {
      requestId,
      ...(principal ? { principal } : {}),
      ...(trustedBridge ? { trustedBridge: true } : {}),
    };
    const { fetch } = known;
    const source = this.options.sources.get(fetch.serviceName);
    if (!source) return no;
    const fetchRequest = {
      query: fetch.operation,
      variables: fetchVariables(fetch, variables),
      operationName: fetch.operationName,
    };
    // A long answer without errors goes on as it arrives, under the head the general path would write.
    const passOn = (first: Buffer, contentLength: number): AnswerSink | undefined => {
      if (contentLength <= PASS_ON_BYTES || res.destroyed) return undefined;
      if (first.toString('latin1', 0, DATA_OPENING.length) !== DATA_OPENING) return undefined;
      writeHeadBelowExpress(res, {
        headers: this.options.fixedHeaders,
        contentType: this.contentType(req),
        contentLength,
      });
      return responseSink(res);
    };
    let answer: { status: number; text: string; passedOn: boolean };
    try {
      answer = await source.sendAsIs(fetchRequest, context, passOn);
    } catch (error) {
      if (!res.headersSent) return { answered: false, prefetched: { serviceName: fetch.serviceName, error } };
      // Part of the answer is out: the client can only be told by the connection's end.
      if (!res.destroyed) {
        this.options.logger.warn(
          { err: error, subgraph: fetch.serviceName },
          'subgraph answer cut short while passed on',
        );
        res.destroy();
      }
      return { answered: true };
    }
    if (answer.passedOn) {
      res.end();
      this.observe(req, known, started);
      return { answered: true };
    }
    // Apollo Server writes `errors` before `data`: an answer that opens with data has none, and
    // is, byte for byte, what the general path would write after parsing it and writing it again.
    if (answer.status !== 200 || !answer.text.startsWith(DATA_OPENING)) {
      const response = answer.status === 200 ? graphqlResponse(answer.text) : undefined;
      return response ? { answered: false, prefetched: { serviceName: fetch.serviceName, response } } : no;
    }
    this.answer(req, res, known, answer.text, started);
    return { answered: true };
  }

  /** The caller's principal; undefined when authentication is off, null when the general path must refuse it. */
  private async principal(req: IncomingMessage): Promise<Principal | undefined | null> {
    const { verifier } = this.options;
    if (!verifier) return undefined;
    try {
      const principal = await verifier.verify(req.headers.authorization);
      return principal.scopes.has(Scope.Read) ? principal : null;
    } catch {
      return null;
    }
  }

  /** The media type the general path would answer `req` in. */
  private contentType(req: IncomingMessage): string {
    return this.mediaTypes.for(req.headers.accept) ?? 'application/json; charset=utf-8';
  }

  private answer(
    req: IncomingMessage,
    res: ServerResponse,
    known: KnownOperation,
    body: string,
    started: bigint,
  ): void {
    const { accessLine, metrics, path } = this.options;
    const contentType = this.contentType(req);
    const seconds = answerBelowExpress(
      req,
      res,
      { headers: this.options.fixedHeaders, contentType, body },
      { accessLine, metrics, route: path, started },
    );
    this.counted(known, seconds);
  }

  private observe(req: IncomingMessage, known: KnownOperation, started: bigint): void {
    const { accessLine, metrics, path } = this.options;
    this.counted(known, observeBelowExpress(req, { accessLine, metrics, route: path, started }));
  }

  private counted(known: KnownOperation, seconds: number): void {
    this.options.metrics?.knownOperationAnswered();
    this.options.metrics?.graphqlOperation(known.operation.name?.value, 'query', 'ok', seconds);
  }
}
