import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { FeedChannel, NoticeView, RecordExternalPosting, SaveBoard, renderAtom, renderJsonFeed, renderRss } from '@justera/anslag';
import { notFound } from '@justera/application';
import type { OrganisationEntity } from '@justera/persistence';
import { Auth, AuthContext, Public } from '../auth/auth-context';
import { CreateBoardDto, ListNoticesQuery, RecordPostingDto, UpdateBoardDto } from './anslag.dto';
import { renderAppealPage, renderArchivePage, renderBoardIndexPage, renderBoardPage, renderNoticePage } from '../views';
import { ARCHIVE_PAGE_SIZE, ARCHIVE_PREVIEW, AnslagService, BOARD_PAGE_SIZE, FEED_SIZE, boardView } from './anslag.service';
import { BOARD_CACHE_CONTROL, Validators, lastModifiedHeader, notModified } from './conditional';

/** `?sida=N` (from 1); anything else than a page number is 404. */
function pageParam(sida: string | undefined): number {
  if (sida === undefined) return 1;
  if (!/^[1-9][0-9]{0,5}$/.test(sida)) throw notFound('Sidan');
  return Number(sida);
}

/**
 * Sends a public page or feed with its validators: 304 without rendering when the client's copy is
 * still good (If-None-Match, else If-Modified-Since), otherwise `render()`.
 */
async function sendCached(req: Request, res: Response, v: Validators, type: string, render: () => string | Promise<string>): Promise<void> {
  res.set('Cache-Control', BOARD_CACHE_CONTROL).set('ETag', v.etag);
  const lm = lastModifiedHeader(v.lastModified, new Date());
  if (lm) res.set('Last-Modified', lm);
  if (notModified(req.headers, v)) {
    res.status(304).end();
    return;
  }
  res.type(type).send(await render());
}

const HTML = 'html';
const RSS = 'application/rss+xml; charset=utf-8';
const ATOM = 'application/atom+xml; charset=utf-8';
const JSON_FEED = 'application/feed+json; charset=utf-8';

/** The public digital anslagstavla: pages, feeds and documents; no login. */
@ApiTags('anslagstavla')
@Controller('anslagstavla')
@Public()
export class AnslagBoardController {
  constructor(private readonly anslag: AnslagService) {}

  /** The installation's boards: each organisation's board, with the organs whose notices go up there. */
  @Get()
  async index(@Res() res: Response) {
    res
      .set('Cache-Control', BOARD_CACHE_CONTROL)
      .type(HTML)
      .send(renderBoardIndexPage(await this.anslag.boardIndex()));
  }

  /** Current notices, a page at a time (`?sida=`), the newest of the archive, the feeds and how to appeal. */
  @Get(':slug')
  async board(@Param('slug') slug: string, @Query('sida') sida: string | undefined, @Req() req: Request, @Res() res: Response) {
    const o = await this.anslag.organisation(slug);
    const page = pageParam(sida);
    const v = await this.anslag.boardValidators(o, ['board', page]);
    await sendCached(req, res, v, HTML, async () => {
      const current = await this.anslag.boardList(o, 'current', page, BOARD_PAGE_SIZE);
      const archive = await this.anslag.boardList(o, 'archive', 1, ARCHIVE_PREVIEW);
      return renderBoardPage({ board: this.ref(o), current, archive });
    });
  }

  /** Every taken-down notice, a page at a time. */
  @Get(':slug/arkiv')
  async archive(@Param('slug') slug: string, @Query('sida') sida: string | undefined, @Req() req: Request, @Res() res: Response) {
    const o = await this.anslag.organisation(slug);
    const page = pageParam(sida);
    const v = await this.anslag.boardValidators(o, ['archive', page]);
    await sendCached(req, res, v, HTML, async () =>
      renderArchivePage({ board: this.ref(o), archive: await this.anslag.boardList(o, 'archive', page, ARCHIVE_PAGE_SIZE) }),
    );
  }

  @Get(':slug/overklaga')
  async appeal(@Param('slug') slug: string, @Res() res: Response) {
    const o = await this.anslag.organisation(slug);
    res
      .set('Cache-Control', BOARD_CACHE_CONTROL)
      .type('html')
      .send(renderAppealPage({ board: this.ref(o) }));
  }

  @Get(':slug/rss.xml')
  async rss(@Param('slug') slug: string, @Req() req: Request, @Res() res: Response) {
    await this.feed(slug, 'rss.xml', undefined, req, res, RSS, (channel, items) => renderRss(channel, items));
  }

