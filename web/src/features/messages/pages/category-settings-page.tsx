import { createAsync, Navigate, useAction } from '@solidjs/router'
import { Show } from 'solid-js'
import { locale, t } from '../../../i18n'
import { usePageTitle } from '../../../lib/page-title'
import { useAccount } from '../../auth/account-context'
import { CategoryTable, type CategoryChange } from '../../document-admin/components/category-table'
import { CategoryAddForm } from '../../document-admin/components/category-add-form'
import { createMessageCategory, getManagedMessageCategories, updateMessageCategory } from '../queries'
import '../../document-admin/document-admin.css'

/**
 * /verwaltung/nachrichten (admins): the request categories clients choose from — add (German and
 * English name), rename, reorder, archive or restore. The list editor is the document categories'
 * (CategoryTable); a rename changes the name in the interface language shown, the other language
 * stands beside it. Other people are sent to the start page.
 */
export default function MessageCategorySettingsPage() {
  usePageTitle('messages.categorySettings.title')
  const me = useAccount()
  return (
    <Show when={me()}>
      {(current) => (
        <Show when={current().kind === 'staff' && current().isAdmin} fallback={<Navigate href="/" />}>
          <MessageCategorySettings />
        </Show>
      )}
    </Show>
  )
}

function MessageCategorySettings() {
  const categories = createAsync(() => getManagedMessageCategories(), { initialValue: [] })
  const update = useAction(updateMessageCategory)
  const english = () => locale() === 'en'
  const rows = () =>
    categories().map((c) => ({
      id: c.id,
      position: c.position,
      archivedAt: c.archivedAt,
      name: english() ? c.nameEn : c.nameDe,
      hint: english() ? c.nameDe : c.nameEn,
    }))
  const save = ({ id, name, position, archived }: CategoryChange) =>
    update({ id, position, archived, ...(name === undefined ? {} : english() ? { nameEn: name } : { nameDe: name }) })
  const nextPosition = () => Math.min(1000, Math.max(0, ...categories().filter((c) => !c.archivedAt).map((c) => c.position)) + 10)

  return (
    <div class="page document-settings-page">
      <header class="page-head">
        <p class="eyebrow eyebrow--on-dark">{t('messages.categorySettings.eyebrow')}</p>
        <h1 id="page-title" class="page-head__title">
          {t('messages.categorySettings.title')}
        </h1>
        <p class="page-head__lead">{t('messages.categorySettings.lead')}</p>
      </header>

      <section class="panel" aria-labelledby="message-categories-title">
        <h2 id="message-categories-title" class="panel__title">
          {t('messages.categorySettings.addTitle')}
        </h2>
        <AddMessageCategoryForm nextPosition={nextPosition} />
        <h3 class="category-group__title">{t('messages.categorySettings.listLabel')}</h3>
        <p class="panel__lead">{t('messages.categorySettings.renameHint')}</p>
        <CategoryTable
          categories={rows()}
          label={t('messages.categorySettings.listLabel')}
          idPrefix="message"
          update={save}
          archivedNotice={(name) => t('messages.categorySettings.archivedDone', { name })}
        />
      </section>
    </div>
  )
}

/** Adds a request category with its German and English name at the end of the list. */
function AddMessageCategoryForm(props: { nextPosition: () => number }) {
  const create = useAction(createMessageCategory)
  return (
    <CategoryAddForm
      names={[
        { id: 'message-category-name-de', label: t('messages.categorySettings.nameDe'), missing: t('messages.categorySettings.nameDeMissing') },
        { id: 'message-category-name-en', label: t('messages.categorySettings.nameEn'), missing: t('messages.categorySettings.nameEnMissing') },
      ]}
      addLabel={t('messages.categorySettings.add')}
      add={async ([nameDe, nameEn]) => {
        await create({ nameDe, nameEn, position: props.nextPosition() })
        return t('messages.categorySettings.added', { name: nameDe })
      }}
    />
  )
}
