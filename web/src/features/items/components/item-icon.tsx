import { Match, Switch } from 'solid-js'
import {
  CalendarIcon,
  ChatIcon,
  DocumentIcon,
  FolderIcon,
  PageIcon,
} from '../../../components/object-icons'
import type { ItemKind } from '../queries'

/** The symbol of an item's kind: page, document, folder of documents, thread, appointment. */
export function ItemIcon(props: { kind: ItemKind }) {
  return (
    <Switch fallback={<DocumentIcon />}>
      <Match when={props.kind === 'info_page'}>
        <PageIcon />
      </Match>
      <Match when={props.kind === 'document_group'}>
        <FolderIcon />
      </Match>
      <Match when={props.kind === 'message_thread'}>
        <ChatIcon />
      </Match>
      <Match when={props.kind === 'appointment'}>
        <CalendarIcon />
      </Match>
    </Switch>
  )
}
