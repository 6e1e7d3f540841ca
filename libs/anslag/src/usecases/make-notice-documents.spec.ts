import { PDFDocument } from 'pdf-lib';
import {
  createDevelopmentCa,
  dssDataFor,
  issueSealCertificate,
  issueTsaCertificate,
  LocalTimestampAuthority,
  TsaError,
  type CertificateAuthority,
  type Signer,
  type TimestampAuthority,
} from '@justera/pades';
import { FixedClock, ORG, addNotice, board, testId } from '../testing/fixtures';
import { InMemoryAnslagStore } from '../testing/in-memory-store';
import { MakeNoticeDocuments, SealKeys, UseCaseLog, sha256Hex } from './make-notice-documents';

let seal: Signer;
let ca: CertificateAuthority;
let tsu: LocalTimestampAuthority;
beforeAll(() => {
  const now = new Date();
  ca = createDevelopmentCa({ organisation: 'Testkommun', now, keyBits: 1024 } as never);
  seal = issueSealCertificate(ca, { organisation: 'Testkommun', now, keyBits: 1024 });
  tsu = new LocalTimestampAuthority(issueTsaCertificate(ca, { name: 'Test-TSU', now, keyBits: 1024 }));
}, 60_000);

/** A justerat PDF as libs/pdf makes it: with the empty ANSLAG text fields on its last page. */
async function pdfWithAnslagFields(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  const form = doc.getForm();
  ['uppsattande', 'nedtagande', 'sistaDagOverklagande'].forEach((n, i) =>
    form.createTextField(`anslag.${n}`).addToPage(page, { x: 300, y: 200 - i * 30, width: 150, height: 20 }),
  );
  return Buffer.from(await doc.save());
}

const FINAL = { postedDate: '2026-12-02', lastAppealDay: '2026-12-23', takeDownDate: '2026-12-24', awaitingPostings: false };

async function setup(opts: { tsa?: () => TimestampAuthority } = {}) {
  const store = new InMemoryAnslagStore();
  const clock = new FixedClock(new Date('2026-12-02T10:00:00Z'));
  const errors: string[] = [];
  const log: UseCaseLog = { warn: (_, m) => void errors.push(m), error: (_, m) => void errors.push(m) };
  store.organisations.push({ id: ORG, slug: 'testkommun', name: 'Testkommun' });
  const content = await pdfWithAnslagFields();
  const signed = {
    id: testId(),
    organisationId: ORG,
    sha256: sha256Hex(content),
    size: content.length,
    mediaType: 'application/pdf',
    fileName: 'protokoll-2026-11-25.pdf',
    content,
    createdAt: new Date('2026-12-02T09:00:00Z'),
  };
  store.documents.push(signed);
  const keys: SealKeys & { asked: number } = {
    asked: 0,
    seal() {
      this.asked++;
      return seal;
    },
    timestamping: opts.tsa ?? (() => tsu),
    dss: (extra: Buffer[] = []) => {
      const d = dssDataFor(ca, new Date());
      return { certs: [...extra, tsu.unit.certificate, ...d.certs], crls: d.crls };
    },
  };
  const make = new MakeNoticeDocuments(store, clock, keys, 'https://justera.test', log);
  return { store, clock, keys, make, signed, errors };
}

