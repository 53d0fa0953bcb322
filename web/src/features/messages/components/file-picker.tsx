import { For, Show } from 'solid-js'
import { t } from '../../../i18n'

/** Files chosen for a message, listed with a remove button; the input accepts several at once. */
export function FilePicker(props: { id: string; files: File[]; onChange: (files: File[]) => void; label?: string }) {
  return (
    <div class="field msg-files">
      <span class="field__label">{props.label ?? t('messages.new.attachments')}</span>
      <p class="field__hint" id={`${props.id}-hint`}>
        {t('messages.new.attachmentsHint')}
      </p>
      <label class="button button--secondary button--small msg-files__choose" for={props.id}>
        {t('messages.new.chooseFiles')}
      </label>
      <input
        id={props.id}
        class="visually-hidden"
        type="file"
        multiple
        aria-describedby={`${props.id}-hint`}
        onChange={(event) => {
          const chosen = [...(event.currentTarget.files ?? [])]
          event.currentTarget.value = ''
          props.onChange([...props.files, ...chosen])
        }}
      />
      <Show when={props.files.length > 0}>
        <ul class="msg-files__list">
          <For each={props.files}>
            {(file, index) => (
              <li class="msg-files__file">
                <span>{file.name}</span>
                <button
                  type="button"
                  class="link-button"
                  aria-label={t('messages.new.removeFile', { name: file.name })}
                  onClick={() => props.onChange(props.files.filter((_, i) => i !== index()))}
                >
                  ×
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </div>
  )
}
