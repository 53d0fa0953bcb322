import { A, createAsync, useAction } from '@solidjs/router'
import { createSignal, ErrorBoundary, For, Show } from 'solid-js'
import { ConfirmDialog } from '../../../components/confirm-dialog'
import { EmptyState } from '../../../components/empty-state'
import { LoadError } from '../../../components/load-error'
import { t } from '../../../i18n'
import { formatTime } from '../../../lib/format'
import { usePageTitle } from '../../../lib/page-title'
import { useAccount } from '../../auth/account-context'
import { getShare, getShares, revokeShare, type ShareRow, type ShareStatus } from '../queries'
import '../shares.css'

const STATUS_TONE: Record<ShareStatus, string> = {
  active: 'badge--success',
  expired: 'badge--info',
  revoked: 'badge--danger',
  exhausted: 'badge--brass',
}

export function StatusChip(props: { status: ShareStatus }) {
  return <span class={`badge badge--standalone ${STATUS_TONE[props.status]}`}>{t(`shares.status.${props.status}`)}</span>
}

/**
 * /freigaben: the download links the caller made (staff: all links of their clients) with their
 * status, downloads against the limit and expiry; per link the access log and "Widerrufen".
 */
export default function SharesPage() {
  usePageTitle('shares.list.title')
  const account = useAccount()
  return (
    <div class="page shares-page">
      <header class="page-head page-head--with-action">
        <div>
          <p class="eyebrow eyebrow--on-dark">{t('shares.list.eyebrow')}</p>
          <h1 id="page-title" class="page-head__title">
            {t('shares.list.title')}
          </h1>
          <p class="page-head__lead">
            {account()?.kind === 'staff' ? t('shares.list.leadStaff') : t('shares.list.lead')}
          </p>
        </div>
        <Show when={account()?.kind === 'staff' && account()?.isAdmin}>
          <div class="page-head__actions">
            <A href="/verwaltung/freigaben" class="button button--on-dark">
              {t('shares.list.rules')}
            </A>
          </div>
        </Show>
      </header>
      <div class="stack">
        <ErrorBoundary fallback={(error, reset) => <LoadError error={error} onRetry={reset} notFoundTitle={t('shares.list.notFound')} />}>
          <ShareList />
        </ErrorBoundary>
      </div>
    </div>
  )
}

function ShareList() {
  const shares = createAsync(() => getShares())
  return (
    <Show when={shares()}>
      {(list) => (
        <Show
          when={list().length > 0}
          fallback={
            <section class="panel">
              <EmptyState title={t('shares.list.emptyTitle')} text={t('shares.list.empty')} />
            </section>
          }
        >
          <section class="panel" aria-labelledby="page-title">
            <ul class="item-list share-list">
              <For each={list()}>{(share) => <ShareItem share={share} />}</For>
            </ul>
          </section>
        </Show>
      )}
    </Show>
  )
}

