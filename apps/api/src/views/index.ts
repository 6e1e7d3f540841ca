/**
 * The view layer: one TSX component per page over a typed view model, rendered by preact (escaped by
 * default), one layout, one stylesheet. Controllers build a view model and call a `render…Page`.
 */
export { renderPage, trusted, TrustedHtml, type Trusted } from './render';
export { Layout, Csrf, type PageUser, type LayoutProps } from './layout';
export { STYLESHEET } from './stylesheet';
export { renderErrorPage, errorTitleSv, type ErrorPageViewModel } from './error.view';
export { renderLoginPage, type LoginViewModel } from './login.view';
export { renderHomePage, type HomeViewModel, type HomeProtocolRow } from './home.view';
export {
  renderDashboardPage,
  renderDashboardProtocolPage,
  renderCancelRoundPage,
  DONE_SV,
  type DashboardViewModel,
  type DashboardProtocol,
  type DashboardRound,
  type DashboardSignatory,
} from './dashboard.view';
export {
  renderSigningPage,
  type SecretaryContact,
  type SigningViewModel,
  type SigningDocument,
  type SigningSigner,
  type SigningIdentity,
} from './signing.view';
export {
  renderBoardIndexPage,
  renderBoardPage,
  renderArchivePage,
  renderNoticePage,
  renderAppealPage,
  pageNumbers,
  type BoardIndexViewModel,
  type BoardViewModel,
  type ArchiveViewModel,
  type NoticePage,
  type NoticeViewModel,
  type BoardRef,
} from './anslag.view';
export { renderAnslagSecretaryPage, type AnslagSecretaryViewModel, type SecretaryNotice } from './anslag-secretary.view';
export { renderOutboxListPage, renderOutboxMailPage } from './outbox.view';
export { renderValideraPage, type ValideraViewModel } from './validera.view';
export {
  renderAdminHomePage,
  renderAdminUsersPage,
  renderAdminUserPage,
  renderAdminConfirmPage,
  renderAdminApiKeysPage,
  renderAdminOrgansPage,
  renderAdminOrganPage,
  renderInvitationPage,
  type FieldErrors,
  type AdminUserRow,
  type AdminApiKeyRow,
  type AdminAuditLine,
} from './admin.view';
export { renderAdminOrganisationPage, type AdminOrganisationViewModel } from './admin-organisation.view';
export { renderAdminLoginPage, organIdentitySection, type AdminLoginViewModel, type OrganIdentityViewModel } from './admin-identity.view';
export {
  renderAdminBoardsPage,
  renderAdminOrganBoardPage,
  renderAdminExternalBoardPage,
  TAKE_DOWN_SV,
  postingSv,
  type AdminBoardForm,
  type AdminBoardOrganRow,
} from './admin-boards.view';
