// Must stay the first import: it decides how the Cloudinary SDK loads.
import { restoreCloudinaryUrl } from './support/cloudinaryOverHttp';
import { CLOUDINARY_FOLDER } from '@people/store';
import { FakeCloudinary } from '@people/testing';
import { JPEG_BYTES, PNG_BYTES } from './support/photoFixtures';
import { graphql, personInput, startTestStack, type TestStack } from './support/testStack';
import { uploadPhoto } from './support/upload';

const CLOUD = { cloudName: 'people-stack', apiKey: '5550001', apiSecret: 'stack-test-secret' };
const CREATE = `mutation Create($input: CreatePersonInput!) { createPerson(input: $input) { documentId } }`;
const DELETE = `mutation Delete($id: ID!) { deletePerson(documentId: $id) { documentId photoUrl } }`;

describe('photos through the gateway (Cloudinary store, against a local stand-in)', () => {
  const fake = new FakeCloudinary(CLOUD);
  let stack: TestStack;

  beforeAll(async () => {
    await fake.start();
    stack = await startTestStack({
      photos: { kind: 'cloudinary', ...CLOUD, folder: CLOUDINARY_FOLDER, uploadPrefix: fake.origin },
    });
  });

  afterAll(async () => {
    await stack.close();
    await fake.stop();
    restoreCloudinaryUrl();
  });

  it('stores the secure_url, replaces the one image in place, and destroys it with the person', async () => {
    await graphql(stack.urls.gateway, CREATE, { input: personInput('4000000001') });
    const first = await uploadPhoto(stack.urls.gateway, '4000000001', PNG_BYTES, 'me.png', 'image/png');
    expect(first.body.errors).toBeUndefined();
    const firstUrl = first.body.data?.updatePersonPhoto.photoUrl as string;
    expect(firstUrl).toMatch(
      /^https:\/\/res\.cloudinary\.com\/people-stack\/image\/upload\/v\d+\/people_crud_microservices\/person_/,
    );
    expect(fake.images.size).toBe(1);
    const [key] = [...fake.images.keys()];

    const second = await uploadPhoto(stack.urls.gateway, '4000000001', JPEG_BYTES, 'me.jpg', 'image/jpeg');
    expect(second.body.data?.updatePersonPhoto.photoUrl).not.toBe(firstUrl);
    expect([...fake.images.keys()]).toEqual([key]);
    expect(fake.images.get(key as string)?.equals(JPEG_BYTES)).toBe(true);
    expect(fake.destroys).toEqual([]);

    const removed = await graphql(stack.urls.gateway, DELETE, { id: '4000000001' });
    expect(removed.body.errors).toBeUndefined();
    expect(fake.images.size).toBe(0);
    expect(fake.destroys.map((call) => call.public_id)).toEqual([key]);
  });

  it('sends nothing to Cloudinary for a refused upload', async () => {
    await graphql(stack.urls.gateway, CREATE, { input: personInput('4000000002') });
    const before = fake.uploads.length;
    const result = await uploadPhoto(
      stack.urls.gateway,
      '4000000002',
      Buffer.from('not an image'),
      'x.png',
      'image/png',
    );
    expect(result.body.errors?.[0]?.extensions?.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(fake.uploads.length).toBe(before);
  });
});
