import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { openPeopleDao, type PeopleDao } from '../../dao';
import { type StoredPhoto, PeopleError, ErrorCode } from '@people/domain';
import { createLogger } from '@people/platform';
import { LocalPhotoStore } from '../localPhotoStore';
import { deletePersonWithPhoto, replacePhoto, type PhotoServiceDeps } from '../photoService';
import type { PhotoStore } from '../photoStore';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('pixels')]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('pixels')]);
const logger = createLogger({ service: 'photo-test', level: 'silent' });
const upload = (bytes: Buffer) => Readable.from([bytes]);

describe('replacePhoto and deletePersonWithPhoto', () => {
  let root: string;
  let dao: PeopleDao;
  let photos: LocalPhotoStore;
  let deps: PhotoServiceDeps;
  const files = () => fs.readdirSync(photos.dir).sort();

  beforeEach(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'people-photo-service-'));
    dao = await openPeopleDao({ kind: 'embedded', dataDir: path.join(root, 'data') });
    photos = new LocalPhotoStore(path.join(root, 'photos'), 'http://localhost:4000');
    fs.mkdirSync(photos.dir);
    deps = { dao, photos, logger };
    await dao.create({
      documentType: 'CEDULA',
      documentId: '123',
      firstName: 'Ana',
      middleName: null,
      lastName: 'García',
      birthDate: '1990-05-17',
      gender: 'FEMENINO',
      email: 'ana@example.com',
      phone: '3001234567',
    });
  });

  afterEach(async () => {
    await dao.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('stores the photo, records it, and removes the one it replaces', async () => {
    const first = await replacePhoto(deps, '123', upload(PNG));
    expect(first.photo?.url).toBe(`http://localhost:4000/photos/${String(first.photo?.key)}`);
    expect(fs.readFileSync(path.join(photos.dir, first.photo?.key ?? '')).equals(PNG)).toBe(true);
    const second = await replacePhoto(deps, '123', upload(JPEG));
    expect(second.photo?.key).toMatch(/\.jpg$/);
    expect(files()).toEqual([second.photo?.key]);
    expect((await dao.get('123'))?.photo).toEqual(second.photo);
  });

  it('leaves the record and its photo untouched when the upload is refused', async () => {
    const first = await replacePhoto(deps, '123', upload(PNG));
    await expect(replacePhoto(deps, '123', upload(Buffer.from('text')))).rejects.toMatchObject({
      code: ErrorCode.UnsupportedMediaType,
    });
    expect((await dao.get('123'))?.photo).toEqual(first.photo);
    expect(files()).toEqual([first.photo?.key]);
  });

  it('removes the new photo again when recording it fails, and says so clearly', async () => {
    const first = await replacePhoto(deps, '123', upload(PNG));
    const failing: PhotoServiceDeps = {
      ...deps,
      dao: {
        get: (id) => dao.get(id),
        delete: (id) => dao.delete(id),
        setPhoto: () => Promise.reject(new Error('disk full')),
      },
    };
    const error = await replacePhoto(failing, '123', upload(JPEG)).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: ErrorCode.ServiceUnavailable });
    expect((error as Error).message).toMatch(/nothing was changed/);
    expect(files()).toEqual([first.photo?.key]);
    expect((await dao.get('123'))?.photo).toEqual(first.photo);
  });

  it('passes on a known error from the store after removing the new photo', async () => {
    const failing: PhotoServiceDeps = {
      ...deps,
      dao: {
        get: (id) => dao.get(id),
        delete: (id) => dao.delete(id),
        setPhoto: (id) => Promise.reject(PeopleError.personNotFound(id)),
      },
    };
    await expect(replacePhoto(failing, '123', upload(PNG))).rejects.toMatchObject({ code: ErrorCode.NotFound });
    expect(files()).toEqual([]);
  });

  it('keeps an image a store overwrote in place (same key) when recording fails', async () => {
    const removed: string[] = [];
    const inPlace: PhotoStore = {
      save: () => Promise.resolve<StoredPhoto>({ url: 'https://cdn.example/p.png', key: 'person_x' }),
      remove: (key) => {
        removed.push(key);
        return Promise.resolve();
      },
    };
    await dao.setPhoto('123', { url: 'https://cdn.example/p.png', key: 'person_x' });
    const failing: PhotoServiceDeps = {
      ...deps,
      photos: inPlace,
      dao: {
        get: (id) => dao.get(id),
        delete: (id) => dao.delete(id),
        setPhoto: () => Promise.reject(new Error('down')),
      },
    };
    await expect(replacePhoto(failing, '123', upload(PNG))).rejects.toMatchObject({
      code: ErrorCode.ServiceUnavailable,
    });
    expect(removed).toEqual([]);
    await expect(replacePhoto({ ...deps, photos: inPlace }, '123', upload(PNG))).resolves.toBeTruthy();
    expect(removed).toEqual([]);
  });

  it('answers SERVICE_UNAVAILABLE when the photo store cannot take the file, changing nothing', async () => {
    const broken: PhotoStore = { save: () => Promise.reject(new Error('EACCES')), remove: () => Promise.resolve() };
    await expect(replacePhoto({ ...deps, photos: broken }, '123', upload(PNG))).rejects.toMatchObject({
      code: ErrorCode.ServiceUnavailable,
    });
    expect((await dao.get('123'))?.photo).toBeNull();
  });

  it('answers NOT_FOUND for nobody without reading or storing anything', async () => {
    await expect(replacePhoto(deps, '999', upload(PNG))).rejects.toMatchObject({ code: ErrorCode.NotFound });
    expect(files()).toEqual([]);
  });

  it('deletes the photo with the person', async () => {
    const withPhoto = await replacePhoto(deps, '123', upload(PNG));
    const deleted = await deletePersonWithPhoto(deps, '123');
    expect(deleted.photo).toEqual(withPhoto.photo);
    expect(files()).toEqual([]);
  });
});
