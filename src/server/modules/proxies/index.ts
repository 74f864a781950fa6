/** The proxies module as other modules see it (the calling integration creates requests and offers through the forms' services). */
export { registerProxyRoutes } from './proxies.routes.js';
export { MATCHING_JOB, runMatching } from './proxies.service.js';
export { communeIndex } from './proxies.geography.js';
