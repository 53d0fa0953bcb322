import { useAction } from '@solidjs/router'
import { createSignal, For, Show } from 'solid-js'
import { Alert } from '../../../components/alert'
import { t } from '../../../i18n'
import { requestIdText } from '../../../lib/error-message'
import { documentAdminErrorText } from '../error-text'
import { updateCategory } from '../queries'
import { CategoryRow, type EditableCategory, type RenameState } from './category-row'
import { createStore } from 'solid-js/store'

/** A change to one category of a table: name, position, archived (true) or restored (false). */
export type CategoryChange = { id: string; name?: string; position?: number; archived?: boolean }

/**
 * One group of categories (firm-wide, one project type, one client): active ones in their order
 * with up/down, then the archived ones. Moving renumbers the group in steps of ten, so equal
 * positions (the default) still move.
 */
export function CategoryTable(props: {
  categories: EditableCategory[]
  label: string
  idPrefix: string
  /** Saves a change; default: a document category. Other lists (request categories) pass their own. */
  update?: (change: CategoryChange) => Promise<unknown>
  /** The notice after archiving; default: the document categories' (documents filed keep it). */
  archivedNotice?: (name: string) => string
  /** The sentence for a refused change; default: the document admin's. */
  errorText?: (error: unknown) => string
}) {
  const updateDocumentCategory = useAction(updateCategory)
  const update = (change: CategoryChange) => (props.update ?? updateDocumentCategory)(change)
  const errorText = (error: unknown) => (props.errorText ?? documentAdminErrorText)(error)
  const [failure, setFailure] = createSignal<unknown>()
  const [notice, setNotice] = createSignal<string>()
  const [busy, setBusy] = createSignal(false)
  const [rename, setRename] = createStore<RenameState>({ id: null, name: '' })
  const active = () => props.categories.filter((c) => !c.archivedAt)
  const archived = () => props.categories.filter((c) => c.archivedAt)

  async function run(work: () => Promise<unknown>, done?: string) {
    if (busy()) return false
    setBusy(true)
    setFailure(undefined)
    setNotice(undefined)
    try {
      await work()
      if (done) setNotice(done)
      return true
    } catch (thrown) {
      setFailure(thrown)
      return false
    } finally {
      setBusy(false)
    }
  }

  function move(index: number, by: -1 | 1) {
    const order = [...active()]
    const [moved] = order.splice(index, 1)
    order.splice(index + by, 0, moved!)
    return run(async () => {
      for (const [i, category] of order.entries())
        if (category.position !== (i + 1) * 10) await update({ id: category.id, position: (i + 1) * 10 })
    })
  }

  return (
    <div class="category-table">
      <Show when={failure()}>
        {(error) => (
          <Alert tone="error" detail={requestIdText(error())}>
            {errorText(error())}
          </Alert>
        )}
      </Show>
      <Show when={notice()}>{(text) => <Alert tone="success">{text()}</Alert>}</Show>
      <Show when={props.categories.length > 0} fallback={<p class="muted">{t('documentAdmin.categories.empty')}</p>}>
        <ul class="category-list" aria-label={props.label}>
          <For each={[...active(), ...archived()]}>
            {(category, index) => (
              <CategoryRow
                category={category}
                rename={rename}
                setRename={setRename}
                idPrefix={props.idPrefix}
                first={index() === 0 || Boolean(category.archivedAt)}
                last={index() >= active().length - 1}
                busy={busy()}
                onMove={(by) => void move(index(), by)}
                onRename={(name) => run(() => update({ id: category.id, name }), t('documentAdmin.categories.saved'))}
                onArchive={(archive) =>
                  void run(
                    () => update({ id: category.id, archived: archive }),
                    archive && props.archivedNotice
                      ? props.archivedNotice(category.name)
                      : t(archive ? 'documentAdmin.categories.archivedDone' : 'documentAdmin.categories.restoredDone', {
                          name: category.name,
                        }),
                  )
                }
              />
            )}
          </For>
        </ul>
      </Show>
    </div>
  )
}
