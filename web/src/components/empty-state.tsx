import { Show, type JSX } from 'solid-js'

type EmptyStateProps = {
  title: string
  text?: string
  icon?: JSX.Element
  children?: JSX.Element
}

/** A quiet note where a list has nothing to show yet, with the way on when there is one. */
export function EmptyState(props: EmptyStateProps) {
  return (
    <div class="empty">
      <Show when={props.icon}>
        <span class="empty__icon" aria-hidden="true">
          {props.icon}
        </span>
      </Show>
      <p class="empty__title">{props.title}</p>
      <Show when={props.text}>
        <p class="empty__text">{props.text}</p>
      </Show>
      {props.children}
    </div>
  )
}
