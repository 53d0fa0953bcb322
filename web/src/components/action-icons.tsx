/** Icons on buttons (download, print, add, copy, sign out, open menu); decorative, drawn inline. */
type IconProps = { class?: string }

const stroke = {
  fill: 'none',
  stroke: 'currentColor',
  'stroke-width': '1.8',
  'stroke-linecap': 'round',
  'stroke-linejoin': 'round',
} as const

export function DownloadIcon(props: IconProps) {
  return (
    <svg class={props.class ?? 'icon'} viewBox="0 0 20 20" aria-hidden="true">
      <path d="M10 3v9.5M6 8.8l4 3.9 4-3.9M3.5 16.5h13" {...stroke} />
    </svg>
  )
}

export function PrintIcon(props: IconProps) {
  return (
    <svg class={props.class ?? 'icon'} viewBox="0 0 20 20" aria-hidden="true">
      <path d="M5.5 7.5V3h9v4.5M5.5 14H3.5V8.5a1 1 0 0 1 1-1h11a1 1 0 0 1 1 1V14h-2" {...stroke} />
      <path d="M5.5 11.5h9V17h-9z" {...stroke} />
    </svg>
  )
}

export function PlusIcon(props: IconProps) {
  return (
    <svg class={props.class ?? 'icon'} viewBox="0 0 20 20" aria-hidden="true">
      <path d="M10 4v12M4 10h12" {...stroke} />
    </svg>
  )
}

export function CopyIcon(props: IconProps) {
  return (
    <svg class={props.class ?? 'icon'} viewBox="0 0 20 20" aria-hidden="true">
      <rect x="7" y="7" width="10" height="10" rx="1.5" {...stroke} />
      <path
        d="M13 7V4.5A1.5 1.5 0 0 0 11.5 3h-7A1.5 1.5 0 0 0 3 4.5v7A1.5 1.5 0 0 0 4.5 13H7"
        {...stroke}
      />
    </svg>
  )
}

export function SignOutIcon(props: IconProps) {
  return (
    <svg class={props.class ?? 'icon'} viewBox="0 0 20 20" aria-hidden="true">
      <path
        d="M8 3.5H4.5a1 1 0 0 0-1 1v11a1 1 0 0 0 1 1H8M12.5 6.5 16 10l-3.5 3.5M16 10H7.5"
        {...stroke}
      />
    </svg>
  )
}

export function ChevronDownIcon(props: IconProps) {
  return (
    <svg class={props.class ?? 'icon'} viewBox="0 0 20 20" aria-hidden="true">
      <path d="M5.5 8l4.5 4.5L14.5 8" {...stroke} />
    </svg>
  )
}

export function ArrowRightIcon(props: IconProps) {
  return (
    <svg class={props.class ?? 'icon'} viewBox="0 0 20 20" aria-hidden="true">
      <path d="M4 10h12M11.5 5.5 16 10l-4.5 4.5" {...stroke} />
    </svg>
  )
}
