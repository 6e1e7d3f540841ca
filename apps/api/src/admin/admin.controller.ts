import { Body, Controller, Delete, Get, HttpCode, Ip, Param, ParseUUIDPipe, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Auth, AuthContext } from '../auth/auth-context';
import { CreateApiKeyDto, CreateOrganDto, CreateUserDto, LoginSettingsDto, TestMailDto, UpdateOrganDto } from './admin.dto';
import { AdminSettingsService } from './admin-settings.service';
import { ApiKeysService } from './api-keys.service';
import { OrgansService } from './organs.service';
import { UsersService } from './users.service';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('api')
export class AdminController {
  constructor(
    private readonly settings: AdminSettingsService,
    private readonly organs: OrgansService,
    private readonly users: UsersService,
    private readonly apiKeys: ApiKeysService,
  ) {}

  @Get('me')
  me(@Auth() auth: AuthContext) {
    return this.settings.me(auth);
  }

  @Get('organisation/login')
  loginSettings(@Auth() auth: AuthContext) {
    return this.settings.loginSettings(auth);
  }

  @Put('organisation/login')
  setLoginSettings(@Auth() auth: AuthContext, @Body() dto: LoginSettingsDto, @Ip() ip: string) {
    return this.settings.setLoginSettings(auth, dto.passwordLogin, { ip });
  }

  @Get('organs')
  listOrgans(@Auth() auth: AuthContext) {
    return this.organs.listOrgans(auth);
  }

  @Post('organs')
  createOrgan(@Auth() auth: AuthContext, @Body() dto: CreateOrganDto, @Ip() ip: string) {
    return this.organs.createOrgan(auth, dto, { ip });
  }

  @Patch('organs/:id')
  updateOrgan(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateOrganDto, @Ip() ip: string) {
    return this.organs.updateOrgan(auth, id, dto, { ip });
  }

  @Get('users')
  listUsers(@Auth() auth: AuthContext) {
    return this.users.listUsers(auth);
  }

  @Post('users')
  createUser(@Auth() auth: AuthContext, @Body() dto: CreateUserDto) {
    return this.users.createUser(auth, dto);
  }

  @Get('api-keys')
  listApiKeys(@Auth() auth: AuthContext) {
    return this.apiKeys.listApiKeys(auth);
  }

  @Post('api-keys')
  createApiKey(@Auth() auth: AuthContext, @Body() dto: CreateApiKeyDto) {
    return this.apiKeys.createApiKey(auth, dto);
  }

  @Delete('api-keys/:id')
  @HttpCode(204)
  async revokeApiKey(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string) {
    await this.apiKeys.revokeApiKey(auth, id);
  }

  @Post('admin/test-mail')
  @HttpCode(202)
  testMail(@Auth() auth: AuthContext, @Body() dto: TestMailDto) {
    return this.settings.sendTestMail(auth, dto.to);
  }

  @Get('admin/mail-deliveries/:id')
  delivery(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string) {
    return this.settings.delivery(auth, id);
  }
}
