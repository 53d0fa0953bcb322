import { createEffect, createUniqueId, Show, type JSX } from 'solid-js'
import { t } from '../i18n'
import { CrossIcon } from './icons'

type DialogProps = {
  open: boolean
  title: string
  onClose: () => void
  /** A sentence under the title that says what the dialog is about (read with the title). */
  description?: string
  children: JSX.Element
}

/**
 * A modal dialog on the native <dialog>: the browser traps focus, closes on Escape and returns
 * focus to the button that opened it. The content exists only while open, so a form inside
 * starts empty each time; focus goes to its first field.
 */
export function Dialog(props: DialogProps) {
  const titleId = createUniqueId()
  const descriptionId = createUniqueId()
  let element: HTMLDialogElement | undefined

  createEffect(() => {
    if (!element) return
    if (props.open && !element.open) {
      element.showModal()
      const first = element.querySelector<HTMLElement>(
        '.dialog__body input, .dialog__body textarea, .dialog__body select, .dialog__body button',
      )
      first?.focus()
    }
    if (!props.open && element.open) element.close()
  })

  return (
    <dialog
      ref={element}
      class="dialog"
      aria-labelledby={titleId}
      aria-describedby={props.description ? descriptionId : undefined}
      onClose={() => props.onClose()}
    >
      <Show when={props.open}>
        <div class="dialog__header">
          <h2 id={titleId} class="dialog__title">
            {props.title}
          </h2>
          <button
            type="button"
            class="dialog__close"
            aria-label={t('common.close')}
            onClick={() => props.onClose()}
          >
            <CrossIcon />
          </button>
        </div>
        <div class="dialog__body">
          <Show when={props.description}>
            <p id={descriptionId} class="dialog__description">
              {props.description}
            </p>
          </Show>
          {props.children}
        </div>
      </Show>
    </dialog>
  )
}
