import { createAsync, Navigate, useAction } from '@solidjs/router'
import { createSignal, Show } from 'solid-js'
import { Alert } from '../../../components/alert'
import { ConfirmDialog } from '../../../components/confirm-dialog'
import { TextField } from '../../../components/text-field'
import { t } from '../../../i18n'
import { ApiError } from '../../../lib/api'
import { usePageTitle } from '../../../lib/page-title'
import { useAccount } from '../../auth/account-context'
import { formatTime } from '../../../lib/format'
import { mandateEndRecord, RetentionTable } from '../components/retention-table'
import { operationsErrorText } from '../error-text'
import { deleteClient, getRetentionList, type RetentionEntry } from '../queries'
import '../operations.css'

/**
 * /verwaltung/aufbewahrung (staff): clients whose retention ended (deletion proposals; admins
 * delete after typing the client number) and clients whose mandate ended but are still retained.
 */
export default function RetentionPage() {
  usePageTitle('operations.title')
  const me = useAccount()
  return (
    <Show when={me()}>
      {(current) => (
        <Show when={current().kind === 'staff'} fallback={<Navigate href="/" />}>
          <Retention />
        </Show>
      )}
    </Show>
  )
}

function Retention() {
  const list = createAsync(() => getRetentionList())
  const remove = useAction(deleteClient)
  const [target, setTarget] = createSignal<RetentionEntry>()
  const [typed, setTyped] = createSignal('')
  const [notice, setNotice] = createSignal<string>()
  const due = () => list()?.clients.filter((c) => c.due) ?? []
  const upcoming = () => list()?.clients.filter((c) => !c.due) ?? []

  return (
    <div class="page retention-page">
      <header class="page-head">
        <p class="eyebrow eyebrow--on-dark">{t('operations.eyebrow')}</p>
        <h1 id="page-title" class="page-head__title">
          {t('operations.title')}
        </h1>
        <p class="page-head__lead">{t('operations.lead', { years: list()?.retentionYears ?? 6 })}</p>
      </header>
      <section class="panel" aria-labelledby="retention-due-title">
        <h2 id="retention-due-title" class="panel__title">
          {t('operations.dueTitle')}
        </h2>
        <Show when={notice()}>{(text) => <Alert tone="success">{text()}</Alert>}</Show>
        <Show when={due().length > 0} fallback={<p class="muted">{t('operations.dueEmpty')}</p>}>
          <RetentionTable
            clients={due()}
            caption={t('operations.dueTitle')}
            onDelete={(entry) => {
              setNotice(undefined)
              setTyped('')
              setTarget(entry)
            }}
          />
        </Show>
      </section>

      <section class="panel" aria-labelledby="retention-upcoming-title">
        <h2 id="retention-upcoming-title" class="panel__title">
          {t('operations.upcomingTitle')}
        </h2>
        <Show when={upcoming().length > 0} fallback={<p class="muted">{t('operations.upcomingEmpty')}</p>}>
          <RetentionTable clients={upcoming()} caption={t('operations.upcomingTitle')} />
        </Show>
      </section>

      <ConfirmDialog
        open={Boolean(target())}
        danger
        title={t('operations.deleteTitle', { name: target()?.name ?? '' })}
        text={t('operations.deleteText')}
        confirmLabel={t('operations.delete')}
        errorText={operationsErrorText}
        onConfirm={async () => {
          const entry = target()!
          if (typed().trim() !== entry.number) throw new ApiError('confirmation_mismatch', { status: 400 })
          const result = await remove({ clientId: entry.id, confirmNumber: typed().trim() })
          setNotice(t('operations.deleted', { name: entry.name, documents: result.documents, files: result.files }))
        }}
        onClose={() => setTarget(undefined)}
      >
        <Show when={target() && mandateEndRecord(target()!)}>
          {(record) => (
            <p class="muted">
              {t('operations.deleteRecord', { ended: formatTime(`${target()!.mandateEndedAt}T12:00:00Z`, 'date'), record: record() })}
            </p>
          )}
        </Show>
        <TextField
          id="confirm-client-number"
          label={t('operations.confirmNumber', { number: target()?.number ?? '' })}
          value={typed()}
          autocomplete="off"
          onInput={setTyped}
        />
      </ConfirmDialog>
    </div>
  )
}
