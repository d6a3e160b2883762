export * from './context';
export * from './scalars';
export * from './personResolvers';
export * from './formatError';
export * from './subgraphServer';
export * from './typeDefs';
export * from './startSubgraph';
export * from './subgraphConfig';
