/**
 * What other modules may use of events: the routes, `volunteerAssignments` and
 * `recordVolunteerActionsOfCall` for a call script's "interested in volunteering" action (inside
 * the transaction saving the call), and
 * `upsertVolunteer` / `ensureRecruiterToken` for recruiting volunteers elsewhere.
 */
export { registerEventRoutes } from './events.routes.js';
export { upsertVolunteer, ensureRecruiterToken } from './events.people.js';
export { recordVolunteerActionsOfCall, recruitsVolunteer, volunteerAssignments } from './events.recruitment.js';
