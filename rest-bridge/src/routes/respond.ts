import type { RestPerson } from '@people/shared';
import type { Response } from 'express';

export function sendPerson(res: Response, person: RestPerson, status = 200): void {
  res.status(status).json(person);
}
