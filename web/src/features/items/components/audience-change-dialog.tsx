import { Show } from 'solid-js'
import { audienceLabel, type AudienceView } from '../../../components/audience-chip'
import { ConfirmDialog } from '../../../components/confirm-dialog'
import { t } from '../../../i18n'
import { formatList } from '../../../lib/format'
import { audienceChange, type AudienceChoice, type KnownPeople } from '../audience-change'

type AudienceChangeDialogProps = {
  open: boolean
  clientName: string
  projectName?: string
  before: AudienceChoice
  after: AudienceChoice
  people: KnownPeople
  onConfirm: () => Promise<unknown>
  onClose: () => void
}

/**
 * The explicit step before an audience changes: from what to what, and by name who will newly
 * see the page (or no longer see it). Nothing widens without this confirmation.
 */
export function AudienceChangeDialog(props: AudienceChangeDialogProps) {
  const change = () => audienceChange(props.before, props.after, props.people)
  const view = (choice: AudienceChoice): AudienceView => ({
    kind: choice.kind,
    clientName: props.clientName,
    projectName: props.projectName,
    recipients: choice.recipients.map((id) => ({
      id,
      displayName: props.people.names.get(id) ?? t('participants.unnamed'),
    })),
  })
  return (
    <ConfirmDialog
      open={props.open}
      title={change().widens ? t('audienceChange.widenTitle') : t('audienceChange.title')}
      text={t('audienceChange.text', {
        from: audienceLabel(view(props.before)),
        to: audienceLabel(view(props.after)),
      })}
      confirmLabel={change().widens ? t('audienceChange.widen') : t('audienceChange.confirm')}
      refusedText={t('editor.errors.notAllowed')}
      onConfirm={props.onConfirm}
      onClose={props.onClose}
    >
      <div class="audience-change">
        <Show when={change().added.length > 0}>
          <p class="audience-change__line audience-change__line--added">
            {t('audienceChange.added', { names: formatList(change().added) })}
          </p>
        </Show>
        <Show when={change().added.length === 0 && change().widens}>
          <p class="audience-change__line audience-change__line--added">
            {t('audienceChange.addedLater')}
          </p>
        </Show>
        <Show when={change().removed.length > 0}>
          <p class="audience-change__line">
            {t('audienceChange.removed', { names: formatList(change().removed) })}
          </p>
        </Show>
        <Show when={props.after.kind === 'client' || props.after.kind === 'project'}>
          <p class="audience-change__note">{t('audienceChange.future')}</p>
        </Show>
      </div>
    </ConfirmDialog>
  )
}
