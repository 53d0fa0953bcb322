import { createAsync } from '@solidjs/router'
import { ErrorBoundary, For, Show, Suspense, type JSX } from 'solid-js'
import { t } from '../i18n'
import { formatTime } from '../lib/format'
import { Alert } from './alert'
import { Dialog } from './dialog'
import { PageLoading } from './page-loading'

type Version = { body: string; writtenAt: string }

/** An entry's versions: the current one (none once deleted) and the replaced ones, oldest first. */
export type EditHistory = {
  current: Version | null
  revisions: (Version & { replacedAt: string })[]
}

export type EditHistoryTexts = {
  title: string
  description: string
  gone: string
  current: string
  since: (time: string) => string
  earlier: (time: string) => string
  replaced: (time: string) => string
}

type EditHistoryDialogProps = {
  /** The entry whose history is open; none: the dialog is closed. */
  entryId?: string
  load: (entryId: string) => Promise<EditHistory>
  texts: EditHistoryTexts
  /** A version's text as read (mentions resolved where the thread has them). */
  text: (body: string) => JSX.Element
  onClose: () => void
}

/**
 * Every version of an edited message or comment, the current one first, each with when it was
 * written (and replaced).
 */
export function EditHistoryDialog(props: EditHistoryDialogProps) {
  return (
    <Dialog
      open={Boolean(props.entryId)}
      title={props.texts.title}
      description={props.texts.description}
      onClose={() => props.onClose()}
    >
      <Show when={props.entryId}>
        {(entryId) => (
          <ErrorBoundary fallback={<Alert tone="error">{props.texts.gone}</Alert>}>
            <Suspense fallback={<PageLoading />}>
              <History entryId={entryId()} load={props.load} texts={props.texts} text={props.text} />
            </Suspense>
          </ErrorBoundary>
        )}
      </Show>
      <div class="form__actions">
        <button type="button" class="button button--secondary" onClick={() => props.onClose()}>
          {t('common.close')}
        </button>
      </div>
    </Dialog>
  )
}

function History(props: Omit<EditHistoryDialogProps, 'entryId' | 'onClose'> & { entryId: string }) {
  const history = createAsync(() => props.load(props.entryId))
  const at = (time: string) => formatTime(time, 'dateTime')
  return (
    <Show when={history()}>
      {(found) => (
        <ol class="history">
          <Show when={found().current}>
            {(current) => (
              <li class="history__entry history__entry--current">
                <p class="history__when">
                  <strong>{props.texts.current}</strong>
                  {' · '}
                  {props.texts.since(at(current().writtenAt))}
                </p>
                {props.text(current().body)}
              </li>
            )}
          </Show>
          <For each={[...found().revisions].reverse()}>
            {(revision) => (
              <li class="history__entry">
                <p class="history__when">
                  <strong>{props.texts.earlier(at(revision.writtenAt))}</strong>
                  {' · '}
                  {props.texts.replaced(at(revision.replacedAt))}
                </p>
                {props.text(revision.body)}
              </li>
            )}
          </For>
        </ol>
      )}
    </Show>
  )
}
