import { createAsync, useAction } from '@solidjs/router'
import { createSignal, For, Show } from 'solid-js'
import { CheckboxField } from '../../../components/checkbox-field'
import { locale, t } from '../../../i18n'
import { getCategories, savePreferences } from '../queries'

/** Per category: a mail (notice and link, no content) about new messages, yes or no; saved on change. */
export function NotificationPreferences() {
  const categories = createAsync(() => getCategories(), { initialValue: [] })
  const save = useAction(savePreferences)
  const [saved, setSaved] = createSignal(false)
  return (
    <Show when={categories().length > 0}>
      <section class="panel msg-prefs" aria-labelledby="msg-prefs-title">
        <h2 id="msg-prefs-title" class="panel__title">
          {t('messages.preferences.title')}
        </h2>
        <p class="panel__lead">{t('messages.preferences.lead')}</p>
        <div class="msg-prefs__grid">
          <For each={categories()}>
            {(category) => (
              <CheckboxField
                id={`msg-pref-${category.id}`}
                label={locale() === 'en' ? category.nameEn : category.nameDe}
                checked={category.mail}
                onChange={async (mail) => {
                  setSaved(false)
                  await save([{ categoryId: category.id, mail }])
                  setSaved(true)
                }}
              />
            )}
          </For>
        </div>
        <Show when={saved()}>
          <p class="setting__saved" role="status">
            {t('messages.preferences.saved')}
          </p>
        </Show>
      </section>
    </Show>
  )
}
