export * from './loadConfig';
export * from './common';
export * from './subgraphs';
export * from './httpSecurity';
export * from './mongo';
