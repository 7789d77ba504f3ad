/**
 * The bulk path of a layer's write (issue 18): when a write starts from an empty partition (a load
 * into an empty layer, an import's replace after the old rows went to the history and were
 * deleted), the rows go into a fresh table without indexes, the indexes are built once over all of
 * them, and the table is swapped in for the layer's partition at the end of the same transaction.
 * Inserting row by row into the partition's GiST (geom) and primary key was nearly half of the
 * backend's CPU of a million-site COPY; a built index costs a fraction of that (a sorted build).
 *
 * Everything is in the caller's transaction: a crash or a kill anywhere leaves the layer exactly as
 * before (the staging table is rolled back with the rows) or as after (the swap committed).
 *
 * The staging table copies the partition: columns, defaults, CHECKs (LIKE … INCLUDING), storage
 * options, tablespace, owner, grants, its own triggers (zone_parts_sync on the zone layers: they
 * fire for every staged row as they did on the partition), and a CHECK on layer_id so the ATTACH
 * proves the partition bound from it without scanning the rows; the CHECK is dropped after. Its
 * indexes are the partition's, built after the rows: ATTACH finds each one matching an index
 * declared on `features` and adopts it (no second build). After the swap the table, its indexes
 * and its constraints carry the old names again, so the next swap finds them as this one did.
 * A partition with something this does not copy (an exclusion constraint, a disabled trigger, a
 * view on it, row security), or that the current role does not own, takes the row-by-row path.
 */
import type { Queryable } from '../../db/db.ts';

/** A staging table being filled, to be swapped in for the layer's partition. */
export interface StagedPartition {
  /** The staging table's name, schema-qualified and quoted: where COPY and INSERT write. */
  readonly table: string;
  /**
   * Builds the indexes, runs `whileStaged` (reads of the new rows that should not hold the swap's
   * lock, e.g. the history's snapshots: they read `table`), then swaps the table in.
   */
  swapIn(whileStaged?: (table: string) => Promise<void>): Promise<void>;
}

const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;
const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;

interface PartitionRow {
  oid: number;
  nsp: string;
  rel: string;
  relname: string;
  parent: string;
  spc: string | null;
  options: string[] | null;
  owner: string;
  owned: boolean;
  plain: boolean;
}

/**
 * Creates the staging table for `layerId` when its partition holds no row (as this transaction
 * sees it: the caller holds the layer's write lock) and the partition is one this can copy;
 * undefined otherwise (the caller writes into `features` as before).
 */
