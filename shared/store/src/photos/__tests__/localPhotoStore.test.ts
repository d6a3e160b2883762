import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalPhotoStore, isLocalPhotoKey, localPhotoContentType } from '../localPhotoStore';

describe('LocalPhotoStore', () => {
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'people-local-photos-'));
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes each photo under a fresh random key and builds its absolute URL', async () => {
    const store = new LocalPhotoStore(path.join(dir, 'photos'), 'https://people.example.com');
    const a = await store.save('123', Buffer.from('a'), 'png');
    const b = await store.save('123', Buffer.from('b'), 'jpeg');
    expect(a.key).not.toBe(b.key);
    expect(a.key).not.toContain('123');
    expect(a.url).toBe(`https://people.example.com/photos/${a.key}`);
    expect(localPhotoContentType(a.key)).toBe('image/png');
    expect(localPhotoContentType(b.key)).toBe('image/jpeg');
    expect(fs.readFileSync(path.join(dir, 'photos', b.key), 'utf8')).toBe('b');
  });

  it('never touches a path outside its folder, and removing twice is fine', async () => {
    const store = new LocalPhotoStore(path.join(dir, 'photos'), 'http://localhost:4000');
    fs.writeFileSync(path.join(dir, 'secret.png'), 'keep');
    for (const key of ['../secret.png', '..', '', 'a/b.png', `${'A'.repeat(43)}.gif`]) {
      expect(isLocalPhotoKey(key)).toBe(false);
      expect(store.filePath(key)).toBeNull();
      await store.remove(key);
    }
    expect(fs.existsSync(path.join(dir, 'secret.png'))).toBe(true);
    const saved = await store.save('1', Buffer.from('x'), 'png');
    await store.remove(saved.key);
    await store.remove(saved.key);
    expect(fs.readdirSync(path.join(dir, 'photos'))).toEqual([]);
  });
});
