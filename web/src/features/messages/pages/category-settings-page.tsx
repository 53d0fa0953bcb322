import { createAsync, Navigate, useAction } from '@solidjs/router'
import { createSignal, Show } from 'solid-js'
import { PlusIcon } from '../../../components/action-icons'
import { Alert } from '../../../components/alert'
import { TextField } from '../../../components/text-field'
import { locale, t } from '../../../i18n'
import { requestIdText } from '../../../lib/error-message'
import { usePageTitle } from '../../../lib/page-title'
import { useAccount } from '../../auth/account-context'
import { CategoryTable, type CategoryChange } from '../../document-admin/components/category-table'
import { documentAdminErrorText } from '../../document-admin/error-text'
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
  const [nameDe, setNameDe] = createSignal('')
  const [nameEn, setNameEn] = createSignal('')
  const [errors, setErrors] = createSignal<{ de?: string; en?: string }>({})
  const [failure, setFailure] = createSignal<unknown>()
  const [added, setAdded] = createSignal<string>()
  const [pending, setPending] = createSignal(false)

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    if (pending()) return
    setFailure(undefined)
    setAdded(undefined)
    const de = nameDe().trim()
    const en = nameEn().trim()
    const missing = {
      de: de ? undefined : t('messages.categorySettings.nameDeMissing'),
      en: en ? undefined : t('messages.categorySettings.nameEnMissing'),
    }
    setErrors(missing)
    if (missing.de || missing.en) return
    setPending(true)
    try {
      await create({ nameDe: de, nameEn: en, position: props.nextPosition() })
      setNameDe('')
      setNameEn('')
      setAdded(t('messages.categorySettings.added', { name: de }))
    } catch (thrown) {
      setFailure(thrown)
    } finally {
      setPending(false)
    }
  }

  return (
    <form class="form add-category" novalidate onSubmit={submit}>
      <Show when={failure()}>
        {(failed) => (
          <Alert tone="error" detail={requestIdText(failed())}>
            {documentAdminErrorText(failed())}
          </Alert>
        )}
      </Show>
      <Show when={added()}>{(text) => <Alert tone="success">{text()}</Alert>}</Show>
      <div class="add-category__fields">
        <TextField
          id="message-category-name-de"
          label={t('messages.categorySettings.nameDe')}
          value={nameDe()}
          onInput={(value) => {
            setNameDe(value)
            setErrors((e) => ({ ...e, de: undefined }))
            setAdded(undefined)
          }}
          autocomplete="off"
          maxLength={100}
          error={errors().de}
        />
        <TextField
          id="message-category-name-en"
          label={t('messages.categorySettings.nameEn')}
          value={nameEn()}
          onInput={(value) => {
            setNameEn(value)
            setErrors((e) => ({ ...e, en: undefined }))
            setAdded(undefined)
          }}
          autocomplete="off"
          maxLength={100}
          error={errors().en}
        />
        <button
          type="submit"
          class="button button--primary add-category__submit"
          classList={{ 'button--pending': pending() }}
          aria-disabled={pending() ? 'true' : undefined}
        >
          <span class="button__spinner" aria-hidden="true" />
          <PlusIcon />
          <span>{t('messages.categorySettings.add')}</span>
        </button>
      </div>
    </form>
  )
}
