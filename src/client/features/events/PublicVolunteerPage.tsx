import { Alert, Anchor, Button, Checkbox, Code, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { api } from '../../api/api.js';
import { useT } from '../../i18n/use-t.js';
import { ErrorAlert } from '../../ui/ErrorAlert.js';
import { fieldError } from '../../ui/field-error.js';
import { usePageTitle } from '../../ui/use-page-title.js';
import { PublicLayout } from './PublicLayout.js';
import { useAction } from '../../ui/use-action.js';

const SHOWN = ['firstName', 'lastName', 'email', 'phone', 'postalCode', 'consent'];

/** "Volunteer with us": `/public/<slug>/volunteer?ref=<recruiter token>`; answers the new volunteer's own link. */
export function PublicVolunteerPage() {
  const { t, locale } = useT();
  const { orgSlug = '' } = useParams();
  const [search] = useSearchParams();
  const [v, setV] = useState({ firstName: '', lastName: '', email: '', phone: '', postalCode: '', consent: false });
  const { busy, error, run } = useAction();
  const [link, setLink] = useState<string | null>(null);
  const set = <K extends keyof typeof v>(key: K, value: (typeof v)[K]) => setV((prev) => ({ ...prev, [key]: value }));
  usePageTitle(t('events.public.volunteerTitle'));

  const submit = async () => {
    await run(async () => {
      const ref = search.get('ref');
      const res = await api.publicVolunteer({ params: { orgSlug }, body: { ...v, locale, ...(ref ? { ref } : {}) } });
      setLink(res.recruiterUrl);
    });
  };

  return (
    <PublicLayout>
      <Stack>
        <Title order={1} size="h2">
          {t('events.public.volunteerTitle')}
        </Title>
        {link ? (
          <>
            <Alert color="green">{t('events.public.volunteerThanks')}</Alert>
            <Code block>{link}</Code>
            <Anchor component={Link} to={`/public/${orgSlug}/events`}>
              {t('events.public.seeEvents')}
            </Anchor>
          </>
        ) : (
          <form
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              void submit();
            }}
          >
            <Stack>
              <Text c="dimmed">{t('events.public.volunteerIntro')}</Text>
              <ErrorAlert error={error} shownFields={SHOWN} />
              <Group grow wrap="wrap">
                <TextInput required label={t('events.public.firstName')} value={v.firstName} onChange={(e) => set('firstName', e.currentTarget.value)} error={fieldError(error, 'firstName')} autoComplete="given-name" />
                <TextInput required label={t('events.public.lastName')} value={v.lastName} onChange={(e) => set('lastName', e.currentTarget.value)} error={fieldError(error, 'lastName')} autoComplete="family-name" />
              </Group>
              <Group grow wrap="wrap">
                <TextInput required type="email" label={t('events.public.email')} value={v.email} onChange={(e) => set('email', e.currentTarget.value)} error={fieldError(error, 'email')} autoComplete="email" />
                <TextInput type="tel" label={t('events.public.phone')} value={v.phone} onChange={(e) => set('phone', e.currentTarget.value)} error={fieldError(error, 'phone')} autoComplete="tel" />
              </Group>
              <TextInput label={t('events.public.postalCode')} value={v.postalCode} onChange={(e) => set('postalCode', e.currentTarget.value)} error={fieldError(error, 'postalCode')} autoComplete="postal-code" />
              <Checkbox label={t('events.public.consent')} checked={v.consent} onChange={(e) => set('consent', e.currentTarget.checked)} error={fieldError(error, 'consent')} />
              <Button type="submit" loading={busy}>
                {t('events.public.volunteerSubmit')}
              </Button>
            </Stack>
          </form>
        )}
      </Stack>
    </PublicLayout>
  );
}
