import type * as StoreModule from '../cloudinaryPhotoStore';
import type { CloudinaryPhotoStore as Store } from '../cloudinaryPhotoStore';
import { CLOUDINARY_FOLDER } from '../config';
import { FakeCloudinary, cloudinaryTrue } from '@people/testing';

const CLOUD = { cloudName: 'people-test', apiKey: '918273645', apiSecret: 'fake-secret-for-tests' };
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('pixels')]);

describe('CloudinaryPhotoStore against a local Cloudinary', () => {
  const fake = new FakeCloudinary(CLOUD);
  let CloudinaryPhotoStore: typeof Store;
  const savedEnv = process.env.CLOUDINARY_URL;

  beforeAll(async () => {
    await fake.start();
    // The SDK picks http or https once, when first loaded, from the global upload_prefix; this
    // global setting only does that (every call carries its own account and prefix).
    process.env.CLOUDINARY_URL = `cloudinary://unused:unused@unused?upload_prefix=${fake.origin}`;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the line above, on purpose
    ({ CloudinaryPhotoStore } = require('../cloudinaryPhotoStore') as typeof StoreModule);
  });

  afterAll(async () => {
    if (savedEnv === undefined) delete process.env.CLOUDINARY_URL;
    else process.env.CLOUDINARY_URL = savedEnv;
    await fake.stop();
  });

  const store = (overrides: Partial<typeof CLOUD> = {}) =>
    new CloudinaryPhotoStore({ ...CLOUD, ...overrides, folder: CLOUDINARY_FOLDER, uploadPrefix: fake.origin });

  it('uploads a signed, overwriting, cache-invalidating image to the folder and keeps its secure_url', async () => {
    const photos = store();
    const saved = await photos.save('1234567890', PNG, 'png');
    const call = fake.uploads.at(-1);
    expect(call?.bytes.equals(PNG)).toBe(true);
    expect(call?.params).toMatchObject({
      folder: 'people_crud_microservices',
      public_id: photos.publicIdFor('1234567890'),
      api_key: CLOUD.apiKey,
    });
    expect(cloudinaryTrue(call?.params.overwrite)).toBe(true);
    expect(cloudinaryTrue(call?.params.invalidate)).toBe(true);
    expect(saved.url).toMatch(
      /^https:\/\/res\.cloudinary\.com\/people-test\/image\/upload\/v\d+\/people_crud_microservices\//,
    );
    expect(saved.key).toBe(`people_crud_microservices/${photos.publicIdFor('1234567890')}`);
    expect(fake.images.get(saved.key)?.equals(PNG)).toBe(true);
  });

  it('gives each person one stable public id that does not reveal the document number', async () => {
    const photos = store();
    expect(photos.publicIdFor('1234567890')).toBe(photos.publicIdFor('1234567890'));
    expect(photos.publicIdFor('1234567890')).not.toBe(photos.publicIdFor('1234567891'));
    expect(photos.publicIdFor('1234567890')).not.toContain('1234567890');
    const first = await photos.save('555', PNG, 'png');
    const second = await photos.save('555', Buffer.concat([PNG, Buffer.from('v2')]), 'png');
    expect(second.key).toBe(first.key);
    expect(fake.images.get(second.key)?.toString()).toMatch(/v2$/);
  });

  it('destroys an image with invalidation, and treats an image already gone as removed', async () => {
    const photos = store();
    const saved = await photos.save('777', PNG, 'png');
    await photos.remove(saved.key);
    expect(fake.images.has(saved.key)).toBe(false);
    expect(fake.destroys.at(-1)?.public_id).toBe(saved.key);
    expect(cloudinaryTrue(fake.destroys.at(-1)?.invalidate)).toBe(true);
    await expect(photos.remove(saved.key)).resolves.toBeUndefined();
  });

  it('fails when Cloudinary refuses the signature', async () => {
    await expect(store({ apiSecret: 'wrong-secret' }).save('1', PNG, 'png')).rejects.toThrow(/Invalid Signature/);
    await expect(store({ apiSecret: 'wrong-secret' }).remove('people_crud_microservices/x')).rejects.toThrow(
      /Invalid Signature/,
    );
  });
});
