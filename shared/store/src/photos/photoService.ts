import type { PeopleDao } from '../dao';
import { type Person, type StoredPhoto, ErrorCode, PeopleError } from '@people/domain';
import { unwrapPeopleError } from '@people/domain';
import type { Logger } from '@people/platform';
import { PHOTO_MAX_BYTES } from '@people/domain';
import type { PhotoStore } from './photoStore';
import { verifyUpload } from '@people/domain';

export interface PhotoServiceDeps {
  dao: Pick<PeopleDao, 'get' | 'setPhoto' | 'delete'>;
  photos: PhotoStore;
  logger: Logger;
}

/** Removal of a photo nobody refers to any more: logged, never failing the caller's request. */
async function removeQuietly(deps: PhotoServiceDeps, key: string, why: string): Promise<void> {
  // An empty key is a photo the older system stored by URL alone: not ours to remove.
  if (key === '') return;
  try {
    await deps.photos.remove(key);
  } catch (error) {
    deps.logger.warn({ err: error, photoKey: key }, `could not remove ${why} photo`);
  }
}

/**
 * Replaces a person's photo: the upload is judged (size, PNG/JPEG by its bytes) before anything
 * changes, then saved, then recorded; the old photo goes last. If recording fails, the new photo
 * is removed again, so a failed request leaves the record and its photo as they were.
 */
export async function replacePhoto(
  deps: PhotoServiceDeps,
  documentId: string,
  upload: AsyncIterable<Uint8Array | string>,
  limitBytes: number = PHOTO_MAX_BYTES,
): Promise<Person> {
  const current = await deps.dao.get(documentId);
  if (!current) throw PeopleError.personNotFound(documentId);
  const photo = await verifyUpload(upload, limitBytes);

  let saved: StoredPhoto;
  try {
    saved = await deps.photos.save(documentId, photo.bytes, photo.kind);
  } catch (error) {
    deps.logger.error({ err: error }, 'photo store write failed');
    throw new PeopleError(ErrorCode.ServiceUnavailable, 'The photo could not be stored; try again shortly');
  }

  let result: { before: Person; after: Person };
  try {
    result = await deps.dao.setPhoto(documentId, saved);
  } catch (error) {
    // A store that overwrites in place (Cloudinary) gives the same key again: that image is the
    // one the record already points to, so it is not an orphan and must stay.
    if (saved.key !== current.photo?.key) await removeQuietly(deps, saved.key, 'unrecorded new');
    const known = unwrapPeopleError(error);
    if (known) throw known;
    deps.logger.error({ err: error }, 'recording the new photo failed');
    throw new PeopleError(
      ErrorCode.ServiceUnavailable,
      'The photo could not be saved to the record; nothing was changed',
    );
  }

  const old = result.before.photo;
  if (old && old.key !== saved.key) await removeQuietly(deps, old.key, 'replaced');
  return result.after;
}

/** Deletes a person, then their photo; returns the record as it was. */
export async function deletePersonWithPhoto(deps: PhotoServiceDeps, documentId: string): Promise<Person> {
  const deleted = await deps.dao.delete(documentId);
  if (deleted.photo) await removeQuietly(deps, deleted.photo.key, "deleted person's");
  return deleted;
}
