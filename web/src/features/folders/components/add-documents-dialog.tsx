import { createAsync, useAction } from '@solidjs/router'
import { createSignal, For, Show, Suspense } from 'solid-js'
import { Alert } from '../../../components/alert'
import { audienceLabel } from '../../../components/audience-chip'
import { CheckboxField } from '../../../components/checkbox-field'
import { Dialog } from '../../../components/dialog'
import { PageLoading } from '../../../components/page-loading'
import { SearchField } from '../../../components/search-field'
import { t } from '../../../i18n'
import { toApiError, type ApiError } from '../../../lib/api'
import { genericErrorText, requestIdText } from '../../../lib/error-message'
import { formatTime } from '../../../lib/format'
import { addDocuments, getClientDocuments, type Folder } from '../queries'

type AddDocumentsDialogProps = {
  open: boolean
  folder: Folder
  clientName?: string
  onClose: () => void
  onAdded: (count: number) => void
}

/** Picks documents of the folder's client that are not in it yet; adds the chosen ones. */
export function AddDocumentsDialog(props: AddDocumentsDialogProps) {
  return (
    <Dialog
      open={props.open}
      title={t('folders.picker.title')}
      description={t('folders.picker.description', { name: props.clientName ?? '' })}
      onClose={() => props.onClose()}
    >
      <Suspense fallback={<PageLoading />}>
        <Picker {...props} />
      </Suspense>
    </Dialog>
  )
}

function Picker(props: AddDocumentsDialogProps) {
  const add = useAction(addDocuments)
  const documents = createAsync(() => getClientDocuments(props.folder.clientId))
  const [search, setSearch] = createSignal('')
  const [chosen, setChosen] = createSignal<string[]>([])
  const [error, setError] = createSignal('')
  const [failure, setFailure] = createSignal<ApiError>()
  const [pending, setPending] = createSignal(false)
  const inFolder = () => new Set(props.folder.documents.map((doc) => doc.id))
  const available = () => (documents() ?? []).filter((doc) => !inFolder().has(doc.id))
  const shown = () => {
    const wanted = search().trim().toLocaleLowerCase('de')
    return available().filter((doc) =>
      `${doc.title} ${doc.filename}`.toLocaleLowerCase('de').includes(wanted),
    )
  }
  const toggle = (id: string, checked: boolean) => {
    setError('')
    setChosen((ids) => (checked ? [...ids, id] : ids.filter((other) => other !== id)))
  }

  async function submit() {
    if (pending()) return
    if (chosen().length === 0) return void setError(t('folders.picker.nothingChosen'))
    setPending(true)
    setFailure(undefined)
    try {
      await add({ folderId: props.folder.id, documentIds: chosen() })
      props.onAdded(chosen().length)
      props.onClose()
    } catch (thrown) {
      setFailure(toApiError(thrown))
    } finally {
      setPending(false)
    }
  }

  return (
    <div class="folder-picker">
      <Show
        when={available().length > 0}
        fallback={<p class="muted">{t('folders.picker.none')}</p>}
      >
        <SearchField
          id="folder-picker-search"
          label={t('folders.picker.search')}
          placeholder={t('folders.picker.search')}
          value={search()}
          onInput={setSearch}
        />
        <fieldset class="folder-picker__list">
          <legend class="visually-hidden">{t('folders.picker.listLabel')}</legend>
          <Show
            when={shown().length > 0}
            fallback={
              <p class="muted">{t('folders.picker.noMatch', { query: search().trim() })}</p>
            }
          >
            <For each={shown()}>
              {(doc) => (
                <CheckboxField
                  id={`pick-${doc.id}`}
                  label={doc.title}
                  hint={[
                    doc.filename !== doc.title ? doc.filename : '',
                    formatTime(doc.createdAt, 'date'),
                    audienceLabel({ kind: doc.audience, clientName: props.clientName }),
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                  checked={chosen().includes(doc.id)}
                  onChange={(checked) => toggle(doc.id, checked)}
                />
              )}
            </For>
          </Show>
        </fieldset>
      </Show>
      <Show when={error()}>
        <Alert tone="error">{error()}</Alert>
      </Show>
      <Show when={failure()}>
        {(problem) => (
          <Alert tone="error" detail={requestIdText(problem())}>
            {problem().code === 'not_found' ? t('errors.notAllowed') : genericErrorText(problem())}
          </Alert>
        )}
      </Show>
      <div class="form__actions">
        <button type="button" class="button button--secondary" onClick={() => props.onClose()}>
          {t('common.cancel')}
        </button>
        <Show when={available().length > 0}>
          <button
            type="button"
            class="button button--primary"
            classList={{ 'button--pending': pending() }}
            aria-disabled={pending() ? 'true' : undefined}
            onClick={() => void submit()}
          >
            <span class="button__spinner" aria-hidden="true" />
            <span>
              {chosen().length > 0
                ? t('folders.picker.submitCount', { count: chosen().length })
                : t('folders.picker.submit')}
            </span>
          </button>
        </Show>
      </div>
    </div>
  )
}
