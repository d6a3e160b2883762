export * from './requestId';
export * from './accessLog';
export * from './health';
export * from './listen';
export * from './shutdown';
export * from './security';
export * from './sharedSecret';
export * from './freePort';
