/**
 * Turns at a resource that works on the event loop's own thread, taken one at a time in arrival
 * order and handed on through setImmediate.
 *
 * Why: PGlite's Postgres is WASM running on the server's only thread. Handed on directly (a
 * resolved promise, as PGlite's own lock does), every statement that is waiting runs within one
 * turn of the event loop, and that turn grows with the load. libuv accepts one new connection per
 * turn of the loop (libuv#3696), so at 200 connections a newcomer waited tens of seconds for its
 * first answer (docs/RELIABILITY.md §6). Handed on through setImmediate, the loop polls its sockets
 * between any two statements: each turn of the loop runs about one statement.
 */
export type TakeTurn = <T>(work: () => Promise<T>) => Promise<T>;

export function createTurns(): TakeTurn {
  const waiting: (() => void)[] = [];
  let busy = false;
  const handOn = () => {
    const next = waiting.shift();
    if (next) next();
    else busy = false;
  };
  return async (work) => {
    if (busy) await new Promise<void>((start) => waiting.push(start));
    else busy = true;
    try {
      return await work();
    } finally {
      setImmediate(handOn);
    }
  };
}
