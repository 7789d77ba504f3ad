/**
 * The README promises Node 20 (package.json `engines`). Packages in the lockfile that ask for a
 * newer Node are listed here with the reason they are harmless; a new one fails this test, so the
 * promise is checked instead of drifting.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

/** Package path in the lockfile → why Node 20 is fine. */
const BROWSER_ONLY: Record<string, string> = {
  'node_modules/@mapbox/jsonlint-lines-primitives': "maplibre-gl's style-spec parser: bundled into the browser code, never run in Node",
};

/**
 * Does an `engines.node` range admit Node 20.19? Enough of npm's range grammar for what lockfiles
 * hold: alternatives joined by ||, each `>=a.b`, `^a.b`, `~a.b`, `a.x`, `*`, optionally with `<c`.
 */
function admits20(range: string): boolean {
  return range.split('||').some((alt) => {
    const a = alt.trim();
    if (a === '' || a === '*') return true;
    const upper = /<\s*v?(\d+)(?:\.(\d+))?/.exec(a);
    if (upper && (Number(upper[1]) < 20 || (Number(upper[1]) === 20 && Number(upper[2] ?? 0) <= 19))) return false;
    const m = /^(>=|\^|~|=)?\s*v?(\d+)(?:\.(\d+|x))?/.exec(a);
    if (!m) return false;
    const [major, minor] = [Number(m[2]), m[3] === undefined || m[3] === 'x' ? 0 : Number(m[3])];
    if (m[1] === '>=') return major < 20 || (major === 20 && minor <= 19);
    return major === 20 && minor <= 19;
  });
}

const lock = JSON.parse(readFileSync(new URL('../package-lock.json', import.meta.url), 'utf8')) as {
  packages: Record<string, { engines?: { node?: string }; optional?: boolean }>;
};
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { engines: { node: string } };

it('declares Node 20', () => {
  expect(pkg.engines.node).toBe('>=20.19');
  expect(admits20(pkg.engines.node)).toBe(true);
  expect([admits20('>= 22'), admits20('^20.19.0 || >=22.12.0'), admits20('>=18 <20'), admits20('^18.0.0')]).toEqual([false, true, false, false]);
});

it('lists every package that asks for a newer Node than 20.19, with the reason it does not matter', () => {
  const newer = Object.entries(lock.packages)
    .filter(([path, p]) => path !== '' && !p.optional && p.engines?.node && !admits20(p.engines.node))
    .map(([path]) => path)
    .sort();
  expect(newer).toEqual(Object.keys(BROWSER_ONLY).sort());
});
