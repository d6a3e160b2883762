import type { StoredPhoto } from '@people/domain';
import type { PhotoKind } from '@people/domain';

/**
 * Where photo bytes live. `save` returns the public URL and the key to remove it by; `remove`
 * of a key that is already gone succeeds, so cleanup can be retried.
 */
export interface PhotoStore {
  save(documentId: string, bytes: Buffer, kind: PhotoKind): Promise<StoredPhoto>;
  remove(key: string): Promise<void>;
}
