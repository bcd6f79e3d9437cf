/**
 * The app's one SQLite connection, shared fairly between requests.
 *
 * better-sqlite3 answers synchronously, so the driver adapter's promises are already settled and a
 * request's queries run back to back as microtasks: the event loop did not turn until the request
 * was done with the database (200 small queries held it for 230 ms; a name lookup trying shorter
 * prefixes, 50-130 ms), while every other person's click waited. So after each query outside a
 * transaction the loop turns once (setImmediate) before the caller goes on.
 *
 * And a query outside a transaction waits while a transaction is open. The adapter has one
 * connection; its lock orders transactions, but a plain query of another request ran on the same
 * connection in the middle of an open one (promise chains interleave at every await): it saw that
 * transaction's unfinished writes, and its own writes were rolled back with it (seen in
 * test/db/yielding.test.ts: 29 of 30 rows lost). Queries inside a transaction neither wait nor
 * yield, as before.
 */
import type { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

type Adapter = Awaited<ReturnType<PrismaBetterSQLite3["connect"]>>;
type Transaction = Awaited<ReturnType<Adapter["startTransaction"]>>;
type Fn = (...args: unknown[]) => Promise<unknown>;

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

function sharedFairly(adapter: Adapter): Adapter {
  /** Transactions begun (or waiting for the adapter's lock) and not yet committed or rolled back. */
  let transactions = 0;
  /** Settles when `transactions` drops to 0. */
  let none: Promise<void> = Promise.resolve();
  let settleNone = () => undefined as void;

  const begin = () => {
    if (transactions++ === 0) none = new Promise<void>((resolve) => (settleNone = resolve));
  };
  const end = () => {
    if (--transactions === 0) settleNone();
  };

  const ending = (tx: Transaction): Transaction => {
    let ended = false;
    const finish = (fn: Fn) => async (...args: unknown[]) => {
      try {
        return await fn.apply(tx, args);
      } finally {
        if (!ended) {
          ended = true;
          end();
        }
      }
    };
    return new Proxy(tx, {
      get(target, prop, receiver) {
        const value: unknown = Reflect.get(target, prop, receiver);
        if (prop === "commit" || prop === "rollback") return finish(value as Fn);
        return typeof value === "function" ? (value as Fn).bind(target) : value;
      },
    });
  };

  return new Proxy(adapter, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== "function") return value;
      const fn = value as Fn;
      if (prop === "queryRaw" || prop === "executeRaw") {
        return async (...args: unknown[]) => {
          while (transactions > 0) await none;
          const result = await fn.apply(target, args);
          await turn();
          return result;
        };
      }
      if (prop === "startTransaction") {
        return async (...args: unknown[]) => {
          // Counted before the adapter's BEGIN, so that no plain query slips in between.
          begin();
          try {
            return ending((await fn.apply(target, args)) as Transaction);
          } catch (error) {
            end();
            throw error;
          }
        };
      }
      return fn.bind(target);
    },
  });
}

/** The adapter factory, each connection it makes shared fairly (see above). */
export function yieldBetweenQueries<T extends PrismaBetterSQLite3>(factory: T): T {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => sharedFairly(await connect());
  return factory;
}
