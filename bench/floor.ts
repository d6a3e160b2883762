/**
 * The single-hop floor: `GET /{id}` answered by a minimal HTTP handler straight on the DAO in one
 * process, with the REST body the bridge sends. No framework, no GraphQL, no hop: what one read
 * costs at the least on this machine, so that every path can be reported as a share of it.
 */
import http from 'node:http';
import { PLACEHOLDER_PHOTO_URL } from '@people/domain';
import { createLogger, runUntilSignalled } from '@people/platform';
import { toRestPerson } from '@people/rest-bridge';
import { openPeopleDao } from '@people/store';
import { loadSubgraphConfig } from '@people/subgraph-kit';

const config = loadSubgraphConfig('read');
const port = Number(process.env.FLOOR_PORT);

void runUntilSignalled(createLogger({ service: 'floor', level: config.logLevel }), async () => {
  const dao = await openPeopleDao(config.store);
  const server = http.createServer((req, res) => {
    const id = (req.url ?? '/').slice(1);
    dao.get(id).then(
      (person) => {
        if (!person) {
          res.writeHead(404, { 'content-type': 'application/json' }).end('{"detail":"Not found"}');
          return;
        }
        const body = JSON.stringify(
          toRestPerson(
            {
              ...person,
              photoUrl: person.photo?.url ?? null,
              createdAt: person.createdAt.toISOString(),
              updatedAt: person.updatedAt.toISOString(),
            },
            PLACEHOLDER_PHOTO_URL,
          ),
        );
        res.writeHead(200, { 'content-type': 'application/json' }).end(body);
      },
      () => res.writeHead(503).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await dao.close();
    },
  };
});
