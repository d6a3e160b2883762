/**
 * Imported before anything that loads the Cloudinary SDK: the SDK chooses http or https once, at
 * load time, from the scheme of the global upload_prefix. Each call still names its own account
 * and prefix (the local stand-in's port), so only the scheme comes from here.
 */
export const previousCloudinaryUrl = process.env.CLOUDINARY_URL;
process.env.CLOUDINARY_URL = 'cloudinary://unused:unused@unused?upload_prefix=http://127.0.0.1';

export function restoreCloudinaryUrl(): void {
  if (previousCloudinaryUrl === undefined) delete process.env.CLOUDINARY_URL;
  else process.env.CLOUDINARY_URL = previousCloudinaryUrl;
}
