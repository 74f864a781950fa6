import { authRoutes } from './contracts/auth.js';
import { callbankRoutes } from './contracts/callbank.js';
import { callSheetRoutes } from './contracts/callbank-sheets.js';
import { eventRoutes } from './contracts/events.js';
import { mailRoutes } from './contracts/mail.js';
import { metricsRoutes } from './contracts/metrics.js';
import { importRoutes } from './contracts/imports.js';
import { jobRoutes } from './contracts/jobs.js';
import { listRoutes } from './contracts/lists.js';
import { pathRoutes } from './contracts/paths.js';
import { scriptRoutes } from './contracts/scripts.js';
import { peopleRoutes } from './contracts/people.js';
import { proxyRoutes } from './contracts/proxies.js';

/**
 * The route table: every API route of Relais, with its access rule and schemas. The server
 * registers exactly these; the web app's client is typed from them; a test walks them.
 */
export const routeTable = {
  ...authRoutes,
  ...jobRoutes,
  ...scriptRoutes,
  ...pathRoutes,
  ...peopleRoutes,
  ...callbankRoutes,
  ...callSheetRoutes,
  ...eventRoutes,
  ...mailRoutes,
  ...listRoutes,
  ...importRoutes,
  ...proxyRoutes,
  ...metricsRoutes,
};

/** Each module's route names, to catch two modules claiming one name (a spread keeps only the last). */
export const routeGroups: Record<string, Record<string, unknown>> = {
  authRoutes,
  jobRoutes,
  scriptRoutes,
  pathRoutes,
  peopleRoutes,
  callbankRoutes,
  callSheetRoutes,
  eventRoutes,
  mailRoutes,
  listRoutes,
  importRoutes,
  proxyRoutes,
  metricsRoutes,
};

export type RouteTable = typeof routeTable;
export type RouteName = keyof RouteTable;
