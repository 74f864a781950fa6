import { Center, Loader } from '@mantine/core';
import { lazy, Suspense } from 'react';

// The charting library is loaded only when a metrics screen opens: callers on a phone never pay for it.
const Metrics = lazy(() => import('./MetricsPage.js').then((m) => ({ default: m.MetricsPage })));
const Room = lazy(() => import('./RoomScreen.js').then((m) => ({ default: m.RoomScreen })));
const Shared = lazy(() => import('./SharedDashboardPage.js').then((m) => ({ default: m.SharedDashboardPage })));

const fallback = (
  <Center py="xl">
    <Loader />
  </Center>
);

/** The metrics page, loaded on demand. */
export function MetricsPageLazy() {
  return (
    <Suspense fallback={fallback}>
      <Metrics />
    </Suspense>
  );
}

/** The room screen, loaded on demand. */
export function RoomScreenLazy() {
  return (
    <Suspense fallback={fallback}>
      <Room />
    </Suspense>
  );
}

/** The shared dashboard page, loaded on demand. */
export function SharedDashboardPageLazy() {
  return (
    <Suspense fallback={fallback}>
      <Shared />
    </Suspense>
  );
}
