import { useAction } from '@solidjs/router'
import { createSignal, Show } from 'solid-js'
import { Alert } from '../../../components/alert'
import { Dialog } from '../../../components/dialog'
import { SubmitButton } from '../../../components/submit-button'
import { TextField } from '../../../components/text-field'
import { t } from '../../../i18n'
import { toApiError, type ApiError } from '../../../lib/api'
import { genericErrorText, requestIdText } from '../../../lib/error-message'
import { createGroup } from '../queries'

type CreateGroupDialogProps = {
  open: boolean
  onClose: () => void
  onCreated: (name: string) => void
}

/** Staff name a new group of clients. */
export function CreateGroupDialog(props: CreateGroupDialogProps) {
  return (
    <Dialog
      open={props.open}
      title={t('groups.create.title')}
      description={t('groups.create.text')}
      onClose={() => props.onClose()}
    >
      <CreateGroupForm onCancel={props.onClose} onCreated={props.onCreated} />
    </Dialog>
  )
}

function CreateGroupForm(props: { onCancel: () => void; onCreated: (name: string) => void }) {
  const create = useAction(createGroup)
  const [name, setName] = createSignal('')
  const [error, setError] = createSignal<string>()
  const [failure, setFailure] = createSignal<ApiError>()
  const [pending, setPending] = createSignal(false)
  let input: HTMLInputElement | undefined

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    if (pending()) return
    setFailure(undefined)
    if (!name().trim()) {
      setError(t('groups.create.nameMissing'))
      return void input?.focus()
    }
    setPending(true)
    try {
      await create(name().trim())
      props.onCreated(name().trim())
    } catch (thrown) {
      const failed = toApiError(thrown)
      if (failed.code === 'conflict') {
        setError(t('groups.create.nameTaken'))
        input?.focus()
      } else setFailure(failed)
    } finally {
      setPending(false)
    }
  }

  return (
    <form class="form" novalidate onSubmit={submit}>
      <Show when={failure()}>
        {(failed) => (
          <Alert tone="error" detail={requestIdText(failed())}>
            {genericErrorText(failed())}
          </Alert>
        )}
      </Show>
      <TextField
        id="group-name"
        label={t('groups.create.name')}
        hint={t('groups.create.nameHint')}
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
      <div class="form__actions">
        <button type="button" class="button button--secondary" onClick={() => props.onCancel()}>
          {t('common.cancel')}
        </button>
        <SubmitButton pending={pending()}>{t('groups.create.submit')}</SubmitButton>
      </div>
    </form>
  )
}
