/**
 * Pingcheng's approximate extent, read from data/district.json (the one place its numbers live;
 * the client reads the same file). Pure: imported by the server, the seeds and the benchmarks.
 */
import district from '../../data/district.json' with { type: 'json' };
import type { Bbox } from './bbox.ts';

const [w, s, e, n] = district.extent as Bbox;
const m = district.sanityMarginDeg;
const round3 = (v: number) => Math.round(v * 1000) / 1000;

/** The district's published extent (WGS84): the demo data lies inside it. */
export const DISTRICT_BBOX: Bbox = [w, s, e, n];

/** The extent with a margin: points outside it get an "outside the district" warning (never a rejection). */
export const DISTRICT_BBOX_WIDE: Bbox = [round3(w - m), round3(s - m), round3(e + m), round3(n + m)];
