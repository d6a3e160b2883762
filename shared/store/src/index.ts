export * from './dao';
export * from './photos';
export * from './observeStores';
