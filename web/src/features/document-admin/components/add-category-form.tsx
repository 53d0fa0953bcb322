import { useAction } from '@solidjs/router'
import { createSignal, Show } from 'solid-js'
import { PlusIcon } from '../../../components/action-icons'
import { Alert } from '../../../components/alert'
import { SelectField } from '../../../components/select-field'
import { TextField } from '../../../components/text-field'
import { t } from '../../../i18n'
import { requestIdText } from '../../../lib/error-message'
import { PROJECT_TYPES, type ProjectType } from '../../projects/queries'
import { documentAdminErrorText } from '../error-text'
import { createCategory } from '../queries'

/**
 * Adds a category: for one client (clientId given) or, on the admin page, firm-wide or for one
 * project type (chosen in the select). New ones go to the end of their group.
 */
export function AddCategoryForm(props: { clientId?: string; idPrefix: string; nextPosition: (projectType: ProjectType | null) => number }) {
  const create = useAction(createCategory)
  const [name, setName] = createSignal('')
  const [scope, setScope] = createSignal<'' | ProjectType>('')
  const [error, setError] = createSignal<string>()
  const [failure, setFailure] = createSignal<unknown>()
  const [added, setAdded] = createSignal<string>()
  const [pending, setPending] = createSignal(false)

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    if (pending()) return
    setFailure(undefined)
    setAdded(undefined)
    const trimmed = name().trim()
    if (!trimmed) return void setError(t('documentAdmin.categories.nameMissing'))
    const projectType = scope() || null
    setPending(true)
    try {
      await create({
        name: trimmed,
        clientId: props.clientId ?? null,
        projectType,
        position: Math.min(1000, props.nextPosition(projectType)),
      })
      setName('')
      setAdded(t('documentAdmin.categories.added', { name: trimmed }))
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
          id={`${props.idPrefix}-new-category`}
          label={t('documentAdmin.categories.addName')}
          value={name()}
          onInput={(value) => {
            setName(value)
            setError(undefined)
            setAdded(undefined)
          }}
          autocomplete="off"
          maxLength={100}
          error={error()}
        />
        <Show when={!props.clientId}>
          <SelectField
            id={`${props.idPrefix}-new-category-scope`}
            label={t('documentAdmin.categories.addFor')}
            value={scope()}
            options={[
              { value: '', label: t('documentAdmin.categories.forFirm') },
              ...PROJECT_TYPES.map((type) => ({
                value: type,
                label: t('documentAdmin.categories.forType', { type: t(`projects.type.${type}`) }),
              })),
            ]}
            onChange={(value) => setScope(value as '' | ProjectType)}
          />
        </Show>
        <button
          type="submit"
          class="button button--primary add-category__submit"
          classList={{ 'button--pending': pending() }}
          aria-disabled={pending() ? 'true' : undefined}
        >
          <span class="button__spinner" aria-hidden="true" />
          <PlusIcon />
          <span>{t('documentAdmin.categories.add')}</span>
        </button>
      </div>
    </form>
  )
}
