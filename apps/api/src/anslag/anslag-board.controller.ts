import { Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  ARCHIVE_PAGE_SIZE,
  ARCHIVE_PREVIEW,
  BOARD_PAGE_SIZE,
  BoardFeed,
  FeedChannel,
  FeedFile,
  FindPublicNotice,
  GetPublicNoticeDocument,
  ListBoardNotices,
  ListPublicBoards,
  NoticeView,
  OpenPublicBoard,
  PublicBoard,
  PublicDocumentKind,
  ViewPublicNotice,
  renderAtom,
  renderJsonFeed,
  renderRss,
} from '@justera/anslag';
import { APP_CONFIG, AppConfig } from '@justera/config';
import { Public } from '../auth/auth-context';
import { renderAppealPage, renderArchivePage, renderBoardIndexPage, renderBoardPage, renderNoticePage } from '../views';
import { BOARD_CACHE_CONTROL, boardValidators, noticeValidators, pageParam, sendCached } from './conditional';

const HTML = 'html';
const FEEDS: Record<FeedFile, { type: string; render: (channel: FeedChannel, items: NoticeView[]) => string }> = {
  'rss.xml': { type: 'application/rss+xml; charset=utf-8', render: renderRss },
  'atom.xml': { type: 'application/atom+xml; charset=utf-8', render: renderAtom },
  'feed.json': { type: 'application/feed+json; charset=utf-8', render: renderJsonFeed },
};
const ref = (b: PublicBoard) => ({ name: b.organisation.name, url: b.url });

/**
 * The public digital anslagstavla: pages, feeds and documents; no login. The reads and what the
 * public may see when are libs/anslag's queries; this is the HTTP side (caching, rendering).
 */
@ApiTags('anslagstavla')
@Controller('anslagstavla')
@Public()
export class AnslagBoardController {
  constructor(
    private readonly boards: ListPublicBoards,
    private readonly open: OpenPublicBoard,
    private readonly list: ListBoardNotices,
    private readonly boardFeed: BoardFeed,
    private readonly find: FindPublicNotice,
    private readonly view: ViewPublicNotice,
    private readonly document: GetPublicNoticeDocument,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The installation's boards: each organisation's board, with the organs whose notices go up there. */
  @Get()
  async index(@Res() res: Response) {
    res
      .set('Cache-Control', BOARD_CACHE_CONTROL)
      .type(HTML)
      .send(renderBoardIndexPage(await this.boards.execute()));
  }

  /** Current notices, a page at a time (`?sida=`), the newest of the archive, the feeds and how to appeal. */
  @Get(':slug')
  async board(@Param('slug') slug: string, @Query('sida') sida: string | undefined, @Req() req: Request, @Res() res: Response) {
    const board = await this.open.execute({ slug });
    const page = pageParam(sida);
    await sendCached(req, res, boardValidators(this.config, board, ['board', page]), HTML, async () => {
      const current = await this.list.execute({ board, list: 'current', page, pageSize: BOARD_PAGE_SIZE });
      const archive = await this.list.execute({ board, list: 'archive', page: 1, pageSize: ARCHIVE_PREVIEW });
      return renderBoardPage({ board: ref(board), current, archive });
    });
  }

  /** Every taken-down notice, a page at a time. */
  @Get(':slug/arkiv')
  async archive(@Param('slug') slug: string, @Query('sida') sida: string | undefined, @Req() req: Request, @Res() res: Response) {
    const board = await this.open.execute({ slug });
    const page = pageParam(sida);
    await sendCached(req, res, boardValidators(this.config, board, ['archive', page]), HTML, async () =>
      renderArchivePage({
        board: ref(board),
        archive: await this.list.execute({ board, list: 'archive', page, pageSize: ARCHIVE_PAGE_SIZE }),
      }),
    );
  }

  @Get(':slug/overklaga')
  async appeal(@Param('slug') slug: string, @Res() res: Response) {
    const board = await this.open.execute({ slug });
    res
      .set('Cache-Control', BOARD_CACHE_CONTROL)
      .type('html')
      .send(renderAppealPage({ board: ref(board) }));
  }

  @Get(':slug/rss.xml')
  async rss(@Param('slug') slug: string, @Req() req: Request, @Res() res: Response) {
    await this.feed(slug, 'rss.xml', undefined, req, res);
  }

  @Get(':slug/atom.xml')
  async atom(@Param('slug') slug: string, @Req() req: Request, @Res() res: Response) {
    await this.feed(slug, 'atom.xml', undefined, req, res);
  }

  /** JSON Feed 1.1 pages: `next_url` links the next `?sida=` while there are more current notices. */
  @Get(':slug/feed.json')
  async json(@Param('slug') slug: string, @Query('sida') sida: string | undefined, @Req() req: Request, @Res() res: Response) {
    await this.feed(slug, 'feed.json', sida, req, res);
  }

  /** Feeds carry the newest current notices (what is on the board now); libs/anslag `BoardFeed`. */
  private async feed(slug: string, file: FeedFile, sida: string | undefined, req: Request, res: Response) {
    const board = await this.open.execute({ slug });
    const page = pageParam(sida);
    await sendCached(req, res, boardValidators(this.config, board, ['feed', file, page]), FEEDS[file].type, async () => {
      const { channel, items } = await this.boardFeed.execute({ board, file, page });
      return FEEDS[file].render(channel, items);
    });
  }

  @Get(':slug/anslag/:id')
  async notice(@Param('slug') slug: string, @Param('id') id: string, @Req() req: Request, @Res() res: Response) {
    const board = await this.open.execute({ slug });
    const found = await this.find.execute({ board, id });
    await sendCached(req, res, noticeValidators(this.config, board, found), HTML, async () =>
      renderNoticePage({
        board: ref(board),
        notice: await this.view.execute({ board, notice: found.notice }),
        takenDownAt: found.notice.takenDownAt,
      }),
    );
  }

  @Get(':slug/anslag/:id/protokoll.pdf')
  protocolPdf(@Param('slug') slug: string, @Param('id') id: string, @Res() res: Response) {
    return this.pdf(slug, id, 'protocol', res);
  }

  @Get(':slug/anslag/:id/justerat-protokoll.pdf')
  justeratPdf(@Param('slug') slug: string, @Param('id') id: string, @Res() res: Response) {
    return this.pdf(slug, id, 'justerat', res);
  }

  @Get(':slug/anslag/:id/anslagsbevis.pdf')
  bevisPdf(@Param('slug') slug: string, @Param('id') id: string, @Res() res: Response) {
    return this.pdf(slug, id, 'bevis', res);
  }

  private async pdf(slug: string, id: string, kind: PublicDocumentKind, res: Response) {
    const { bytes, fileName } = await this.document.execute({ slug, id, kind });
    res.type('application/pdf').set('Content-Disposition', `inline; filename="${fileName}"`).send(Buffer.from(bytes));
  }
}
