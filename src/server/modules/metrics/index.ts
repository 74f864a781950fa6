/** The metrics module as other modules see it. */
export { registerMetricsRoutes } from './metrics.routes.js';
export { ListenHub, METRICS_CHANNEL } from './metrics.live.js';
