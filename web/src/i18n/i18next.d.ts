/** Types translation keys against the English resources, so a missing or misspelt key fails the typecheck. */
import 'i18next';
import type en from './en.json';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}
