import { Navigate, createAsync, useAction } from '@solidjs/router'
import { createSignal, Show } from 'solid-js'
import { PlusIcon } from '../../../components/action-icons'
import { Alert } from '../../../components/alert'
import { ConfirmDialog } from '../../../components/confirm-dialog'
import { t } from '../../../i18n'
import { now } from '../../../lib/clock'
import { usePageTitle } from '../../../lib/page-title'
import { useAccount } from '../../auth/account-context'
import { EmailFactorSetting } from '../components/email-factor-setting'
import { InviteDialog } from '../components/invite-dialog'
import { ResetFactorsDialog } from '../components/reset-factors-dialog'
import { UserTable } from '../components/user-table'
import { getAccounts, setAccountDisabled, type AccountRow } from '../queries'
import '../admin.css'

/**
 * /verwaltung/benutzer (staff): everyone with access, their second factor and deadline; invite,
 * disable or enable, reset factors; for admins also the firm-wide e-mail factor switch.
 */
export default function UsersPage() {
  usePageTitle('users.title')
  const me = useAccount()
  return (
    <Show when={me()}>
      {(current) => (
        <Show when={current().kind === 'staff'} fallback={<Navigate href="/" />}>
          <UsersView />
        </Show>
      )}
    </Show>
  )
}

function UsersView() {
  const me = useAccount()
  const loaded = createAsync(() => getAccounts())
  // Workaround: the server reports an open invitation also for accounts that never had one
  // (the first admin); someone signed in or with a factor has certainly accepted.
  const accounts = () =>
    loaded()?.map((account) => ({
      ...account,
      invitationPending:
        Boolean(account.invitationPending) &&
        account.factors.length === 0 &&
        account.id !== me()?.id,
    }))
  const toggle = useAction(setAccountDisabled)
  const [inviting, setInviting] = createSignal(false)
  const [toggling, setToggling] = createSignal<AccountRow>()
  const [resetting, setResetting] = createSignal<AccountRow>()
  const [notice, setNotice] = createSignal<() => string>()

  const count = (test: (account: AccountRow) => boolean) => (accounts() ?? []).filter(test).length
  const withoutFactor = () =>
    count((a) => !a.disabledAt && !a.invitationPending && a.factors.length === 0)
  const overdue = () =>
    count(
      (a) =>
        !a.disabledAt &&
        !a.invitationPending &&
        a.factors.length === 0 &&
        Date.parse(a.mfaDeadline) <= now(),
    )

  return (
    <div class="page users-page">
      <header class="page-head page-head--with-action">
        <div>
          <p class="eyebrow eyebrow--on-dark">{t('users.eyebrow')}</p>
          <h1 id="page-title" class="page-head__title">
            {t('users.title')}
          </h1>
          <p class="page-head__lead">{t('users.lead')}</p>
        </div>
        <button type="button" class="button button--brass" onClick={() => setInviting(true)}>
          <PlusIcon />
          <span>{t('users.invite.open')}</span>
        </button>
      </header>

      <div class="panel">
        <dl class="stats">
          <div class="stats__item">
            <dt>{t('users.stats.people')}</dt>
            <dd>{count((a) => !a.disabledAt && !a.invitationPending)}</dd>
          </div>
          <div class="stats__item">
            <dt>{t('users.stats.invited')}</dt>
            <dd>{count((a) => Boolean(a.invitationPending) && !a.disabledAt)}</dd>
          </div>
          <div class="stats__item" classList={{ 'stats__item--warning': withoutFactor() > 0 }}>
            <dt>{t('users.stats.withoutFactor')}</dt>
            <dd>{withoutFactor()}</dd>
          </div>
          <div class="stats__item" classList={{ 'stats__item--danger': overdue() > 0 }}>
            <dt>{t('users.stats.overdue')}</dt>
            <dd>{overdue()}</dd>
          </div>
        </dl>
        <Show when={notice()}>{(text) => <Alert tone="success">{text()()}</Alert>}</Show>
        <UserTable
          accounts={accounts() ?? []}
          me={me()!}
          onToggleDisabled={setToggling}
          onResetFactors={setResetting}
        />
      </div>

      <Show when={me()?.isAdmin}>
        <section class="panel" aria-labelledby="settings-title">
          <h2 id="settings-title" class="panel__title">
            {t('users.settings.title')}
          </h2>
          <EmailFactorSetting />
        </section>
      </Show>

      <InviteDialog
        open={inviting()}
        isAdmin={me()?.isAdmin ?? false}
        onClose={() => setInviting(false)}
        onInvited={(name, email) => {
          setInviting(false)
          setNotice(() => () => t('users.invite.done', { name, email }))
        }}
      />
      <ConfirmDialog
        open={Boolean(toggling())}
        title={toggling()?.disabledAt ? t('users.enableTitle') : t('users.disableTitle')}
        text={t(toggling()?.disabledAt ? 'users.enableText' : 'users.disableText', {
          name: toggling()?.displayName ?? '',
        })}
        confirmLabel={toggling()?.disabledAt ? t('users.enable') : t('users.disable')}
        danger={!toggling()?.disabledAt}
        onConfirm={async () => {
          const account = toggling()!
          const disabled = !account.disabledAt
          await toggle({ id: account.id, disabled })
          setNotice(() => () =>
            t(disabled ? 'users.disabledDone' : 'users.enabledDone', { name: account.displayName }),
          )
        }}
        onClose={() => setToggling(undefined)}
        refusedText={t('users.errors.notAllowed')}
      />
      <ResetFactorsDialog
        account={resetting()}
        onClose={() => setResetting(undefined)}
        onDone={(account) => {
          setResetting(undefined)
          setNotice(() => () => t('users.reset.done', { name: account.displayName }))
        }}
      />
    </div>
  )
}
