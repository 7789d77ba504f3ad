/**
 * COPY … FROM STDIN over node-postgres without another package: a "submittable" (the hook pg's
 * Client.query offers for custom protocol flows) that sends the rows as CopyData messages once the
 * server answers CopyInResponse, and settles on ReadyForQuery. The COPY runs on the caller's
 * connection, so it joins the caller's transaction and a failure (a CHECK, a bad value) aborts it.
 */
import type pg from 'pg';

interface Connection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  sendCopyFail(message: string): void;
  stream: { writableNeedDrain?: boolean; once(event: 'drain', cb: () => void): void };
}

class CopyIn {
  private error: Error | undefined;
  private rows = 0;
  readonly done: Promise<number>;
  private settle!: { resolve: (n: number) => void; reject: (e: Error) => void };

  constructor(
    readonly text: string,
    private readonly chunks: Iterable<string> | AsyncIterable<string>,
  ) {
    this.done = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
  }

  submit(connection: Connection): void {
    connection.query(this.text);
  }

  handleCopyInResponse(connection: Connection): void {
    void this.pump(connection);
  }

  private async pump(connection: Connection) {
    try {
      for await (const chunk of this.chunks) {
        if (this.error) return; // the server refused: it drops what follows anyway
        connection.sendCopyFromChunk(Buffer.from(chunk, 'utf8'));
        if (connection.stream.writableNeedDrain) await new Promise<void>((r) => connection.stream.once('drain', r));
      }
      connection.endCopyFrom();
    } catch (err) {
      connection.sendCopyFail(err instanceof Error ? err.message : String(err));
    }
  }

  handleCommandComplete(msg: { text?: string }): void {
    const m = /^COPY (\d+)/.exec(msg.text ?? '');
    if (m) this.rows = Number(m[1]);
  }

  // pg drops the query as soon as the server reports an error (no ReadyForQuery reaches it then),
  // so this settles here; the client itself waits for ReadyForQuery before its next query
  handleError(err: Error): void {
    this.error ??= err;
    this.settle.reject(err);
  }

  handleReadyForQuery(): void {
    this.settle.resolve(this.rows);
  }

  // messages a COPY FROM does not produce, or that carry nothing for us
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
}

/** Runs `COPY … FROM STDIN` (text format) on this client; resolves to the number of rows copied. */
export function copyFrom(client: pg.PoolClient | pg.Client, sql: string, chunks: Iterable<string> | AsyncIterable<string>): Promise<number> {
  const copy = new CopyIn(sql, chunks);
  (client as unknown as { query(q: unknown): unknown }).query(copy);
  return copy.done;
}

/** A value in COPY's text format: backslash, tab, newline and carriage return escaped; null as \N. */
export function copyText(v: string | null): string {
  if (v === null) return '\\N';
  return /[\\\t\n\r]/.test(v) ? v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : v;
}
