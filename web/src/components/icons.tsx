/** Small stroke icons drawn inline (no icon font, nothing from other origins); always decorative. */
type IconProps = { class?: string }

export function CheckIcon(props: IconProps) {
  return (
    <svg class={props.class ?? 'icon'} viewBox="0 0 20 20" aria-hidden="true">
      <path
        d="M4.5 10.5l3.5 3.5 7.5-8"
        fill="none"
        stroke="currentColor"
        stroke-width="2"
        stroke-linecap="round"
        stroke-linejoin="round"
      />
    </svg>
  )
}

export function CrossIcon(props: IconProps) {
  return (
    <svg class={props.class ?? 'icon'} viewBox="0 0 20 20" aria-hidden="true">
      <path
        d="M6 6l8 8M14 6l-8 8"
        fill="none"
        stroke="currentColor"
        stroke-width="2"
        stroke-linecap="round"
      />
    </svg>
  )
}

export function AlertIcon(props: IconProps) {
  return (
    <svg class={props.class ?? 'icon'} viewBox="0 0 20 20" aria-hidden="true">
      <circle cx="10" cy="10" r="8" fill="none" stroke="currentColor" stroke-width="1.8" />
      <path
        d="M10 5.8v5"
        fill="none"
        stroke="currentColor"
        stroke-width="2"
        stroke-linecap="round"
      />
      <circle cx="10" cy="14" r="1.2" fill="currentColor" />
    </svg>
  )
}

export function InfoIcon(props: IconProps) {
  return (
    <svg class={props.class ?? 'icon'} viewBox="0 0 20 20" aria-hidden="true">
      <circle cx="10" cy="10" r="8" fill="none" stroke="currentColor" stroke-width="1.8" />
      <path d="M10 9v5" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
      <circle cx="10" cy="6.2" r="1.2" fill="currentColor" />
    </svg>
  )
}

export function LockIcon(props: IconProps) {
  return (
    <svg class={props.class ?? 'icon'} viewBox="0 0 20 20" aria-hidden="true">
      <rect
        x="4"
        y="9"
        width="12"
        height="8.5"
        rx="1.8"
        fill="none"
        stroke="currentColor"
        stroke-width="1.7"
      />
      <path
        d="M6.8 9V6.6a3.2 3.2 0 0 1 6.4 0V9"
        fill="none"
        stroke="currentColor"
        stroke-width="1.7"
      />
    </svg>
  )
}

export function ShieldIcon(props: IconProps) {
  return (
    <svg class={props.class ?? 'icon'} viewBox="0 0 20 20" aria-hidden="true">
      <path
        d="M10 2.5l6 2.3v4.6c0 3.9-2.5 6.6-6 8.1-3.5-1.5-6-4.2-6-8.1V4.8z"
        fill="none"
        stroke="currentColor"
        stroke-width="1.7"
        stroke-linejoin="round"
      />
      <path
        d="M7.3 10l2 2 3.6-4"
        fill="none"
        stroke="currentColor"
        stroke-width="1.7"
        stroke-linecap="round"
        stroke-linejoin="round"
      />
    </svg>
  )
}

export function ServerIcon(props: IconProps) {
  return (
    <svg class={props.class ?? 'icon'} viewBox="0 0 20 20" aria-hidden="true">
      <rect
        x="3.5"
        y="3.5"
        width="13"
        height="5.5"
        rx="1.3"
        fill="none"
        stroke="currentColor"
        stroke-width="1.7"
      />
      <rect
        x="3.5"
        y="11"
        width="13"
        height="5.5"
        rx="1.3"
        fill="none"
        stroke="currentColor"
        stroke-width="1.7"
      />
      <circle cx="6.6" cy="6.25" r="0.9" fill="currentColor" />
      <circle cx="6.6" cy="13.75" r="0.9" fill="currentColor" />
    </svg>
  )
}

export function EyeIcon(props: IconProps) {
  return (
    <svg class={props.class ?? 'icon'} viewBox="0 0 20 20" aria-hidden="true">
      <path
        d="M1.8 10S4.8 4.5 10 4.5 18.2 10 18.2 10 15.2 15.5 10 15.5 1.8 10 1.8 10z"
        fill="none"
        stroke="currentColor"
        stroke-width="1.6"
        stroke-linejoin="round"
      />
      <circle cx="10" cy="10" r="2.6" fill="none" stroke="currentColor" stroke-width="1.6" />
    </svg>
  )
}
