import { createSignal, Show } from 'solid-js'
import { Alert } from '../../../components/alert'
import { t } from '../../../i18n'
import { checkBeforeUpload, uploadErrorText } from '../upload/file-check'
import { uploadVersion, type UploadHandle } from '../upload/transport'
import { ProgressBar } from './progress-bar'

/**
 * "Neue Version hochladen": one file, its progress, cancel, and the German reason when it is
 * refused. Earlier versions stay visible to the same people.
 */
export function VersionUpload(props: { itemId: string; onDone: () => void }) {
  const [progress, setProgress] = createSignal<number>()
  const [error, setError] = createSignal<string>()
  const [done, setDone] = createSignal(false)
  let handle: UploadHandle | undefined

  function start(file: File) {
    setError(undefined)
    setDone(false)
    const refused = checkBeforeUpload(file, null)
    if (refused) return setError(refused)
    setProgress(0)
    handle = uploadVersion(props.itemId, file, {
      onProgress: (sent, total) => setProgress(total ? sent / total : 0),
      onDone: () => {
        setProgress(undefined)
        setDone(true)
        props.onDone()
      },
      onError: (failure) => {
        setProgress(undefined)
        setError(uploadErrorText(failure, file.name))
      },
    })
  }

  return (
    <div class="version-upload">
      <Show
        when={progress() === undefined}
        fallback={
          <div class="version-upload__progress">
            <ProgressBar ratio={progress()!} label={t('versions.progress')} />
            <span class="version-upload__percent">{Math.round(progress()! * 100)} %</span>
            <button
              type="button"
              class="button button--secondary button--small"
              onClick={() => {
                handle?.cancel()
                setProgress(undefined)
              }}
            >
              {t('common.cancel')}
            </button>
          </div>
        }
      >
        <label class="button button--secondary button--small version-upload__pick">
          {t('versions.upload')}
          <input
            type="file"
            class="visually-hidden"
            onChange={(event) => {
              const file = event.currentTarget.files?.[0]
              if (file) start(file)
              event.currentTarget.value = ''
            }}
          />
        </label>
      </Show>
      <Show when={error()}>
        <Alert tone="error">{error()}</Alert>
      </Show>
      <Show when={done()}>
        <Alert tone="success">{t('versions.added')}</Alert>
      </Show>
    </div>
  )
}
