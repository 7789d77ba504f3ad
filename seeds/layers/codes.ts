/** Made-up identifiers in the shapes Chinese registers use, so the demo reads naturally. All fictional. */
import { intBetween, pick, type Rng } from '../lib/prng.ts';

const pad = (n: number, width: number) => String(n).padStart(width, '0');
/** The unified social credit code alphabet (GB 32100-2015: no I, O, S, V, Z); a character's value is its index. */
const ALNUM = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/**
 * The GB 32100-2015 check character of the first 17 characters of a unified social credit code:
 * weights 3^(i-1) mod 31, check value 31 - (Σ value × weight mod 31), 31 written as 0.
 */
export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  let weight = 1;
  for (const c of first17) {
    const value = ALNUM.indexOf(c);
    if (value < 0) throw new Error(`not a credit-code character: ${c}`);
    sum += value * weight;
    weight = (weight * 3) % 31;
  }
  return ALNUM[(31 - (sum % 31)) % 31]!;
}

/**
 * 统一社会信用代码-shaped: 92 (individual business) / 91 (company) + 140213 + 10 characters. The last
 * character is never the right check character, so no demo code can be a real one (and a validator
 * fed demo data rejects it).
 */
export function creditCode(rng: Rng, kind: 'individual' | 'company'): string {
  let body = `${kind === 'individual' ? '92' : '91'}140213`;
  for (let i = 0; i < 9; i++) body += pick(rng, [...ALNUM]);
  const wrong = [...ALNUM].filter((c) => c !== creditCodeCheckChar(body));
  return body + pick(rng, wrong);
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
