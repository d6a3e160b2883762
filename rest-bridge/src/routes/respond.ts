import { createHash } from 'node:crypto';
import type { RestPerson } from '../dialect/restPerson';
import type { Request, Response } from 'express';

export function sendPerson(res: Response, person: RestPerson, status = 200): void {
  res.status(status).json(person);
}

/** A strong validator of the exact bytes sent: any change to the person changes it. */
function entityTag(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

/** If-None-Match compares weakly (RFC 9110 §13.1.2): `W/"x"` matches `"x"`, and `*` matches anything. */
function noneMatch(header: string | undefined, tag: string): boolean {
  if (header === undefined) return false;
  return header
    .split(',')
    .map((candidate) => candidate.trim().replace(/^W\//, ''))
    .some((candidate) => candidate === '*' || candidate === tag);
}

/**
 * A person read, with an ETag over its JSON: a client that sends the tag back in If-None-Match
 * gets 304 and no body while the person is unchanged. Caches must ask again each time (the
 * record can change at any moment) and keep it to one client (it is personal data).
 */
export function sendPersonRead(req: Request, res: Response, person: RestPerson): void {
  const body = JSON.stringify(person);
  const tag = entityTag(body);
  res.set({ ETag: tag, 'Cache-Control': 'private, no-cache' });
  if (noneMatch(req.headers['if-none-match'], tag)) {
    res.status(304).end();
    return;
  }
  res.status(200).type('application/json').send(body);
}
