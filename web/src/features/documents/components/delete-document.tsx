import { createAsync, useAction, useNavigate } from '@solidjs/router'
import { createSignal, Show } from 'solid-js'
import { Alert } from '../../../components/alert'
import { Dialog } from '../../../components/dialog'
import { TextAreaField } from '../../../components/textarea-field'
import { t } from '../../../i18n'
import { toApiError } from '../../../lib/api'
import { genericErrorText } from '../../../lib/error-message'
import { formatTime } from '../../../lib/format'
import { deleteDocument, getLifecycle, restoreDocument } from '../queries'

/**
 * Delete and restore on the document page, as the lifecycle preview allows: clients delete their
 * own uploads softly (the firm keeps them), staff for good with a reason — unless the retention
 * period or a legal hold blocks it, which is said instead of a button.
 */
export function DeleteDocument(props: { itemId: string; backHref: string }) {
  const navigate = useNavigate()
  const lifecycle = createAsync(() => getLifecycle(props.itemId).catch(() => undefined))
  const remove = useAction(deleteDocument)
  const restore = useAction(restoreDocument)
  const [open, setOpen] = createSignal(false)
  const [reason, setReason] = createSignal('')
  const [reasonError, setReasonError] = createSignal<string>()
  const hard = () => lifecycle()?.delete.mode === 'hard'

  const [failure, setFailure] = createSignal<string>()
  const [pending, setPending] = createSignal(false)

  async function confirm(event: SubmitEvent) {
    event.preventDefault()
    if (pending()) return
    if (hard() && reason().trim().length < 3) return setReasonError(t('lifecycle.reasonMissing'))
    setReasonError(undefined)
    setFailure(undefined)
    setPending(true)
    try {
      await remove({ itemId: props.itemId, reason: reason().trim() || undefined })
      setOpen(false)
      navigate(props.backHref)
    } catch (thrown) {
      const code = toApiError(thrown).code
      setFailure(
        code === 'retention_period_running' || code === 'legal_hold' || code === 'request_accepted'
          ? t(`lifecycle.refused.${code}`)
          : genericErrorText(thrown),
      )
    } finally {
      setPending(false)
    }
  }

  return (
    <Show when={lifecycle()}>
      {(current) => (
        <div class="lifecycle">
          <Show when={current().deleted}>
            {(deleted) => (
              <p class="status status--danger">
                {t('lifecycle.deletedBy', {
                  name: deleted().by.displayName ?? t('documents.someone'),
                  date: formatTime(deleted().at, 'date'),
                })}
              </p>
            )}
          </Show>
          <Show when={hard() && current().deleted}>
            <button type="button" class="button button--secondary button--small" onClick={() => void restore(props.itemId)}>
              {t('lifecycle.restore')}
            </button>
          </Show>
          <Show when={current().delete.allowed && !(current().delete.mode === 'soft' && current().deleted)}>
            <button type="button" class="button button--secondary button--small lifecycle__delete" onClick={() => setOpen(true)}>
              {t('lifecycle.delete')}
            </button>
          </Show>
          <Show when={hard() && current().delete.blockedBy}>
            {(block) => (
              <p class="muted lifecycle__block">
                {block() === 'legal_hold'
                  ? t('lifecycle.legalHold')
                  : t('lifecycle.retention', { date: formatTime(current().retention?.endsAt, 'date') })}
              </p>
            )}
          </Show>
          <Dialog
            open={open()}
            title={t('lifecycle.title')}
            description={hard() ? t('lifecycle.hardText') : t('lifecycle.softText')}
            onClose={() => setOpen(false)}
          >
            <form class="form" novalidate onSubmit={confirm}>
              <Show when={failure()}>
                <Alert tone="error">{failure()}</Alert>
              </Show>
              <Show when={hard()}>
                <TextAreaField id="delete-reason" label={t('lifecycle.reason')} value={reason()} onInput={setReason} error={reasonError()} rows={2} maxLength={2000} />
              </Show>
              <div class="form__actions">
                <button type="button" class="button button--secondary" onClick={() => setOpen(false)}>
                  {t('common.cancel')}
                </button>
                <button type="submit" class="button button--danger" classList={{ 'button--pending': pending() }}>
                  <span class="button__spinner" aria-hidden="true" />
                  <span>{t('lifecycle.delete')}</span>
                </button>
              </div>
            </form>
          </Dialog>
        </div>
      )}
    </Show>
  )
}
