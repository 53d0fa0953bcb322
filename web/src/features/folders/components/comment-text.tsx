import { For } from 'solid-js'
import { t } from '../../../i18n'
import { segments } from '../mentions'

/**
 * A comment as plain text (line breaks kept, nothing interpreted as HTML or Markdown), with its
 * mentions shown as highlighted names.
 */
export function CommentText(props: {
  body: string
  names: ReadonlyMap<string, string>
  class?: string
}) {
  const parts = () => segments(props.body, props.names, t('folders.comments.mention.unknown'))
  return (
    <p class={props.class ?? 'comment__text'}>
      <For each={parts()}>
        {(part) =>
          'mention' in part ? <span class="mention">@{part.mention}</span> : <>{part.text}</>
        }
      </For>
    </p>
  )
}
