import { PasswordInput, type PasswordInputProps } from '@mantine/core';
import { useT } from '../i18n/use-t.js';

/** A password field whose show/hide button speaks the user's language. */
export function SecretInput(props: PasswordInputProps) {
  const { t } = useT();
  return <PasswordInput visibilityToggleButtonProps={{ 'aria-label': t('password.reveal'), title: t('password.reveal') }} {...props} />;
}
