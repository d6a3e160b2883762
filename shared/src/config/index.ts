export * from './loadConfig';
export * from './common';
export * from './subgraph';
export * from './httpSecurity';
