import { Anslag1764200000000 } from './1764200000000-anslag';
import { Initial1764000000000 } from './1764000000000-initial';
import { Justering1764100000000 } from './1764100000000-justering';
import { SigningJob1764300000000 } from './1764300000000-signing-job';
import { Resilience1764400000000 } from './1764400000000-resilience';
import { ArchiveRenewal1764500000000 } from './1764500000000-archive-renewal';
import { AnslagBoardIndex1764600000000 } from './1764600000000-anslag-board-index';
import { Identity1764700000000 } from './1764700000000-identity';
import { AdminPages1764710000000 } from './1764710000000-admin-pages';
import { OrganDefaults1764720000000 } from './1764720000000-organ-defaults';
import { StaffSso1764750000000 } from './1764750000000-staff-sso';

export { mergeDuplicateOwnBoards } from './1764400000000-resilience';

/** Every migration, oldest first. Add new ones at the end; never edit one that has shipped. */
export const MIGRATIONS = [Initial1764000000000, Justering1764100000000, Anslag1764200000000, SigningJob1764300000000, Resilience1764400000000, ArchiveRenewal1764500000000, AnslagBoardIndex1764600000000, Identity1764700000000, AdminPages1764710000000, OrganDefaults1764720000000, StaffSso1764750000000];
