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
 * A person read's body and headers: an ETag over its JSON, and caching that must ask again each
 * time (the record can change at any moment) and keep it to one client (it is personal data).
 */
export function personReadAnswer(person: RestPerson): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify(person);
  return { body, headers: { ETag: entityTag(body), 'Cache-Control': 'private, no-cache' } };
}

/**
 * A person read (personReadAnswer): a client that sends the tag back in If-None-Match gets 304 and
 * no body while the person is unchanged.
 */
export function sendPersonRead(req: Request, res: Response, person: RestPerson): void {
  const { body, headers } = personReadAnswer(person);
  res.set(headers);
  if (noneMatch(req.headers['if-none-match'], headers.ETag ?? '')) {
    res.status(304).end();
    return;
  }
  res.status(200).type('application/json').send(body);
}
