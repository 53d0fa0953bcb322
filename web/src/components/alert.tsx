import { Match, Show, Switch, type JSX } from 'solid-js'
import { AlertIcon, CheckIcon, InfoIcon } from './icons'

type AlertProps = {
  tone: 'error' | 'success' | 'info'
  children: JSX.Element
  /** Secondary line, e.g. "Fehler-ID: …". */
  detail?: string
  ref?: (element: HTMLDivElement) => void
}

/**
 * A message box above a form or page. Errors are announced at once (role=alert), others politely;
 * tabindex=-1 lets a page move focus here after a failed submit.
 */
export function Alert(props: AlertProps) {
  return (
    <div
      ref={props.ref}
      class={`alert alert--${props.tone}`}
      role={props.tone === 'error' ? 'alert' : 'status'}
      tabindex="-1"
    >
      <Switch>
        <Match when={props.tone === 'error'}>
          <AlertIcon class="icon alert__icon" />
        </Match>
        <Match when={props.tone === 'success'}>
          <CheckIcon class="icon alert__icon" />
        </Match>
        <Match when={props.tone === 'info'}>
          <InfoIcon class="icon alert__icon" />
        </Match>
      </Switch>
      <div class="alert__body">
        <div>{props.children}</div>
        <Show when={props.detail}>
          <p class="alert__detail">{props.detail}</p>
        </Show>
      </div>
    </div>
  )
}