describe(MakeNoticeDocuments.name, () => {
  it('makes nothing while a board of a gemensam nämnd has not posted; then seals the anslagsbevis and fills the ANSLAG fields once', async () => {
    const { store, keys, make, signed } = await setup();
    const { notice } = addNotice(
      store,
      [board('justera', 'Anslagstavlan'), board('external', 'Orsa kommuns anslagstavla')],
      { postedDate: '2026-12-02', documentId: signed.id, protocolSha256: signed.sha256 },
      { Anslagstavlan: '2026-12-02' },
    );
    await make.execute({ noticeId: notice.id });
    expect(keys.asked).toBe(0);
    expect(store.notices[0]).toMatchObject({ bevisDocumentId: null, fieldsStatus: null, filledDocumentId: null });

    // Orsa posted on 2026-12-02 as well: the dates are final.
    Object.assign(store.notices[0], FINAL);
    await make.execute({ noticeId: notice.id });
    const n = store.notices[0];
    expect(n.fieldsStatus).toBe('sealed');
    const bevis = store.documents.find((d) => d.id === n.bevisDocumentId)!;
    const filled = store.documents.find((d) => d.id === n.filledDocumentId)!;
    expect(bevis).toMatchObject({
      organisationId: ORG,
      mediaType: 'application/pdf',
      fileName: 'anslagsbevis-Kommunstyrelsen-2026-11-25.pdf',
    });
    expect(bevis.sha256).toBe(sha256Hex(bevis.content));
    expect(Buffer.from(bevis.content).toString('latin1')).toContain('/ByteRange');
    // The filled PDF is a new revision of the signed one (the signed bytes unchanged in front).
    expect(filled).toMatchObject({ fileName: signed.fileName, sha256: sha256Hex(filled.content) });
    expect(Buffer.from(filled.content.subarray(0, signed.content.length)).equals(Buffer.from(signed.content))).toBe(true);
    const form = (await PDFDocument.load(filled.content)).getForm();
    expect(['uppsattande', 'nedtagande', 'sistaDagOverklagande'].map((f) => form.getTextField(`anslag.${f}`).getText())).toEqual([
      '2026-12-02',
      '2026-12-24',
      '2026-12-23',
    ]);
    expect(store.eventsOf(notice.id)).toEqual([
      expect.objectContaining({ kind: 'bevis-sealed', actor: 'system', detail: { documentId: bevis.id, sha256: bevis.sha256 } }),
      expect.objectContaining({
        kind: 'fields-sealed',
        actor: 'system',
        detail: { documentId: filled.id, sha256: filled.sha256, from: signed.id },
      }),
    ]);

    const made = store.documents.length;
    await make.execute({ noticeId: notice.id });
    expect({ documents: store.documents.length, events: store.events.length }).toEqual({ documents: made, events: 2 });
  }, 60_000);

  it('records `failed` (not retried) when the signed document is missing, and still seals the anslagsbevis', async () => {
    const { store, make } = await setup();
    const { notice } = addNotice(
      store,
      [board('justera', 'Anslagstavlan')],
      { ...FINAL, documentId: testId() },
      { Anslagstavlan: '2026-12-02' },
    );
    await make.execute({ noticeId: notice.id });
    expect(store.notices[0]).toMatchObject({ fieldsStatus: 'failed', filledDocumentId: null });
    expect(store.notices[0].bevisDocumentId).not.toBeNull();
    expect(store.eventsOf(notice.id).map((e) => [e.kind, e.detail])).toEqual([
      ['bevis-sealed', expect.anything()],
      ['fields-failed', { error: 'signed document missing' }],
    ]);
  }, 60_000);

  it('throws on a time-stamp authority outage and writes nothing, so the retried job makes the documents', async () => {
    let down = true;
    const { store, make, signed } = await setup({
      tsa: () => (down ? { timestamp: () => Promise.reject(new TsaError('TSA down', 'unavailable')) } : tsu),
    });
    const { notice } = addNotice(
      store,
      [board('justera', 'Anslagstavlan')],
      { ...FINAL, documentId: signed.id },
      { Anslagstavlan: '2026-12-02' },
    );
    await expect(make.execute({ noticeId: notice.id })).rejects.toThrow(TsaError);
    expect(store.notices[0]).toMatchObject({ bevisDocumentId: null, fieldsStatus: null });
    expect(store.documents).toEqual([signed]);
    expect(store.events).toEqual([]);

    down = false;
    await make.execute({ noticeId: notice.id });
    expect(store.notices[0].fieldsStatus).toBe('sealed');
    expect(store.notices[0].bevisDocumentId).not.toBeNull();
  }, 60_000);

  it('keeps one anslagsbevis when two runs seal it at the same time (the job and the reconciliation)', async () => {
    const { store, make } = await setup();
    const { notice } = addNotice(store, [board('justera', 'Anslagstavlan')], FINAL, { Anslagstavlan: '2026-12-02' });
    await Promise.all([make.execute({ noticeId: notice.id }), make.execute({ noticeId: notice.id })]);
    const bevis = store.documents.filter((d) => d.fileName?.startsWith('anslagsbevis-'));
    expect(bevis.map((d) => d.id)).toEqual([store.notices[0].bevisDocumentId]);
    expect(store.events.filter((e) => e.kind === 'bevis-sealed')).toHaveLength(1);
    // No justerat PDF of its own (documentId null): no fields to fill.
    expect(store.notices[0].fieldsStatus).toBeNull();
  }, 60_000);
});
