import { createAsync } from '@solidjs/router'
import { createSignal, For, Show } from 'solid-js'
import { CheckboxField } from '../../../components/checkbox-field'
import { SearchField } from '../../../components/search-field'
import { t } from '../../../i18n'
import { getClientDocuments } from '../../folders/queries'

/**
 * Attach documents that already exist: the client's documents the person sees (the documents
 * list the folder picker uses), filtered by typing; the chosen ids travel with the message and
 * the server checks again that the author sees each one. Each reader still sees an attachment
 * only if the document's own audience includes them.
 */
export function DocumentChooser(props: { id: string; clientId: string; chosen: string[]; onChange: (ids: string[]) => void }) {
  const documents = createAsync(() => getClientDocuments(props.clientId).catch(() => []), { initialValue: [] })
  const [search, setSearch] = createSignal('')
  const shown = () => {
    const wanted = search().trim().toLocaleLowerCase('de')
    return documents().filter((doc) => `${doc.title} ${doc.filename}`.toLocaleLowerCase('de').includes(wanted)).slice(0, 50)
  }
  return (
    <Show when={documents().length > 0}>
      <details class="disclosure msg-docs">
        <summary class="disclosure__summary">
          <span class="disclosure__title">
            {props.chosen.length === 1 ? t('messages.documents.chosenOne') : props.chosen.length ? t('messages.documents.chosen', { count: props.chosen.length }) : t('messages.documents.open')}
          </span>
        </summary>
        <SearchField id={`${props.id}-search`} label={t('messages.documents.search')} placeholder={t('messages.filters.searchPlaceholder')} value={search()} onInput={setSearch} />
        <div class="msg-docs__list" role="group" aria-label={t('messages.documents.open')}>
          <For each={shown()}>
            {(doc) => (
              <CheckboxField
                id={`${props.id}-${doc.id}`}
                label={doc.title}
                checked={props.chosen.includes(doc.id)}
                onChange={(checked) => props.onChange(checked ? [...props.chosen, doc.id] : props.chosen.filter((id) => id !== doc.id))}
              />
            )}
          </For>
        </div>
      </details>
    </Show>
  )
}
