import { CloudinaryPhotoStore } from './cloudinaryPhotoStore';
import type { PhotoConfig } from './config';
import { LocalPhotoStore } from './localPhotoStore';
import type { PhotoStore } from './photoStore';

export function openPhotoStore(config: PhotoConfig): PhotoStore {
  return config.kind === 'cloudinary'
    ? new CloudinaryPhotoStore(config)
    : new LocalPhotoStore(config.dir, config.publicBaseUrl);
}
