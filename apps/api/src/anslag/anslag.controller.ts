import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { renderAtom, renderJsonFeed, renderRss } from '@justera/anslag';
import { Auth, AuthContext, Public } from '../auth/auth-context';
import { CreateBoardDto, ListNoticesQuery, RecordPostingDto, UpdateBoardDto } from './anslag.dto';
import { renderAppealPage, renderBoardPage, renderNoticePage } from '../views';
import { AnslagService } from './anslag.service';

const FEED_CACHE = 'public, max-age=60';

/** The public digital anslagstavla: pages, feeds and documents; no login. */
@ApiTags('anslagstavla')
@Controller('anslagstavla')
@Public()
export class AnslagBoardController {
  constructor(private readonly anslag: AnslagService) {}

  @Get(':slug')
  async board(@Param('slug') slug: string, @Res() res: Response) {
    const { organisation, current, archive } = await this.anslag.board(slug);
    res.set('Cache-Control', FEED_CACHE).type('html').send(renderBoardPage({ board: { name: organisation.name, url: this.anslag.boardUrl(organisation) }, current, archive }));
  }

  @Get(':slug/overklaga')
  async appeal(@Param('slug') slug: string, @Res() res: Response) {
    const o = await this.anslag.organisation(slug);
    res.set('Cache-Control', FEED_CACHE).type('html').send(renderAppealPage({ board: { name: o.name, url: this.anslag.boardUrl(o) } }));
  }

  @Get(':slug/rss.xml')
  async rss(@Param('slug') slug: string, @Res() res: Response) {
    const { channel, items } = await this.feed(slug, 'rss.xml');
    res.set('Cache-Control', FEED_CACHE).type('application/rss+xml; charset=utf-8').send(renderRss(channel, items));
  }

  @Get(':slug/atom.xml')
  async atom(@Param('slug') slug: string, @Res() res: Response) {
    const { channel, items } = await this.feed(slug, 'atom.xml');
    res.set('Cache-Control', FEED_CACHE).type('application/atom+xml; charset=utf-8').send(renderAtom(channel, items));
  }

  @Get(':slug/feed.json')
  async json(@Param('slug') slug: string, @Res() res: Response) {
    const { channel, items } = await this.feed(slug, 'feed.json');
    res.set('Cache-Control', FEED_CACHE).type('application/feed+json; charset=utf-8').send(renderJsonFeed(channel, items));
  }

  /** Feeds carry the current notices (what is on the board now). */
  private async feed(slug: string, file: string) {
    const { organisation, current } = await this.anslag.board(slug, 0);
    const base = this.anslag.boardUrl(organisation);
    const updatedAt = current.reduce((d, n) => (n.updatedAt > d ? n.updatedAt : d), organisation.createdAt);
    return { channel: { organisationName: organisation.name, boardUrl: base, selfUrl: `${base}/${file}`, updatedAt }, items: current };
  }

  @Get(':slug/anslag/:id')
  async notice(@Param('slug') slug: string, @Param('id') id: string, @Res() res: Response) {
    const { organisation, notice, entity } = await this.anslag.notice(slug, id);
    res.set('Cache-Control', FEED_CACHE).type('html').send(renderNoticePage({ board: { name: organisation.name, url: this.anslag.boardUrl(organisation) }, notice, hasBevis: !!entity.bevisDocumentId, takenDownAt: entity.takenDownAt }));
  }

  @Get(':slug/anslag/:id/protokoll.pdf')
  async protocolPdf(@Param('slug') slug: string, @Param('id') id: string, @Res() res: Response) {
    const { bytes, fileName } = await this.anslag.protocolPdf(slug, id);
    res.type('application/pdf').set('Content-Disposition', `inline; filename="${fileName}"`).send(Buffer.from(bytes));
  }

  @Get(':slug/anslag/:id/anslagsbevis.pdf')
  async bevisPdf(@Param('slug') slug: string, @Param('id') id: string, @Res() res: Response) {
    const { bytes, fileName } = await this.anslag.bevisPdf(slug, id);
    res.type('application/pdf').set('Content-Disposition', `inline; filename="${fileName}"`).send(Buffer.from(bytes));
  }
}

/** Secretary and admin API: boards and posting policy per organ, notices, external postings. */
@ApiTags('anslag')
@ApiBearerAuth()
@Controller('api')
export class AnslagApiController {
  constructor(private readonly anslag: AnslagService) {}

  @Get('organs/:organId/anslag/boards')
  boards(@Auth() auth: AuthContext, @Param('organId', ParseUUIDPipe) organId: string) {
    return this.anslag.listBoards(auth, organId);
  }

  @Post('organs/:organId/anslag/boards')
  createBoard(@Auth() auth: AuthContext, @Param('organId', ParseUUIDPipe) organId: string, @Body() dto: CreateBoardDto) {
    return this.anslag.createBoard(auth, organId, dto);
  }

  @Patch('anslag/boards/:id')
  updateBoard(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateBoardDto) {
    return this.anslag.updateBoard(auth, id, dto);
  }

  @Get('anslag/notices')
  notices(@Auth() auth: AuthContext, @Query() q: ListNoticesQuery) {
    return this.anslag.listNotices(auth, q.protocolId);
  }

  @Get('anslag/notices/:id')
  notice(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string) {
    return this.anslag.getNotice(auth, id);
  }

  @Post('anslag/notices/:id/postings')
  recordPosting(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string, @Body() dto: RecordPostingDto) {
    return this.anslag.recordPosting(auth, id, dto);
  }
}
