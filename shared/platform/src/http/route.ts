import type { Request } from 'express';

/**
 * Digit runs in paths are document ids, which may be one digit long: personal data, so every run
 * is masked, percent-encoded digits (`%31`) too. The query string is dropped whole.
 */
export function maskedPath(url: string): string {
  const path = url.split('?')[0] ?? '';
  return path.replace(/(?:%3\d|\d)+/gi, '{id}');
}

/**
 * The route pattern that answered (`/:doc_id`, `/graphql`), never the path itself, so that it can
 * name spans and label metrics without a document id; `unmatched` when no route answered.
 */
export function routeOf(req: Request): string {
  const pattern = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof pattern === 'string') return `${req.baseUrl}${pattern}` || '/';
  return req.baseUrl || 'unmatched';
}
