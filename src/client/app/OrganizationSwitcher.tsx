import { NativeSelect } from '@mantine/core';
import { IconBuildingCommunity } from '@tabler/icons-react';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../api/api.js';
import { useT } from '../i18n/use-t.js';
import { useSession } from './session-context.js';

/** Lets a member of several campaigns choose which one they act for; hidden when there is one. */
export function OrganizationSwitcher() {
  const { t } = useT();
  const { session, acceptSession } = useSession();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (session.memberships.length < 2) return null;
  return (
    <NativeSelect
      label={t('org.label')}
      leftSection={<IconBuildingCommunity size={16} aria-hidden />}
      value={session.organization?.id ?? ''}
      disabled={busy}
      error={error}
      data={[
        ...(session.organization ? [] : [{ value: '', label: '—', disabled: true }]),
        ...session.memberships.map((membership) => ({ value: membership.orgId, label: membership.name })),
      ]}
      onChange={(event) => {
        const orgId = event.currentTarget.value;
        setBusy(true);
        setError(null);
        api
          .switchOrganization({ body: { orgId } })
          .then(async (next) => {
            await acceptSession(next);
            // The new organization may not grant the screen that was open.
            await navigate('/');
          })
          .catch((failure: unknown) => setError(failure instanceof Error ? failure.message : String(failure)))
          .finally(() => setBusy(false));
      }}
    />
  );
}
