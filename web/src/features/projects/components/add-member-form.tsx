import { useAction } from '@solidjs/router'
import { createSignal, Show } from 'solid-js'
import { Alert } from '../../../components/alert'
import { SelectField } from '../../../components/select-field'
import { t } from '../../../i18n'
import { toApiError, type ApiError } from '../../../lib/api'
import { genericErrorText, requestIdText } from '../../../lib/error-message'
import type { Member } from '../../clients/queries'
import { addParticipant } from '../queries'

type AddMemberFormProps = {
  projectId: string
  candidates: Member[]
  onAdded: (name: string) => void
}

/** Adds one of the client's people to the project (chosen from those not yet in it). */
export function AddMemberForm(props: AddMemberFormProps) {
  const add = useAction(addParticipant)
  const [chosen, setChosen] = createSignal('')
  const [pending, setPending] = createSignal(false)
  const [failure, setFailure] = createSignal<ApiError>()
  const selected = () =>
    props.candidates.find((member) => member.accountId === chosen()) ?? props.candidates[0]!

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    if (pending()) return
    const member = selected()
    setPending(true)
    setFailure(undefined)
    try {
      await add({ projectId: props.projectId, person: { accountId: member.accountId } })
      setChosen('')
      props.onAdded(member.displayName)
    } catch (thrown) {
      setFailure(toApiError(thrown))
    } finally {
      setPending(false)
    }
  }

  return (
    <form class="form inline-form participants__add" novalidate onSubmit={submit}>
      <Show when={failure()}>
        {(error) => (
          <Alert tone="error" detail={requestIdText(error())}>
            {error().code === 'not_found'
              ? t('participants.errors.notAllowed')
              : genericErrorText(error())}
          </Alert>
        )}
      </Show>
      <SelectField
        id="participant-member"
        label={t('participants.addMember')}
        value={selected().accountId}
        options={props.candidates.map((member) => ({
          value: member.accountId,
          label: member.displayName,
        }))}
        onChange={setChosen}
      />
      <div class="inline-form__actions">
        <button
          type="submit"
          class="button button--secondary"
          classList={{ 'button--pending': pending() }}
          aria-disabled={pending() ? 'true' : undefined}
        >
          <span class="button__spinner" aria-hidden="true" />
          <span>{t('participants.addSubmit')}</span>
        </button>
      </div>
    </form>
  )
}
