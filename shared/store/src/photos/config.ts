import path from 'node:path';
import { z } from 'zod';
import { ConfigError, loadEnv, setting, type Env } from '@people/platform';

/** The Cloudinary folder every photo goes to. */
export const CLOUDINARY_FOLDER = 'people_crud_microservices';

export type PhotoConfig =
  | {
      kind: 'cloudinary';
      cloudName: string;
      apiKey: string;
      apiSecret: string;
      folder: string;
      /** The API origin; Cloudinary's own unless CLOUDINARY_URL carries `?upload_prefix=`. */
      uploadPrefix?: string;
    }
  | {
      kind: 'local';
      /** Where photo files are written: `DATA_DIR/photos`. */
      dir: string;
      /** Origin (and optional path) under which the gateway serves `/photos/<key>`. */
      publicBaseUrl: string;
    };

export const photoEnvSchema = z.object({
  CLOUDINARY_URL: z
    .string()
    .regex(/^cloudinary:\/\/[^:@/]+:[^@/]+@[^/?]+/, {
      error: 'must be cloudinary://<api_key>:<api_secret>@<cloud_name>',
    })
    .optional(),
  CLOUDINARY_CLOUD_NAME: setting.string().optional(),
  CLOUDINARY_API_KEY: setting.string().optional(),
  CLOUDINARY_API_SECRET: setting.string().optional(),
  DATA_DIR: z.string().default('./data'),
  PUBLIC_BASE_URL: setting.url().default('http://localhost:4000'),
  DEPLOYMENT_NODES: setting.positiveInt(1),
  PHOTO_STORE_SHARED: setting.flag(false),
});

const CLOUDINARY_PARTS = ['CLOUDINARY_CLOUD_NAME', 'CLOUDINARY_API_KEY', 'CLOUDINARY_API_SECRET'] as const;

/**
 * Photos go to Cloudinary when `CLOUDINARY_URL` or all three `CLOUDINARY_*` settings are given,
 * otherwise to local disk under `DATA_DIR/photos`, served by the gateway at `PUBLIC_BASE_URL`.
 * Local disk is refused when `DEPLOYMENT_NODES` says the replicas run on several machines, unless
 * `PHOTO_STORE_SHARED` declares that folder a volume they all mount.
 */
export function loadPhotoConfig(env: Env = process.env): PhotoConfig {
  const raw = loadEnv(photoEnvSchema, env);
  if (raw.CLOUDINARY_URL) {
    const url = new URL(raw.CLOUDINARY_URL);
    const uploadPrefix = url.searchParams.get('upload_prefix') ?? undefined;
    return {
      kind: 'cloudinary',
      cloudName: url.hostname,
      apiKey: decodeURIComponent(url.username),
      apiSecret: decodeURIComponent(url.password),
      folder: CLOUDINARY_FOLDER,
      ...(uploadPrefix ? { uploadPrefix } : {}),
    };
  }
  const { CLOUDINARY_CLOUD_NAME: cloudName, CLOUDINARY_API_KEY: apiKey, CLOUDINARY_API_SECRET: apiSecret } = raw;
  if (cloudName && apiKey && apiSecret) {
    return { kind: 'cloudinary', cloudName, apiKey, apiSecret, folder: CLOUDINARY_FOLDER };
  }
  const given = CLOUDINARY_PARTS.filter((key) => raw[key] !== undefined);
  if (given.length > 0) {
    // Half a Cloudinary setup would silently fall back to local disk; refuse it instead.
    throw new ConfigError(
      CLOUDINARY_PARTS.filter((key) => raw[key] === undefined).map(
        (key) =>
          `${key}: required when ${given.join(', ')} ${given.length === 1 ? 'is' : 'are'} set (or set CLOUDINARY_URL)`,
      ),
    );
  }
  if (raw.DEPLOYMENT_NODES > 1 && !raw.PHOTO_STORE_SHARED) {
    // Each machine would have a photos folder of its own: a photo written on one is missing on the others.
    throw new ConfigError([
      `DEPLOYMENT_NODES: with ${raw.DEPLOYMENT_NODES} nodes, photos cannot live in a local folder (DATA_DIR/photos); ` +
        'set CLOUDINARY_URL (or CLOUDINARY_CLOUD_NAME, CLOUDINARY_API_KEY and CLOUDINARY_API_SECRET), or ' +
        'PHOTO_STORE_SHARED=true if DATA_DIR/photos is one volume that every replica mounts',
    ]);
  }
  return {
    kind: 'local',
    dir: path.resolve(raw.DATA_DIR, 'photos'),
    publicBaseUrl: raw.PUBLIC_BASE_URL.replace(/\/+$/, ''),
  };
}
