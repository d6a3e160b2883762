import path from 'node:path';
import type { ApolloServerPlugin } from '@apollo/server';
import { Router } from 'express';

/** Where the page's assets are mounted; the page itself is the landing page of `/graphql`. */
const ASSETS_PATH = '/graphiql';

/** A file inside an installed package that its `exports` do not list. */
function packageFile(name: string, file: string): string {
  return path.join(path.dirname(require.resolve(`${name}/package.json`)), file);
}

/**
 * GraphiQL's UMD build and the React 18 UMD builds it runs on (React 19 ships none), served from
 * the installed packages: the page loads nothing from outside the gateway.
 */
const ASSETS: Record<string, { file: string; type: string }> = {
  'react.js': { file: packageFile('react', 'umd/react.production.min.js'), type: 'application/javascript' },
  'react-dom.js': {
    file: packageFile('react-dom', 'umd/react-dom.production.min.js'),
    type: 'application/javascript',
  },
  'graphiql.js': { file: packageFile('graphiql', 'graphiql.min.js'), type: 'application/javascript' },
  'graphiql.css': { file: packageFile('graphiql', 'graphiql.min.css'), type: 'text/css' },
};

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>People GraphQL API</title>
  <link rel="stylesheet" href="${ASSETS_PATH}/graphiql.css">
  <link rel="stylesheet" href="${ASSETS_PATH}/page.css">
</head>
<body>
  <div id="graphiql">Loading GraphiQL…</div>
  <script src="${ASSETS_PATH}/react.js"></script>
  <script src="${ASSETS_PATH}/react-dom.js"></script>
  <script src="${ASSETS_PATH}/graphiql.js"></script>
  <script src="${ASSETS_PATH}/init.js"></script>
</body>
</html>
`;

const PAGE_CSS = `html, body, #graphiql { height: 100%; margin: 0; }\n`;

// A separate file, not an inline script, so the gateway's CSP (script-src 'self') holds.
const INIT = `(function () {
  var fetcher = GraphiQL.createFetcher({ url: window.location.origin + window.location.pathname });
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, { fetcher: fetcher, defaultEditorToolsVisibility: true }),
  );
})();
`;

/** GraphiQL as Apollo's landing page: what a browser gets from `GET /graphql`. */
export function graphiqlLandingPage(): ApolloServerPlugin {
  return {
    serverWillStart() {
      return Promise.resolve({ renderLandingPage: () => Promise.resolve({ html: PAGE }) });
    },
  };
}

/** The files the GraphiQL page loads, each one named here (no directory is exposed). */
export function graphiqlAssetRoutes(): Router {
  const router = Router();
  router.get(`${ASSETS_PATH}/init.js`, (_req, res) => {
    res.type('application/javascript').send(INIT);
  });
  router.get(`${ASSETS_PATH}/page.css`, (_req, res) => {
    res.type('text/css').send(PAGE_CSS);
  });
  for (const [name, asset] of Object.entries(ASSETS)) {
    router.get(`${ASSETS_PATH}/${name}`, (_req, res, next) => {
      res.type(asset.type).sendFile(asset.file, { maxAge: '1h' }, (error) => {
        if (error) next(error);
      });
    });
  }
  return router;
}
