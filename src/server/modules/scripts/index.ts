/** The scripts module as other modules see it (callbank: the frozen version a campaign uses). */
export { findLatestScriptVersion, findScriptVersion, getPublishedScript } from './scripts.service.js';
export { parseScriptDocument, scriptDocumentIssues } from './scripts.validation.js';
export { registerScriptRoutes } from './scripts.routes.js';
