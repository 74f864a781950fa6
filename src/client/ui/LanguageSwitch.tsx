import { NativeSelect } from '@mantine/core';
import { IconLanguage } from '@tabler/icons-react';
import { useState } from 'react';
import { LOCALES, isLocale } from '../../shared/i18n/locales.js';
import { useSession } from '../app/session-context.js';
import { useT } from '../i18n/use-t.js';

/** The FR/EN switch, labelled "Langue"/"Language"; each language is named in itself. */
export function LanguageSwitch({ withLabel = false }: { withLabel?: boolean }) {
  const { t, locale } = useT();
  const { changeLocale } = useSession();
  const [busy, setBusy] = useState(false);

  return (
    <NativeSelect
      label={withLabel ? t('language.label') : undefined}
      aria-label={withLabel ? undefined : t('language.label')}
      title={t('language.label')}
      leftSection={<IconLanguage size={16} aria-hidden />}
      value={locale}
      disabled={busy}
      w={withLabel ? undefined : 132}
      data={LOCALES.map((value) => ({ value, label: t(`language.${value}`) }))}
      onChange={(event) => {
        const next = event.currentTarget.value;
        if (!isLocale(next)) return;
        setBusy(true);
        changeLocale(next)
          .catch(() => undefined)
          .finally(() => setBusy(false));
      }}
    />
  );
}
