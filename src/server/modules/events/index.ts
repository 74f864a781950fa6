/**
 * What other modules may use of events: the routes, and `upsertVolunteer` / `ensureRecruiterToken`
 * for recruiting volunteers elsewhere (a call script's "interested in volunteering" action).
 */
export { registerEventRoutes } from './events.routes.js';
export { upsertVolunteer, ensureRecruiterToken } from './events.people.js';
