import { createEffect } from 'solid-js'
import { t, type TranslationKey } from '../i18n'

/** Keeps document.title in step with the page and the chosen language. */
export function usePageTitle(key: TranslationKey): void {
  createEffect(() => {
    document.title = `${t(key)} · ${t('app.name')}`
  })
}

/** The same for titles made of data, e.g. a client's name; empty text keeps the portal's name. */
export function usePageTitleText(text: () => string | undefined): void {
  createEffect(() => {
    const current = text()
    document.title = current ? `${current} · ${t('app.name')}` : t('app.name')
  })
}
