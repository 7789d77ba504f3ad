/**
 * The rejected rows of a screening, kept until the results have been written (the answer lists
 * `results` before `rejected`): the first SPOOL_IN_MEMORY in memory, the rest appended as NDJSON to a
 * scratch file and read back line by line, so a list whose every row is bad (100 000 rejections
 * with their input columns) does not sit in memory.
 */
import { createReadStream } from 'node:fs';
import { type FileHandle, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { makeScratchDir } from '../io/scratch.ts';
import type { InputRejected } from './batch.input.ts';

const SPOOL_IN_MEMORY = 1000;

export class RejectedSpool {
  #memory: InputRejected[] = [];
  #file: FileHandle | undefined;
  #path: string | undefined;
  #ownDir: string | undefined;
  #count = 0;

  /** `workDir`: the upload's scratch directory; without one (JSON points) a directory is made when needed. */
  constructor(private readonly workDir?: string) {}

  get count(): number {
    return this.#count;
  }

  /** Rows in input order (the caller adds them in that order). */
  async add(rows: readonly InputRejected[]): Promise<void> {
    this.#count += rows.length;
    if (!this.#file && this.#memory.length + rows.length <= SPOOL_IN_MEMORY) {
      this.#memory.push(...rows);
      return;
    }
    if (!this.#file) {
      if (!this.workDir) this.#ownDir = await makeScratchDir('import');
      const dir = this.workDir ?? this.#ownDir!;
      this.#path = join(dir, 'rejected.ndjson');
      this.#file = await open(this.#path, 'w');
    }
    await this.#file.write(rows.map((r) => `${JSON.stringify(r)}\n`).join(''));
  }

  /** Every row added, in order. */
  async *replay(): AsyncGenerator<InputRejected> {
    yield* this.#memory;
    if (!this.#file || !this.#path) return;
    await this.#file.close();
    this.#file = undefined;
    for await (const line of createInterface({ input: createReadStream(this.#path), crlfDelay: Number.POSITIVE_INFINITY }))
      if (line) yield JSON.parse(line) as InputRejected;
  }

  async cleanup(): Promise<void> {
    await this.#file?.close();
    this.#file = undefined;
    if (this.#ownDir) await rm(this.#ownDir, { recursive: true, force: true });
  }
}
