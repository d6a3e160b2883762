'use strict';
// Small Node helpers for scripts/mongo-local.sh: there is no mongosh on these machines, so the
// repository's own `mongodb` driver does the pinging.
//   node mongo-local-helper.cjs free-port
//   node mongo-local-helper.cjs wait <uri> <timeoutMs> <pid>
const net = require('node:net');

function freePort() {
  const server = net.createServer();
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    server.close(() => process.stdout.write(`${port}\n`));
  });
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitForPing(uri, timeoutMs, pid) {
  const { MongoClient } = require('mongodb');
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    if (!alive(pid)) {
      process.stderr.write('mongo-local: FerretDB exited before answering\n');
      return 1;
    }
    const client = new MongoClient(uri, { serverSelectionTimeoutMS: 500, connectTimeoutMS: 500 });
    try {
      await client.db('admin').command({ ping: 1 });
      return 0;
    } catch (error) {
      lastError = error;
    } finally {
      await client.close();
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  process.stderr.write(`mongo-local: no ping answer after ${timeoutMs} ms: ${lastError}\n`);
  return 1;
}

const [command, ...args] = process.argv.slice(2);
if (command === 'free-port') {
  freePort();
} else if (command === 'wait' && args.length === 3) {
  waitForPing(args[0], Number(args[1]), Number(args[2])).then((code) => process.exit(code));
} else {
  process.stderr.write('usage: mongo-local-helper.cjs free-port | wait <uri> <timeoutMs> <pid>\n');
  process.exit(2);
}
