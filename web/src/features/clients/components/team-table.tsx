import { For, Match, Show, Switch } from 'solid-js'
import { t } from '../../../i18n'
import { formatTime } from '../../../lib/format'
import type { Member } from '../queries'
import { rightLabel } from '../rights'

type TeamTableProps = {
  members: Member[]
  myAccountId?: string
  /** Whether the caller may change or revoke this membership. */
  mayChange: (member: Member) => boolean
  onChange: (member: Member) => void
  onRevoke: (member: Member) => void
}

/** Ended, waiting for the person to accept, expired – or nothing to say (active). */
function MemberState(props: { member: Member }) {
  return (
    <Switch>
      <Match when={props.member.revokedAt}>
        {(at) => (
          <span class="badge badge--standalone">
            {t('team.status.revoked', { date: formatTime(at(), 'date') })}
          </span>
        )}
      </Match>
      <Match when={!props.member.accepted}>
        <span class="badge badge--standalone badge--info">{t('team.status.pending')}</span>
      </Match>
      <Match when={!props.member.active}>
        <span class="badge badge--standalone badge--danger">{t('team.status.expired')}</span>
      </Match>
    </Switch>
  )
}

/**
 * The client's team: who, role and rights, until when, last sign-in. A table on wide screens,
 * cards on phones (each cell then shows its column name from data-label).
 */
export function TeamTable(props: TeamTableProps) {
  return (
    <table class="data-table team">
      <caption class="visually-hidden">{t('team.caption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('team.columns.person')}</th>
          <th scope="col">{t('team.columns.role')}</th>
          <th scope="col">{t('team.columns.expiry')}</th>
          <th scope="col">{t('team.columns.lastSignIn')}</th>
          <th scope="col">
            <span class="visually-hidden">{t('team.columns.actions')}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        <For each={props.members}>
          {(member) => (
            <tr classList={{ 'data-table__row--muted': !member.active }}>
              <th scope="row" class="data-table__person">
                <span class="data-table__name">
                  {member.displayName}
                  <Show when={member.accountId === props.myAccountId}>
                    <span class="badge">{t('team.you')}</span>
                  </Show>
                </span>
                <span class="data-table__sub">{member.email}</span>
                <Show when={member.grantedBy}>
                  <span class="data-table__sub">
                    {t('team.grantedBy', {
                      name: member.grantedBy!,
                      date: formatTime(member.createdAt, 'date'),
                    })}
                  </span>
                </Show>
              </th>
              <td data-label={t('team.columns.role')}>
                <span class="data-table__value">
                  <span class="team__role">
                    {t(`roles.${member.role}`)}
                    <Show when={member.narrowedRights}>
                      <span class="badge badge--brass">{t('team.narrowed')}</span>
                    </Show>
                  </span>
                  <span class="team__rights">
                    {member.narrowedRights
                      ? member.rights.map(rightLabel).join(', ') || t('team.noRights')
                      : t('team.allRights')}
                  </span>
                </span>
              </td>
              <td data-label={t('team.columns.expiry')}>
                <span class="data-table__value">
                  <Show when={member.expiresAt} fallback={t('team.noExpiry')}>
                    {(at) => formatTime(at(), 'date')}
                  </Show>
                  <MemberState member={member} />
                </span>
              </td>
              <td data-label={t('team.columns.lastSignIn')}>
                <span class="data-table__value">
                  <Show
                    when={member.lastSignInAt}
                    fallback={
                      <span class="muted">
                        {member.accepted ? t('team.neverSignedIn') : t('team.notYetAccepted')}
                      </span>
                    }
                  >
                    {(at) => formatTime(at(), 'dateTime')}
                  </Show>
                </span>
              </td>
              <td class="data-table__actions">
                <Show when={props.mayChange(member)}>
                  <div class="data-table__buttons">
                    <button
                      type="button"
                      class="button button--secondary button--small"
                      aria-label={t('team.change.label', { name: member.displayName })}
                      onClick={() => props.onChange(member)}
                    >
                      {t('team.change.action')}
                    </button>
                    <button
                      type="button"
                      class="button button--secondary button--small"
                      aria-label={t('team.revoke.label', { name: member.displayName })}
                      onClick={() => props.onRevoke(member)}
                    >
                      {t('team.revoke.action')}
                    </button>
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
