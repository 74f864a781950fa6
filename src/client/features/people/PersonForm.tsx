import { ActionIcon, Button, Group, NativeSelect, SimpleGrid, Stack, Switch, TextInput, Title } from '@mantine/core';
import { IconPlus, IconX } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { LEGAL_BASES } from '../../../shared/contracts/people.js';
import { SUPPORT_LEVELS, supportLevelLabel } from '../../../shared/people/support-level.js';
import { useT } from '../../i18n/use-t.js';
import { ErrorAlert } from '../../ui/ErrorAlert.js';
import { fieldError } from '../../ui/field-error.js';
import type { PersonFormValues } from './person-form-values.js';

const FIELD_PATHS = [
  ...Array.from({ length: 20 }, (_, i) => `extraEmails.${i}`),
  ...Array.from({ length: 20 }, (_, i) => `extraPhones.${i}`),
  'firstName',
  'lastName',
  'email',
  'mobile',
  'landline',
  'birthDate',
  'address.line1',
  'address.line2',
  'address.postalCode',
  'address.city',
  'communeCode',
  'pollingStationCode',
  'constituencyCode',
  'supportLevel',
  'legalBasis',
  'dataSource',
  'externalId',
  'doNotCallReason',
  'doNotEmailReason',
  'doNotTextReason',
];

/** The profile's editable fields, for a new person or a change; the server's field errors show under each input. */
export function PersonForm({
  initial,
  submitLabel,
  error,
  busy,
  onSubmit,
  onCancel,
}: {
  initial: PersonFormValues;
  submitLabel: string;
  error: unknown;
  busy: boolean;
  onSubmit: (values: PersonFormValues) => void;
  onCancel?: () => void;
}) {
  const { t, locale } = useT();
  const [values, setValues] = useState(initial);
  const set = <K extends keyof PersonFormValues>(key: K, value: PersonFormValues[K]) => setValues((v) => ({ ...v, [key]: value }));
  const text = (key: keyof PersonFormValues & string, label: string, path: string = key, extra: Record<string, unknown> = {}) => (
    <TextInput
      label={label}
      value={String(values[key])}
      onChange={(event) => set(key, event.currentTarget.value as never)}
      error={fieldError(error, path)}
      autoComplete="off"
      {...extra}
    />
  );
  /** The additional e-mails or phones: one input per value, each removable, and a button to add one. */
  const many = (key: 'extraEmails' | 'extraPhones') => {
    const isEmail = key === 'extraEmails';
    const list = values[key];
    const change = (next: string[]) => set(key, next);
    return (
      <Stack gap="xs">
        {list.map((value, index) => (
          <Group key={index} gap="xs" align="flex-start" wrap="nowrap">
            <TextInput
              style={{ flex: 1 }}
              label={t(isEmail ? 'people.edit.otherEmail' : 'people.edit.otherPhone', { n: index + 1 })}
              value={value}
              onChange={(event) => change(list.map((v, i) => (i === index ? event.currentTarget.value : v)))}
              error={fieldError(error, `${key}.${index}`)}
              autoComplete="off"
              {...(isEmail ? { type: 'email', inputMode: 'email' as const } : { type: 'tel', inputMode: 'tel' as const })}
            />
            <ActionIcon
              variant="subtle"
              color="gray"
              mt={26}
              aria-label={`${t('people.edit.remove')} ${t(isEmail ? 'people.edit.otherEmail' : 'people.edit.otherPhone', { n: index + 1 })}`}
              onClick={() => change(list.filter((_, i) => i !== index))}
            >
              <IconX size={16} aria-hidden />
            </ActionIcon>
          </Group>
        ))}
        <Group>
          <Button size="xs" variant="light" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => change([...list, ''])} disabled={list.length >= 20}>
            {t(isEmail ? 'people.edit.addEmail' : 'people.edit.addPhone')}
          </Button>
        </Group>
      </Stack>
    );
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit(values);
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <ErrorAlert error={error} shownFields={FIELD_PATHS} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {text('firstName', t('people.fields.firstName'))}
          {text('lastName', t('people.fields.lastName'))}
          {text('email', t('people.fields.email'), 'email', { type: 'email', inputMode: 'email' })}
          {text('birthDate', t('people.fields.birthDate'), 'birthDate', { type: 'date' })}
          {text('mobile', t('people.fields.mobile'), 'mobile', { type: 'tel', inputMode: 'tel' })}
          {text('landline', t('people.fields.landline'), 'landline', { type: 'tel', inputMode: 'tel' })}
          {many('extraEmails')}
          {many('extraPhones')}
          {text('addressLine1', t('people.fields.addressLine1'), 'address.line1')}
          {text('addressLine2', t('people.fields.addressLine2'), 'address.line2')}
          {text('postalCode', t('people.fields.postalCode'), 'address.postalCode')}
          {text('city', t('people.fields.city'), 'address.city')}
          {text('communeCode', t('people.fields.communeCode'))}
          {text('pollingStationCode', t('people.fields.pollingStationCode'))}
          {text('constituencyCode', t('people.fields.constituencyCode'))}
          <NativeSelect
            label={t('people.fields.supportLevel')}
            value={values.supportLevel}
            onChange={(event) => set('supportLevel', event.currentTarget.value)}
            error={fieldError(error, 'supportLevel')}
            data={[{ value: '', label: t('people.unknownSupport') }, ...SUPPORT_LEVELS.map((level) => ({ value: String(level), label: `${level} · ${supportLevelLabel(level, locale)}` }))]}
          />
          <NativeSelect
            label={t('people.fields.legalBasis')}
            value={values.legalBasis}
            onChange={(event) => set('legalBasis', event.currentTarget.value as PersonFormValues['legalBasis'])}
            error={fieldError(error, 'legalBasis')}
            data={LEGAL_BASES.map((basis) => ({ value: basis, label: t(`people.legalBasis.${basis}`) }))}
          />
          {text('dataSource', t('people.fields.dataSource'))}
          {text('externalId', t('people.fields.externalId'))}
        </SimpleGrid>
        <Switch label={t('people.fields.isVolunteer')} checked={values.isVolunteer} onChange={(event) => set('isVolunteer', event.currentTarget.checked)} />

        <Title order={3} size="h4">
          {t('people.sections.consent')}
        </Title>
        {(['doNotCall', 'doNotEmail', 'doNotText'] as const).map((flag) => (
          <SimpleGrid key={flag} cols={{ base: 1, sm: 2 }} verticalSpacing="xs">
            <Switch label={t(`people.flags.${flag}`)} checked={values[flag]} onChange={(event) => set(flag, event.currentTarget.checked)} mt={{ sm: 'xl' }} />
            {values[flag] && text(`${flag}Reason`, t('people.flags.reason'))}
          </SimpleGrid>
        ))}

        <Group justify="flex-end">
          {onCancel && (
            <Button variant="default" onClick={onCancel} disabled={busy}>
              {t('people.edit.cancel')}
            </Button>
          )}
          <Button type="submit" loading={busy}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
