import { createSignal, For, Show } from 'solid-js'
import { AlertIcon } from '../../../components/icons'
import { t } from '../../../i18n'
import { Markdown } from '../../../lib/markdown'

type MarkdownEditorProps = {
  value: string
  onInput: (value: string) => void
  error?: string
}

const SYNTAX = [
  ['## Überschrift', 'heading'],
  ['**fett**', 'bold'],
  ['*kursiv*', 'italic'],
  ['- Punkt', 'list'],
  ['1. Schritt', 'numbered'],
  ['[Text](https://…)', 'link'],
] as const

/**
 * The text of an info page in Markdown with a live preview: side by side on wide screens, and on
 * phones one at a time with a switch between writing and preview.
 */
export function MarkdownEditor(props: MarkdownEditorProps) {
  const [showPreview, setShowPreview] = createSignal(false)
  return (
    <div class="md-editor" classList={{ 'md-editor--preview': showPreview() }}>
      <div class="md-editor__switch segmented" role="group" aria-label={t('editor.view')}>
        <button
          type="button"
          class="segmented__button"
          aria-pressed={showPreview() ? 'false' : 'true'}
          onClick={() => setShowPreview(false)}
        >
          {t('editor.write')}
        </button>
        <button
          type="button"
          class="segmented__button"
          aria-pressed={showPreview() ? 'true' : 'false'}
          onClick={() => setShowPreview(true)}
        >
          {t('editor.preview')}
        </button>
      </div>
      <div class="md-editor__panes">
        <div class="md-editor__pane md-editor__pane--write">
          <label class="field__label" for="page-body">
            {t('editor.body')}
          </label>
          <p id="page-body-hint" class="field__hint">
            {t('editor.bodyHint')}
          </p>
          <Show when={props.error}>
            <p id="page-body-error" class="field__error">
              <AlertIcon class="icon field__error-icon" />
              <span>{props.error}</span>
            </p>
          </Show>
          <textarea
            id="page-body"
            name="page-body"
            class="field__input field__textarea md-editor__input"
            rows={16}
            maxlength={100000}
            value={props.value}
            aria-invalid={props.error ? 'true' : undefined}
            aria-describedby={props.error ? 'page-body-error page-body-hint' : 'page-body-hint'}
            onInput={(event) => props.onInput(event.currentTarget.value)}
          />
          <details class="md-help">
            <summary>{t('editor.help')}</summary>
            <dl class="md-help__list">
              <For each={SYNTAX}>
                {([example, key]) => (
                  <div class="md-help__row">
                    <dt>
                      <code>{example}</code>
                    </dt>
                    <dd>{t(`editor.syntax.${key}`)}</dd>
                  </div>
                )}
              </For>
            </dl>
          </details>
        </div>
        <section class="md-editor__pane md-editor__pane--preview" aria-labelledby="preview-title">
          <h2 id="preview-title" class="md-editor__preview-title">
            {t('editor.preview')}
          </h2>
          <div class="md-editor__preview">
            <Show
              when={props.value.trim()}
              fallback={<p class="muted">{t('editor.previewEmpty')}</p>}
            >
              <Markdown source={props.value} id="page-preview" />
            </Show>
          </div>
        </section>
      </div>
    </div>
  )
}
