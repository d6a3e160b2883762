import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { StoredPhoto } from '@people/domain';
import { PHOTO_CONTENT_TYPES, PHOTO_EXTENSIONS, type PhotoKind } from '@people/domain';
import type { PhotoStore } from './photoStore';

/** A key is 32 random bytes in base64url and an extension: nothing to guess, nothing to traverse. */
const KEY_PATTERN = /^[A-Za-z0-9_-]{43}\.(png|jpg)$/;

export function isLocalPhotoKey(key: string): boolean {
  return KEY_PATTERN.test(key);
}

/** The Content-Type a local key is served with, or null for a key this store never issues. */
export function localPhotoContentType(key: string): string | null {
  if (!isLocalPhotoKey(key)) return null;
  return key.endsWith('.png') ? PHOTO_CONTENT_TYPES.png : PHOTO_CONTENT_TYPES.jpeg;
}

/** Photos as files under one directory, served by the gateway at `<publicBaseUrl>/photos/<key>`. */
export class LocalPhotoStore implements PhotoStore {
  constructor(
    readonly dir: string,
    private readonly publicBaseUrl: string,
  ) {}

  async save(_documentId: string, bytes: Buffer, kind: PhotoKind): Promise<StoredPhoto> {
    const key = `${randomBytes(32).toString('base64url')}.${PHOTO_EXTENSIONS[kind]}`;
    await fs.mkdir(this.dir, { recursive: true });
    // `wx`: a new file only; a key is never reused.
    await fs.writeFile(path.join(this.dir, key), bytes, { flag: 'wx' });
    return { key, url: `${this.publicBaseUrl}/photos/${key}` };
  }

  async remove(key: string): Promise<void> {
    if (!isLocalPhotoKey(key)) return;
    await fs.rm(path.join(this.dir, key), { force: true });
  }

  /** The file behind a key, or null for a key this store never issues. */
  filePath(key: string): string | null {
    return isLocalPhotoKey(key) ? path.join(this.dir, key) : null;
  }
}
