import type { ClientBase, Pool, PoolClient, QueryResult } from 'pg';

/**
 * Runs `work` in a database transaction on a connection of `pool`: sends `begin` (which may
 * take locks too), then commits; rolls back and rethrows on any error. The connection goes back
 * to the pool, or is destroyed when even the rollback failed.
 *
 * @param begin - `BEGIN` and what else to send with it (simple protocol, several statements)
 * @param work - gets the connection and one result per statement of `begin`
 * @example
 * ```ts
 * const count = await postgresTransaction(pool, 'BEGIN', (client) => deleteSome(client));
 * ```
 */
export async function postgresTransaction<T>(
  pool: Pool,
  begin: string,
  work: (client: PoolClient, begun: QueryResult[]) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let result: T;
  try {
    result = await work(client, await simpleQuery(client, begin));
    await client.query('COMMIT');
  } catch (error) {
    await rollbackAndRelease(client);
    throw error;
  }
  client.release();
  return result;
}

/** Runs a text with the simple protocol (several statements allowed); one result per statement. */
export async function simpleQuery(client: ClientBase, text: string): Promise<QueryResult[]> {
  const result = (await client.query(text)) as QueryResult | QueryResult[];
  return Array.isArray(result) ? result : [result];
}

/** Rolls back and returns the connection to the pool; destroys it when that fails. */
export async function rollbackAndRelease(client: PoolClient): Promise<void> {
  try {
    await client.query('ROLLBACK');
    client.release();
  } catch (error) {
    client.release(error instanceof Error ? error : new Error(String(error)));
  }
}