export async function stageEmptyPartition(tx: Queryable, layerId: string): Promise<StagedPartition | undefined> {
  const [part] = await tx.query<PartitionRow>(
    `SELECT c.oid::int8 AS oid, quote_ident(n.nspname) AS nsp, quote_ident(c.relname) AS rel, c.relname,
            quote_ident(pn.nspname) || '.' || quote_ident(p.relname) AS parent,
            (SELECT quote_ident(spcname) FROM pg_tablespace WHERE oid = c.reltablespace) AS spc,
            c.reloptions AS options, quote_ident(pg_get_userbyid(c.relowner)) AS owner,
            pg_has_role(c.relowner, 'USAGE') AND pg_has_role(p.relowner, 'USAGE') AS owned,
            NOT c.relrowsecurity
              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.refobjid = c.oid AND d.classid = 'pg_rewrite'::regclass)
              AND NOT EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid AND NOT t.tgisinternal AND t.tgenabled <> 'O')
              AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype NOT IN ('c', 'n', 'p', 'u')) AS plain
       FROM pg_inherits i
       JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace
      WHERE i.inhparent = 'features'::regclass AND pg_get_expr(c.relpartbound, c.oid) = format('FOR VALUES IN (%L)', $1::text)`,
    [layerId],
  );
  if (!part?.owned || !part.plain) return undefined;
  const oldTable = `${part.nsp}.${part.rel}`;
  // the partition itself, not `features`: a lock on the parent held from here would turn two
  // such writes' swaps (each waiting for the other's lock on `features`) into a deadlock
  const [rows] = await tx.query<{ empty: boolean }>(`SELECT NOT EXISTS (SELECT 1 FROM ONLY ${oldTable}) AS empty`);
  if (!rows?.empty) return undefined;
  const stagingName = `pc_bulk_${part.oid}`;
  const table = `${part.nsp}.${stagingName}`;

  const indexes = await tx.query<{ name: string; def: string; contype: string | null; spc: string | null }>(
    `SELECT quote_ident(ic.relname) AS name, pg_get_indexdef(i.indexrelid) AS def, k.contype,
            (SELECT quote_ident(spcname) FROM pg_tablespace WHERE oid = ic.reltablespace) AS spc
       FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
       LEFT JOIN pg_constraint k ON k.conindid = i.indexrelid AND k.conrelid = i.indrelid
      WHERE i.indrelid = $1 ORDER BY ic.relname`,
    [part.oid],
  );
  const triggers = await tx.query<{ name: string; def: string }>(
    // tgparentid <> 0: cloned from a trigger on `features`, which ATTACH clones again
    'SELECT quote_ident(t.tgname) AS name, pg_get_triggerdef(t.oid) AS def FROM pg_trigger t WHERE t.tgrelid = $1 AND NOT t.tgisinternal AND t.tgparentid = 0 ORDER BY t.tgname',
    [part.oid],
  );
  const grants = await tx.query<{ sql: string }>(
    `SELECT format('GRANT %s ON %s TO %s%s', a.privilege_type, $2::text,
                   CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END,
                   CASE WHEN a.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END) AS sql
       FROM pg_class c, aclexplode(c.relacl) a
      WHERE c.oid = $1 AND a.grantee <> c.relowner`,
    [part.oid, table],
  );

  // each index's CREATE for the staging table, under a temporary name; the old name comes back at the swap
  const onOld = ` ON ${oldTable} `;
  const builds: { sql: string; tmp: string; name: string; contype: string | null; spc: string | null }[] = [];
  for (const [i, ix] of indexes.entries()) {
    const head = `INDEX ${ix.name}${onOld}`;
    if (ix.def.split(head).length !== 2) return undefined; // not the shape pg_get_indexdef writes: leave it to the old path
    const tmp = ident(`${stagingName}_${i}`);
    builds.push({ sql: ix.def.replace(head, `INDEX ${tmp} ON ${table} `), tmp, name: ix.name, contype: ix.contype, spc: ix.spc });
  }
  const triggerSql: string[] = [];
  const triggerNames = triggers.map((t) => t.name);
  for (const t of triggers) {
    if (t.def.split(onOld).length !== 2) return undefined;
    triggerSql.push(t.def.replace(onOld, ` ON ${table} `));
  }

  const options = part.options?.length ? ` WITH (${part.options.join(', ')})` : '';
  await tx.query(
    `CREATE TABLE ${table} (LIKE ${oldTable} INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE INCLUDING COMPRESSION INCLUDING STATISTICS,
       CONSTRAINT pc_bulk_layer CHECK (layer_id = ${literal(layerId)}))${options}${part.spc ? ` TABLESPACE ${part.spc}` : ''}`,
  );
  const [me] = await tx.query<{ me: string }>('SELECT quote_ident(current_user) AS me');
  if (me?.me !== part.owner) await tx.query(`ALTER TABLE ${table} OWNER TO ${part.owner}`);
  for (const g of grants) await tx.query(g.sql);
  for (const sql of triggerSql) await tx.query(sql);

  return {
    table,
    async swapIn(whileStaged) {
      for (const b of builds) await buildIndex(tx, b.sql, b.spc);
      for (const b of builds)
        if (b.contype) await tx.query(`ALTER TABLE ${table} ADD CONSTRAINT ${b.tmp} ${b.contype === 'p' ? 'PRIMARY KEY' : 'UNIQUE'} USING INDEX ${b.tmp}`);
      await whileStaged?.(table);
      // From the DROP on, this transaction holds ACCESS EXCLUSIVE on `features` (dropping a
      // partition locks its parent) until it commits: every reader and writer of any layer waits
      // from here to the commit. So only catalogue changes follow here, and the caller commits
      // right after (a revision bump, the history event's row); the old rows' files go at the
      // commit. Before it gets the lock, the DROP waits for the transactions already holding one
      // on `features` (any statement on any layer) to end, and every statement that comes after
      // queues behind it: that wait is bounded (SWAP_LOCK_WAIT), so a long reader of another layer
      // stalls the others for at most that long, and this write then takes the slower way.
      const [was] = await tx.query<{ v: string }>(`SELECT current_setting('lock_timeout') AS v`);
      await tx.query('SAVEPOINT pc_bulk_swap');
      await tx.query(`SET LOCAL lock_timeout = ${literal(SWAP_LOCK_WAIT)}`); // undone by a rollback to the savepoint
      try {
        await tx.query(`DROP TABLE ${oldTable}`);
      } catch (err) {
        if (!LOCK_FAILURES.has((err as { code?: string }).code ?? '')) throw err;
        // the lock did not come in time, or two such transactions that both read `features`
        // before (a replace import's history snapshot and delete) each waited for the other's
        // lock (PostgreSQL picks one as the deadlock's victim): the rows go into the partition as
        // the row-by-row path would have written them
        await tx.query('ROLLBACK TO SAVEPOINT pc_bulk_swap');
        await moveIntoPartition(tx, table, oldTable, triggerNames);
        return;
      }
      await tx.query(`SET LOCAL lock_timeout = ${literal(was?.v ?? '0')}`);
      await tx.query('RELEASE SAVEPOINT pc_bulk_swap');
      await tx.query(`ALTER TABLE ${table} RENAME TO ${part.rel}`);
      // renaming a constraint's index renames the constraint too (the primary key's name)
      for (const b of builds) await tx.query(`ALTER INDEX ${part.nsp}.${b.tmp} RENAME TO ${b.name}`);
      await tx.query(`ALTER TABLE ${part.parent} ATTACH PARTITION ${oldTable} FOR VALUES IN (${literal(layerId)})`);
      // proven by the partition bound now; the partition's CHECKs are again exactly the old ones
      await tx.query(`ALTER TABLE ${oldTable} DROP CONSTRAINT pc_bulk_layer`);
    },
  };
}

