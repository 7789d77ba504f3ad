/** Made-up identifiers in the shapes Chinese registers use, so the demo reads naturally. All fictional. */
import { intBetween, pick, type Rng } from '../lib/prng.ts';

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const ALNUM = '0123456789ABCDEFGHJKLMNPQRTUWXY'; // the unified credit code alphabet (no I, O, S, V, Z)

/** 统一社会信用代码-shaped: 92 (individual business) / 91 (company) + 140213 + 10 characters. Not a real code. */
export function creditCode(rng: Rng, kind: 'individual' | 'company'): string {
  let tail = '';
  for (let i = 0; i < 10; i++) tail += pick(rng, [...ALNUM]);
  return `${kind === 'individual' ? '92' : '91'}140213${tail}`;
}

/** 施工许可证号-shaped: district code, date, serial. */
export const permitNo = (date: string, serial: number): string => `140213${date.replaceAll('-', '')}${pad(serial, 4)}`;

/** A date between two years (inclusive), YYYY-MM-DD; days stop at 28 so every month is valid. */
export const dateIn = (rng: Rng, fromYear: number, toYear: number): string =>
  `${intBetween(rng, fromYear, toYear)}-${pad(intBetween(rng, 1, 12), 2)}-${pad(intBetween(rng, 1, 28), 2)}`;

/** NRMM registration code in the 晋B (Datong) series. */
export const nrmmRegCode = (serial: number): string => `晋B-F${pad(serial, 5)}`;

export const engineNo = (rng: Rng): string => `${pick(rng, ['YC4D', 'WP6G', 'QC4B', 'D6114', 'BF4M'])}${pad(intBetween(rng, 0, 9999999), 7)}`;

/** A masked phone number: shaped like a Datong (0352) landline, but never a dialable one. */
export const maskedPhone = (rng: Rng): string => `0352-5***${pad(intBetween(rng, 0, 9999), 4)}`;
