/**
 * What other modules may use of imports and exports: the route registration, the services (the
 * command line imports through them) and the import job's kind.
 */
export { registerImportRoutes } from './imports.routes.js';
export { uploadImport, startImport, getImport, listImports, deleteImport, errorReport, type ImportScope } from './imports.service.js';
export { exportPeople, EXPORT_AUDIT_ACTION } from './export.service.js';
export { IMPORT_JOB, DEFAULT_CHUNK_ROWS } from './import.job.js';
export { proposeMapping } from './csv-mapping.js';
