import type { ReactNode } from 'react';
import { useT } from '../i18n/use-t.js';
import { MessagePage } from '../ui/MessagePage.js';
import { canOpen, type AppModule } from './modules.js';
import { useSession } from './session-context.js';

/** Opens a module's screen only for members whose permission set allows it. */
export function RequireCapability({ module, children }: { module: AppModule; children: ReactNode }) {
  const { t } = useT();
  const { session } = useSession();
  if (!canOpen(session, module)) return <MessagePage title={t('forbidden.title')} text={t('forbidden.text')} homeLabel={t('notFound.home')} />;
  return children;
}
