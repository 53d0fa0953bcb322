/** Icons for things the portal shows (devices, factors, people); decorative, drawn inline. */
type IconProps = { class?: string }

const stroke = {
  fill: 'none',
  stroke: 'currentColor',
  'stroke-width': '1.7',
  'stroke-linecap': 'round',
  'stroke-linejoin': 'round',
} as const

export function PhoneIcon(props: IconProps) {
  return (
    <svg class={props.class ?? 'icon'} viewBox="0 0 20 20" aria-hidden="true">
      <rect x="5.5" y="2.5" width="9" height="15" rx="2" {...stroke} />
      <path d="M9 14.8h2" {...stroke} />
    </svg>
  )
}

export function MonitorIcon(props: IconProps) {
  return (
    <svg class={props.class ?? 'icon'} viewBox="0 0 20 20" aria-hidden="true">
      <rect x="2.5" y="3.5" width="15" height="10" rx="1.5" {...stroke} />
      <path d="M7 17h6M10 13.5V17" {...stroke} />
    </svg>
  )
}

export function MailIcon(props: IconProps) {
  return (
    <svg class={props.class ?? 'icon'} viewBox="0 0 20 20" aria-hidden="true">
      <rect x="2.5" y="4.5" width="15" height="11" rx="1.6" {...stroke} />
      <path d="M3 5.5l7 5.5 7-5.5" {...stroke} />
    </svg>
  )
}

export function KeyIcon(props: IconProps) {
  return (
    <svg class={props.class ?? 'icon'} viewBox="0 0 20 20" aria-hidden="true">
      <circle cx="6.5" cy="13.5" r="3.5" {...stroke} />
      <path d="M9 11l7.5-7.5M13.5 6.5l2 2M11.5 8.5l1.5 1.5" {...stroke} />
    </svg>
  )
}

export function UsersIcon(props: IconProps) {
  return (
    <svg class={props.class ?? 'icon'} viewBox="0 0 20 20" aria-hidden="true">
      <circle cx="7.5" cy="7" r="3" {...stroke} />
      <path d="M2 16.5c.6-2.9 2.8-4.5 5.5-4.5s4.9 1.6 5.5 4.5" {...stroke} />
      <path d="M13 4.3a3 3 0 0 1 0 5.4M15 12.4c1.5.6 2.6 2 3 4.1" {...stroke} />
    </svg>
  )
}

export function DocumentIcon(props: IconProps) {
  return (
    <svg class={props.class ?? 'icon'} viewBox="0 0 20 20" aria-hidden="true">
      <path d="M5 2.5h6.5L15.5 6.5v11h-10.5z" {...stroke} />
      <path d="M11.5 2.5v4h4M8 10.5h5M8 13.5h5" {...stroke} />
    </svg>
  )
}

export function ClockIcon(props: IconProps) {
  return (
    <svg class={props.class ?? 'icon'} viewBox="0 0 20 20" aria-hidden="true">
      <circle cx="10" cy="10" r="7.5" {...stroke} />
      <path d="M10 5.8V10l2.8 1.8" {...stroke} />
    </svg>
  )
}
