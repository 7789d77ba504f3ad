import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvFormat, guard, parseCoordinate } from './csv.ts';

describe('parseCoordinate', () => {
  it.each([
    ['113.331245', 113.331245],
    ['-0.5', -0.5],
    ['4439993.963', 4439993.963],
    ['113°19′52.482″', 113 + 19 / 60 + 52.482 / 3600],
    ['40°05\'32.3448"', 40 + 5 / 60 + 32.3448 / 3600],
    ['113度19分52.482秒', 113 + 19 / 60 + 52.482 / 3600],
    ['113°19′', 113 + 19 / 60],
    ['40°5′32″N', 40 + 5 / 60 + 32 / 3600],
  ])('%s', (text, want) => expect(parseCoordinate(text)).toBeCloseTo(want, 10));

  it('is NaN for what is not a coordinate', () => {
    expect(parseCoordinate('abc')).toBeNaN();
    expect(parseCoordinate('113,3')).toBeNaN();
  });
});

describe('guard (CSV formula injection)', () => {
  it('prefixes text that a spreadsheet would evaluate, and nothing else', () => {
    expect(['=1+1', '+1', '-1', '@x', '\tx', '\rx'].map(guard)).toEqual(["'=1+1", "'+1", "'-1", "'@x", "'\tx", "'\rx"]);
    expect([-1, 5, true, '平城', 'a=b', null].map(guard)).toEqual([-1, 5, true, '平城', 'a=b', '']);
  });
});

describe('title rows above the header', () => {
  async function read(text: string, columns?: { x: string; y: string }) {
    const dir = await mkdtemp(join(tmpdir(), 'pc-csv-'));
    try {
      const path = join(dir, 'sites.csv');
      await writeFile(path, text);
      const source = await csvFormat.open({
        path,
        filename: 'sites.csv',
        size: text.length,
        workDir: dir,
        head: Buffer.alloc(0),
        ...(columns ? { columns } : {}),
      });
      const rows = [];
      for await (const f of source.features()) rows.push(f);
      return { notes: source.notes.map((n) => n.code), rows: rows.map((r) => ({ line: r.line, geometry: r.geometry, properties: r.properties })) };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  // a title cell spanning two lines, an empty line, then the header: the parser starts at the header's
  // line (so the title's one cell is not the record length every data row is checked against), and
  // each row still reports the line it ends on
  const text = '"台账\n（示例）"\r\n\r\n名称,经度,纬度\r\n甲,113.3,40.1\r\n"乙\n二",113.31,40.11\r\n丙,113.32,40.12\r\n';
  const want = [
    { line: 5, geometry: { type: 'Point', coordinates: [113.3, 40.1] }, properties: { 名称: '甲' } },
    { line: 7, geometry: { type: 'Point', coordinates: [113.31, 40.11] }, properties: { 名称: '乙\n二' } },
    { line: 8, geometry: { type: 'Point', coordinates: [113.32, 40.12] }, properties: { 名称: '丙' } },
  ];

  it('reads the rows below the header, with their line numbers, when the header is guessed', async () => {
    expect(await read(text)).toEqual({ notes: ['ROWS_SKIPPED'], rows: want });
  });

  it('and when the coordinate columns are chosen', async () => {
    expect(await read(text, { x: '经度', y: '纬度' })).toEqual({ notes: ['ROWS_SKIPPED'], rows: want });
  });

  it('reads every row of a file without a header from its first line', async () => {
    const { rows } = await read('113.3,40.1\n113.31,40.11\n');
    expect(rows.map((r) => [r.line, r.geometry])).toEqual([
      [1, { type: 'Point', coordinates: [113.3, 40.1] }],
      [2, { type: 'Point', coordinates: [113.31, 40.11] }],
    ]);
  });
});
