import { MongoClient } from 'mongodb';
import { openMongoPeopleDao } from '../mongo';
import { peopleDaoContract } from './peopleDao.contract';

const uri = process.env.MONGODB_URI;

if (uri) {
  // One database per DAO: the contract wants an empty store each time, and parallel Jest workers
  // (and CI jobs sharing a server) must not see each other's people.
  const databases: string[] = [];
  const runId = `${process.pid}_${Date.now().toString(36)}`;

  afterAll(async () => {
    const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000 });
    try {
      for (const database of databases) await client.db(database).dropDatabase();
    } finally {
      await client.close();
    }
  });

  peopleDaoContract('MongoDB', () => {
    const database = `people_test_${runId}_${databases.length}`;
    databases.push(database);
    return openMongoPeopleDao({
      kind: 'mongo',
      uri,
      database,
      writeConcern: 'majority',
      poolSize: 10,
      timeoutMs: 5000,
    });
  });
} else {
  it.todo('runs the PeopleDao contract on MongoDB: needs MONGODB_URI (scripts/mongo-local.sh npx jest provides one)');
}
