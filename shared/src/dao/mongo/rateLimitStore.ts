import type { ClientRateLimitInfo, IncrementResponse, Options, Store } from 'express-rate-limit';
import { MongoClient, type Collection } from 'mongodb';
import type { StoreConfig } from '../../config/common';
import { isDuplicateKeyError } from './mongoErrors';
import { mongoClientOptions } from './mongoPeopleDao';

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
 * A request claims the next free numbered slot of its client's window by inserting it; one past
 * the limit it is refused without claiming more. Inserting a unique `_id` is atomic everywhere,
 * whereas `$inc` with upsert loses counts under concurrency on FerretDB 1.x (measured: 50
 * concurrent increments counted as 2), and counting after inserting would refuse everyone in a
 * burst. Usually one count and one insert; under contention, one more of each per slot lost.
 */
class MongoRateLimitStore implements Store {
  readonly localKeys = false;
  private windowMs = 60_000;
  private limit = Number.POSITIVE_INFINITY;

  constructor(
    private readonly hits: Collection<HitDocument>,
    readonly prefix: string,
  ) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
    if (typeof options.limit === 'number') this.limit = options.limit;
  }

  private window(): { start: Date; end: Date } {
    const start = Math.floor(Date.now() / this.windowMs) * this.windowMs;
    return { start: new Date(start), end: new Date(start + this.windowMs) };
  }

  async get(key: string): Promise<ClientRateLimitInfo> {
    const { start, end } = this.window();
    const totalHits = await this.hits.countDocuments({ key: this.prefix + key, window: start });
    return { totalHits, resetTime: end };
  }

  async increment(key: string): Promise<IncrementResponse> {
    const { start, end } = this.window();
    const client = this.prefix + key;
    let slot = (await this.hits.countDocuments({ key: client, window: start })) + 1;
    while (slot <= this.limit) {
      try {
        await this.hits.insertOne({
          _id: `${client}|${start.getTime()}|${slot}`,
          key: client,
          window: start,
          expires: end,
        });
        return { totalHits: slot, resetTime: end };
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        slot = Math.max(slot + 1, (await this.hits.countDocuments({ key: client, window: start })) + 1);
      }
    }
    return { totalHits: slot, resetTime: end };
  }

  async decrement(key: string): Promise<void> {
    await this.hits.deleteOne({ key: this.prefix + key, window: this.window().start });
  }

  async resetKey(key: string): Promise<void> {
    await this.hits.deleteMany({ key: this.prefix + key });
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
    await hits.createIndex({ key: 1, window: 1 });
    await hits.createIndex({ expires: 1 });
  })();
  indexes.catch((error: unknown) => onError(error, 'could not create the rate_limits indexes'));
  const sweep = setInterval(() => {
    hits.deleteMany({ expires: { $lte: new Date() } }).catch((error: unknown) => {
      onError(error, 'could not sweep expired rate-limit windows');
    });
  }, windowMs);
  sweep.unref();
  return {
    store: (prefix) => new MongoRateLimitStore(hits, `${prefix}:`),
    async close() {
      clearInterval(sweep);
      await indexes.catch(() => undefined);
      await client.close();
    },
  };
}
