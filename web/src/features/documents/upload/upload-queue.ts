import { batch, createMemo } from 'solid-js'
import { createStore, produce } from 'solid-js/store'
import { t } from '../../../i18n'
import { checkBeforeUpload, uploadErrorText } from './file-check'
import { uploadDocument, type UploadHandle, type UploadMeta } from './transport'

export type UploadState = 'ready' | 'waiting' | 'uploading' | 'done' | 'failed' | 'cancelled'

export type QueueEntry = {
  key: number
  name: string
  size: number
  sent: number
  state: UploadState
  /** The German sentence why it failed. */
  error?: string
  /** A lost connection or a server hiccup: trying again may help (a refusal would not). */
  retryable?: boolean
  documentId?: string
}

const RETRYABLE = ['network_error', 'bad_response', 'internal_error', 'service_unavailable', 'rate_limited']

type QueueOptions = {
  /** The metadata every file of this zone gets (filename is added per file). */
  meta: () => Omit<UploadMeta, 'filename'>
  /** The extensions a request accepts; null: the portal's general list. */
  allowed: () => readonly string[] | null
  /** Called after each finished file (e.g. to reload the list). */
  onDone?: (documentId: string) => void
  /** A reason to take no files at all right now (e.g. a required category is missing). */
  refuse?: () => string | undefined
  onRefused?: (reason: string) => void
  /** False: files wait as 'ready' until startAll() (a delivery is sent with one button). */
  autoStart?: boolean
}

/** Two files at a time: enough to fill the line, few enough to show steady progress. */
const PARALLEL = 2
let nextKey = 1

/**
 * Many files at once: each gets its own progress and its own error; the overall progress counts
 * the files still in play. Files are checked before they are sent (type), then uploaded two at a
 * time; each can be cancelled while waiting or running.
 */
export function createUploadQueue(options: QueueOptions) {
  const [entries, setEntries] = createStore<QueueEntry[]>([])
  const files = new Map<number, File>()
  const handles = new Map<number, UploadHandle>()

  const update = (key: number, change: Partial<QueueEntry>) =>
    setEntries((entry) => entry.key === key, change)

  function pump() {
    const running = entries.filter((entry) => entry.state === 'uploading').length
    const next = entries.filter((entry) => entry.state === 'waiting').slice(0, PARALLEL - running)
    for (const entry of next) start(entry.key)
  }

  function start(key: number) {
    const file = files.get(key)!
    update(key, { state: 'uploading', sent: 0 })
    const handle = uploadDocument(file, { ...options.meta(), filename: file.name }, {
      onProgress: (sent) => update(key, { sent }),
      onDone: (documentId) => {
        handles.delete(key)
        files.delete(key)
        update(key, { state: 'done', sent: file.size, documentId })
        options.onDone?.(documentId)
        pump()
      },
      onError: (error) => {
        handles.delete(key)
        update(key, {
          state: 'failed',
          error: uploadErrorText(error, file.name),
          retryable: RETRYABLE.includes(error.code),
        })
        pump()
      },
    })
    handles.set(key, handle)
  }

  function add(list: FileList | File[]) {
    const refusal = options.refuse?.()
    if (refusal) return options.onRefused?.(refusal)
    batch(() => {
      for (const file of Array.from(list)) {
        const key = nextKey++
        const refused = checkBeforeUpload(file, options.allowed())
        if (!refused) files.set(key, file)
        setEntries(entries.length, {
          key,
          name: file.name,
          size: file.size,
          sent: 0,
          state: refused ? 'failed' : options.autoStart === false ? 'ready' : 'waiting',
          error: refused,
        })
      }
    })
    pump()
  }

  function cancel(key: number) {
    handles.get(key)?.cancel()
    handles.delete(key)
    files.delete(key)
    update(key, { state: 'cancelled', error: t('upload.cancelled') })
    pump()
  }

  function retry(key: number) {
    if (!files.has(key)) return
    update(key, { state: 'waiting', error: undefined, retryable: false, sent: 0 })
    pump()
  }

  /** Sends every file that waits as 'ready'. */
  function startAll() {
    setEntries((entry) => entry.state === 'ready', { state: 'waiting' })
    pump()
  }

  /** Takes a file that has not been sent out of the list. */
  function remove(key: number) {
    files.delete(key)
    setEntries((list) => list.filter((entry) => entry.key !== key))
  }

  function cancelAll() {
    for (const entry of entries)
      if (entry.state === 'waiting' || entry.state === 'uploading') cancel(entry.key)
  }

  /** Removes finished, failed and cancelled rows. */
  function clear() {
    setEntries(produce((list) => {
      for (let i = list.length - 1; i >= 0; i--)
        if (!['waiting', 'uploading', 'ready'].includes(list[i]!.state)) {
          files.delete(list[i]!.key)
          list.splice(i, 1)
        }
    }))
  }

  const inPlay = () =>
    entries.filter((entry) => entry.state !== 'cancelled' && entry.state !== 'failed' && entry.state !== 'ready')
  const overall = createMemo(() => {
    const total = inPlay().reduce((sum, entry) => sum + entry.size, 0)
    const sent = inPlay().reduce((sum, entry) => sum + Math.min(entry.sent, entry.size), 0)
    const count = inPlay().length
    const done = inPlay().filter((entry) => entry.state === 'done').length
    return { total, sent, count, done, ratio: total === 0 ? (count && done === count ? 1 : 0) : sent / total }
  })
  const busy = () => entries.some((entry) => entry.state === 'uploading' || entry.state === 'waiting')

  const ready = () => entries.filter((entry) => entry.state === 'ready').length
  const finished = () => entries.length > 0 && entries.every((entry) => !['ready', 'waiting', 'uploading'].includes(entry.state))

  return { entries, add, cancel, cancelAll, retry, clear, remove, startAll, overall, busy, ready, finished }
}

export type UploadQueue = ReturnType<typeof createUploadQueue>
