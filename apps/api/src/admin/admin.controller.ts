import { Body, Controller, Delete, Get, HttpCode, Ip, Param, ParseUUIDPipe, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Auth, AuthContext } from '../auth/auth-context';
import { CreateApiKeyDto, CreateOrganDto, CreateUserDto, LoginSettingsDto, TestMailDto, UpdateOrganDto } from './admin.dto';
import { AdminService } from './admin.service';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('api')
export class AdminController {
  constructor(private readonly admin: AdminService) {}

  @Get('me')
  me(@Auth() auth: AuthContext) {
    return this.admin.me(auth);
  }

  @Get('organisation/login')
  loginSettings(@Auth() auth: AuthContext) {
    return this.admin.loginSettings(auth);
  }

  @Put('organisation/login')
  setLoginSettings(@Auth() auth: AuthContext, @Body() dto: LoginSettingsDto, @Ip() ip: string) {
    return this.admin.setLoginSettings(auth, dto.passwordLogin, { ip });
  }

  @Get('organs')
  listOrgans(@Auth() auth: AuthContext) {
    return this.admin.listOrgans(auth);
  }

  @Post('organs')
  createOrgan(@Auth() auth: AuthContext, @Body() dto: CreateOrganDto, @Ip() ip: string) {
    return this.admin.createOrgan(auth, dto, { ip });
  }

  @Patch('organs/:id')
  updateOrgan(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateOrganDto, @Ip() ip: string) {
    return this.admin.updateOrgan(auth, id, dto, { ip });
  }

  @Get('users')
  listUsers(@Auth() auth: AuthContext) {
    return this.admin.listUsers(auth);
  }

  @Post('users')
  createUser(@Auth() auth: AuthContext, @Body() dto: CreateUserDto) {
    return this.admin.createUser(auth, dto);
  }

  @Get('api-keys')
  listApiKeys(@Auth() auth: AuthContext) {
    return this.admin.listApiKeys(auth);
  }

  @Post('api-keys')
  createApiKey(@Auth() auth: AuthContext, @Body() dto: CreateApiKeyDto) {
    return this.admin.createApiKey(auth, dto);
  }

  @Delete('api-keys/:id')
  @HttpCode(204)
  async revokeApiKey(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string) {
    await this.admin.revokeApiKey(auth, id);
  }

  @Post('admin/test-mail')
  @HttpCode(202)
  testMail(@Auth() auth: AuthContext, @Body() dto: TestMailDto) {
    return this.admin.sendTestMail(auth, dto.to);
  }

  @Get('admin/mail-deliveries/:id')
  delivery(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string) {
    return this.admin.delivery(auth, id);
  }
}
