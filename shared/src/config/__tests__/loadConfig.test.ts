import { ConfigError, loadStoreConfig, loadSubgraphConfig } from '../index';

describe('the config loader', () => {
  it('picks the embedded store by default and MongoDB when MONGODB_URI is set', () => {
    expect(loadStoreConfig({})).toMatchObject({ kind: 'embedded' });
    expect(loadStoreConfig({ MONGODB_URI: 'mongodb://db:27017', MONGODB_WRITE_CONCERN: '1' })).toEqual({
      kind: 'mongo',
      uri: 'mongodb://db:27017',
      database: 'people',
      writeConcern: '1',
      poolSize: 20,
      timeoutMs: 5000,
    });
  });

  it('reads a subgraph port by its own name and listens on loopback by default', () => {
    expect(loadSubgraphConfig('read', { READ_SUBGRAPH_PORT: '5002' })).toMatchObject({
      host: '127.0.0.1',
      port: 5002,
    });
    expect(loadSubgraphConfig('delete', {})).toMatchObject({ port: 4004 });
  });

  it('reports every bad setting at once, by name', () => {
    let error: unknown;
    try {
      loadSubgraphConfig('create', { CREATE_SUBGRAPH_PORT: 'abc', LOG_LEVEL: 'loud', MONGODB_URI: 'http://x' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toMatch(/CREATE_SUBGRAPH_PORT: must be a port number \(got 'abc'\)/);
    expect(() => loadSubgraphConfig('create', { LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL: must be one of/);
    expect(() => loadStoreConfig({ MONGODB_URI: 'http://x' })).toThrow(/MONGODB_URI: must be a mongodb/);
  });
});
