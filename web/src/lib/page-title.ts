import { createEffect } from 'solid-js'
import { t, type TranslationKey } from '../i18n'

/** Keeps document.title in step with the page and the chosen language. */
export function usePageTitle(key: TranslationKey): void {
  createEffect(() => {
    document.title = `${t(key)} · ${t('app.name')}`
  })
}
