import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import {
  Scope,
  answerBelowExpress,
  belowExpress,
  type AccessLine,
  type ClientRateLimit,
  type ServiceMetrics,
  type TokenVerifier,
} from '@people/platform';
import { restDocIdSchema } from '../dialect/restQuery';
import type { RestPerson } from '../dialect/restPerson';
import { callOptionsOf } from '../http/context';
import type { PeopleService } from '../people.service';
import { personReadAnswer } from './respond';

/** What a read made below express got: the person, or what `PeopleService.get` threw. */
type PrefetchedRead = { person: RestPerson } | { error: unknown };

/**
 * Reads made by PersonReadPath for requests it then handed to express: the `/:doc_id` route
 * answers from them instead of asking the gateway again.
 */
export class PrefetchedReads {
  private readonly reads = new WeakMap<IncomingMessage, PrefetchedRead>();

  hold(req: IncomingMessage, read: PrefetchedRead): void {
    this.reads.set(req, read);
  }

  /** The read already made for `req`, as `PeopleService.get` would resolve or reject; undefined when none was. */
  take(req: IncomingMessage): Promise<RestPerson> | undefined {
    const read = this.reads.get(req);
    if (!read) return undefined;
    this.reads.delete(req);
    return 'person' in read ? Promise.resolve(read.person) : Promise.reject(read.error);
  }
}

export interface PersonReadPathOptions {
  service: PeopleService;
  prefetched: PrefetchedReads;
  /** Everything else, and every request this path hands back: the read port's express app. */
  general: RequestListener;
  /** The headers every answer of the general path carries that do not depend on the request. */
  fixedHeaders: ReadonlyMap<string, string>;
  rateLimit: ClientRateLimit;
  /** The client's address, as express's `req.ip` resolves it behind trusted proxies. */
  clientIp: (req: IncomingMessage) => string;
  verifier: TokenVerifier | undefined;
  accessLine: AccessLine;
  metrics: ServiceMetrics | undefined;
}

const ROUTE = '/:doc_id';

/**
 * `GET /{doc_id}`, the REST read, answered straight from a `node:http` handler: no express router,
 * no middleware chain. It keeps what those give the request: the request id, the rate limit and its
 * headers, the token and its scope, the same headers and body as the `/:doc_id` route, the access
 * line and the metrics. Whatever it cannot answer exactly so (a browser's CORS request, a
 * conditional GET, a query string, an id that is not one, a refused token, any answer but the
 * person) goes to express, with the read it made, so the gateway is never asked twice.
 */
export class PersonReadPath {
  constructor(private readonly options: PersonReadPathOptions) {}

  /** The server's request listener. */
  readonly listener: RequestListener = belowExpress({
    claim: (req) => this.claims(req),
    serve: (req, res, documentId) => this.serve(req, res, documentId),
    onFailure: (req, res, error) => this.fallBack(req, res, { error }),
    general: (req, res) => this.options.general(req, res),
  });

  private claims(req: IncomingMessage): string | undefined {
    const { url, headers } = req;
    if (req.method !== 'GET' || url === undefined || headers.origin !== undefined) return undefined;
    if (headers['if-none-match'] !== undefined) return undefined;
    const documentId = url.slice(1);
    return url.startsWith('/') && restDocIdSchema.safeParse(documentId).success ? documentId : undefined;
  }

  private fallBack(req: IncomingMessage, res: ServerResponse, read?: PrefetchedRead): void {
    if (res.headersSent || res.destroyed) return;
    if (read) this.options.prefetched.hold(req, read);
    this.options.general(req, res);
  }

  private async serve(req: IncomingMessage, res: ServerResponse, documentId: string): Promise<void> {
    const started = process.hrtime.bigint();
    if (!(await this.allowed(req))) {
      this.fallBack(req, res);
      return;
    }
    const ip = this.options.clientIp(req);
    if ((await this.options.rateLimit.countOutside(req, res, ip)) === 'over') {
      this.fallBack(req, res);
      return;
    }
    let person: RestPerson;
    try {
      person = await this.options.service.get({ documentId }, callOptionsOf(req, res, ip));
    } catch (error) {
      this.fallBack(req, res, { error });
      return;
    }
    if (res.destroyed) return;
    const { body, headers } = personReadAnswer(person);
    const { accessLine, metrics, fixedHeaders } = this.options;
    answerBelowExpress(
      req,
      res,
      { headers: [...fixedHeaders, ...Object.entries(headers)], contentType: 'application/json; charset=utf-8', body },
      { accessLine, metrics, route: ROUTE, started },
    );
  }

  /** Whether the token (when authentication is on) may read; when not, the general path refuses it in its words. */
  private async allowed(req: IncomingMessage): Promise<boolean> {
    const { verifier } = this.options;
    if (!verifier) return true;
    try {
      return (await verifier.verify(req.headers.authorization)).scopes.has(Scope.Read);
    } catch {
      return false;
    }
  }
}
