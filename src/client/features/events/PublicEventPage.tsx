import { Alert, Button, Checkbox, Group, Loader, Radio, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import type { PublicEvent } from '../../../shared/contracts/events.js';
import { api } from '../../api/api.js';
import { useT } from '../../i18n/use-t.js';
import { ErrorAlert } from '../../ui/ErrorAlert.js';
import { fieldError } from '../../ui/field-error.js';
import { useFormat } from '../../ui/format.js';
import { usePageTitle } from '../../ui/use-page-title.js';
import { PublicLayout } from './PublicLayout.js';
import { useAction } from '../../ui/use-action.js';

const SHOWN = ['shiftId', 'firstName', 'lastName', 'email', 'phone', 'consent'];

/** A public event and its sign-up form (no account): `/public/<slug>/events/<id>?ref=<token>`. */
export function PublicEventPage() {
  const { t, locale } = useT();
  const fmt = useFormat();
  const { orgSlug = '', eventId = '' } = useParams();
  const [search] = useSearchParams();
  const [event, setEvent] = useState<PublicEvent | null>(null);
  const [v, setV] = useState({ shiftId: '', firstName: '', lastName: '', email: '', phone: '', consent: false });
  const { busy, error, setError, run } = useAction();
  const [result, setResult] = useState<'confirmed' | 'waitlisted' | null>(null);
  const set = <K extends keyof typeof v>(key: K, value: (typeof v)[K]) => setV((prev) => ({ ...prev, [key]: value }));

  useEffect(() => {
    api
      .publicEvent({ params: { orgSlug, eventId } })
      .then((res) => {
        setEvent(res.event);
        const first = res.event.shifts[0];
        if (res.event.shifts.length === 1 && first) setV((prev) => ({ ...prev, shiftId: first.id }));
      })
      .catch(setError);
  }, [orgSlug, eventId]);
  usePageTitle(event?.title ?? '');

  const submit = async () => {
    await run(async () => {
      const ref = search.get('ref');
      const res = await api.publicSignup({ params: { orgSlug, eventId }, body: { ...v, locale, ...(ref ? { ref } : {}) } });
      setResult(res.status);
    });
  };

  if (!event) return <PublicLayout>{error ? <ErrorAlert error={error} /> : <Loader />}</PublicLayout>;
  return (
    <PublicLayout>
      <Stack>
        <Title order={1} size="h2">
          {event.title}
        </Title>
        <Text c="dimmed">
          {fmt.dateTime(event.startsAt)} · {event.place ?? event.onlineUrl ?? ''}
        </Text>
        {event.description && <Text style={{ whiteSpace: 'pre-wrap' }}>{event.description}</Text>}
        {result ? (
          <Alert color={result === 'confirmed' ? 'green' : 'yellow'}>{t(`events.public.${result}`)}</Alert>
        ) : (
          <form
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              void submit();
            }}
          >
            <Stack>
              <ErrorAlert error={error} shownFields={SHOWN} />
              <Radio.Group label={t('events.public.chooseShift')} value={v.shiftId} onChange={(value) => set('shiftId', value)} error={fieldError(error, 'shiftId')} required>
                <Stack gap="xs" mt="xs">
                  {event.shifts.map((shift) => (
                    <Radio
                      key={shift.id}
                      value={shift.id}
                      label={`${fmt.dateTime(shift.startsAt)} – ${fmt.dateTime(shift.endsAt)}`}
                      description={
                        shift.remaining === null ? t('events.public.unlimited') : shift.remaining > 0 ? t('events.public.remaining', { count: shift.remaining }) : t('events.public.full')
                      }
                    />
                  ))}
                </Stack>
              </Radio.Group>
              <Group grow wrap="wrap">
                <TextInput required label={t('events.public.firstName')} value={v.firstName} onChange={(e) => set('firstName', e.currentTarget.value)} error={fieldError(error, 'firstName')} autoComplete="given-name" />
                <TextInput required label={t('events.public.lastName')} value={v.lastName} onChange={(e) => set('lastName', e.currentTarget.value)} error={fieldError(error, 'lastName')} autoComplete="family-name" />
              </Group>
              <Group grow wrap="wrap">
                <TextInput required type="email" label={t('events.public.email')} value={v.email} onChange={(e) => set('email', e.currentTarget.value)} error={fieldError(error, 'email')} autoComplete="email" />
                <TextInput type="tel" label={t('events.public.phone')} value={v.phone} onChange={(e) => set('phone', e.currentTarget.value)} error={fieldError(error, 'phone')} autoComplete="tel" />
              </Group>
              <Checkbox label={t('events.public.consent')} checked={v.consent} onChange={(e) => set('consent', e.currentTarget.checked)} error={fieldError(error, 'consent')} />
              <Button type="submit" loading={busy}>
                {t('events.public.signUp')}
              </Button>
            </Stack>
          </form>
        )}
      </Stack>
    </PublicLayout>
  );
}
