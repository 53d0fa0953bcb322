import { A, createAsync, useAction, useNavigate, useParams } from '@solidjs/router'
import { createSignal, ErrorBoundary, Show } from 'solid-js'
import { AudienceChip } from '../../../components/audience-chip'
import { ConfirmDialog } from '../../../components/confirm-dialog'
import { LoadError } from '../../../components/load-error'
import { t } from '../../../i18n'
import { formatTime } from '../../../lib/format'
import { Markdown } from '../../../lib/markdown'
import { usePageTitleText } from '../../../lib/page-title'
import { useAccount } from '../../auth/account-context'
import { getClient } from '../../clients/queries'
import { deleteItem, getItem, type Item } from '../queries'
import '../items.css'

/**
 * /infoseiten/:itemId: an info page as its readers see it, with who can see it. Staff of the
 * client (for group pages: any staff) edit or delete it from here.
 */
export default function InfoPagePage() {
  const params = useParams<{ itemId: string }>()
  return (
    <ErrorBoundary
      fallback={(error, reset) => (
        <LoadError error={error} onRetry={reset} notFoundTitle={t('infoPages.notFound')} />
      )}
    >
      <InfoPageView itemId={params.itemId} />
    </ErrorBoundary>
  )
}

function InfoPageView(props: { itemId: string }) {
  const item = createAsync(() => getItem(props.itemId))
  usePageTitleText(() => item()?.title)
  return <Show when={item()}>{(current) => <InfoPage item={current()} />}</Show>
}

function InfoPage(props: { item: Item }) {
  const account = useAccount()
  const navigate = useNavigate()
  const remove = useAction(deleteItem)
  const [deleting, setDeleting] = createSignal(false)
  const client = createAsync(async () =>
    props.item.clientId && account()?.kind !== 'external'
      ? getClient(props.item.clientId).catch(() => undefined)
      : undefined,
  )
  const mayEdit = () =>
    props.item.audience.kind === 'group' ? account()?.kind === 'staff' : Boolean(client()?.isStaff)
  const back = () =>
    props.item.projectId
      ? { href: `/projekte/${props.item.projectId}`, label: t('infoPages.toProject') }
      : client()
        ? {
            href: `/mandanten/${client()!.id}`,
            label: t('infoPages.toClient', { name: client()!.name }),
          }
        : { href: '/', label: t('common.toStart') }

  return (
    <div class="page info-page">
      <header class="page-head">
        <p class="eyebrow eyebrow--on-dark">{t('infoPages.eyebrow')}</p>
        <h1 id="page-title" class="page-head__title">
          {props.item.title}
        </h1>
        <p class="page-head__lead">
          {t('infoPages.updated', { date: formatTime(props.item.updatedAt, 'dateTime') })}
        </p>
      </header>
      <article class="panel info-page__body" aria-labelledby="page-title">
        <div class="info-page__bar">
          <AudienceChip
            audience={{
              kind: props.item.audience.kind,
              clientName: client()?.name,
              projectName: props.item.audience.projectName,
              groupName: props.item.audience.groupName,
              recipients: props.item.audience.recipients,
            }}
          />
          <Show when={mayEdit()}>
            <div class="info-page__actions">
              <A
                href={`/infoseiten/${props.item.id}/bearbeiten`}
                class="button button--secondary button--small"
              >
                {t('infoPages.edit')}
              </A>
              <button
                type="button"
                class="button button--secondary button--small"
                onClick={() => setDeleting(true)}
              >
                {t('infoPages.delete')}
              </button>
            </div>
          </Show>
        </div>
        <Show
          when={props.item.body?.trim()}
          fallback={<p class="muted">{t('infoPages.emptyBody')}</p>}
        >
          <Markdown source={props.item.body!} class="info-page__text" />
        </Show>
      </article>
      <p class="info-page__back">
        <A href={back().href}>{back().label}</A>
      </p>
      <ConfirmDialog
        open={deleting()}
        title={t('infoPages.deleteTitle')}
        text={t('infoPages.deleteText', { title: props.item.title })}
        confirmLabel={t('infoPages.delete')}
        danger
        onConfirm={async () => {
          const target = back().href
          await remove(props.item.id)
          navigate(target, { replace: true })
        }}
        onClose={() => setDeleting(false)}
      />
    </div>
  )
}
