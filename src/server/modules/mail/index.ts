/**
 * What other modules may use of e-mail: `queueMail` / `queueTemplateMail` inside their own
 * transaction (the message is sent by a job, with retries, once the transaction commits), and
 * `buildIcs` for calendar attachments.
 */
export { registerMailRoutes } from './mail.routes.js';
export { queueMail, queueTemplateMail, renderMail, formatDateTime, SEND_JOB, MAX_SEND_ATTEMPTS, retryDelayMs, type OutgoingMail } from './mail.service.js';
export { buildIcs, type CalendarEntry } from './mail.ics.js';
export { DEFAULT_TEMPLATES, MERGE_FIELDS } from './mail.templates.js';
