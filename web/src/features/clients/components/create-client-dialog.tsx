import { useAction, useSubmission } from '@solidjs/router'
import { createSignal, For, Show } from 'solid-js'
import { Alert } from '../../../components/alert'
import { Dialog } from '../../../components/dialog'
import { SubmitButton } from '../../../components/submit-button'
import { TextField } from '../../../components/text-field'
import { t } from '../../../i18n'
import { toApiError, type ApiError } from '../../../lib/api'
import { genericErrorText, requestIdText } from '../../../lib/error-message'
import { createClient, type ClientSummary } from '../queries'

type CreateClientDialogProps = {
  open: boolean
  onClose: () => void
  onCreated: (id: string) => void
}

/** Staff create a client (a company or a private person); they look after it from then on. */
export function CreateClientDialog(props: CreateClientDialogProps) {
  return (
    <Dialog
      open={props.open}
      title={t('clients.create.title')}
      description={t('clients.create.text')}
      onClose={() => props.onClose()}
    >
      <CreateClientForm onCancel={props.onClose} onCreated={props.onCreated} />
    </Dialog>
  )
}

function CreateClientForm(props: { onCancel: () => void; onCreated: (id: string) => void }) {
  const create = useAction(createClient)
  const submission = useSubmission(createClient)
  const [name, setName] = createSignal('')
  const [kind, setKind] = createSignal<ClientSummary['kind']>('organisation')
  const [error, setError] = createSignal<string>()
  const [failure, setFailure] = createSignal<ApiError>()
  let input: HTMLInputElement | undefined

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    if (submission.pending) return
    setFailure(undefined)
    if (!name().trim()) {
      setError(t('clients.create.nameMissing'))
      input?.focus()
      return
    }
    try {
      const created = await create({ name: name().trim(), kind: kind() })
      props.onCreated(created.id)
    } catch (thrown) {
      setFailure(toApiError(thrown))
    }
  }

  return (
    <form class="form" novalidate onSubmit={submit}>
      <Show when={failure()}>
        {(failed) => (
          <Alert tone="error" detail={requestIdText(failed())}>
            {failed().code === 'not_found' ? t('errors.notAllowed') : genericErrorText(failed())}
          </Alert>
        )}
      </Show>
      <TextField
        id="client-name"
        label={t('clients.create.name')}
        hint={t('clients.create.nameHint')}
        value={name()}
        onInput={(value) => {
          setName(value)
          setError(undefined)
        }}
        autocomplete="off"
        maxLength={200}
        error={error()}
        ref={(element) => (input = element)}
      />
      <fieldset class="form__section">
        <legend class="field__label">{t('clients.create.kind')}</legend>
        <div class="segmented">
          <For each={['organisation', 'person'] as const}>
            {(option) => (
              <label class="segmented__option">
                <input
                  type="radio"
                  name="client-kind"
                  value={option}
                  checked={kind() === option}
                  onChange={() => setKind(option)}
                />
                <span>{t(`clients.kind.${option}`)}</span>
              </label>
            )}
          </For>
        </div>
      </fieldset>
      <div class="form__actions">
        <button type="button" class="button button--secondary" onClick={() => props.onCancel()}>
          {t('common.cancel')}
        </button>
        <SubmitButton pending={submission.pending ?? false}>
          {t('clients.create.submit')}
        </SubmitButton>
      </div>
    </form>
  )
}
