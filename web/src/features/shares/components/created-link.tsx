import { createSignal } from 'solid-js'
import { CopyIcon } from '../../../components/action-icons'
import { t } from '../../../i18n'

/**
 * A link shown once after it was created: a read-only field, "Link kopieren" (clipboard, or the
 * field selected for Ctrl+C where the clipboard is not available) and the note that it will not be
 * shown again.
 */
export function CreatedLink(props: { id: string; url: string }) {
  const [copied, setCopied] = createSignal(false)
  let field: HTMLInputElement | undefined

  async function copy() {
    try {
      await navigator.clipboard.writeText(props.url)
      setCopied(true)
    } catch {
      // No clipboard (insecure context or denied): the field is selected for Ctrl+C instead.
      field?.select()
    }
  }

  return (
    <>
      <div class="field">
        <label class="field__label" for={props.id}>
          {t('shares.dialog.link')}
        </label>
        <div class="share-created__row">
          <input ref={field} id={props.id} class="field__input share-created__link" readonly value={props.url} onFocus={(e) => e.currentTarget.select()} />
          <button type="button" class="button button--primary" onClick={() => void copy()}>
            <CopyIcon />
            <span>{copied() ? t('shares.dialog.copied') : t('shares.dialog.copy')}</span>
          </button>
        </div>
      </div>
      <p class="share-created__once">{t('shares.dialog.once')}</p>
    </>
  )
}
