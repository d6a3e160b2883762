import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler } from 'express';
import { OperationTypeNode, type DocumentNode, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import {
  GraphQLAnswerTypes,
  MAX_KNOWN_BODY_BYTES,
  answerBelowExpress,
  belowExpress,
  graphqlRequestOf,
  isGraphQLPost,
  PreReadBodies,
  parseJsonBody,
  readWholeBody,
  type AccessLine,
  type PreReadBody,
  type ServiceMetrics,
} from '@people/platform';
import type { SubgraphContext } from './context';

/** The general path's body limit (express.json in subgraphServer.ts). */
export const BODY_LIMIT_BYTES = 1024 * 1024;
/** Distinct queries remembered; the gateway sends a handful, so a full table means ad-hoc clients. */
const MAX_KNOWN_QUERIES = 1000;
/** The header a router asks for a federated trace (ftv1) with. */
const TRACE_HEADER = 'apollo-federation-include-trace';

interface KnownQuery {
  /** The query compiled to a function over the schema's resolvers. */
  compiled: CompiledQuery;
  /** The operation's own name, which metrics label it by. */
  name: string | undefined;
}

export interface KnownQueryPathOptions {
  path: string;
  schema: GraphQLSchema;
  /** Everything else, and every request this path hands back: the express app. */
  general: RequestListener;
  /** The context of one request, as Apollo Server's context function builds it. */
  context: (req: IncomingMessage) => SubgraphContext;
  /** The gateway's shared secret check, when the subgraph has one: without it the request goes to express's 401. */
  fromGateway: ((req: IncomingMessage) => boolean) | undefined;
  accessLine: AccessLine;
  metrics: ServiceMetrics | undefined;
}

/**
 * A query Apollo Server has run once (so parsed and validated) is executed the next times straight
 * from a `node:http` handler, compiled by graphql-jit over the same schema, resolvers and context:
 * no express, no Apollo Server request pipeline, no walk of the document per field. It keeps the request id, the shared secret, the same
 * headers and body as Apollo's answer, the access line and the metrics. A request it cannot answer
 * alike (a trace asked for, another media type, an unknown query, any result with errors) goes to
 * express with the body it read; a query that failed is run again there, which a read may be.
 */
export class KnownQueryPath {
  private readonly known = new Map<string, KnownQuery>();
  private readonly preRead = new PreReadBodies();
  private readonly mediaTypes = new GraphQLAnswerTypes();

  constructor(private readonly options: KnownQueryPathOptions) {}

  /** Learns each query Apollo Server resolves (after parsing and validation). */
  plugin(): ApolloServerPlugin<SubgraphContext> {
    return {
      requestDidStart: () =>
        Promise.resolve({
          didResolveOperation: ({ request, document, operation }) => {
            if (operation?.operation === OperationTypeNode.QUERY && typeof request.query === 'string') {
              this.learn(request.query, request.operationName ?? undefined, document, operation.name?.value);
            }
            return Promise.resolve();
          },
        }),
    };
  }

  /** Put where express.json() was: a body this path read is given as read (or refused as body-parser would). */
  jsonBody(parse: RequestHandler): RequestHandler {
    return this.preRead.jsonBody(parse);
  }

  /** The server's request listener. */
  readonly listener: RequestListener = belowExpress({
    // A router asking for a federated trace gets it from Apollo Server's plugin.
    claim: (req) =>
      this.known.size > 0 &&
      req.headers[TRACE_HEADER] === undefined &&
      (this.options.fromGateway?.(req) ?? true) &&
      isGraphQLPost(req, this.options.path, BODY_LIMIT_BYTES, this.mediaTypes)
        ? true
        : undefined,
    serve: (req, res) => this.serve(req, res),
    onFailure: (req, res, error) => this.fallBack(req, res, { error: error as Error }),
    general: (req, res) => this.options.general(req, res),
  });

  private static key(query: string, operationName: string | undefined): string {
    return `${operationName ?? ''}\n${query}`;
  }

  private learn(query: string, operationName: string | undefined, document: DocumentNode, name?: string): void {
    // A longer text can never come below express (isGraphQLPost), so it is not kept.
    if (query.length > MAX_KNOWN_BODY_BYTES) return;
    const key = KnownQueryPath.key(query, operationName);
    if (this.known.has(key)) return;
    // graphql-jit compiles what graphql-js would execute; what it cannot compile stays Apollo's.
    const compiled = compileQuery(this.options.schema, document, operationName);
    if (!isCompiledQuery(compiled)) return;
    if (this.known.size >= MAX_KNOWN_QUERIES) this.known.clear();
    this.known.set(key, { compiled, name });
  }

  private fallBack(req: IncomingMessage, res: ServerResponse, pre: PreReadBody): void {
    if (res.headersSent || res.destroyed) return;
    this.preRead.hold(req, pre);
    this.options.general(req, res);
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = process.hrtime.bigint();
    const text = await readWholeBody(req);
    if (text === undefined) return;
    const pre = parseJsonBody(text);
    const answer = 'body' in pre ? await this.execute(req, pre.body) : undefined;
    if (answer === undefined) {
      this.fallBack(req, res, pre);
      return;
    }
    const { accessLine, metrics, path } = this.options;
    const contentType = this.mediaTypes.for(req.headers.accept) ?? 'application/json; charset=utf-8';
    const seconds = answerBelowExpress(
      req,
      res,
      { headers: [], contentType, body: answer.body },
      { accessLine, metrics, route: path, started },
    );
    metrics?.knownOperationAnswered();
    metrics?.graphqlOperation(answer.operationName, 'query', 'ok', seconds);
  }

  /** The answer's body when the query is known and ran without errors. */
  private async execute(
    req: IncomingMessage,
    body: unknown,
  ): Promise<{ body: string; operationName: string | undefined } | undefined> {
    const request = graphqlRequestOf(body);
    const known = request && this.known.get(KnownQueryPath.key(request.query, request.operationName));
    if (!known) return undefined;
    const result = await known.compiled.query(undefined, this.options.context(req), request.variables);
    if (result.errors || !result.data) return undefined;
    return { body: `${JSON.stringify({ data: result.data })}\n`, operationName: known.name };
  }
}
