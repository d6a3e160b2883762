import { Router } from 'express';

export type ReadinessCheck = () => Promise<void>;

/** `GET /healthz` answers while the process runs; `GET /readyz` only while its dependencies answer. */
export function healthRoutes(checkReady: ReadinessCheck, timeoutMs = 2000): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        checkReady(),
        new Promise((_resolve, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
      res.json({ status: 'ready' });
    } catch (error) {
      res
        .status(503)
        .set('Retry-After', '5')
        .json({ status: 'unavailable', detail: error instanceof Error ? error.message : 'not ready' });
    } finally {
      clearTimeout(timer);
    }
  });
  return router;
}
