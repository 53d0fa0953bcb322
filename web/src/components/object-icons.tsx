/** Icons for things the portal shows (devices, people, clients, items); decorative, inline. */
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

export function BuildingIcon(props: IconProps) {
  return (
    <svg class={props.class ?? 'icon'} viewBox="0 0 20 20" aria-hidden="true">
      <path
        d="M3.5 17.5h13M5 17.5V4.5a1 1 0 0 1 1-1h5a1 1 0 0 1 1 1v13M12 8h2.5a1 1 0 0 1 1 1v8.5"
        {...stroke}
      />
      <path d="M7.5 6.5h2M7.5 9.5h2M7.5 12.5h2" {...stroke} />
    </svg>
  )
}

export function PersonIcon(props: IconProps) {
  return (
    <svg class={props.class ?? 'icon'} viewBox="0 0 20 20" aria-hidden="true">
      <circle cx="10" cy="6.8" r="3.3" {...stroke} />
      <path d="M3.8 17c.7-3.2 3.2-5 6.2-5s5.5 1.8 6.2 5" {...stroke} />
    </svg>
  )
}

export function FolderIcon(props: IconProps) {
  return (
    <svg class={props.class ?? 'icon'} viewBox="0 0 20 20" aria-hidden="true">
      <path
        d="M2.5 5.5a1 1 0 0 1 1-1h4l1.8 2h7.2a1 1 0 0 1 1 1v8a1 1 0 0 1-1 1h-13a1 1 0 0 1-1-1z"
        {...stroke}
      />
    </svg>
  )
}

export function LayersIcon(props: IconProps) {
  return (
    <svg class={props.class ?? 'icon'} viewBox="0 0 20 20" aria-hidden="true">
      <path d="M10 3l7 3.8-7 3.8-7-3.8z" {...stroke} />
      <path d="M3 10.2l7 3.8 7-3.8M3 13.6l7 3.8 7-3.8" {...stroke} />
    </svg>
  )
}

export function PageIcon(props: IconProps) {
  return (
    <svg class={props.class ?? 'icon'} viewBox="0 0 20 20" aria-hidden="true">
      <rect x="4" y="2.5" width="12" height="15" rx="1.5" {...stroke} />
      <path d="M7 6.5h6M7 9.5h6M7 12.5h3.5" {...stroke} />
    </svg>
  )
}

export function ChatIcon(props: IconProps) {
  return (
    <svg class={props.class ?? 'icon'} viewBox="0 0 20 20" aria-hidden="true">
      <path d="M3.5 4.5h13v9h-7l-4 3v-3h-2z" {...stroke} />
    </svg>
  )
}

export function CalendarIcon(props: IconProps) {
  return (
    <svg class={props.class ?? 'icon'} viewBox="0 0 20 20" aria-hidden="true">
      <rect x="3" y="4.5" width="14" height="12.5" rx="1.5" {...stroke} />
      <path d="M3 8.5h14M7 2.8v3.4M13 2.8v3.4" {...stroke} />
    </svg>
  )
}
