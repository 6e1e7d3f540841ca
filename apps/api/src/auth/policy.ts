/** The api's access check is the application layer's (a coded not_found/forbidden DomainError). */
export { ensureAllowed } from '@justera/application';
