import { createAsync, useAction } from '@solidjs/router'
import { batch, createSignal, Show } from 'solid-js'
import { PlusIcon } from '../../../components/action-icons'
import { Alert } from '../../../components/alert'
import { ConfirmDialog } from '../../../components/confirm-dialog'
import { EmptyState } from '../../../components/empty-state'
import { UsersIcon } from '../../../components/object-icons'
import { t } from '../../../i18n'
import { useAccount } from '../../auth/account-context'
import { useClient } from '../client-context'
import { MemberDialog } from '../components/member-dialog'
import { TeamTable } from '../components/team-table'
import { getMembers, revokeMember, type Client, type Member } from '../queries'
import { managesTeam, mayChange } from '../rights'

/**
 * The client's team. Staff and members with "Team verwalten" invite people, change role, rights
 * and expiry, and end access; everyone else sees the team read-only.
 */
export default function ClientTeam() {
  const client = useClient()
  return <Show when={client()}>{(current) => <Team client={current()} />}</Show>
}

function Team(props: { client: Client }) {
  const me = useAccount()
  const members = createAsync(() => getMembers(props.client.id))
  const revoke = useAction(revokeMember)
  const [inviting, setInviting] = createSignal(false)
  const [changing, setChanging] = createSignal<Member>()
  const [revoking, setRevoking] = createSignal<Member>()
  const [notice, setNotice] = createSignal<() => string>()
  const manages = () => managesTeam(props.client)
  const current = () => (members() ?? []).filter((member) => !member.revokedAt)
  const former = () => (members() ?? []).filter((member) => member.revokedAt)
  const own = () => current().find((member) => member.accountId === me()?.id)

  return (
    <div class="stack">
      <section class="panel" aria-labelledby="team-title">
        <div class="panel__head">
          <div>
            <h2 id="team-title" class="panel__title">
              {t('team.title')}
            </h2>
            <p class="panel__lead">
              {manages() ? t('team.lead', { client: props.client.name }) : t('team.readOnly')}
            </p>
          </div>
          <Show when={manages()}>
            <button type="button" class="button button--primary" onClick={() => setInviting(true)}>
              <PlusIcon />
              <span>{t('team.invite.open')}</span>
            </button>
          </Show>
        </div>
        <Show when={notice()}>{(text) => <Alert tone="success">{text()()}</Alert>}</Show>
        <Show
          when={current().length > 0}
          fallback={
            <EmptyState
              icon={<UsersIcon />}
              title={t('team.empty')}
              text={manages() ? t('team.emptyText') : undefined}
            />
          }
        >
          <TeamTable
            members={current()}
            myAccountId={me()?.id}
            mayChange={(member) => manages() && mayChange(props.client, member, me()?.id ?? '')}
            onChange={setChanging}
            onRevoke={setRevoking}
          />
        </Show>
      </section>

      <Show when={former().length > 0}>
        <section class="panel" aria-labelledby="former-title">
          <details class="disclosure">
            <summary class="disclosure__summary">
              <h2 id="former-title" class="disclosure__title">
                {t('team.former', { count: former().length })}
              </h2>
            </summary>
            <TeamTable
              members={former()}
              myAccountId={me()?.id}
              mayChange={() => false}
              onChange={() => undefined}
              onRevoke={() => undefined}
            />
          </details>
        </section>
      </Show>

      <MemberDialog
        open={inviting() || Boolean(changing())}
        client={props.client}
        member={changing()}
        own={own()}
        onClose={() =>
          batch(() => {
            setInviting(false)
            setChanging(undefined)
          })
        }
        onDone={(name) => {
          const changed = Boolean(changing())
          batch(() => {
            setInviting(false)
            setChanging(undefined)
            const key = changed
              ? 'team.change.done'
              : props.client.isStaff
                ? 'team.invite.done'
                : 'team.invite.donePending'
            setNotice(() => () => t(key, { name }))
          })
        }}
      />
      <ConfirmDialog
        open={Boolean(revoking())}
        title={t('team.revoke.title')}
        text={t('team.revoke.text', {
          name: revoking()?.displayName ?? '',
          client: props.client.name,
        })}
        confirmLabel={t('team.revoke.confirm')}
        danger
        refusedText={t('team.errors.cannotRevoke')}
        onConfirm={async () => {
          const member = revoking()!
          await revoke({ clientId: props.client.id, memberId: member.id })
          setNotice(() => () => t('team.revoke.done', { name: member.displayName }))
        }}
        onClose={() => setRevoking(undefined)}
      />
    </div>
  )
}
