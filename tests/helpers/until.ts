/**
 * Waits for a state a test cannot be told about (a queue's length, a socket cut, a lock waited on),
 * checking it again every `everyMs`. The bound only turns a state that never comes into a failure
 * that names it: it sits far above what any run needs, so a loaded machine is slower, never red.
 * (A bound counted in event-loop turns was not: 20 000 turns passed before a request had made its
 * round trips to PostgreSQL on a machine with a load of 14.)
 */
export async function until(what: string, cond: () => boolean | Promise<boolean>, { everyMs = 5, withinMs = 45_000 } = {}): Promise<void> {
  const deadline = performance.now() + withinMs;
  while (!(await cond())) {
    if (performance.now() > deadline) throw new Error(`never happened within ${withinMs / 1000} s: ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
