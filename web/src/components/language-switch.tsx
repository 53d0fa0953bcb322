import { For } from 'solid-js'
import { LOCALES, locale, setLocale, t } from '../i18n'

/**
 * Two buttons, each labelled in its own language (lang attribute for screen readers); the active
 * one is marked with aria-pressed.
 */
export function LanguageSwitch() {
  return (
    <div class="language-switch" role="group" aria-label={t('language.label')}>
      <For each={LOCALES}>
        {(code) => (
          <button
            type="button"
            class="language-switch__option"
            lang={code}
            aria-pressed={locale() === code ? 'true' : 'false'}
            onClick={() => setLocale(code)}
          >
            <span aria-hidden="true">{code.toUpperCase()}</span>
            <span class="visually-hidden">{t(`language.${code}`)}</span>
          </button>
        )}
      </For>
    </div>
  )
}
