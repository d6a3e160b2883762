import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { createLogger } from '@people/platform';
import { formatGraphQLError } from '../formatError';

/** A logger whose lines the test can read. */
function recordingLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    service: 'gateway',
    level: 'info',
    destination: { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
  });
  return { logger, lines };
}

/** An error as the gateway formats one that came back from a subgraph. */
const fromSubgraph = (code: string): GraphQLFormattedError => ({
  message: code === 'NOT_FOUND' ? 'No person with documentId 77' : 'connection reset by the store',
  path: ['person'],
  extensions: { code, serviceName: 'read', stacktrace: ['Error: …', '    at resolver (resolvers.ts:12:3)'] },
});

describe('formatGraphQLError', () => {
  it.each([false, true])("drops the subgraph's serviceName from a client error (production: %s)", (production) => {
    const { logger } = recordingLogger();
    const formatted = formatGraphQLError(production, logger)(fromSubgraph('NOT_FOUND'), new GraphQLError('x'));
    expect(formatted).toEqual({
      message: 'No person with documentId 77',
      path: ['person'],
      extensions: { code: 'NOT_FOUND' },
    });
  });

  it('keeps the stack of an internal error in development, without serviceName, and logs which subgraph', () => {
    const { logger, lines } = recordingLogger();
    const formatted = formatGraphQLError(false, logger)(fromSubgraph('INTERNAL_SERVER_ERROR'), new Error('boom'));
    expect(formatted.extensions).toEqual({
      code: 'INTERNAL_SERVER_ERROR',
      stacktrace: ['Error: …', '    at resolver (resolvers.ts:12:3)'],
    });
    expect(lines).toEqual([expect.objectContaining({ serviceName: 'read', msg: 'internal error while resolving' })]);
  });

  it('replaces an internal error by a plain one in production', () => {
    const { logger } = recordingLogger();
    const formatted = formatGraphQLError(true, logger)(fromSubgraph('INTERNAL_SERVER_ERROR'), new Error('boom'));
    expect(formatted).toEqual({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  });
});
