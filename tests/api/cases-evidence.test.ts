import { createHash } from 'node:crypto';
import exifr from 'exifr';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { caseResponseSchema } from '../../server/features/cases/cases.contract.ts';
import { testApp } from '../helpers/app.ts';
import { addStreets } from '../helpers/cases.ts';
import { onEachDatabase } from '../helpers/db.ts';
import { jpeg, pdf, png, zip } from '../fixtures/cases-evidence.ts';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const WHERE = { lng: 113.251234, lat: 40.052345 };

describe('the evidence fixtures', () => {
  it('carry the GPS position an independent EXIF reader finds', async () => {
    const gps = (await exifr.gps(jpeg({ gps: WHERE }))) as { latitude: number; longitude: number };
    expect(gps.latitude).toBeCloseTo(WHERE.lat, 6);
    expect(gps.longitude).toBeCloseTo(WHERE.lng, 6);
  });
});

onEachDatabase(({ db }) => {
  let app: ReturnType<typeof testApp>;
  let caseId: number;

  beforeAll(async () => {
    app = testApp(db());
    await addStreets(db());
    const res = await request(app).post('/api/cases').send({ lng: 113.25, lat: 40.05, title: '扬尘投诉' }).expect(201);
    caseId = caseResponseSchema.parse(res.body).case.id;
  });

  const upload = (data: Buffer, filename: string) =>
    request(app).post(`/api/cases/${caseId}/attachments`).attach('file', data, { filename, contentType: 'application/octet-stream' });
  const stored = async () => (await db().query<{ n: number }>('SELECT count(*)::int AS n FROM case_attachments'))[0]!.n;

  it('stores a photo with its EXIF position, and gives back the same bytes', async () => {
    const photo = jpeg({ gps: WHERE });
    const res = await upload(photo, '现场照片.jpg');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const a = caseResponseSchema.parse(res.body).case.attachments.at(-1)!;
    expect(a).toMatchObject({ filename: '现场照片.jpg', mime: 'image/jpeg', size: photo.length, sha256: sha(photo), by: expect.any(String) });
    expect(a.lng).toBeCloseTo(WHERE.lng, 6);
    expect(a.lat).toBeCloseTo(WHERE.lat, 6);
    const got = await request(app)
      .get(a.href)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toMatch(/^image\/jpeg/);
    expect(got.headers['content-security-policy']).toContain('sandbox');
    expect(sha(got.body as Buffer)).toBe(sha(photo));
  });

  it('stores a PNG without a position and a PDF, typed by content whatever the name says', async () => {
    const p = caseResponseSchema.parse((await upload(png(), 'scan.pdf').expect(201)).body).case.attachments.at(-1)!;
    expect(p).toMatchObject({ mime: 'image/png', lng: null, lat: null });
    const d = caseResponseSchema.parse((await upload(pdf(), '整改报告.pdf').expect(201)).body).case.attachments.at(-1)!;
    expect(d).toMatchObject({ mime: 'application/pdf', filename: '整改报告.pdf' });
  });

  const refused: Array<[string, () => Buffer, number, string]> = [
    ['an empty file', () => Buffer.alloc(0), 400, 'EMPTY_FILE'],
    ['text named .jpg', () => Buffer.from('just some text, not a photo'), 400, 'UNSUPPORTED_TYPE'],
    ['a GIF', () => Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'), 400, 'UNSUPPORTED_TYPE'],
    ['a ZIP', () => zip(), 400, 'UNSUPPORTED_TYPE'],
    ['a JPEG with HTML appended', () => Buffer.concat([jpeg(), Buffer.from('<html><script>alert(1)</script></html>')]), 400, 'POLYGLOT'],
    ['a JPEG with a ZIP appended', () => Buffer.concat([jpeg(), zip()]), 400, 'POLYGLOT'],
    [
      'a JPEG with HTML and a fake end marker appended',
      () => Buffer.concat([jpeg(), Buffer.from('<script>x</script>'), Buffer.from([0xff, 0xd9])]),
      400,
      'POLYGLOT',
    ],
    ['a JPEG with a script in its comment', () => jpeg({ comment: '<script>alert(1)</script>' }), 400, 'POLYGLOT'],
    ['a PNG with HTML appended', () => Buffer.concat([png(), Buffer.from('<html></html>')]), 400, 'POLYGLOT'],
    ['a PDF with a ZIP appended', () => Buffer.concat([pdf(), zip()]), 400, 'POLYGLOT'],
    ['a PDF with a ZIP inside', () => Buffer.concat([Buffer.from('%PDF-1.4\n%'), zip(), pdf().subarray(9)]), 400, 'POLYGLOT'],
    ['a truncated JPEG', () => jpeg().subarray(0, 60), 400, 'UNSUPPORTED_TYPE'],
    ['a photo over 10 MB', () => Buffer.concat([jpeg(), Buffer.alloc(10 * 1024 * 1024)]), 413, 'PAYLOAD_TOO_LARGE'],
  ];
  for (const [what, make, status, code] of refused) {
    it(`refuses ${what} (${status} ${code}) and stores nothing`, async () => {
      const before = await stored();
      const touched = caseResponseSchema.parse((await request(app).get(`/api/cases/${caseId}`).expect(200)).body).case.updatedAt;
      const res = await upload(make(), 'photo.jpg');
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      expect(res.body.error.code).toBe(code);
      expect(await stored()).toBe(before);
      expect(caseResponseSchema.parse((await request(app).get(`/api/cases/${caseId}`).expect(200)).body).case.updatedAt).toBe(touched);
    });
  }

  it('refuses an upload without the file field or not multipart', async () => {
    const before = await stored();
    expect((await request(app).post(`/api/cases/${caseId}/attachments`).field('other', 'x')).body.error.code).toBe('NO_FILE');
    expect((await request(app).post(`/api/cases/${caseId}/attachments`).send({ file: 'x' })).status).toBe(415);
    expect(await stored()).toBe(before);
  });

  it('adds comments to the history', async () => {
    const res = await request(app).post(`/api/cases/${caseId}/comments`).send({ body: '已电话通知责任单位' });
    expect(res.status).toBe(201);
    expect(caseResponseSchema.parse(res.body).case.comments.at(-1)).toMatchObject({ body: '已电话通知责任单位' });
    expect((await request(app).post(`/api/cases/${caseId}/comments`).send({ body: '   ' })).status).toBe(400);
  });
});
