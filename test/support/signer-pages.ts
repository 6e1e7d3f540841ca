/** Helpers for tests of the signer's and the public pages without a worker: a started justering and a link. */
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { hashToken, newToken } from '@justera/auth';
import { AnslagBoardEntity, JusteringRoundEntity, JusteringSignatoryEntity, SigningLinkEntity } from '@justera/persistence';
import { fixture } from './anslag';
import { request } from './http';
import type { Tenant } from './tenants';

export const SECRETARY = { name: 'Anna Sekreterare', email: 'anna.sekreterare@kommunen.test.example' };

/**
 * Starts a justering through the API (sekreterare Anna, ordförande, justerare) and writes a signing
 * link for the ordförande straight to the database, already expired: the page behind it is the
 * "Länken har gått ut" page (410), which names the secretary. Returns the link's path.
 */
export async function expiredOrdforandeLink(ds: DataSource, base: string, t: Tenant): Promise<string> {
  const protocol = fixture('halsingeradet-protokoll-627-638');
  protocol.meeting.date = new Date().toISOString().slice(0, 10);
  const created = await request<{ id: string }>(base, 'POST', '/api/protocols', {
    apiKey: t.sekA.apiKey,
    json: { organId: t.organA, protocol },
  });
  if (created.status !== 201) throw new Error(`create: ${created.status} ${created.text}`);
  const started = await request(base, 'POST', `/api/protocols/${created.body.id}/justering`, {
    apiKey: t.sekA.apiKey,
    json: {
      signatories: [
        { role: 'sekreterare', ...SECRETARY },
        { role: 'ordforande', name: 'Olle Ordförande', email: 'olle@kommunen.test.example' },
        { role: 'justerare', name: 'Julia Justerare', email: 'julia@kommunen.test.example' },
      ],
    },
  });
  if (started.status !== 201) throw new Error(`start: ${started.status} ${started.text}`);
  const round = await ds.getRepository(JusteringRoundEntity).findOneByOrFail({ protocolId: created.body.id });
  const ordf = await ds.getRepository(JusteringSignatoryEntity).findOneByOrFail({ roundId: round.id, role: 'ordforande' });
  const token = newToken();
  const now = Date.now();
  await ds.getRepository(SigningLinkEntity).insert({
    id: randomUUID(),
    tokenHash: hashToken(token),
    roundId: round.id,
    signatoryId: ordf.id,
    versionId: round.currentVersionId!,
    createdAt: new Date(now - 3 * 86_400_000),
    expiresAt: new Date(now - 86_400_000),
    usedAt: null,
    supersededAt: null,
    supersededReason: null,
  });
  return `/sign/${token}`;
}

/** An active Justera board of organ A, so the board index names the organ. */
export async function insertOwnBoard(ds: DataSource, t: Tenant): Promise<void> {
  const board: AnslagBoardEntity = {
    id: randomUUID(),
    organisationId: t.organisationId,
    organId: t.organA,
    name: 'Anslagstavlan',
    kind: 'justera',
    url: null,
    postingMode: 'immediate',
    postingHour: null,
    takeDownPolicy: 'dayAfterLastAppealDay',
    publishPdf: true,
    contact: null,
    active: true,
    createdAt: new Date(),
  };
  await ds.getRepository(AnslagBoardEntity).insert(board);
}
