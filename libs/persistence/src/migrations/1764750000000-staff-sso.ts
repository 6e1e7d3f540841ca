import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { columnsFor } from './helpers';

/**
 * Staff single sign-on (docs/identity.md): an organisation may turn password login off
 * (organisations.password_login, default on), and a session remembers how it was made
 * (sessions.login_method: "password" or "sso"), so that logging out of an SSO session also ends the
 * session at the provider.
 */
export class StaffSso1764750000000 implements MigrationInterface {
  name = 'StaffSso1764750000000';

  async up(q: QueryRunner): Promise<void> {
    const c = columnsFor(q);
    await q.addColumn('organisations', new TableColumn(c.bool('password_login', true)));
    await q.addColumn('sessions', new TableColumn(c.varchar('login_method', 16, { default: "'password'" })));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('sessions', 'login_method');
    await q.dropColumn('organisations', 'password_login');
  }
}
