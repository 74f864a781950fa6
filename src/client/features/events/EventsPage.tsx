import { Route, Routes } from 'react-router';
import { hasAnyCapability, useSession } from '../../app/session-context.js';
import { EventListPage } from './EventListPage.js';
import { EventSignupsPage } from './EventSignupsPage.js';

/**
 * The events module: organizers (events.manage) see and create every event; hosts (events.host)
 * see the events they host and check volunteers in on a phone.
 */
export function EventsPage() {
  const { session } = useSession();
  const organizer = hasAnyCapability(session, ['events.manage']);
  return (
    <Routes>
      <Route index element={<EventListPage organizer={organizer} />} />
      <Route path=":eventId" element={<EventSignupsPage organizer={organizer} />} />
    </Routes>
  );
}
