# syntax=docker/dockerfile:1
# One image for every service; the command picks which one runs (see docker-compose.yml):
#   node --max-semi-space-size=32 stack/dist/main.js   everything (the default; see docker-compose.yml)
#   node subgraphs/<name>/dist/main.js one subgraph: create, read, update or delete
#   node gateway/dist/main.js          the gateway
#   node rest-bridge/dist/main.js      the REST bridge

ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
# better-sqlite3 compiles from source when no prebuilt binary fits.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json tsconfig.base.json tsconfig.build.json ./
COPY shared/domain/package.json shared/domain/
COPY shared/platform/package.json shared/platform/
COPY shared/store/package.json shared/store/
COPY shared/subgraph-kit/package.json shared/subgraph-kit/
COPY subgraphs/create/package.json subgraphs/create/
COPY subgraphs/read/package.json subgraphs/read/
COPY subgraphs/update/package.json subgraphs/update/
COPY subgraphs/delete/package.json subgraphs/delete/
COPY gateway/package.json gateway/
COPY rest-bridge/package.json rest-bridge/
COPY stack/package.json stack/
COPY bench/package.json bench/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM build AS production-deps
# Production packages only, gathered with their paths: the root node_modules and any that npm
# nests in a workspace (when two workspaces need different versions of one package).
RUN npm ci --omit=dev --no-audit --no-fund \
  && mkdir /deps \
  && find . -name node_modules -type d -prune -print0 | tar --null -cf - --files-from=- | tar -xf - -C /deps

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    DATA_DIR=/app/data \
    HEALTHCHECK_URL=http://127.0.0.1:4000/healthz
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/shared shared
COPY --from=build /app/subgraphs subgraphs
COPY --from=build /app/gateway/package.json gateway/package.json
COPY --from=build /app/gateway/dist gateway/dist
COPY --from=build /app/gateway/supergraph.graphql gateway/supergraph.graphql
COPY --from=build /app/rest-bridge/package.json rest-bridge/package.json
COPY --from=build /app/rest-bridge/dist rest-bridge/dist
COPY --from=build /app/stack/package.json stack/package.json
COPY --from=build /app/stack/dist stack/dist
RUN rm -rf shared/*/src shared/*/node_modules subgraphs/*/src subgraphs/*/node_modules && mkdir -p /app/data && chown node:node /app/data
COPY --from=production-deps /deps/ ./
USER node
VOLUME ["/app/data"]
EXPOSE 4000 8011 8012 8013 8014
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch(process.env.HEALTHCHECK_URL).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--max-semi-space-size=32", "stack/dist/main.js"]
