/**
 * The Nest token of the api's anslag clock (libs/anslag `Clock`, from `clockFromConfig`: a test
 * clock may differ per organisation). The anslag use cases and queries get it, and the secretary's
 * page reads today's Swedish date from it.
 */
export const API_CLOCK = Symbol('API_CLOCK');
