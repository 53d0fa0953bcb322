import { createAsync, useAction } from '@solidjs/router'
import { createSignal, For, Show } from 'solid-js'
import { PlusIcon } from '../../../components/action-icons'
import { Alert } from '../../../components/alert'
import { ConfirmDialog } from '../../../components/confirm-dialog'
import { PersonIcon } from '../../../components/object-icons'
import { t } from '../../../i18n'
import { formatTime } from '../../../lib/format'
import { getMembers, type Client } from '../../clients/queries'
import { managesTeam } from '../../clients/rights'
import { removeParticipant, type Participant, type ProjectDetail } from '../queries'
import { AddMemberForm } from './add-member-form'
import { InviteOutsideDialog } from './invite-outside-dialog'

type ParticipantsProps = { project: ProjectDetail; client?: Client }

/**
 * Who takes part in the project. Staff add the client's people and invite outside participants;
 * the client's managers add their own people, and outside ones only where staff allow it.
 */
export function Participants(props: ParticipantsProps) {
  const remove = useAction(removeParticipant)
  const [inviting, setInviting] = createSignal(false)
  const [removing, setRemoving] = createSignal<Participant>()
  const [notice, setNotice] = createSignal<() => string>()
  const mayAddMembers = () => Boolean(props.client && managesTeam(props.client))
  const mayInviteOutside = () =>
    Boolean(props.client?.isStaff || (mayAddMembers() && props.client?.managersInviteOutside))
  const mayRemove = (participant: Participant) =>
    participant.kind === 'member' ? mayAddMembers() : mayInviteOutside()
  const members = createAsync(async () =>
    props.client && mayAddMembers() ? getMembers(props.client.id).catch(() => []) : [],
  )
  const candidates = () =>
    (members() ?? []).filter(
      (member) =>
        member.active &&
        !props.project.participants.some((person) => person.accountId === member.accountId),
    )
  const nameOf = (participant: Participant) =>
    participant.displayName ?? t('participants.unnamed')

  return (
    <>
      <Show when={notice()}>{(text) => <Alert tone="success">{text()()}</Alert>}</Show>
      <Show
        when={props.project.participants.length > 0}
        fallback={<p class="muted participants__empty">{t('participants.empty')}</p>}
      >
        <ul class="item-list participants">
          <For each={props.project.participants}>
            {(participant) => (
              <li class="item item--compact">
                <span class="item__icon" aria-hidden="true">
                  <PersonIcon />
                </span>
                <div class="item__body">
                  <p class="item__title">{nameOf(participant)}</p>
                  <p class="item__meta">
                    <span
                      class="badge badge--standalone"
                      classList={{ 'badge--brass': participant.kind === 'outside' }}
                    >
                      {t(`participants.kind.${participant.kind}`)}
                    </span>{' '}
                    {t('participants.since', { date: formatTime(participant.createdAt, 'date') })}
                  </p>
                </div>
                <Show when={mayRemove(participant)}>
                  <button
                    type="button"
                    class="button button--secondary button--small"
                    aria-label={t('participants.removeLabel', { name: nameOf(participant) })}
                    onClick={() => setRemoving(participant)}
                  >
                    {t('participants.remove')}
                  </button>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={mayAddMembers() && candidates().length > 0}>
        <AddMemberForm
          projectId={props.project.id}
          candidates={candidates()}
          onAdded={(name) => setNotice(() => () => t('participants.added', { name }))}
        />
      </Show>
      <Show when={mayInviteOutside()}>
        <button
          type="button"
          class="button button--secondary participants__invite"
          onClick={() => setInviting(true)}
        >
          <PlusIcon />
          <span>{t('participants.inviteOutside')}</span>
        </button>
      </Show>
      <Show when={mayAddMembers() && !mayInviteOutside()}>
        <p class="field__hint participants__note">{t('participants.outsideByFirm')}</p>
      </Show>
      <InviteOutsideDialog
        open={inviting()}
        projectId={props.project.id}
        projectName={props.project.name}
        onClose={() => setInviting(false)}
        onInvited={(name) => {
          setInviting(false)
          setNotice(() => () => t('participants.invited', { name }))
        }}
      />
      <ConfirmDialog
        open={Boolean(removing())}
        title={t('participants.removeTitle')}
        text={t('participants.removeText', {
          name: removing() ? nameOf(removing()!) : '',
          project: props.project.name,
        })}
        confirmLabel={t('participants.remove')}
        danger
        onConfirm={async () => {
          const participant = removing()!
          await remove({ projectId: props.project.id, accountId: participant.accountId })
          setNotice(() => () => t('participants.removed', { name: nameOf(participant) }))
        }}
        onClose={() => setRemoving(undefined)}
      />
    </>
  )
}
