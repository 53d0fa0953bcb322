import { useAction, useSubmission } from '@solidjs/router'
import { createSignal, Show } from 'solid-js'
import { Alert } from '../../../components/alert'
import { Dialog } from '../../../components/dialog'
import { TextAreaField } from '../../../components/textarea-field'
import { t } from '../../../i18n'
import { toApiError, type ApiError } from '../../../lib/api'
import { genericErrorText, requestIdText } from '../../../lib/error-message'
import { resetFactors, type AccountRow } from '../queries'

type ResetFactorsDialogProps = {
  account: AccountRow | undefined
  onClose: () => void
  onDone: (account: AccountRow) => void
}

/**
 * For a lost phone: removes all of a person's second factors. A reason is required (it goes
 * into the audit trail and the mail to the person), who then has 24 hours to set up a new one.
 */
export function ResetFactorsDialog(props: ResetFactorsDialogProps) {
  return (
    <Dialog
      open={Boolean(props.account)}
      title={t('users.reset.title')}
      description={t('users.reset.text', { name: props.account?.displayName ?? '' })}
      onClose={() => props.onClose()}
    >
      <ResetForm account={props.account!} onCancel={props.onClose} onDone={props.onDone} />
    </Dialog>
  )
}

function ResetForm(props: {
  account: AccountRow
  onCancel: () => void
  onDone: (account: AccountRow) => void
}) {
  const reset = useAction(resetFactors)
  const submission = useSubmission(resetFactors)
  const [reason, setReason] = createSignal('')
  const [error, setError] = createSignal(false)
  const [failure, setFailure] = createSignal<ApiError>()
  let input: HTMLTextAreaElement | undefined

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    if (submission.pending) return
    setFailure(undefined)
    if (reason().trim().length < 3) {
      setError(true)
      input?.focus()
      return
    }
    try {
      await reset({ id: props.account.id, reason: reason().trim() })
      props.onDone(props.account)
    } catch (thrown) {
      setFailure(toApiError(thrown))
    }
  }

  return (
    <form class="form" novalidate onSubmit={submit}>
      <Show when={failure()}>
        {(current) => (
          <Alert tone="error" detail={requestIdText(current())}>
            {current().code === 'not_found'
              ? t('users.errors.notAllowed')
              : genericErrorText(current())}
          </Alert>
        )}
      </Show>
      <TextAreaField
        id="reset-reason"
        label={t('users.reset.reason')}
        hint={t('users.reset.reasonHint')}
        value={reason()}
        onInput={(value) => {
          setReason(value)
          setError(false)
        }}
        maxLength={500}
        error={error() ? t('users.reset.reasonMissing') : undefined}
        ref={(element) => (input = element)}
      />
      <div class="form__actions">
        <button type="button" class="button button--secondary" onClick={() => props.onCancel()}>
          {t('common.cancel')}
        </button>
        <button
          type="submit"
          class="button button--danger"
          classList={{ 'button--pending': submission.pending }}
          aria-disabled={submission.pending ? 'true' : undefined}
        >
          <span class="button__spinner" aria-hidden="true" />
          <span>{t('users.reset.submit')}</span>
        </button>
      </div>
    </form>
  )
}
