import { loadStoreConfig } from '..';

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
});
