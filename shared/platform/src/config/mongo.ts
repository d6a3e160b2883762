import { MongoServerError, type MongoClientOptions, type WriteConcernSettings } from 'mongodb';
import type { StoreConfig } from './common';

export type MongoStoreConfig = Extract<StoreConfig, { kind: 'mongo' }>;

const DUPLICATE_KEY = 11000;

function writeConcernOf(config: MongoStoreConfig): WriteConcernSettings {
  return config.writeConcern === 'majority' ? { w: 'majority', wtimeoutMS: config.timeoutMs } : { w: 1 };
}

/** The client options every MongoDB connection of the services uses: the people store's and the rate limits'. */
export function mongoClientOptions(config: MongoStoreConfig): MongoClientOptions {
  return {
    appName: 'people-service',
    // Each bound keeps a call from hanging while the store is away; it fails with
    // SERVICE_UNAVAILABLE instead, and the driver reconnects on its own once the store is back.
    serverSelectionTimeoutMS: config.timeoutMs,
    connectTimeoutMS: config.timeoutMs,
    socketTimeoutMS: config.timeoutMs,
    waitQueueTimeoutMS: config.timeoutMs,
    maxPoolSize: config.poolSize,
    writeConcern: writeConcernOf(config),
  };
}

export function isDuplicateKeyError(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === DUPLICATE_KEY;
}
