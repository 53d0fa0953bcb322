import { createAsync, useAction } from '@solidjs/router'
import { createSignal, ErrorBoundary, For, Show } from 'solid-js'
import { Alert } from '../../../components/alert'
import { ConfirmDialog } from '../../../components/confirm-dialog'
import { EmptyState } from '../../../components/empty-state'
import { LoadError } from '../../../components/load-error'
import { t } from '../../../i18n'
import { usePageTitle } from '../../../lib/page-title'
import { useAccount } from '../../auth/account-context'
import { typeName } from '../components/appointment-row'
import { TypeEditor } from '../components/type-editor'
import { appointmentErrorText } from '../errors'
import { deleteType, getTypes, type AppointmentType } from '../queries'
import '../appointments.css'

/** /termine/arten (staff): the kinds of appointment clients can book, with the editor. */
export default function TypesPage() {
  usePageTitle('appointments.types.title')
  const account = useAccount()
  const [editing, setEditing] = createSignal<AppointmentType | 'new'>()
  return (
    <div class="page appointments-page">
      <header class="page-head page-head--with-action">
        <div>
          <p class="eyebrow eyebrow--on-dark">{t('appointments.types.eyebrow')}</p>
          <h1 id="page-title" class="page-head__title">
            {t('appointments.types.title')}
          </h1>
          <p class="page-head__lead">{t('appointments.types.lead')}</p>
        </div>
        <Show when={!editing()}>
          <div class="page-head__actions">
            <button type="button" class="button button--brass" onClick={() => setEditing('new')}>
              {t('appointments.types.new')}
            </button>
          </div>
        </Show>
      </header>
      <div class="stack">
        <Show
          when={editing()}
          fallback={
            <>
              <ErrorBoundary fallback={(error, reset) => <LoadError error={error} onRetry={reset} notFoundTitle={t('appointments.detail.notFound')} />}>
                <TypeList onEdit={setEditing} />
              </ErrorBoundary>
            </>
          }
        >
          {(e) => (
            <section class="panel" aria-labelledby="editor-title">
              <h2 id="editor-title" class="panel__title">
                {e() === 'new' ? t('appointments.types.editorNew') : t('appointments.types.editorEdit')}
              </h2>
              <TypeEditor
                type={e() === 'new' ? undefined : (e() as AppointmentType)}
                isAdmin={Boolean(account()?.isAdmin)}
                me={account()!.id}
                onDone={() => setEditing(undefined)}
              />
            </section>
          )}
        </Show>
      </div>
    </div>
  )
}

function TypeList(props: { onEdit: (type: AppointmentType) => void }) {
  const types = createAsync(() => getTypes())
  const remove = useAction(deleteType)
  const [deleting, setDeleting] = createSignal<AppointmentType>()
  const [error, setError] = createSignal<string>()
  return (
    <Show when={types()}>
      {(list) => (
        <>
          <Show when={error()}>{(e) => <Alert tone="error">{e()}</Alert>}</Show>
          <Show when={list().length > 0} fallback={<section class="panel"><EmptyState title={t('appointments.types.empty')} /></section>}>
            <section class="panel" aria-labelledby="page-title">
              <ul class="item-list">
                <For each={list()}>
                  {(x) => (
                    <li class="item type-row" data-type-id={x.id}>
                      <div class="item__body">
                        <p class="item__title">
                          <span>{typeName(x)}</span>
                          <Show when={!x.active}>
                            {' '}
                            <span class="badge badge--standalone badge--info">{t('appointments.types.inactive')}</span>
                          </Show>
                          <Show when={x.requiresConfirmation}>
                            {' '}
                            <span class="badge badge--standalone badge--brass">{t('appointments.status.pending')}</span>
                          </Show>
                        </p>
                        <p class="item__meta">
                          {t('appointments.types.summary', { duration: x.durationMinutes, location: t(`appointments.location.${x.location}`), notice: x.noticeHours, horizon: x.horizonDays })}
                          <Show when={x.staffName}>{(n) => ` · ${n()}`}</Show>
                        </p>
                      </div>
                      <div class="type-row__actions">
                        <button type="button" class="button button--secondary button--small" onClick={() => props.onEdit(x)}>
                          {t('appointments.types.edit')}
                        </button>
                        <button type="button" class="button button--danger button--small" onClick={() => setDeleting(x)}>
                          {t('appointments.types.delete')}
                        </button>
                      </div>
                    </li>
                  )}
                </For>
              </ul>
            </section>
          </Show>
          <ConfirmDialog
            open={Boolean(deleting())}
            title={t('appointments.types.deleteTitle')}
            text={t('appointments.types.deleteText', { name: deleting() ? typeName(deleting()!) : '' })}
            confirmLabel={t('appointments.types.delete')}
            danger
            onConfirm={async () => {
              setError(undefined)
              await remove(deleting()!.id).catch((err) => setError(appointmentErrorText(err)))
            }}
            onClose={() => setDeleting(undefined)}
          />
        </>
      )}
    </Show>
  )
}
