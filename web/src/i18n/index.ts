import { flatten, resolveTemplate, translator } from '@solid-primitives/i18n'
import { createSignal } from 'solid-js'
import { de } from './de'
import { en } from './en'

export type Locale = 'de' | 'en'
export const LOCALES: readonly Locale[] = ['de', 'en']

const STORAGE_KEY = 'mandantenportal.locale'
const dictionaries = { de: flatten(de), en: flatten(en) }

function storedLocale(): Locale {
  try {
    const value = localStorage.getItem(STORAGE_KEY)
    return value === 'en' ? 'en' : 'de'
  } catch {
    return 'de'
  }
}

const [locale, setLocaleSignal] = createSignal<Locale>(storedLocale())
document.documentElement.lang = locale()

/** The current UI language (German unless the user chose English on this device). */
export { locale }

/**
 * Switches the UI language, remembers the choice on this device (only the language, nothing else
 * goes to localStorage) and updates <html lang> for screen readers and hyphenation.
 */
export function setLocale(next: Locale): void {
  setLocaleSignal(next)
  document.documentElement.lang = next
  try {
    localStorage.setItem(STORAGE_KEY, next)
  } catch {
    // Private mode or storage disabled: the choice lasts for this visit only.
  }
}

/** Reactive translation: t('setup.title'), t('errors.requestId', { requestId }). */
export const t = translator(() => dictionaries[locale()], resolveTemplate)

export type TranslationKey = Parameters<typeof t>[0]
