import { createSignal, Index, Show, type JSX } from 'solid-js'
import { PlusIcon } from '../../../components/action-icons'
import { Alert } from '../../../components/alert'
import { TextField } from '../../../components/text-field'
import { requestIdText } from '../../../lib/error-message'
import { documentAdminErrorText } from '../error-text'

export type CategoryNameField = { id: string; label: string; missing: string }

type CategoryAddFormProps = {
  /** The name fields (one, or a German and an English one), each with its "missing" text. */
  names: CategoryNameField[]
  /** Further fields after the names (the document categories' scope). */
  children?: JSX.Element
  addLabel: string
  /** Creates the category from the trimmed names and answers the success notice; throws when refused. */
  add: (names: string[]) => Promise<string>
}

/**
 * The add row above a category list (document and request categories): the names, "Hinzufügen";
 * a missing name is said at its field, a refusal above the row, and what was added as a notice
 * until the next edit.
 */
export function CategoryAddForm(props: CategoryAddFormProps) {
  const [values, setValues] = createSignal<string[]>([])
  const [errors, setErrors] = createSignal<(string | undefined)[]>([])
  const [failure, setFailure] = createSignal<unknown>()
  const [added, setAdded] = createSignal<string>()
  const [pending, setPending] = createSignal(false)

  function edit(index: number, value: string) {
    setValues((all) => Object.assign([...all], { [index]: value }))
    setErrors((all) => Object.assign([...all], { [index]: undefined }))
    setAdded(undefined)
  }

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    if (pending()) return
    setFailure(undefined)
    setAdded(undefined)
    const names = props.names.map((_, index) => (values()[index] ?? '').trim())
    const missing = props.names.map((field, index) => (names[index] ? undefined : field.missing))
    setErrors(missing)
    if (missing.some(Boolean)) return
    setPending(true)
    try {
      const notice = await props.add(names)
      setValues([])
      setAdded(notice)
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
        <Index each={props.names}>
          {(field, index) => (
            <TextField
              id={field().id}
              label={field().label}
              value={values()[index] ?? ''}
              onInput={(value) => edit(index, value)}
              autocomplete="off"
              maxLength={100}
              error={errors()[index]}
            />
          )}
        </Index>
        {props.children}
        <button
          type="submit"
          class="button button--primary add-category__submit"
          classList={{ 'button--pending': pending() }}
          aria-disabled={pending() ? 'true' : undefined}
        >
          <span class="button__spinner" aria-hidden="true" />
          <PlusIcon />
          <span>{props.addLabel}</span>
        </button>
      </div>
    </form>
  )
}
