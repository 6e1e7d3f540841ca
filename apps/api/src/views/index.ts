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
