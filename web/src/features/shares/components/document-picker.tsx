import { createAsync } from '@solidjs/router'
import { For, Show } from 'solid-js'
import { locale, t } from '../../../i18n'
import { getDocuments } from '../../documents/queries'
import { formatBytes } from '../../documents/upload/file-check'

/** The most documents one link may name (the same number as ZCreateShareBody). */
export const MAX_SHARED_DOCUMENTS = 50

/**
 * "Weitere Dokumente hinzufügen" in the Teilen dialog of a document: the client's other documents
 * the caller sees, to share several files with one link. The server checks every id again.
 */
export function DocumentPicker(props: { clientId: string; fixed: string[]; selected: string[]; onChange: (ids: string[]) => void; error?: string }) {
  const documents = createAsync(() => getDocuments({ clientId: props.clientId }).catch(() => []), { initialValue: [] })
  const others = () => documents().filter((d) => !d.deleted && !props.fixed.includes(d.id))
  const toggle = (id: string, on: boolean) => props.onChange(on ? [...props.selected, id] : props.selected.filter((x) => x !== id))
  return (
    <Show when={others().length}>
      <details class="share-picker">
        <summary>
          {t('shares.dialog.more')}
          <Show when={props.selected.length}> {t('shares.dialog.moreSelected', { n: props.selected.length })}</Show>
        </summary>
        <Show when={props.error}>
          <p class="field__error" role="alert">
            {props.error}
          </p>
        </Show>
        <ul class="share-picker__list" aria-label={t('shares.dialog.more')}>
          <For each={others()}>
            {(doc) => (
              <li>
                <label class="share-picker__item">
                  <input type="checkbox" checked={props.selected.includes(doc.id)} onChange={(e) => toggle(doc.id, e.currentTarget.checked)} />
                  <span class="share-picker__name">{doc.title || doc.filename}</span>
                  <span class="muted share-picker__size">{formatBytes(doc.size, locale())}</span>
                </label>
              </li>
            )}
          </For>
        </ul>
      </details>
    </Show>
  )
}
