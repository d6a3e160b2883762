import type { ClientRateLimitInfo, IncrementResponse, Options, Store } from 'express-rate-limit';
import { MongoClient, type Collection } from 'mongodb';
import type { StoreConfig } from '../config/common';
import { isDuplicateKeyError, mongoClientOptions } from '../config/mongo';

/** The collection the gateways and bridges share their rate-limit counts in; nothing else is kept there. */
export const RATE_LIMITS_COLLECTION = 'rate_limits';

/**
 * Bound on each call to the database for the limit, so that a database that is away delays a
 * request by at most this before the limit lets it through (fail open).
 */
export const RATE_LIMIT_STORE_TIMEOUT_MS = 1000;

/**
 * One counted request: slot `n` of the client's window, `_id` `<key>|<window>|<n>`. The unique
 * `_id` makes each slot go to exactly one request.
 */
interface HitDocument {
  _id: string;
  key: string;
  window: Date;
  /** The end of the window; hits past it are swept. */
  expires: Date;
}

/**
 * An express-rate-limit store over MongoDB, so that every replica counts against one limit.
 * A request claims the next free numbered slot of its client's window by inserting it, and its
 * count is the slot's number; one past the limit it is refused without claiming more. Inserting
 * a unique `_id` is atomic everywhere, whereas `$inc` with upsert loses counts under concurrency
 * on FerretDB 1.x (measured: 50 concurrent increments counted as 2). Only `_id` look-ups are
 * used, which FerretDB's SQLite backend serves from its index (a count would scan the
 * collection). Each process remembers the next slot per client, so a request is usually one
 * insert; when other replicas have claimed slots since, the next free one is found by galloping
 * `_id` look-ups (a few, logarithmic in how far behind the hint is).
 */
class MongoRateLimitStore implements Store {
  readonly localKeys = false;
  private windowMs = 60_000;
  private limit = Number.POSITIVE_INFINITY;
  /** The next slot to try per client, for the window it was learnt in. */
  private readonly hints = new Map<string, { window: number; next: number }>();

  constructor(
    private readonly hits: Collection<HitDocument>,
    readonly prefix: string,
  ) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
    if (typeof options.limit === 'number') this.limit = options.limit;
  }

  private window(): { start: number; end: Date } {
    const start = Math.floor(Date.now() / this.windowMs) * this.windowMs;
    return { start, end: new Date(start + this.windowMs) };
  }

  private slotId(client: string, window: number, slot: number): string {
    return `${client}|${window}|${slot}`;
  }

  private hint(client: string, window: number): number {
    const hint = this.hints.get(client);
    return hint?.window === window ? hint.next : 1;
  }

  private async taken(client: string, window: number, slot: number): Promise<boolean> {
    return (await this.hits.findOne({ _id: this.slotId(client, window, slot) }, { projection: { _id: 1 } })) !== null;
  }

  /** The first free slot at or after `from`; slots fill from 1 upwards, so taken ones form a prefix. */
  private async firstFree(client: string, window: number, from: number): Promise<number> {
    if (!(await this.taken(client, window, from))) return from;
    let low = from;
    let step = 1;
    while (await this.taken(client, window, low + step)) {
      low += step;
      step *= 2;
    }
    let high = low + step;
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      if (await this.taken(client, window, middle)) low = middle;
      else high = middle;
    }
    return high;
  }

  async get(key: string): Promise<ClientRateLimitInfo> {
    const { start, end } = this.window();
    const client = this.prefix + key;
    const free = await this.firstFree(client, start, this.hint(client, start));
    return { totalHits: free - 1, resetTime: end };
  }

  async increment(key: string): Promise<IncrementResponse> {
    const { start, end } = this.window();
    const client = this.prefix + key;
    let slot = this.hint(client, start);
    while (slot <= this.limit) {
      try {
        await this.hits.insertOne({
          _id: this.slotId(client, start, slot),
          key: client,
          window: new Date(start),
          expires: end,
        });
        break;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        slot = await this.firstFree(client, start, slot + 1);
      }
    }
    this.hints.set(client, { window: start, next: slot + 1 });
    return { totalHits: slot, resetTime: end };
  }

  async decrement(key: string): Promise<void> {
    const { start } = this.window();
    const client = this.prefix + key;
    const last = this.hint(client, start) - 1;
    if (last < 1) return;
    await this.hits.deleteOne({ _id: this.slotId(client, start, last) });
    this.hints.set(client, { window: start, next: last });
  }

  async resetKey(key: string): Promise<void> {
    this.hints.delete(this.prefix + key);
    await this.hits.deleteMany({ key: this.prefix + key });
  }

  /** Forgets the hints of windows that have passed. */
  forgetPast(): void {
    const { start } = this.window();
    for (const [client, hint] of this.hints) if (hint.window < start) this.hints.delete(client);
  }
}

export interface SharedRateLimits {
  /** A store for one limiter; `prefix` keeps the gateway's and each bridge port's counts apart. */
  store(prefix: string): Store;
  close(): Promise<void>;
}

/**
 * Rate-limit counts in MongoDB's `rate_limits` collection, on one connection pool for every
 * limiter of the process. Expired windows are swept once a window by each process (FerretDB
 * 1.x has no TTL indexes). Connecting and indexing happen in the background: until the database
 * answers, stores fail and the limiters let requests through.
 */
export function openSharedRateLimits(
  config: Extract<StoreConfig, { kind: 'mongo' }>,
  windowMs: number,
  onError: (error: unknown, message: string) => void,
): SharedRateLimits {
  const client = new MongoClient(config.uri, {
    ...mongoClientOptions({ ...config, timeoutMs: Math.min(config.timeoutMs, RATE_LIMIT_STORE_TIMEOUT_MS) }),
    appName: 'people-rate-limits',
    // A count lost in a failover lets a client a few more requests; not worth a majority round trip.
    writeConcern: { w: 1 },
  });
  const hits = client.db(config.database).collection<HitDocument>(RATE_LIMITS_COLLECTION);
  const indexes = (async () => {
    await hits.createIndex({ key: 1 });
    await hits.createIndex({ expires: 1 });
  })();
  indexes.catch((error: unknown) => onError(error, 'could not create the rate_limits indexes'));
  const stores: MongoRateLimitStore[] = [];
  const sweep = setInterval(() => {
    for (const store of stores) store.forgetPast();
    hits.deleteMany({ expires: { $lte: new Date() } }).catch((error: unknown) => {
      onError(error, 'could not sweep expired rate-limit windows');
    });
  }, windowMs);
  sweep.unref();
  return {
    store: (prefix) => {
      const store = new MongoRateLimitStore(hits, `${prefix}:`);
      stores.push(store);
      return store;
    },
    async close() {
      clearInterval(sweep);
      await indexes.catch(() => undefined);
      await client.close();
    },
  };
}
