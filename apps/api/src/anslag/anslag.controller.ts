import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { GetNotice, ListOrganBoards, ListProtocolNotices, RecordExternalPosting, SaveBoard } from '@justera/anslag';
import { Auth, AuthContext } from '../auth/auth-context';
import { CreateBoardDto, ListNoticesQuery, RecordPostingDto, UpdateBoardDto, boardView } from './anslag.dto';

export { AnslagBoardController } from './anslag-board.controller';

/** Secretary and admin API: boards and posting policy per organ, notices, external postings. */
@ApiTags('anslag')
@ApiBearerAuth()
@Controller('api')
export class AnslagApiController {
  constructor(
    private readonly listBoards: ListOrganBoards,
    private readonly listNotices: ListProtocolNotices,
    private readonly getNotice: GetNotice,
    private readonly recordExternalPosting: RecordExternalPosting,
    private readonly saveBoard: SaveBoard,
  ) {}

  @Get('organs/:organId/anslag/boards')
  async boards(@Auth() auth: AuthContext, @Param('organId', ParseUUIDPipe) organId: string) {
    return (await this.listBoards.execute({ caller: auth, organId })).map(boardView);
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
    return this.listNotices.execute({ caller: auth, protocolId: q.protocolId });
  }

  @Get('anslag/notices/:id')
  notice(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string) {
    return this.getNotice.execute({ caller: auth, id });
  }

  @Post('anslag/notices/:id/postings')
  /** Records the day the notice went up on another board; answers with the notice as it now stands. */
  async recordPosting(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string, @Body() dto: RecordPostingDto) {
    await this.recordExternalPosting.execute({ caller: auth, noticeId: id, boardId: dto.boardId, postedDate: dto.postedDate });
    return this.getNotice.execute({ caller: auth, id });
  }
}
