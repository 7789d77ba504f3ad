/**
 * The import graph of a source tree, read as text, for the architecture tests
 * (client/architecture.test.ts, server/architecture.test.ts). Test files are left out.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** Every .ts/.tsx file below dir, tests excluded. */
export function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

export interface Edge {
  /** root-relative path of the importing file */
  from: string;
  /** root-relative path for local imports, the package name otherwise */
  to: string;
  typeOnly: boolean;
}

const IMPORT = /^\s*(import|export)\s+(type\s+)?([^'"]*?from\s+)?['"]([^'"]+)['"]/gm;

/** The static import and re-export edges of the files below root. */
export function importEdges(root: string): Edge[] {
  return sourceFiles(root).flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    const from = relative(root, file);
    return [...text.matchAll(IMPORT)].map((m) => {
      const spec = m[4]!;
      const to = spec.startsWith('.') ? relative(root, resolve(dirname(file), spec)) : spec;
      return { from, to, typeOnly: !!m[2] };
    });
  });
}
