import { useAction } from '@solidjs/router'
import { createSignal, Show } from 'solid-js'
import { Alert } from '../../../components/alert'
import { CheckboxField } from '../../../components/checkbox-field'
import { ConfirmDialog } from '../../../components/confirm-dialog'
import { Dialog } from '../../../components/dialog'
import { SubmitButton } from '../../../components/submit-button'
import { TextAreaField } from '../../../components/textarea-field'
import { t } from '../../../i18n'
import { toApiError, type ApiError } from '../../../lib/api'
import { genericErrorText, requestIdText } from '../../../lib/error-message'
import { acceptRequest, returnRequest, type DocumentRequest } from '../queries'

type DecideRequestProps = { request: DocumentRequest; clientName?: string; onDecided: (text: string) => void }

/**
 * Staff decide on what came in: accept (optionally sharing the files with everyone at the
 * client, an explicit widening) or return with a reason the uploaders read and get by mail.
 */
export function DecideRequest(props: DecideRequestProps) {
  const accept = useAction(acceptRequest)
  const [accepting, setAccepting] = createSignal(false)
  const [returning, setReturning] = createSignal(false)
  const [share, setShare] = createSignal(false)
  return (
    <div class="decide">
      <button type="button" class="button button--primary button--small" onClick={() => setAccepting(true)}>
        {t('requests.accept')}
      </button>
      <button type="button" class="button button--secondary button--small" onClick={() => setReturning(true)}>
        {t('requests.return')}
      </button>
      <ConfirmDialog
        open={accepting()}
        title={t('requests.acceptTitle')}
        text={t('requests.acceptText')}
        confirmLabel={t('requests.accept')}
        onClose={() => setAccepting(false)}
        onConfirm={async () => {
          await accept({ requestId: props.request.id, shareWithClient: share() })
          props.onDecided(t('requests.accepted'))
        }}
      >
        <CheckboxField
          id="accept-share"
          label={props.clientName ? t('requests.shareWith', { name: props.clientName }) : t('requests.shareWithPlain')}
          hint={t('requests.shareHint')}
          checked={share()}
          onChange={setShare}
        />
      </ConfirmDialog>
      <ReturnDialog
        open={returning()}
        requestId={props.request.id}
        onClose={() => setReturning(false)}
        onReturned={() => props.onDecided(t('requests.returned'))}
      />
    </div>
  )
}

function ReturnDialog(props: { open: boolean; requestId: string; onClose: () => void; onReturned: () => void }) {
  const send = useAction(returnRequest)
  const [reason, setReason] = createSignal('')
  const [error, setError] = createSignal<string>()
  const [failure, setFailure] = createSignal<ApiError>()
  const [pending, setPending] = createSignal(false)
  async function submit(event: SubmitEvent) {
    event.preventDefault()
    if (pending()) return
    if (reason().trim().length < 3) return setError(t('requests.reasonMissing'))
    setError(undefined)
    setFailure(undefined)
    setPending(true)
    try {
      await send({ requestId: props.requestId, reason: reason().trim() })
      setReason('')
      props.onClose()
      props.onReturned()
    } catch (thrown) {
      setFailure(toApiError(thrown))
    } finally {
      setPending(false)
    }
  }
  return (
    <Dialog open={props.open} title={t('requests.returnTitle')} description={t('requests.returnText')} onClose={() => props.onClose()}>
      <form class="form" novalidate onSubmit={submit}>
        <Show when={failure()}>
          {(f) => (
            <Alert tone="error" detail={requestIdText(f())}>
              {f().code === 'not_found' ? t('errors.notAllowed') : genericErrorText(f())}
            </Alert>
          )}
        </Show>
        <TextAreaField id="return-reason" label={t('requests.reason')} hint={t('requests.reasonHint')} value={reason()} onInput={setReason} error={error()} rows={4} maxLength={2000} />
        <div class="form__actions">
          <button type="button" class="button button--secondary" onClick={() => props.onClose()}>
            {t('common.cancel')}
          </button>
          <SubmitButton pending={pending()}>{t('requests.returnSubmit')}</SubmitButton>
        </div>
      </form>
    </Dialog>
  )
}
