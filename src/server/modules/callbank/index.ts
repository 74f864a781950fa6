/** The callbank module as other modules see it. */
export { claimNext } from './callbank.claim.js';
export { recordOutcome } from './callbank.outcome.js';
export { registerCallbankRoutes } from './callbank.routes.js';
