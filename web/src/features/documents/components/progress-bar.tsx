type ProgressBarProps = { ratio: number; label: string; tone?: 'done' | 'failed' }

/** A slim progress bar that screen readers announce as a percentage with its label. */
export function ProgressBar(props: ProgressBarProps) {
  const percent = () => Math.round(Math.max(0, Math.min(1, props.ratio)) * 100)
  return (
    <div
      class="progress"
      classList={{ [`progress--${props.tone}`]: Boolean(props.tone) }}
      role="progressbar"
      aria-label={props.label}
      aria-valuemin="0"
      aria-valuemax="100"
      aria-valuenow={percent()}
    >
      <span class="progress__bar" style={{ width: `${percent()}%` }} />
    </div>
  )
}
