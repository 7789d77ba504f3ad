/**
 * Collects the values of one parameterised statement and hands out their `$n` placeholders, so
 * pieces of SQL built in different places (rule condition, filters) number their parameters
 * without colliding. Attribute keys are bound once and reused: a rule naming six measures sends
 * six keys, not twelve.
 */
export class SqlParams {
  readonly values: unknown[] = [];
  private readonly keys = new Map<string, string>();

  /** A fresh placeholder for `value`, with a cast so both drivers agree on its type. */
  bind(value: unknown, cast: 'text' | 'numeric' | 'jsonb' | 'text[]' | 'bigint' | 'bigint[]' | 'float8'): string {
    this.values.push(value);
    return `$${this.values.length}::${cast}`;
  }

  /** The placeholder of an attribute key (text), shared by every use of the same key. */
  key(name: string): string {
    let p = this.keys.get(name);
    if (!p) {
      p = this.bind(name, 'text');
      this.keys.set(name, p);
    }
    return p;
  }
}
