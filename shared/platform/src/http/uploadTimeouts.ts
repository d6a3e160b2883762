import { z } from 'zod';
import { loadEnv, setting, type Env } from '../config/loadConfig';
import type { UploadTimeouts } from './multipartUpload';

/**
 * How long a photo upload may take: `UPLOAD_IDLE_TIMEOUT_MS` without a byte arriving, and
 * `UPLOAD_TIMEOUT_MS` in all. They bound the upload instead of the per-call timeouts, so a slow
 * but steady client finishes while a stalled one is let go.
 */
export function loadUploadTimeouts(env: Env = process.env): UploadTimeouts {
  const raw = loadEnv(
    z.object({
      UPLOAD_IDLE_TIMEOUT_MS: setting.positiveInt(10_000),
      UPLOAD_TIMEOUT_MS: setting.positiveInt(120_000),
    }),
    env,
  );
  return { idleMs: raw.UPLOAD_IDLE_TIMEOUT_MS, totalMs: raw.UPLOAD_TIMEOUT_MS };
}
