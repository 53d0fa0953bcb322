import { createAsync, useAction } from '@solidjs/router'
import { createSignal, Show } from 'solid-js'
import { Alert } from '../../../components/alert'
import { ConfirmDialog } from '../../../components/confirm-dialog'
import { LockIcon } from '../../../components/icons'
import { TextAreaField } from '../../../components/textarea-field'
import { t } from '../../../i18n'
import { requestIdText } from '../../../lib/error-message'
import { formatTime } from '../../../lib/format'
import { documentAdminErrorText } from '../error-text'
import { getRetention, liftLegalHold, placeLegalHold } from '../queries'

/**
 * The client's legal hold for its staff: who placed it, when and why, and lifting it (asked once);
 * without one, a reason and "Sperre setzen". While it holds, no document of the client is deleted.
 */
export function LegalHoldSetting(props: { clientId: string }) {
  const retention = createAsync(() => getRetention(props.clientId))
  const place = useAction(placeLegalHold)
  const lift = useAction(liftLegalHold)
  const [reason, setReason] = createSignal('')
  const [error, setError] = createSignal<string>()
  const [failure, setFailure] = createSignal<unknown>()
  const [notice, setNotice] = createSignal<string>()
  const [pending, setPending] = createSignal(false)
  const [lifting, setLifting] = createSignal(false)

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    if (pending()) return
    setFailure(undefined)
    setNotice(undefined)
    if (reason().trim().length < 3) return void setError(t('documentAdmin.hold.reasonMissing'))
    setPending(true)
    try {
      await place({ clientId: props.clientId, reason: reason().trim() })
      setReason('')
      setNotice(t('documentAdmin.hold.placed'))
    } catch (thrown) {
      setFailure(thrown)
    } finally {
      setPending(false)
    }
  }

  return (
    <div class="legal-hold">
      <Show when={failure()}>
        {(failed) => (
          <Alert tone="error" detail={requestIdText(failed())}>
            {documentAdminErrorText(failed())}
          </Alert>
        )}
      </Show>
      <Show when={notice()}>{(text) => <Alert tone="success">{text()}</Alert>}</Show>
      <Show
        when={retention()?.legalHold}
        fallback={
          <Show when={retention()}>
            <p class="muted">{t('documentAdmin.hold.none')}</p>
            <form class="form" novalidate onSubmit={submit}>
              <TextAreaField
                id="legal-hold-reason"
                label={t('documentAdmin.hold.reason')}
                hint={t('documentAdmin.hold.reasonHint')}
                value={reason()}
                onInput={(value) => {
                  setReason(value)
                  setError(undefined)
                }}
                rows={2}
                maxLength={2000}
                error={error()}
              />
              <div class="form__actions">
                <button
                  type="submit"
                  class="button button--primary"
                  classList={{ 'button--pending': pending() }}
                  aria-disabled={pending() ? 'true' : undefined}
                >
                  <span class="button__spinner" aria-hidden="true" />
                  <span>{t('documentAdmin.hold.place')}</span>
                </button>
              </div>
            </form>
          </Show>
        }
      >
        {(hold) => (
          <div class="legal-hold__active">
            <p class="legal-hold__title">
              <LockIcon class="icon" />
              <span>{t('documentAdmin.hold.active')}</span>
            </p>
            <p class="legal-hold__reason">{hold().reason}</p>
            <p class="muted">
              {t('documentAdmin.hold.placedBy', {
                name: hold().placedByName ?? t('documentAdmin.hold.someone'),
                date: formatTime(hold().placedAt, 'dateTime'),
              })}
            </p>
            <button type="button" class="button button--secondary" onClick={() => setLifting(true)}>
              {t('documentAdmin.hold.lift')}
            </button>
          </div>
        )}
      </Show>
      <ConfirmDialog
        open={lifting()}
        title={t('documentAdmin.hold.liftTitle')}
        text={t('documentAdmin.hold.liftText')}
        confirmLabel={t('documentAdmin.hold.lift')}
        onConfirm={async () => {
          setNotice(undefined)
          setFailure(undefined)
          await lift(props.clientId)
          setNotice(t('documentAdmin.hold.lifted'))
        }}
        onClose={() => setLifting(false)}
        refusedText={t('documentAdmin.errors.not_found')}
      />
    </div>
  )
}
