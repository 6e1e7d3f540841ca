import { DataSource } from 'typeorm';
import { serialiseSqliteTransactions, TransactionGate } from './data-source';

const pause = () => new Promise((resolve) => setTimeout(resolve, 2));

async function sqlite(gated: boolean): Promise<DataSource> {
  const ds = new DataSource({ type: 'better-sqlite3', database: ':memory:' });
  if (gated) serialiseSqliteTransactions(ds);
  await ds.initialize();
  await ds.query('CREATE TABLE counter (n INTEGER NOT NULL)');
  await ds.query('INSERT INTO counter (n) VALUES (0)');
  await ds.query('CREATE TABLE note (text TEXT NOT NULL)');
  return ds;
}

/** Read, wait (another job's turn), write: the shape of every read-modify-write use case. */
const increment = (ds: DataSource) =>
  ds.transaction(async (m) => {
    const [{ n }] = (await m.query('SELECT n FROM counter')) as { n: number }[];
    await pause();
    await m.query('UPDATE counter SET n = ?', [n + 1]);
  });

describe('serialiseSqliteTransactions (one connection per process, the quick start)', () => {
  it('without it, overlapping transactions of one process collide (the bug it fixes)', async () => {
    const ds = await sqlite(false);
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => increment(ds)));
    const [{ n }] = (await ds.query('SELECT n FROM counter')) as { n: number }[];
    expect(results.some((r) => r.status === 'rejected') || n !== 5).toBe(true);
    await ds.destroy();
  });

  it('lets overlapping transactions take turns: every read-modify-write counts', async () => {
    const ds = await sqlite(true);
    await Promise.all(Array.from({ length: 10 }, () => increment(ds)));
    const [{ n }] = (await ds.query('SELECT n FROM counter')) as { n: number }[];
    expect(n).toBe(10);
    await ds.destroy();
  });

  it('a query from outside waits for the open transaction, so its rollback does not take the query with it', async () => {
    const ds = await sqlite(true);
    let opened!: () => void;
    const isOpen = new Promise<void>((resolve) => (opened = resolve));
    const failing = ds.transaction(async (m) => {
      await m.query("INSERT INTO note (text) VALUES ('in the transaction')");
      opened();
      await pause();
      await pause();
      throw new Error('rolled back');
    });
    await isOpen;
    const outside = ds.query("INSERT INTO note (text) VALUES ('outside')");
    await expect(failing).rejects.toThrow('rolled back');
    await outside;
    expect(await ds.query('SELECT text FROM note')).toEqual([{ text: 'outside' }]);
    await ds.destroy();
  });

  it('nested transactions (savepoints) and the transaction own queries are not held back', async () => {
    const ds = await sqlite(true);
    await ds.transaction(async (m) => {
      await m.query("INSERT INTO note (text) VALUES ('outer')");
      await m.transaction(async (inner) => inner.query("INSERT INTO note (text) VALUES ('inner')"));
    });
    expect((await ds.query('SELECT text FROM note ORDER BY text')) as unknown[]).toEqual([{ text: 'inner' }, { text: 'outer' }]);
    await ds.destroy();
  });

  it('leaves a PostgreSQL data source unchanged', () => {
    const ds = new DataSource({ type: 'postgres', url: 'postgres://u:p@127.0.0.1:1/x' });
    const transaction = ds.manager.transaction;
    serialiseSqliteTransactions(ds);
    expect(ds.manager.transaction).toBe(transaction);
  });
});

describe(TransactionGate.name, () => {
  it('runs turns in the order they were asked for, and a failed turn does not block the next', async () => {
    const gate = new TransactionGate();
    const order: number[] = [];
    const a = gate.exclusive(async () => {
      await pause();
      order.push(1);
      throw new Error('a');
    });
    const b = gate.exclusive(async () => {
      order.push(2);
    });
    await expect(a).rejects.toThrow('a');
    await b;
    expect(order).toEqual([1, 2]);
  });
});

describe('SQLite transactions begin IMMEDIATE', () => {
  it('rewrites the BEGIN that TypeORM issues (a TypeORM change that alters it fails here)', async () => {
    const ds = new DataSource({ type: 'better-sqlite3', database: ':memory:' });
    const seen: string[] = [];
    const driver = ds.driver as unknown as { createQueryRunner(mode?: string): { query(...a: unknown[]): Promise<unknown> } };
    const create = driver.createQueryRunner.bind(driver);
    let recorded = false;
    driver.createQueryRunner = (mode?: string) => {
      const runner = create(mode);
      if (!recorded) {
        recorded = true;
        const query = runner.query.bind(runner);
        runner.query = (...args: unknown[]) => (seen.push(String(args[0])), query(...args));
      }
      return runner;
    };
    serialiseSqliteTransactions(ds);
    await ds.initialize();
    await ds.transaction((m) => m.query('SELECT 1'));
    expect(seen).toContain('BEGIN IMMEDIATE TRANSACTION');
    expect(seen).not.toContain('BEGIN TRANSACTION');
    await ds.destroy();
  });
});
