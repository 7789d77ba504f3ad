import { describe, expect, it } from 'vitest';
import { splitStatements } from './migrate.ts';

describe('splitStatements', () => {
  it('splits on semicolons at line ends and drops comment-only lines', () => {
    const sql = `-- a comment\nCREATE TABLE a (x int);\n\nINSERT INTO a VALUES (1), -- trailing comment kept out\n (2);\n-- end\n`;
    expect(splitStatements(sql)).toEqual(['CREATE TABLE a (x int)', 'INSERT INTO a VALUES (1), -- trailing comment kept out\n (2)']);
  });
  it('keeps semicolons inside a line', () => {
    expect(splitStatements(`SELECT ';' AS s;\n`)).toEqual([`SELECT ';' AS s`]);
  });
});
