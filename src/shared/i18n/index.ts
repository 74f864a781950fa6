import * as enErrors from './en/errors.js';
import { ui as enUi } from './en/ui.js';
import * as frErrors from './fr/errors.js';
import { ui as frUi } from './fr/ui.js';

export type { UiKey, UiMessages } from './fr/ui.js';

/**
 * Every translated text of Relais by language and namespace: `ui` for the web app's screens,
 * `errors` and `validation` for the API's messages. French is the default, English second.
 */
export const resources = {
  fr: { ui: frUi, errors: frErrors.errors, validation: frErrors.validation },
  en: { ui: enUi, errors: enErrors.errors, validation: enErrors.validation },
};

/** The namespace the web app reads when a key names none. */
export const defaultNamespace = 'ui';