function ShareItem(props: { share: ShareRow }) {
  const revoke = useAction(revokeShare)
  const [open, setOpen] = createSignal(false)
  const [confirming, setConfirming] = createSignal(false)
  const isUpload = () => props.share.kind === 'upload'
  const title = () =>
    isUpload()
      ? t('shares.list.uploadLink', { title: props.share.target?.title ?? '' })
      : props.share.items.length === 1
      ? props.share.items[0]!.title
      : t('shares.list.several', { first: props.share.items[0]?.title ?? '', count: props.share.items.length - 1 })
  const detailId = () => `share-detail-${props.share.id}`
  return (
    <li class="item share-item" data-share-id={props.share.id}>
      <div class="share-item__head">
        <div class="item__body">
          <p class="item__title">
            <span>{title()}</span> <StatusChip status={props.share.status} />
          </p>
          <p class="item__meta">
            {isUpload()
              ? t('shares.list.uploads', {
                  n: props.share.uploads ?? 0,
                  limit: props.share.maxFiles ?? t('shares.list.unlimited'),
                })
              : t('shares.list.downloads', {
                  n: props.share.downloads,
                  limit: props.share.maxDownloads ?? t('shares.list.unlimited'),
                })}
            {' · '}
            {t(props.share.status === 'expired' ? 'shares.list.expired' : 'shares.list.expires', {
              date: formatTime(props.share.expiresAt, 'dateTime'),
            })}
            <Show when={props.share.hasPassword}>{` · ${t('shares.list.password')}`}</Show>
            <Show when={props.share.recipientEmail}>{(email) => ` · ${t('shares.list.to', { email: email() })}`}</Show>
          </p>
          <p class="item__meta">
            <Show when={props.share.clientName}>{(name) => <span class="share-item__client">{t('shares.list.client', { name: name() })} · </span>}</Show>
            {t('shares.list.createdBy', {
              name: props.share.createdBy.displayName ?? '—',
              date: formatTime(props.share.createdAt, 'dateTime'),
            })}
          </p>
        </div>
        <div class="share-item__actions">
          <button
            type="button"
            class="button button--secondary button--small"
            aria-expanded={open() ? 'true' : 'false'}
            aria-controls={detailId()}
            onClick={() => setOpen(!open())}
          >
            {open() ? t('shares.list.hideLog') : t('shares.list.showLog')}
          </button>
          <Show when={props.share.status === 'active'}>
            <button type="button" class="button button--danger button--small" onClick={() => setConfirming(true)}>
              {t('shares.list.revoke')}
            </button>
          </Show>
        </div>
      </div>
      <Show when={open()}>
        <div id={detailId()} class="share-item__detail">
          <ErrorBoundary fallback={(error, reset) => <LoadError error={error} onRetry={reset} notFoundTitle={t('shares.list.notFound')} />}>
            <AccessLog shareId={props.share.id} />
          </ErrorBoundary>
        </div>
      </Show>
      <ConfirmDialog
        open={confirming()}
        title={t('shares.revoke.title')}
        text={t('shares.revoke.text', { title: title() })}
        confirmLabel={t('shares.list.revoke')}
        danger
        onConfirm={() => revoke(props.share.id)}
        onClose={() => setConfirming(false)}
      />
    </li>
  )
}

function AccessLog(props: { shareId: string }) {
  const detail = createAsync(() => getShare(props.shareId))
  return (
    <Show when={detail()}>
      {(share) => (
        <>
        <Show when={share().received?.length}>
          <ul class="share-received" aria-label={t('shares.log.received')}>
            <For each={share().received}>
              {(file) => (
                <li>
                  <A href={`/dokumente/${file.documentId}`}>{file.filename}</A>{' '}
                  <span class="muted">{t('shares.log.receivedFrom', { name: file.guestName, email: file.guestEmail, date: formatTime(file.at, 'dateTime') })}</span>
                </li>
              )}
            </For>
          </ul>
        </Show>
        <Show when={share().accesses.length > 0} fallback={<p class="muted">{t('shares.log.empty')}</p>}>
          <table class="data-table share-log">
            <caption class="visually-hidden">{t('shares.log.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('shares.log.at')}</th>
                <th scope="col">{t('shares.log.action')}</th>
                <th scope="col">{t('shares.log.file')}</th>
                <th scope="col">{t('shares.log.ip')}</th>
              </tr>
            </thead>
            <tbody>
              <For each={share().accesses}>
                {(access) => (
                  <tr>
                    <td data-label={t('shares.log.at')}>{formatTime(access.at, 'dateTime')}</td>
                    <td data-label={t('shares.log.action')}>
                      <span class="share-log__action" classList={{ 'share-log__action--denied': access.action === 'denied' }}>
                        {t(`shares.log.actions.${access.action}`)}
                      </span>
                    </td>
                    <td data-label={t('shares.log.file')}>{access.filename ?? '—'}</td>
                    <td data-label={t('shares.log.ip')} class="share-log__ip">
                      {access.ip ?? '—'}
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </Show>
        </>
      )}
    </Show>
  )
}
