import { AdminAuditEventEntity, UserInvitationEntity } from './admin.entity';
import { ANSLAG_ENTITIES } from './anslag.entity';
import { ApiKeyEntity } from './api-key.entity';
import { DocumentEntity } from './document.entity';
import { MailDeliveryEntity } from './mail-delivery.entity';
import { OrganEntity } from './organ.entity';
import { OrganisationEntity } from './organisation.entity';
import { OutboxMessageEntity } from './outbox-message.entity';
import { ProtocolEntity } from './protocol.entity';
import { JusteringAuditEventEntity, JusteringRoundEntity, JusteringSignatoryEntity, JusteringVersionEntity, SigningIdentityAttemptEntity, SigningLinkEntity } from './justering.entity';
import { SessionEntity } from './session.entity';
import { UserEntity, UserOrganEntity } from './user.entity';

export * from './admin.entity';
export * from './anslag.entity';
export * from './api-key.entity';
export * from './document.entity';
export * from './mail-delivery.entity';
export * from './organ.entity';
export * from './organisation.entity';
export * from './outbox-message.entity';
export * from './protocol.entity';
export * from './justering.entity';
export * from './session.entity';
export * from './user.entity';

export const ENTITIES = [
  OrganisationEntity,
  OrganEntity,
  UserEntity,
  UserOrganEntity,
  SessionEntity,
  ApiKeyEntity,
  OutboxMessageEntity,
  MailDeliveryEntity,
  DocumentEntity,
  ProtocolEntity,
  JusteringRoundEntity,
  JusteringVersionEntity,
  JusteringSignatoryEntity,
  SigningLinkEntity,
  SigningIdentityAttemptEntity,
  JusteringAuditEventEntity,
  ...ANSLAG_ENTITIES,
  UserInvitationEntity,
  AdminAuditEventEntity,
];
