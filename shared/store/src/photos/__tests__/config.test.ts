import path from 'node:path';
import { ConfigError } from '@people/platform';
import { CLOUDINARY_FOLDER, loadPhotoConfig } from '../config';

describe('loadPhotoConfig', () => {
  it('defaults to local photos under DATA_DIR, served by the gateway on localhost:4000', () => {
    expect(loadPhotoConfig({})).toEqual({
      kind: 'local',
      dir: path.resolve('./data/photos'),
      publicBaseUrl: 'http://localhost:4000',
    });
    expect(loadPhotoConfig({ DATA_DIR: '/srv/people', PUBLIC_BASE_URL: 'https://people.example.com/' })).toEqual({
      kind: 'local',
      dir: '/srv/people/photos',
      publicBaseUrl: 'https://people.example.com',
    });
  });

  it('turns Cloudinary on with CLOUDINARY_URL', () => {
    expect(loadPhotoConfig({ CLOUDINARY_URL: 'cloudinary://123456:s3cr%2Ft@demo' })).toEqual({
      kind: 'cloudinary',
      cloudName: 'demo',
      apiKey: '123456',
      apiSecret: 's3cr/t',
      folder: CLOUDINARY_FOLDER,
    });
    expect(
      loadPhotoConfig({ CLOUDINARY_URL: 'cloudinary://k:s@demo?upload_prefix=https://api-eu.cloudinary.com' }),
    ).toMatchObject({
      uploadPrefix: 'https://api-eu.cloudinary.com',
    });
  });

  it('turns Cloudinary on with the three CLOUDINARY_* settings, and refuses only some of them', () => {
    expect(
      loadPhotoConfig({ CLOUDINARY_CLOUD_NAME: 'demo', CLOUDINARY_API_KEY: 'k', CLOUDINARY_API_SECRET: 's' }),
    ).toEqual({ kind: 'cloudinary', cloudName: 'demo', apiKey: 'k', apiSecret: 's', folder: CLOUDINARY_FOLDER });
    expect(() => loadPhotoConfig({ CLOUDINARY_CLOUD_NAME: 'demo' })).toThrow(ConfigError);
    expect(() => loadPhotoConfig({ CLOUDINARY_CLOUD_NAME: 'demo' })).toThrow(
      /CLOUDINARY_API_KEY.*\n.*CLOUDINARY_API_SECRET/,
    );
  });

  it('refuses local photos when the deployment spans several nodes, naming the settings that fix it', () => {
    const refusal =
      /DEPLOYMENT_NODES: with 3 nodes, photos cannot live in a local folder.*CLOUDINARY_URL.*PHOTO_STORE_SHARED=true/;
    expect(() => loadPhotoConfig({ DEPLOYMENT_NODES: '3' })).toThrow(ConfigError);
    expect(() => loadPhotoConfig({ DEPLOYMENT_NODES: '3' })).toThrow(refusal);
    expect(() => loadPhotoConfig({ DEPLOYMENT_NODES: '3', PHOTO_STORE_SHARED: 'false' })).toThrow(refusal);
    // One node, a declared shared volume, or Cloudinary (the multi-node default) are all fine.
    expect(loadPhotoConfig({ DEPLOYMENT_NODES: '1' }).kind).toBe('local');
    expect(loadPhotoConfig({ DEPLOYMENT_NODES: '3', PHOTO_STORE_SHARED: 'true' }).kind).toBe('local');
    expect(loadPhotoConfig({ DEPLOYMENT_NODES: '3', CLOUDINARY_URL: 'cloudinary://k:s@demo' }).kind).toBe('cloudinary');
    expect(() => loadPhotoConfig({ DEPLOYMENT_NODES: '0' })).toThrow(/DEPLOYMENT_NODES: must be greater than 0/);
    expect(() => loadPhotoConfig({ PHOTO_STORE_SHARED: 'maybe' })).toThrow(/PHOTO_STORE_SHARED: must be true or false/);
  });

  it('reports malformed settings', () => {
    expect(() => loadPhotoConfig({ CLOUDINARY_URL: 'https://demo' })).toThrow(/CLOUDINARY_URL/);
    expect(() => loadPhotoConfig({ PUBLIC_BASE_URL: 'ftp://x' })).toThrow(/PUBLIC_BASE_URL/);
  });
});
