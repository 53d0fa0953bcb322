import { A } from '@solidjs/router'
import { createMemo, createSignal, For, Show, type JSX } from 'solid-js'
import { AudienceChip } from '../../../components/audience-chip'
import { SearchField } from '../../../components/search-field'
import { SelectField } from '../../../components/select-field'
import { locale, t } from '../../../i18n'
import { formatTime } from '../../../lib/format'
import { uploaderText, type DocumentRow } from '../queries'
import { extensionOf, formatBytes } from '../upload/file-check'

type DocumentListProps = {
  documents: DocumentRow[]
  /** Staff see receipts and deleted documents; others their own state ("Neu", "Bitte bestätigen"). */
  staff: boolean
  clientName?: string
  projectNames?: Record<string, string>
  empty: JSX.Element
  /** A prefix for the ids of the filter fields (two lists on one page). */
  idPrefix?: string
}

/** A file-type badge: "PDF", "DOCX", … */
export function TypeBadge(props: { filename: string }) {
  return <span class="doc-type">{extensionOf(props.filename).slice(0, 4).toUpperCase() || '—'}</span>
}

/**
 * The documents of a client or project, newest first, with a category filter and a search over
 * title, file name and note. Each row: type, title (to the document), file, size, date, who
 * brought it, and who sees it; staff see "opened n of m".
 */
export function DocumentList(props: DocumentListProps) {
  const [search, setSearch] = createSignal('')
  const [category, setCategory] = createSignal('')
  const prefix = () => props.idPrefix ?? 'documents'
  const visible = () => props.documents.filter((doc) => props.staff || !doc.deleted)
  const categories = createMemo(() =>
    [...new Set(visible().map((doc) => doc.category).filter(Boolean))].sort((a, b) => a.localeCompare(b, 'de')),
  )
  const shown = () => {
    const needle = search().trim().toLocaleLowerCase('de')
    return visible().filter(
      (doc) =>
        (!category() || doc.category === category()) &&
        (!needle || `${doc.title} ${doc.filename} ${doc.note}`.toLocaleLowerCase('de').includes(needle)),
    )
  }

  return (
    <Show when={visible().length > 0} fallback={props.empty}>
      <div class="doc-filters">
        <SearchField
          id={`${prefix()}-search`}
          label={t('documents.search')}
          placeholder={t('documents.searchPlaceholder')}
          value={search()}
          onInput={setSearch}
        />
        <Show when={categories().length > 0}>
          <SelectField
            id={`${prefix()}-category`}
            label={t('documents.category')}
            value={category()}
            options={[
              { value: '', label: t('documents.allCategories') },
              ...categories().map((value) => ({ value, label: value })),
            ]}
            onChange={setCategory}
          />
        </Show>
      </div>
      <Show
        when={shown().length > 0}
        fallback={<p class="doc-filters__none">{t('documents.noMatch')}</p>}
      >
        <ul class="item-list doc-list" aria-label={t('documents.listLabel')}>
          <For each={shown()}>
            {(doc) => (
              <DocumentEntry
                doc={doc}
                staff={props.staff}
                clientName={props.clientName}
                projectName={doc.projectId ? props.projectNames?.[doc.projectId] : undefined}
              />
            )}
          </For>
        </ul>
      </Show>
    </Show>
  )
}

function DocumentEntry(props: { doc: DocumentRow; staff: boolean; clientName?: string; projectName?: string }) {
  const isNew = () => Boolean(!props.staff && props.doc.fromFirm && !props.doc.myOpenedAt)
  const mustConfirm = () => !props.staff && props.doc.requiresConfirmation && !props.doc.myConfirmedAt
  return (
    <li class="item item--link doc-row" classList={{ 'doc-row--deleted': props.doc.deleted, 'item--highlight': isNew() }}>
      <span class="item__icon doc-row__icon" aria-hidden="true">
        <TypeBadge filename={props.doc.filename} />
      </span>
      <div class="item__body">
        <p class="doc-row__head">
          <A href={`/dokumente/${props.doc.id}`} class="item__title item__link">
            {props.doc.title}
          </A>
          <Show when={isNew()}>
            <span class="badge badge--brass">{t('documents.new')}</span>
          </Show>
          <Show when={mustConfirm()}>
            <span class="badge badge--info">{t('documents.pleaseConfirm')}</span>
          </Show>
          <Show when={props.doc.deleted}>
            <span class="badge badge--danger">{t('documents.deleted')}</span>
          </Show>
        </p>
        <p class="item__meta">
          <Show when={props.doc.filename !== props.doc.title}>
            <span class="doc-row__file">{props.doc.filename}</span>
            {' · '}
          </Show>
          {formatBytes(props.doc.size, locale())}
          {' · '}
          {formatTime(props.doc.createdAt, 'date')}
          {' · '}
          {uploaderText(props.doc)}
          <Show when={props.doc.versionCount > 1}>
            {' · '}
            {t('documents.versions', { count: props.doc.versionCount })}
          </Show>
        </p>
        <Show when={props.doc.category || props.doc.requestId}>
          <p class="doc-row__tags">
            <Show when={props.doc.category}>
              <span class="doc-tag">{props.doc.category}</span>
            </Show>
            <Show when={props.doc.requestId}>
              <A href={`/anforderungen/${props.doc.requestId}`} class="doc-tag doc-tag--link">
                {t('documents.forRequest')}
              </A>
            </Show>
          </p>
        </Show>
      </div>
      <div class="doc-row__side">
        <Show when={props.doc.receipts}>
          {(receipts) => <ReceiptBadge summary={receipts()} confirm={props.doc.requiresConfirmation} />}
        </Show>
        <span class="item__chip">
          <AudienceChip
            audience={{ kind: props.doc.audience, clientName: props.clientName, projectName: props.projectName }}
          />
        </span>
      </div>
    </li>
  )
}

/** "2 von 5 geöffnet" — all opened in green, nobody yet in brass. */
function ReceiptBadge(props: { summary: NonNullable<DocumentRow['receipts']>; confirm: boolean }) {
  const all = () => props.summary.recipients > 0 && props.summary.opened >= props.summary.recipients
  return (
    <Show when={props.summary.recipients > 0}>
      <span class="badge badge--standalone" classList={{ 'badge--success': all(), 'badge--brass': !all() }}>
        {props.confirm
          ? t('documents.confirmedOf', { n: props.summary.confirmed, m: props.summary.recipients })
          : t('documents.openedOf', { n: props.summary.opened, m: props.summary.recipients })}
      </span>
    </Show>
  )
}
