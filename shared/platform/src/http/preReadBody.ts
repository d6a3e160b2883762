import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import Negotiator from 'negotiator';

/**
 * What a handler below express needs to answer a GraphQL POST itself, and to hand it to express
 * whole when it cannot: the body read once, parsed as body-parser would, and given to express's
 * JSON parsing in place of the stream it consumed.
 */

/** A body read below express: the JSON it holds, or the error body-parser would have reported. */
export type PreReadBody = { body: unknown } | { error: Error };

export function isJsonContentType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const semicolon = contentType.indexOf(';');
  return (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase() === 'application/json';
}

/** The whole body as text; undefined when the request failed or was cut off (its socket is gone then). */
export function readWholeBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.once('error', () => resolve(undefined));
    req.once('aborted', () => resolve(undefined));
  });
}

function parseFailure(message: string): Error {
  // body-parser's error, which every service's error handler already answers as a 400.
  return Object.assign(new SyntaxError(message), { status: 400, type: 'entity.parse.failed' });
}

/** The body as body-parser's strict JSON parser reads it: an object or an array, or its error. */
export function parseJsonBody(text: string): PreReadBody {
  const first = text.trimStart()[0];
  if (first !== '{' && first !== '[') return { error: parseFailure('The request body is not a JSON object or array') };
  try {
    return { body: JSON.parse(text) as unknown };
  } catch (error) {
    return { error: parseFailure(error instanceof Error ? error.message : 'invalid JSON') };
  }
}

/** Bodies read below express, for the requests handed to it afterwards. */
export class PreReadBodies {
  private readonly bodies = new WeakMap<IncomingMessage, PreReadBody>();

  hold(req: IncomingMessage, body: PreReadBody): void {
    this.bodies.set(req, body);
  }

  /** Put where `parse` (express.json()) was: a body read already is given as it was read. */
  jsonBody(parse: RequestHandler): RequestHandler {
    return (req, res, next) => {
      const held = this.bodies.get(req);
      if (!held) {
        void parse(req, res, next);
        return;
      }
      this.bodies.delete(req);
      if ('error' in held) {
        next(held.error);
        return;
      }
      req.body = held.body;
      next();
    };
  }
}

const APPLICATION_JSON = 'application/json; charset=utf-8';
const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json; charset=utf-8';
/** Distinct Accept headers remembered; clients send a handful. */
const MAX_ACCEPT_VALUES = 100;

/**
 * The media type Apollo Server answers a single GraphQL result in, chosen among the same types in
 * the same way; undefined where it would choose otherwise (a callback type, or a 406), which is
 * then left to it.
 */
export class GraphQLAnswerTypes {
  private readonly known = new Map<string, string | undefined>();

  for(accept: string | undefined): string | undefined {
    if (accept === undefined || accept === '') return APPLICATION_JSON;
    if (this.known.has(accept)) return this.known.get(accept);
    const preferred = new Negotiator({ headers: { accept } }).mediaType([
      APPLICATION_JSON,
      GRAPHQL_RESPONSE_JSON,
      'application/json; callbackSpec=1.0; charset=utf-8',
    ]);
    const type = preferred === APPLICATION_JSON || preferred === GRAPHQL_RESPONSE_JSON ? preferred : undefined;
    if (this.known.size >= MAX_ACCEPT_VALUES) this.known.clear();
    this.known.set(accept, type);
    return type;
  }
}
