import { Show } from 'solid-js'
import type { SetStoreFunction } from 'solid-js/store'
import { TextField } from '../../../components/text-field'
import { t } from '../../../i18n'

/** What the row needs of a category (document categories, request categories): hint is shown beside the name. */
export type EditableCategory = { id: string; name: string; position: number; archivedAt: string | null; hint?: string }

/**
 * The rename in progress, kept by the table: a refetch (every change revalidates the list)
 * recreates the rows, and the open field with what was typed must survive it.
 */
export type RenameState = { id: string | null; name: string; error?: string }

type CategoryRowProps = {
  category: EditableCategory
  rename: RenameState
  setRename: SetStoreFunction<RenameState>
  idPrefix: string
  first: boolean
  last: boolean
  busy: boolean
  onMove: (by: -1 | 1) => void
  /** Resolves true when the name was saved (the field closes), false to keep it open. */
  onRename: (name: string) => Promise<boolean>
  onArchive: (archive: boolean) => void
}

/** One category: its name (renamed in place), up/down for active ones, archive or restore. */
export function CategoryRow(props: CategoryRowProps) {
  const editing = () => props.rename.id === props.category.id
  const name = () => props.rename.name
  const error = () => props.rename.error
  const setName = (value: string) => props.setRename('name', value)
  const setError = (value: string | undefined) => props.setRename('error', value)
  const setEditing = (on: boolean) => props.setRename(on ? { id: props.category.id } : { id: null })
  const fieldId = () => `${props.idPrefix}-rename-${props.category.id}`

  function startEditing() {
    props.setRename({ id: props.category.id, name: props.category.name, error: undefined })
  }

  async function save(event: SubmitEvent) {
    event.preventDefault()
    const next = name().trim()
    if (!next) return void setError(t('documentAdmin.categories.nameMissing'))
    if (next === props.category.name || (await props.onRename(next))) setEditing(false)
  }

  return (
    <li class="category-row" classList={{ 'category-row--archived': Boolean(props.category.archivedAt) }}>
      <Show
        when={editing()}
        fallback={
          <p class="category-row__name">
            <span>{props.category.name}</span>
            <Show when={props.category.hint}>
              <span class="category-row__hint">{props.category.hint}</span>
            </Show>
            <Show when={props.category.archivedAt}>
              <span class="badge">{t('documentAdmin.categories.archived')}</span>
            </Show>
          </p>
        }
      >
        <form class="category-row__rename" novalidate onSubmit={save}>
          <TextField
            id={fieldId()}
            label={t('documentAdmin.categories.renameLabel', { name: props.category.name })}
            value={name()}
            onInput={(value) => {
              setName(value)
              setError(undefined)
            }}
            autocomplete="off"
            maxLength={100}
            error={error()}
          />
          <div class="category-row__actions">
            <button type="submit" class="button button--primary button--small">
              {t('common.save')}
            </button>
            <button type="button" class="button button--secondary button--small" onClick={() => setEditing(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      </Show>
      <Show when={!editing()}>
        <div class="category-row__actions">
          <Show when={!props.category.archivedAt}>
            <button
              type="button"
              class="button button--secondary button--small category-row__move"
              aria-label={t('documentAdmin.categories.up', { name: props.category.name })}
              title={t('documentAdmin.categories.up', { name: props.category.name })}
              disabled={props.first || props.busy}
              onClick={() => props.onMove(-1)}
            >
              <span aria-hidden="true">↑</span>
            </button>
            <button
              type="button"
              class="button button--secondary button--small category-row__move"
              aria-label={t('documentAdmin.categories.down', { name: props.category.name })}
              title={t('documentAdmin.categories.down', { name: props.category.name })}
              disabled={props.last || props.busy}
              onClick={() => props.onMove(1)}
            >
              <span aria-hidden="true">↓</span>
            </button>
          </Show>
          <button type="button" class="button button--secondary button--small" onClick={startEditing}>
            {t('documentAdmin.categories.rename')}
          </button>
          <button
            type="button"
            class="button button--secondary button--small"
            disabled={props.busy}
            onClick={() => props.onArchive(!props.category.archivedAt)}
          >
            {props.category.archivedAt ? t('documentAdmin.categories.restore') : t('documentAdmin.categories.archive')}
          </button>
        </div>
      </Show>
    </li>
  )
}
