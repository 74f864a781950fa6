import { Paper } from '@mantine/core';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../../api/api.js';
import { useT } from '../../i18n/use-t.js';
import { MessagePage } from '../../ui/MessagePage.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { usePeopleAccess } from './people-access.js';
import { PersonForm } from './PersonForm.js';
import { createBody, formValuesOf } from './person-form-values.js';
import { useAction } from '../../ui/use-action.js';

/** Adding one person by hand (a volunteer met at a market stall, a phone call to the office). */
export function PersonCreatePage() {
  const { t } = useT();
  const navigate = useNavigate();
  const access = usePeopleAccess();
  const { busy, error, run } = useAction();

  if (!access.canWrite) return <MessagePage title={t('forbidden.title')} text={t('forbidden.text')} homeLabel={t('notFound.home')} />;

  return (
    <>
      <PageHeader title={t('people.addTitle')} />
      <Paper withBorder radius="md" p={{ base: 'md', sm: 'lg' }}>
        <PersonForm
          initial={formValuesOf(null)}
          submitLabel={t('people.edit.create')}
          error={error}
          busy={busy}
          onCancel={() => void navigate('/people')}
          onSubmit={(values) =>
            void run(async () => {
              const person = await api.createPerson({ body: createBody(values) });
              await navigate(`/people/${person.id}`);
            })
          }
        />
      </Paper>
    </>
  );
}
