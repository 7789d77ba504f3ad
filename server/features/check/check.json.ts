/**
 * GET /api/check's answer as JSON bytes: exactly what JSON.stringify and UTF-8 would give
 * (check.json.test.ts holds it to that), made mostly of bytes encoded once. Most of an answer is
 * text the plan fixes — each restriction's zh and en, the time windows — and the names of the zones,
 * the same from one check to the next; stringifying and encoding them again for every check was
 * about a tenth of its CPU. Here each such piece is encoded the first time it is met and copied after:
 *  - a restriction's fixed fields, by its id (used only while every field is still the same);
 *  - the windows of a moment (check.service.ts shares one array per moment, never changed after);
 *  - a zone's name, by the name itself (a bounded map: names change with edits);
 * and the rest — numbers, ids, asOf, warnings — is written as JSON.stringify writes it.
 */
import type { CheckResponse, CheckRule, CheckWindow } from './check.contract.ts';

/** One answer's bytes, written into a buffer reused by every answer (copied out at the end). */
let buf = Buffer.allocUnsafe(1 << 15);
let pos = 0;

function room(n: number) {
  if (pos + n <= buf.length) return;
  const grown = Buffer.allocUnsafe(Math.max(buf.length * 2, pos + n));
  buf.copy(grown, 0, 0, pos);
  buf = grown;
}

function bytes(b: Uint8Array) {
  room(b.length);
  buf.set(b, pos);
  pos += b.length;
}

/** Text known to be ASCII (JSON punctuation, numbers, JSON-escaped ASCII strings). */
function ascii(s: string) {
  room(s.length);
  for (let i = 0; i < s.length; i++) buf[pos++] = s.charCodeAt(i);
}

/** Any text, UTF-8 encoded (at most 3 bytes per UTF-16 unit). */
function utf8(s: string) {
  room(s.length * 3);
  pos += buf.write(s, pos);
}

/** Strings JSON writes as they are, between quotes: printable ASCII but `"` and `\`. */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

function string(s: string) {
  if (PLAIN.test(s)) {
    room(s.length + 2);
    buf[pos++] = 0x22;
    ascii(s);
    buf[pos++] = 0x22;
  } else utf8(JSON.stringify(s));
}

/** JSON.stringify of a number: null when not finite, -0 as 0 (String(-0) is "0" too). */
const number = (n: number) => ascii(Number.isFinite(n) ? String(n) : 'null');

/** A flat object of strings and numbers (point, input, distances): its own keys, in JSON.stringify's order. */
function flat(o: Readonly<Record<string, string | number | undefined>>) {
  ascii('{');
  let first = true;
  for (const k of Object.keys(o)) {
    const v = o[k];
    if (v === undefined) continue; // JSON.stringify leaves such keys out
    if (!first) ascii(',');
    first = false;
    string(k);
    ascii(':');
    if (typeof v === 'number') number(v);
    else string(v);
  }
  ascii('}');
}

/** Bytes to keep: their own memory, not a slice of Buffer's shared pool. */
const encoded = (s: string) => new Uint8Array(Buffer.from(s));

/** A restriction's fixed fields around its zone ids, encoded, and the values they were encoded from. */
interface RuleBytes {
  rule: Omit<CheckRule, 'zoneIds' | 'inForce'>;
  /** `{"id":…,"article":…,"layer":…,"zoneIds":` */
  head: Uint8Array;
  /** `,"zh":…,"en":…,"inForce":true}` and the same with false */
  tail: { true: Uint8Array; false: Uint8Array };
}
const ruleBytes = new Map<string, RuleBytes>();

function rule(r: CheckRule, zoneIds: Uint8Array) {
  let c = ruleBytes.get(r.id);
  if (!c || c.rule.article !== r.article || c.rule.layer !== r.layer || c.rule.zh !== r.zh || c.rule.en !== r.en) {
    const { id, article, layer, zh, en } = r;
    // the fields in the order check.service.ts builds them (check.json.test.ts compares)
    const head = `{"id":${JSON.stringify(id)},"article":${JSON.stringify(article)},"layer":${JSON.stringify(layer)},"zoneIds":`;
    const tail = (inForce: boolean) => `,"zh":${JSON.stringify(zh)},"en":${JSON.stringify(en)},"inForce":${inForce}}`;
    c = { rule: { id, article, layer, zh, en }, head: encoded(head), tail: { true: encoded(tail(true)), false: encoded(tail(false)) } };
    ruleBytes.set(r.id, c);
  }
  bytes(c.head);
  bytes(zoneIds);
  bytes(r.inForce ? c.tail.true : c.tail.false);
}

const windowBytes = new WeakMap<readonly CheckWindow[], Uint8Array>();

/** `{"layer":…,"id":` of each layer. */
const zoneHeads = new Map<string, Uint8Array>();
const NAME = encoded(',"name":');

function zoneHead(layer: string) {
  let b = zoneHeads.get(layer);
  if (!b) {
    b = encoded(`{"layer":${JSON.stringify(layer)},"id":`);
    zoneHeads.set(layer, b);
  }
  bytes(b);
}

/** The JSON of each zone name met lately (a name is usually one string object, kept by the zone index). */
const nameBytes = new Map<string, Uint8Array>();
const NAMES_MAX = 20_000;

function name(s: string) {
  let b = nameBytes.get(s);
  if (!b) {
    if (nameBytes.size >= NAMES_MAX) nameBytes.clear();
    b = encoded(JSON.stringify(s));
    nameBytes.set(s, b);
  }
  bytes(b);
}

export function checkResponseJson(r: CheckResponse): Buffer {
  pos = 0;
  ascii('{"point":');
  flat(r.point);
  ascii(',"input":');
  flat(r.input);
  ascii(',"zones":[');
  r.zones.forEach((z, k) => {
    if (k > 0) ascii(',');
    zoneHead(z.layer);
    string(z.id);
    bytes(NAME);
    name(z.name);
    ascii('}');
  });
  ascii('],"rules":[');
  // the restrictions of one layer share one array of ids
  let ids: readonly string[] | undefined;
  let idBytes: Uint8Array = Buffer.from('[]');
  r.rules.forEach((rr, k) => {
    if (k > 0) ascii(',');
    if (rr.zoneIds !== ids) {
      ids = rr.zoneIds;
      idBytes = Buffer.from(JSON.stringify(ids));
    }
    rule(rr, idBytes);
  });
  ascii('],"warnings":');
  if (r.warnings.length === 0) ascii('[]');
  else utf8(JSON.stringify(r.warnings));
  ascii(',"asOf":');
  string(r.asOf);
  ascii(',"windows":');
  let w = windowBytes.get(r.windows);
  if (!w) {
    w = encoded(JSON.stringify(r.windows));
    windowBytes.set(r.windows, w);
  }
  bytes(w);
  ascii(',"distances":');
  flat(r.distances);
  ascii('}');
  const out = Buffer.allocUnsafe(pos);
  buf.copy(out, 0, 0, pos);
  return out;
}
