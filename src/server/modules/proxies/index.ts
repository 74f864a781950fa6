/** The proxies module as other modules see it: routes, the matching job, geography, and the calling integration. */
export { registerProxyRoutes } from './proxies.routes.js';
export { MATCHING_JOB, runMatching } from './proxies.service.js';
export { communeIndex } from './proxies.geography.js';
export { REMINDER_JOB } from './proxies.reminders.js';
export { recordProxyActionsOfCall, type CallProxyResult } from './proxies.calls.js';
