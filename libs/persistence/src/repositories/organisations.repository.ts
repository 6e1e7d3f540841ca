import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { OrganEntity } from '../entities/organ.entity';
import { OrganisationEntity } from '../entities/organisation.entity';

export abstract class OrganisationsRepository {
  abstract findOrganisation(id: string): Promise<OrganisationEntity | null>;
  abstract findOrganisationBySlug(slug: string): Promise<OrganisationEntity | null>;
  abstract saveOrganisation(o: OrganisationEntity): Promise<void>;
  /** Whether any organisation lets its staff log in with a password (the login page shows the form then). */
  abstract anyPasswordLogin(): Promise<boolean>;
  abstract findOrgan(organisationId: string, organId: string): Promise<OrganEntity | null>;
  abstract findOrganBySlug(organisationId: string, slug: string): Promise<OrganEntity | null>;
  abstract listOrgans(organisationId: string): Promise<OrganEntity[]>;
  abstract saveOrgan(o: OrganEntity): Promise<void>;
}

@Injectable()
export class TypeOrmOrganisationsRepository extends OrganisationsRepository {
  constructor(
    @InjectRepository(OrganisationEntity) private readonly organisations: Repository<OrganisationEntity>,
    @InjectRepository(OrganEntity) private readonly organs: Repository<OrganEntity>,
  ) {
    super();
  }
  findOrganisation(id: string) {
    return this.organisations.findOneBy({ id });
  }
  findOrganisationBySlug(slug: string) {
    return this.organisations.findOneBy({ slug });
  }
  async saveOrganisation(o: OrganisationEntity) {
    await this.organisations.save(o);
  }
  async anyPasswordLogin() {
    return (await this.organisations.countBy({ passwordLogin: true })) > 0;
  }
  findOrgan(organisationId: string, organId: string) {
    return this.organs.findOneBy({ id: organId, organisationId });
  }
  findOrganBySlug(organisationId: string, slug: string) {
    return this.organs.findOneBy({ organisationId, slug });
  }
  listOrgans(organisationId: string) {
    return this.organs.find({ where: { organisationId }, order: { name: 'ASC' } });
  }
  async saveOrgan(o: OrganEntity) {
    await this.organs.save(o);
  }
}
