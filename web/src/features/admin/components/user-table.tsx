import { For, Match, Show, Switch } from 'solid-js'
import { t } from '../../../i18n'
import type { CurrentAccount } from '../../auth/queries'
import type { AccountRow } from '../queries'
import { FactorStatus } from './factor-status'

type UserTableProps = {
  accounts: AccountRow[]
  me: CurrentAccount
  onToggleDisabled: (account: AccountRow) => void
  onResetFactors: (account: AccountRow) => void
}

/** Whether the caller may act on this account: not on oneself, and only admins on staff. */
function mayManage(account: AccountRow, me: CurrentAccount): boolean {
  return account.id !== me.id && (account.kind !== 'staff' || me.isAdmin)
}

/** Disabled, invited (not yet accepted) or active. */
function AccountState(props: { account: AccountRow }) {
  return (
    <Switch
      fallback={
        <span class="badge badge--standalone badge--success">{t('users.status.active')}</span>
      }
    >
      <Match when={props.account.disabledAt}>
        <span class="badge badge--standalone badge--danger">{t('users.status.disabled')}</span>
      </Match>
      <Match when={props.account.invitationPending}>
        <span class="badge badge--standalone badge--info">{t('users.status.invited')}</span>
      </Match>
    </Switch>
  )
}

/**
 * The user list: a table on wide screens; on phones every row becomes a card (each cell then
 * shows its column name, taken from data-label by the stylesheet).
 */
export function UserTable(props: UserTableProps) {
  return (
    <table class="users">
      <caption class="visually-hidden">{t('users.caption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('users.columns.person')}</th>
          <th scope="col">{t('users.columns.kind')}</th>
          <th scope="col">{t('users.columns.factor')}</th>
          <th scope="col">{t('users.columns.status')}</th>
          <th scope="col">
            <span class="visually-hidden">{t('users.columns.actions')}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        <For each={props.accounts}>
          {(account) => (
            <tr classList={{ 'users__row--disabled': Boolean(account.disabledAt) }}>
              <th scope="row" class="users__person">
                <span class="users__name">
                  {account.displayName}
                  <Show when={account.id === props.me.id}>
                    <span class="badge">{t('users.you')}</span>
                  </Show>
                </span>
                <span class="users__email">{account.email}</span>
              </th>
              <td data-label={t('users.columns.kind')}>
                <span class="users__value">
                  {t(`users.kind.${account.kind}`)}
                  <Show when={account.isAdmin}>
                    <span class="badge badge--brass">{t('users.admin')}</span>
                  </Show>
                </span>
              </td>
              <td data-label={t('users.columns.factor')}>
                <span class="users__value">
                  <FactorStatus account={account} />
                </span>
              </td>
              <td data-label={t('users.columns.status')}>
                <span class="users__value">
                  <AccountState account={account} />
                </span>
              </td>
              <td class="users__actions">
                <Show when={mayManage(account, props.me)}>
                  <div class="users__buttons">
                    <button
                      type="button"
                      class="button button--secondary button--small"
                      aria-label={t(
                        account.disabledAt ? 'users.enableLabel' : 'users.disableLabel',
                        { name: account.displayName },
                      )}
                      onClick={() => props.onToggleDisabled(account)}
                    >
                      {account.disabledAt ? t('users.enable') : t('users.disable')}
                    </button>
                    <Show when={account.factors.length > 0}>
                      <button
                        type="button"
                        class="button button--secondary button--small"
                        aria-label={t('users.resetLabel', { name: account.displayName })}
                        onClick={() => props.onResetFactors(account)}
                      >
                        {t('users.reset.action')}
                      </button>
                    </Show>
                  </div>
                </Show>
              </td>
            </tr>
          )}
        </For>
      </tbody>
    </table>
  )
}
