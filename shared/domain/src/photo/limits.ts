/** The largest photo accepted, in bytes (a photo over 2 MB is refused). */
export const PHOTO_MAX_BYTES = 2 * 1024 * 1024;

/** The photo formats accepted, judged by their bytes. */
export const PHOTO_KINDS = ['png', 'jpeg'] as const;
export type PhotoKind = (typeof PHOTO_KINDS)[number];

export const PHOTO_CONTENT_TYPES: Record<PhotoKind, string> = { png: 'image/png', jpeg: 'image/jpeg' };
export const PHOTO_EXTENSIONS: Record<PhotoKind, string> = { png: 'png', jpeg: 'jpg' };
