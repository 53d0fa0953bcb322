import { createAsync, useAction } from '@solidjs/router'
import { createSignal, For, Show } from 'solid-js'
import { Alert } from '../../../components/alert'
import { PersonIcon } from '../../../components/object-icons'
import { SelectField } from '../../../components/select-field'
import { t } from '../../../i18n'
import { toApiError, type ApiError } from '../../../lib/api'
import { genericErrorText, requestIdText } from '../../../lib/error-message'
import { getAccounts } from '../../admin/queries'
import { assignStaff, type Client } from '../queries'

/**
 * Who at the firm looks after the client. Admins assign further staff from the firm's accounts;
 * everyone else sees the list.
 */
export function StaffAssignment(props: { client: Client; isAdmin: boolean }) {
  return (
    <>
      <ul class="item-list">
        <For each={props.client.staff}>
          {(person) => (
            <li class="item">
              <span class="item__icon" aria-hidden="true">
                <PersonIcon />
              </span>
              <div class="item__body">
                <p class="item__title">{person.displayName}</p>
                <p class="item__meta">{person.email}</p>
              </div>
            </li>
          )}
        </For>
      </ul>
      <Show when={props.isAdmin} fallback={<p class="muted">{t('clientSettings.adminsAssign')}</p>}>
        <AssignForm client={props.client} />
      </Show>
    </>
  )
}

function AssignForm(props: { client: Client }) {
  const assign = useAction(assignStaff)
  const accounts = createAsync(() => getAccounts())
  const candidates = () =>
    (accounts() ?? []).filter(
      (account) =>
        account.kind === 'staff' &&
        !account.disabledAt &&
        !props.client.staff.some((person) => person.id === account.id),
    )
  const [chosen, setChosen] = createSignal('')
  const [pending, setPending] = createSignal(false)
  const [done, setDone] = createSignal<string>()
  const [failure, setFailure] = createSignal<ApiError>()

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    const id = chosen() || candidates()[0]?.id
    if (!id || pending()) return
    const name = candidates().find((account) => account.id === id)?.displayName ?? ''
    setPending(true)
    setFailure(undefined)
    setDone(undefined)
    try {
      await assign({ clientId: props.client.id, accountId: id })
      setChosen('')
      setDone(name)
    } catch (thrown) {
      setFailure(toApiError(thrown))
    } finally {
      setPending(false)
    }
  }

  return (
    <Show
      when={candidates().length > 0}
      fallback={<p class="muted">{t('clientSettings.noMoreStaff')}</p>}
    >
      <form class="form inline-form" novalidate onSubmit={submit}>
        <Show when={failure()}>
          {(error) => (
            <Alert tone="error" detail={requestIdText(error())}>
              {genericErrorText(error())}
            </Alert>
          )}
        </Show>
        <Show when={done()}>
          {(name) => <Alert tone="success">{t('clientSettings.assigned', { name: name() })}</Alert>}
        </Show>
        <SelectField
          id="assign-staff"
          label={t('clientSettings.assign')}
          value={chosen() || candidates()[0]!.id}
          options={candidates().map((account) => ({
            value: account.id,
            label: `${account.displayName} (${account.email})`,
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
            <span>{t('clientSettings.assignSubmit')}</span>
          </button>
        </div>
      </form>
    </Show>
  )
}
