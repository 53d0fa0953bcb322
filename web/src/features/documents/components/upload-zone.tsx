import { createSignal, For, Match, Show, Switch, type JSX } from 'solid-js'
import { CheckIcon, CrossIcon } from '../../../components/icons'
import { locale, t } from '../../../i18n'
import { acceptAttribute, formatBytes, formatTypes } from '../upload/file-check'
import type { QueueEntry, UploadQueue } from '../upload/upload-queue'
import { ProgressBar } from './progress-bar'

type UploadZoneProps = {
  queue: UploadQueue
  /** The extensions a request accepts (null: the portal's list). */
  allowed?: readonly string[] | null
  /** What the zone is for, e.g. "Dateien für „Gehaltsabrechnungen“". */
  label?: string
  disabled?: boolean
  /** Options above the drop area (category, note, who sees it). */
  children?: JSX.Element
}

/**
 * Drag and drop or pick many files at once; each file shows its own progress, state and error
 * (in German, from the server's error code), the whole batch an overall bar. Cancel per file or
 * all; a file that failed because of the connection can be tried again.
 */
export function UploadZone(props: UploadZoneProps) {
  const [over, setOver] = createSignal(false)
  let input: HTMLInputElement | undefined
  const inputId = `upload-${Math.random().toString(36).slice(2, 8)}`

  const drop: JSX.EventHandler<HTMLElement, DragEvent> = (event) => {
    event.preventDefault()
    setOver(false)
    if (props.disabled) return
    const files = event.dataTransfer?.files
    if (files?.length) props.queue.add(files)
  }

  return (
    <div class="upload">
      {props.children}
      <label
        for={inputId}
        class="dropzone"
        classList={{ 'dropzone--over': over(), 'dropzone--disabled': props.disabled }}
        onDragEnter={(event) => {
          event.preventDefault()
          setOver(true)
        }}
        onDragOver={(event) => event.preventDefault()}
        onDragLeave={(event) => {
          if (!event.currentTarget.contains(event.relatedTarget as Node)) setOver(false)
        }}
        onDrop={drop}
      >
        <svg class="dropzone__icon" viewBox="0 0 24 24" aria-hidden="true">
          <path
            d="M12 16V4m0 0-4.5 4.5M12 4l4.5 4.5M4 15v3.5A1.5 1.5 0 0 0 5.5 20h13a1.5 1.5 0 0 0 1.5-1.5V15"
            fill="none"
            stroke="currentColor"
            stroke-width="1.7"
            stroke-linecap="round"
            stroke-linejoin="round"
          />
        </svg>
        <span class="dropzone__text">
          <span class="dropzone__title">{props.label ?? t('upload.drop')}</span>
          <span class="dropzone__hint">
            {props.allowed
              ? t('upload.hintTypes', { types: formatTypes(props.allowed) })
              : t('upload.hint')}
          </span>
        </span>
        <span class="button button--secondary button--small dropzone__button">
          {t('upload.choose')}
        </span>
        <input
          ref={input}
          id={inputId}
          type="file"
          multiple
          class="visually-hidden"
          accept={acceptAttribute(props.allowed ?? null)}
          disabled={props.disabled}
          onChange={(event) => {
            const files = event.currentTarget.files
            if (files?.length) props.queue.add(files)
            event.currentTarget.value = ''
          }}
        />
      </label>
      <Show when={props.queue.entries.length > 0}>
        <UploadProgress queue={props.queue} />
      </Show>
    </div>
  )
}