  @Get(':slug/atom.xml')
  async atom(@Param('slug') slug: string, @Req() req: Request, @Res() res: Response) {
    await this.feed(slug, 'atom.xml', undefined, req, res, ATOM, (channel, items) => renderAtom(channel, items));
  }

  /** JSON Feed 1.1 pages: `next_url` links the next `?sida=` while there are more current notices. */
  @Get(':slug/feed.json')
  async json(@Param('slug') slug: string, @Query('sida') sida: string | undefined, @Req() req: Request, @Res() res: Response) {
    await this.feed(slug, 'feed.json', sida, req, res, JSON_FEED, (channel, items) => renderJsonFeed(channel, items));
  }

  /** Feeds carry the newest FEED_SIZE current notices (what is on the board now). */
  private async feed(
    slug: string,
    file: string,
    sida: string | undefined,
    req: Request,
    res: Response,
    type: string,
    render: (channel: FeedChannel, items: NoticeView[]) => string,
  ) {
    const o = await this.anslag.organisation(slug);
    const page = pageParam(sida);
    const v = await this.anslag.boardValidators(o, ['feed', file, page]);
    await sendCached(req, res, v, type, async () => {
      const current = await this.anslag.boardList(o, 'current', page, FEED_SIZE);
      const base = this.anslag.boardUrl(o);
      const self = `${base}/${file}`;
      const updatedAt = current.items.reduce((d, n) => (n.updatedAt > d ? n.updatedAt : d), o.createdAt);
      // Only JSON Feed has a paging convention (next_url); RSS and Atom readers get the newest items.
      const nextUrl = file === 'feed.json' && current.page < current.pages ? `${self}?sida=${current.page + 1}` : null;
      return render(
        { organisationName: o.name, boardUrl: base, selfUrl: page > 1 ? `${self}?sida=${page}` : self, updatedAt, nextUrl },
        current.items,
      );
    });
  }

  @Get(':slug/anslag/:id')
  async notice(@Param('slug') slug: string, @Param('id') id: string, @Req() req: Request, @Res() res: Response) {
    const o = await this.anslag.organisation(slug);
    const n = await this.anslag.publicNotice(o, id);
    await sendCached(req, res, this.anslag.noticeValidators(o, n), HTML, async () =>
      renderNoticePage({ board: this.ref(o), notice: await this.anslag.noticeView(o, n), takenDownAt: n.takenDownAt }),
    );
  }

  private ref(o: OrganisationEntity) {
    return { name: o.name, url: this.anslag.boardUrl(o) };
  }

  @Get(':slug/anslag/:id/protokoll.pdf')
  async protocolPdf(@Param('slug') slug: string, @Param('id') id: string, @Res() res: Response) {
    const { bytes, fileName } = await this.anslag.protocolPdf(slug, id);
    res.type('application/pdf').set('Content-Disposition', `inline; filename="${fileName}"`).send(Buffer.from(bytes));
  }

  @Get(':slug/anslag/:id/justerat-protokoll.pdf')
  async justeratPdf(@Param('slug') slug: string, @Param('id') id: string, @Res() res: Response) {
    const { bytes, fileName } = await this.anslag.justeratPdf(slug, id);
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
  constructor(
    private readonly anslag: AnslagService,
    private readonly recordExternalPosting: RecordExternalPosting,
    private readonly saveBoard: SaveBoard,
  ) {}

  @Get('organs/:organId/anslag/boards')
  boards(@Auth() auth: AuthContext, @Param('organId', ParseUUIDPipe) organId: string) {
    return this.anslag.listBoards(auth, organId);
  }

  @Post('organs/:organId/anslag/boards')
  async createBoard(
    @Auth() auth: AuthContext,
    @Param('organId', ParseUUIDPipe) organId: string,
    @Body() dto: CreateBoardDto,
    @Req() req: Request,
  ) {
    return boardView((await this.saveBoard.execute({ caller: auth, organId, settings: dto, ip: req.ip ?? null })).board);
  }

  @Patch('anslag/boards/:id')
  async updateBoard(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateBoardDto, @Req() req: Request) {
    return boardView((await this.saveBoard.execute({ caller: auth, boardId: id, settings: dto, ip: req.ip ?? null })).board);
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
  /** Records the day the notice went up on another board; answers with the notice as it now stands. */
  async recordPosting(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string, @Body() dto: RecordPostingDto) {
    await this.recordExternalPosting.execute({ caller: auth, noticeId: id, boardId: dto.boardId, postedDate: dto.postedDate });
    return this.anslag.getNotice(auth, id);
  }
}
