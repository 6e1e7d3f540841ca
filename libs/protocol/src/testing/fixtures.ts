import type { Caller } from '@justera/application';
import type { Protocol } from '../model';
import type { SignatoryFieldChecks, StoredProtocol, UploadedPdfInspector } from '../usecases/ports';
import type { InMemoryProtocolStore } from './in-memory-store';

export const ORG = '00000000-0000-4000-8000-00000000a001';
export const ORGAN = '00000000-0000-4000-8000-00000000b001';
export const OTHER_ORGAN = '00000000-0000-4000-8000-00000000b002';
export const USER = '00000000-0000-4000-8000-00000000c001';

export class FixedClock {
  constructor(public t: Date) {}
  now() {
    return this.t;
  }
}

export function secretaryCaller(organIds: string[] = [ORGAN], organisationId = ORG): Caller {
  return { principal: { userId: USER, organisationId, role: 'sekreterare', organIds }, via: 'session' };
}

export function revisorCaller(): Caller {
  return { principal: { userId: USER, organisationId: ORG, role: 'revisor', organIds: [] }, via: 'session' };
}

/** A complete protocol of the format. */
export function minimalProtocol(): Protocol {
  return {
    formatVersion: 2,
    organisation: 'Exempelkommunen',
    organ: 'Kommunstyrelsen',
    meeting: { date: '2025-03-05', startTime: '09:00', endTime: '11:30', place: 'Sessionssalen' },
    members: [{ name: 'Anna Andersson', party: 'S' }],
    adjusters: ['Per Persson'],
    paragraphs: [{ number: 1, title: 'Val av justerare', sections: [{ kind: 'beslut', content: [{ type: 'paragraph', content: ['Per Persson utses.'] }] }] }],
    signatories: [
      { role: 'sekreterare', name: 'Sara Sekreterare', email: 'sara@example.se' },
      { role: 'ordforande', name: 'Anna Andersson', email: 'anna@example.se' },
      { role: 'justerare', name: 'Per Persson', email: 'per@example.org' },
    ],
    storagePlace: 'Kommunkansliet',
  };
}

/** Seeds the organs and one stored protocol (a structured draft unless `over` says otherwise). */
export function seedProtocol(store: InMemoryProtocolStore, over: Partial<StoredProtocol> = {}): StoredProtocol {
  if (!store.organs.length) {
    store.organs.push({ id: ORGAN, organisationId: ORG, name: 'Kommunstyrelsen' }, { id: OTHER_ORGAN, organisationId: ORG, name: 'Byggnadsnämnden' });
  }
  const at = new Date('2026-11-01T08:00:00Z');
  const p: StoredProtocol = {
    id: '00000000-0000-4000-8000-00000000d001',
    organisationId: ORG,
    organId: ORGAN,
    source: 'structured',
    status: 'draft',
    title: 'Protokoll Kommunstyrelsen 2025-03-05',
    meetingDate: '2025-03-05',
    data: minimalProtocol(),
    documentId: null,
    createdBy: USER,
    createdAt: at,
    updatedAt: at,
    rowVersion: 3,
    ...over,
  };
  store.protocols.push(p);
  return p;
}

/** The PDF pool in memory: answers what it is told and counts the files it read. */
export class FakePdfInspector implements UploadedPdfInspector {
  readonly read: Uint8Array[] = [];
  constructor(public answer: Awaited<ReturnType<UploadedPdfInspector['inspect']>> | Error = { ok: true, value: { ok: true, encrypted: false, signed: false } }) {}
  async inspect(bytes: Uint8Array) {
    this.read.push(bytes);
    if (this.answer instanceof Error) throw this.answer;
    return this.answer;
  }
}

/** Signatory rules for the specs (the real ones are libs/justering's): each entry needs a name. */
export const namedSignatories: SignatoryFieldChecks = {
  signatories: (list) => list.flatMap((s, i) => ((s as { name?: string }).name?.trim() ? [] : [{ path: `signatories[${i}].name`, message: 'Ange namn.' }])),
  substitutes: (list) => list.flatMap((s, i) => ((s as { name?: string }).name?.trim() ? [] : [{ path: `substitutes[${i}].name`, message: 'Ange namn.' }])),
};
