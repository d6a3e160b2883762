import { ErrorCode } from '@people/domain';
import { localPhotoContentType } from '@people/store';
import express from 'express';

/** A key names one immutable file, so browsers and proxies may keep it for a year. */
const ONE_YEAR_MS = 365 * 24 * 60 * 60 * 1000;

/**
 * Serves the local photo store at `GET /photos/<key>`. Only keys of the store's own shape are
 * looked up (random base64url and an extension), so no request can name a file outside `dir`.
 */
export function photoRoutes(dir: string): express.Router {
  const router = express.Router();
  router.get('/photos/:key', (req, res) => {
    const notFound = () =>
      res.status(404).json({ errors: [{ message: 'No such photo', extensions: { code: ErrorCode.NotFound } }] });
    const contentType = localPhotoContentType(req.params.key);
    if (!contentType) {
      notFound();
      return;
    }
    res.sendFile(
      req.params.key,
      {
        root: dir,
        dotfiles: 'deny',
        maxAge: ONE_YEAR_MS,
        immutable: true,
        headers: { 'Content-Type': contentType, 'X-Content-Type-Options': 'nosniff' },
      },
      (error?: Error) => {
        if (error && !res.headersSent) notFound();
      },
    );
  });
  return router;
}
