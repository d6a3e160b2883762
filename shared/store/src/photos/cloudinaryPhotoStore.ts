import { createHmac } from 'node:crypto';
import { v2 as cloudinary, type UploadApiOptions, type UploadApiResponse } from 'cloudinary';
import type { StoredPhoto } from '@people/domain';
import type { PhotoKind } from '@people/domain';
import type { PhotoStore } from './photoStore';

export interface CloudinarySettings {
  cloudName: string;
  apiKey: string;
  apiSecret: string;
  folder: string;
  uploadPrefix?: string;
  /** Bound on one API call. */
  timeoutMs?: number;
}

/** What every call carries, so that several stores (and tests) never share the SDK's global config. */
interface CallOptions {
  cloud_name: string;
  api_key: string;
  api_secret: string;
  upload_prefix?: string;
  timeout: number;
}

/**
 * Photos on Cloudinary through the official SDK: one image per person in the configured folder,
 * replaced in place (overwrite, CDN cache invalidated); the `secure_url` is what gets stored.
 */
export class CloudinaryPhotoStore implements PhotoStore {
  private readonly call: CallOptions;

  constructor(private readonly settings: CloudinarySettings) {
    this.call = {
      cloud_name: settings.cloudName,
      api_key: settings.apiKey,
      api_secret: settings.apiSecret,
      timeout: settings.timeoutMs ?? 30_000,
      ...(settings.uploadPrefix ? { upload_prefix: settings.uploadPrefix } : {}),
    };
  }

  /**
   * The public id of a person's photo: stable per person, so a new photo overwrites the old, but
   * keyed with the API secret so that a public URL does not reveal the identity document number.
   */
  publicIdFor(documentId: string): string {
    const digest = createHmac('sha256', this.settings.apiSecret).update(documentId).digest('base64url');
    return `person_${digest.slice(0, 24)}`;
  }

  /** Cloudinary judges the format itself; the kind was already checked by its bytes. */
  save(documentId: string, bytes: Buffer, _kind: PhotoKind): Promise<StoredPhoto> {
    const options: UploadApiOptions = {
      ...this.call,
      folder: this.settings.folder,
      public_id: this.publicIdFor(documentId),
      overwrite: true,
      invalidate: true,
      resource_type: 'image',
    };
    return new Promise((resolve, reject) => {
      const upload = cloudinary.uploader.upload_stream(options, (error, result?: UploadApiResponse) => {
        if (error || !result) {
          reject(new Error(`Cloudinary upload failed: ${error?.message ?? 'no result'}`));
          return;
        }
        resolve({ url: result.secure_url, key: result.public_id });
      });
      upload.end(bytes);
    });
  }

  async remove(key: string): Promise<void> {
    const options = { ...this.call, invalidate: true, resource_type: 'image' as const };
    const result: unknown = await cloudinary.uploader.destroy(key, options).catch((error: unknown) => {
      // Cloudinary rejects with a plain object carrying a message, not an Error.
      const message = (error as { message?: unknown } | null | undefined)?.message;
      throw new Error(`Cloudinary destroy failed: ${typeof message === 'string' ? message : String(error)}`);
    });
    const outcome = (result as { result?: string } | undefined)?.result;
    // "not found" means already gone, which is what remove promises.
    if (outcome !== 'ok' && outcome !== 'not found') throw new Error(`Cloudinary destroy answered ${String(outcome)}`);
  }
}