function UploadProgress(props: { queue: UploadQueue }) {
  const overall = () => props.queue.overall()
  const percent = () => Math.round(overall().ratio * 100)
  return (
    <div class="upload__progress">
      <div class="upload__overall" aria-live="polite">
        <p class="upload__summary">
          <Show
            when={overall().count > 0}
            fallback={props.queue.ready() === 1 ? t('upload.selectedOne') : t('upload.selected', { count: props.queue.ready() })}
          >
            <Show
              when={props.queue.busy()}
              fallback={t('upload.summaryDone', { done: overall().done, count: overall().count })}
            >
              {t('upload.summary', { done: overall().done, count: overall().count, percent: percent() })}
            </Show>
          </Show>
        </p>
        <div class="upload__overall-actions">
          <Show
            when={props.queue.busy()}
            fallback={
              <button
                type="button"
                class="link-button"
                hidden={props.queue.ready() > 0}
                onClick={() => props.queue.clear()}
              >
                {t('upload.clear')}
              </button>
            }
          >
            <button type="button" class="link-button" onClick={() => props.queue.cancelAll()}>
              {t('upload.cancelAll')}
            </button>
          </Show>
        </div>
      </div>
      <Show when={overall().count > 0}>
        <ProgressBar ratio={overall().ratio} label={t('upload.overallLabel')} />
      </Show>
      <ul class="upload__list" aria-label={t('upload.listLabel')}>
        <For each={props.queue.entries}>
          {(entry) => <UploadRow entry={entry} queue={props.queue} />}
        </For>
      </ul>
    </div>
  )
}

function UploadRow(props: { entry: QueueEntry; queue: UploadQueue }) {
  const ratio = () => (props.entry.size ? props.entry.sent / props.entry.size : props.entry.state === 'done' ? 1 : 0)
  const active = () => props.entry.state === 'waiting' || props.entry.state === 'uploading'
  return (
    <li class={`upload-row upload-row--${props.entry.state}`}>
      <span class="upload-row__state" aria-hidden="true">
        <Switch>
          <Match when={props.entry.state === 'done'}>
            <CheckIcon class="icon" />
          </Match>
          <Match when={props.entry.state === 'failed' || props.entry.state === 'cancelled'}>
            <CrossIcon class="icon" />
          </Match>
        </Switch>
      </span>
      <div class="upload-row__body">
        <p class="upload-row__name">
          <span class="upload-row__filename">{props.entry.name}</span>
          <span class="upload-row__size">{formatBytes(props.entry.size, locale())}</span>
        </p>
        <Show when={active() || props.entry.state === 'done'}>
          <ProgressBar
            ratio={ratio()}
            label={t('upload.fileLabel', { name: props.entry.name })}
            tone={props.entry.state === 'done' ? 'done' : undefined}
          />
        </Show>
        <p class="upload-row__status" role={props.entry.state === 'failed' ? 'alert' : undefined}>
          <Switch>
            <Match when={props.entry.state === 'ready'}>{t('upload.ready')}</Match>
            <Match when={props.entry.state === 'waiting'}>{t('upload.waiting')}</Match>
            <Match when={props.entry.state === 'uploading'}>
              {t('upload.uploading', { percent: Math.round(ratio() * 100) })}
            </Match>
            <Match when={props.entry.state === 'done'}>{t('upload.done')}</Match>
            <Match when={props.entry.error}>{props.entry.error}</Match>
          </Switch>
        </p>
      </div>
      <Show when={active()}>
        <button
          type="button"
          class="button button--secondary button--small"
          aria-label={t('upload.cancelFile', { name: props.entry.name })}
          onClick={() => props.queue.cancel(props.entry.key)}
        >
          {t('common.cancel')}
        </button>
      </Show>
      <Show when={props.entry.state === 'ready'}>
        <button
          type="button"
          class="button button--secondary button--small"
          aria-label={t('upload.removeFile', { name: props.entry.name })}
          onClick={() => props.queue.remove(props.entry.key)}
        >
          {t('upload.remove')}
        </button>
      </Show>
      <Show when={props.entry.state === 'failed' && props.entry.retryable}>
        <button
          type="button"
          class="button button--secondary button--small"
          onClick={() => props.queue.retry(props.entry.key)}
        >
          {t('common.retry')}
        </button>
      </Show>
    </li>
  )
}
