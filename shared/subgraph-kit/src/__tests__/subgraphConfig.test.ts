import { ConfigError, loadStoreConfig } from '@people/platform';
import { loadSubgraphConfig } from '../subgraphConfig';

describe("a subgraph's config", () => {
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
