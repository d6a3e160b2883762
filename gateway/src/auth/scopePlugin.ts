import type { ApolloServerPlugin } from '@apollo/server';
import { OperationTypeNode } from 'graphql';
import { unwrapPeopleError, ErrorCode, PeopleError } from '@people/domain';
import { Scope, requireScope } from '@people/platform';
import type { GatewayContext } from '../context';
import { withHttp } from '../http/graphqlErrors';

/** Queries need `people:read`; mutations (and anything else) `people:write`. */
export function scopePlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    requestDidStart() {
      return Promise.resolve({
        didResolveOperation({ operation, contextValue }) {
          try {
            if (!contextValue.principal) throw new PeopleError(ErrorCode.Unauthenticated);
            requireScope(
              contextValue.principal,
              operation?.operation === OperationTypeNode.QUERY ? Scope.Read : Scope.Write,
            );
          } catch (error) {
            const known = unwrapPeopleError(error);
            return Promise.reject(known ? withHttp(known) : error);
          }
          return Promise.resolve();
        },
      });
    },
  };
}
