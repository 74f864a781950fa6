import { Route, Routes } from 'react-router';
import { ChangePasswordPage } from '../features/auth/ChangePasswordPage.js';
import { LoginPage } from '../features/auth/LoginPage.js';
import { CallerScreen } from '../features/callbank/CallerScreen.js';
import { CallSheetPage } from '../features/callbank/CallSheetPage.js';
import { CampaignsPage } from '../features/callbank/CampaignsPage.js';
import { MagicLinkPage } from '../features/auth/MagicLinkPage.js';
import { DashboardPage } from '../features/dashboard/DashboardPage.js';
import { ImportsPage } from '../features/imports/ImportsPage.js';
import { ListsPage } from '../features/lists/ListsPage.js';
import { EventsPage } from '../features/events/EventsPage.js';
import { PublicCancelPage } from '../features/events/PublicCancelPage.js';
import { PublicEventPage } from '../features/events/PublicEventPage.js';
import { PublicEventsPage } from '../features/events/PublicEventsPage.js';
import { PublicVolunteerPage } from '../features/events/PublicVolunteerPage.js';
import { OutboxPage } from '../features/mail/OutboxPage.js';
import { MembersPage } from '../features/members/MembersPage.js';
import { MetricsPageLazy, RoomScreenLazy, SharedDashboardPageLazy } from '../features/metrics/lazy.js';
import { PeoplePage } from '../features/people/PeoplePage.js';
import { PathsPage } from '../features/paths/PathsPage.js';
import { ProxiesPage } from '../features/proxies/ProxiesPage.js';
import { PublicProxyForm } from '../features/proxies/PublicProxyForm.js';
import { ScriptsPage } from '../features/scripts/ScriptsPage.js';
import { useT } from '../i18n/use-t.js';
import { ComingSoonPage } from '../ui/ComingSoonPage.js';
import { MessagePage } from '../ui/MessagePage.js';
import { AppLayout } from './AppLayout.js';
import { APP_MODULES, type ModuleKey } from './modules.js';
import { RequireAuth } from './RequireAuth.js';
import { RequireCapability } from './RequireCapability.js';

/** The screens built so far; every other module shows its "coming soon" page. */
const BUILT: Partial<Record<ModuleKey, () => React.JSX.Element>> = {
  dashboard: DashboardPage,
  events: EventsPage,
  outbox: OutboxPage,
  members: MembersPage,
  imports: ImportsPage,
  people: PeoplePage,
  lists: ListsPage,
  scripts: ScriptsPage,
  paths: PathsPage,
  campaigns: CampaignsPage,
  proxies: ProxiesPage,
  metrics: MetricsPageLazy,
};

/** Every address of the web app. */
export function AppRoutes() {
  const { t } = useT();
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/auth/magic/:token" element={<MagicLinkPage />} />
      <Route path="/public/:orgSlug/events" element={<PublicEventsPage />} />
      <Route path="/public/:orgSlug/events/:eventId" element={<PublicEventPage />} />
      <Route path="/public/:orgSlug/cancel" element={<PublicCancelPage />} />
      <Route path="/public/:orgSlug/volunteer" element={<PublicVolunteerPage />} />
      <Route path="/shared/metrics/:token" element={<SharedDashboardPageLazy />} />
      <Route
        path="/room/:campaignId"
        element={
          <RequireAuth>
            <RoomScreenLazy />
          </RequireAuth>
        }
      />
      <Route
        path="/call/:campaignId/sheet"
        element={
          <RequireAuth>
            <CallSheetPage as="caller" />
          </RequireAuth>
        }
      />
      <Route
        path="/call-sheets/:campaignId"
        element={
          <RequireAuth>
            <CallSheetPage as="organizer" />
          </RequireAuth>
        }
      />
      <Route path="/public/:orgSlug/proxies/request" element={<PublicProxyForm kind="request" />} />
      <Route path="/public/:orgSlug/proxies/offer" element={<PublicProxyForm kind="offer" />} />
      <Route
        element={
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        }
      >
        {APP_MODULES.map((module) => {
          const Screen = BUILT[module.key];
          const element = (
            <RequireCapability module={module}>{Screen ? <Screen /> : <ComingSoonPage title={t(`nav.${module.key}`)} />}</RequireCapability>
          );
          return module.path === '/' ? (
            <Route key={module.key} index element={element} />
          ) : (
            <Route key={module.key} path={`${module.path.slice(1)}/*`} element={element} />
          );
        })}
        <Route path="account/password" element={<ChangePasswordPage />} />
        <Route path="call/:campaignId" element={<CallerScreen key="pool" />} />
        {/* Its own instance: leaving a sheet's person for "next person" starts a fresh screen. */}
        <Route path="call/:campaignId/targets/:targetId" element={<CallerScreen key="sheet" />} />
        <Route path="*" element={<MessagePage title={t('notFound.title')} text={t('notFound.text')} homeLabel={t('notFound.home')} />} />
      </Route>
    </Routes>
  );
}
