/**
 * The streaming XLSX reader takes the parts of the zip in any order: a workbook whose worksheet
 * comes after the shared strings and before the workbook part (a valid order; exceljs' own writer
 * puts the workbook part last and the worksheet before the shared strings) reads like the same
 * workbook in the usual order.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zipBuffer } from '../../../../tests/helpers/zip.ts';
import { extractZip, listZip } from '../zip.ts';
import { xlsxToCsvStreaming } from './xlsx.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pc-xlsx-order-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** The same zip with its entries in `first`'s order, then the rest, rewritten by yazl. */
async function reorder(from: string, to: string, first: string[]) {
  const names = await listZip(from);
  const order = [...first, ...names.filter((n) => !first.includes(n) && !n.endsWith('/'))];
  const unpacked = join(dir, 'unpacked');
  await mkdir(unpacked);
  const paths = new Map(order.map((n, i) => [n, join(unpacked, String(i))]));
  await extractZip(from, paths);
  await writeFile(to, await zipBuffer(await Promise.all(order.map(async (name) => ({ name, data: await readFile(paths.get(name)!) })))));
}

describe('xlsxToCsvStreaming', () => {
  it('reads a workbook whose worksheet comes before the workbook part', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('台账');
    ws.addRow(['名称', '经度', '纬度']);
    for (let i = 0; i < 30; i++) ws.addRow([`点${i}`, 113.3 + i / 1000, 40.08]);
    const usual = join(dir, 'usual.xlsx');
    await writeFile(usual, Buffer.from(await wb.xlsx.writeBuffer()));
    const late = join(dir, 'late.xlsx');
    const order = ['xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml', 'xl/worksheets/sheet1.xml', 'xl/workbook.xml'];
    await reorder(usual, late, order);
    expect((await listZip(late)).slice(0, 4)).toEqual(order);

    const read = async (path: string, name: string) => {
      const workDir = join(dir, name);
      await mkdir(workDir);
      const out = await xlsxToCsvStreaming({ path, workDir }, { maxRows: 100, tooMany: () => new Error('too many') });
      return { rows: out.rows, csv: await readFile(out.path, 'utf8') };
    };
    const expected = await read(usual, 'a');
    expect(expected.rows).toBe(31);
    expect(expected.csv.split('\n')[1]).toBe('点0,113.3,40.08');
    expect(await read(late, 'b')).toEqual(expected);
  });
});