/** How long the swap waits for its lock on `features` before it takes the slower way. */
const SWAP_LOCK_WAIT = '2s';

/** 40P01 deadlock_detected, 55P03 lock_not_available (a lock_timeout). */
const LOCK_FAILURES = new Set(['40P01', '55P03']);

/**
 * The staged rows into the partition after all, without firing its own triggers a second time
 * (they fired for each row as it was staged), then the staging table dropped.
 */
async function moveIntoPartition(tx: Queryable, staging: string, partition: string, triggers: readonly string[]): Promise<void> {
  const [cols] = await tx.query<{ list: string }>(
    `SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) AS list FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped`,
    [staging],
  );
  for (const t of triggers) await tx.query(`ALTER TABLE ${partition} DISABLE TRIGGER ${t}`);
  await tx.query(`INSERT INTO ${partition} (${cols!.list}) SELECT ${cols!.list} FROM ${staging}`);
  for (const t of triggers) await tx.query(`ALTER TABLE ${partition} ENABLE TRIGGER ${t}`);
  await tx.query(`DROP TABLE ${staging}`);
}

/** One index of the staging table, in the tablespace of the partition's index it replaces. */
async function buildIndex(tx: Queryable, sql: string, spc: string | null): Promise<void> {
  if (!spc) {
    await tx.query(sql);
    return;
  }
  const [was] = await tx.query<{ spc: string }>(`SELECT current_setting('default_tablespace') AS spc`);
  await tx.query(`SET LOCAL default_tablespace = ${spc}`);
  await tx.query(sql);
  await tx.query(`SET LOCAL default_tablespace = ${literal(was?.spc ?? '')}`);
}
