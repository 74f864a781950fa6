import { Alert, Badge, Button, Group, Loader, Select, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useEffect, useState } from 'react';
import { MAIL_TEMPLATE_KEYS, type MailTemplate, type MailTemplateKey } from '../../../shared/contracts/mail.js';
import type { Locale } from '../../../shared/i18n/locales.js';
import { api } from '../../api/api.js';
import { useT } from '../../i18n/use-t.js';
import { ErrorAlert } from '../../ui/ErrorAlert.js';
import { fieldError } from '../../ui/field-error.js';
import { useAction } from '../../ui/use-action.js';

/** Organizers reword the e-mails Relais sends, per template and language, with merge fields. */
export function MailTemplatesPanel() {
  const { t, locale: uiLocale } = useT();
  const [templates, setTemplates] = useState<MailTemplate[] | null>(null);
  const [key, setKey] = useState<MailTemplateKey>('signup_confirmation');
  const [locale, setLocale] = useState<Locale>(uiLocale);
  const [draft, setDraft] = useState({ subject: '', body: '' });
  const [notice, setNotice] = useState<string | null>(null);
  const { busy, error, setError, run } = useAction();

  useEffect(() => {
    api
      .listMailTemplates()
      .then((res) => setTemplates(res.templates))
      .catch(setError);
  }, []);
  const current = templates?.find((tpl) => tpl.key === key && tpl.locale === locale);
  useEffect(() => {
    if (current) setDraft({ subject: current.subject, body: current.body });
  }, [current]);

  const apply = (work: () => Promise<MailTemplate>, message: string | null) => {
    setNotice(null);
    return run(async () => {
      const saved = await work();
      setTemplates((prev) => prev?.map((tpl) => (tpl.key === saved.key && tpl.locale === saved.locale ? saved : tpl)) ?? null);
      setNotice(message);
    });
  };

  if (!templates) return error ? <ErrorAlert error={error} /> : <Loader />;
  return (
    <Stack>
      <Group grow wrap="wrap">
        <Select
          label={t('mail.template')}
          value={key}
          onChange={(value) => value && setKey(value as MailTemplateKey)}
          data={MAIL_TEMPLATE_KEYS.map((k) => ({ value: k, label: t(`mail.templateKeys.${k}`) }))}
          allowDeselect={false}
        />
        <Select
          label={t('mail.locale')}
          value={locale}
          onChange={(value) => value && setLocale(value as Locale)}
          data={[
            { value: 'fr', label: t('language.fr') },
            { value: 'en', label: t('language.en') },
          ]}
          allowDeselect={false}
        />
      </Group>
      {current?.customized && (
        <Group>
          <Badge>{t('mail.customized')}</Badge>
        </Group>
      )}
      <ErrorAlert error={error} shownFields={['subject', 'body']} />
      {notice && <Alert color="green">{notice}</Alert>}
      <TextInput label={t('mail.subject')} value={draft.subject} onChange={(e) => setDraft((d) => ({ ...d, subject: e.currentTarget.value }))} error={fieldError(error, 'subject')} />
      <Textarea label={t('mail.body')} value={draft.body} onChange={(e) => setDraft((d) => ({ ...d, body: e.currentTarget.value }))} autosize minRows={8} error={fieldError(error, 'body')} />
      <Text size="sm" c="dimmed">
        {t('mail.mergeFields', { fields: current?.mergeFields.join(' ') ?? '' })}
      </Text>
      <Group justify="flex-end">
        {current?.customized && (
          <Button variant="subtle" loading={busy} onClick={() => void apply(() => api.resetMailTemplate({ params: { key, locale } }), null)}>
            {t('mail.reset')}
          </Button>
        )}
        <Button loading={busy} onClick={() => void apply(() => api.updateMailTemplate({ params: { key, locale }, body: draft }), t('mail.saved'))}>
          {t('mail.save')}
        </Button>
      </Group>
    </Stack>
  );
}
