import { createSignal, For, onCleanup } from 'solid-js'
import { DownloadIcon, PrintIcon } from '../../../components/action-icons'
import { Alert } from '../../../components/alert'
import { CheckboxField } from '../../../components/checkbox-field'
import { t } from '../../../i18n'
import { formatTime } from '../../../lib/format'

type RecoveryCodesProps = {
  codes: string[]
  email: string
  firmName?: string
  onDone: () => void
}

/** The codes as a text file: a title, for whom, when, how to use them, one code a line. */
function codesText(props: RecoveryCodesProps, created: Date): string {
  const lines = [
    t('recovery.file.title', { firm: props.firmName || t('app.name') }),
    t('recovery.file.account', { email: props.email }),
    t('recovery.file.created', { date: formatTime(created) }),
    '',
    t('recovery.file.usage'),
    '',
    ...props.codes.map((code, index) => `${String(index + 1).padStart(2, ' ')}. ${code}`),
    '',
  ]
  return lines.join('\r\n')
}

/**
 * The ten recovery codes, shown once right after the first factor: download as .txt, print
 * (the print stylesheet leaves only the code sheet), and a confirmation before going on.
 */
export function RecoveryCodes(props: RecoveryCodesProps) {
  const created = new Date()
  const [saved, setSaved] = createSignal(false)
  const [error, setError] = createSignal(false)
  let checkbox: HTMLInputElement | undefined
  let downloadUrl: string | undefined
  onCleanup(() => downloadUrl && URL.revokeObjectURL(downloadUrl))

  function download() {
    if (downloadUrl) URL.revokeObjectURL(downloadUrl)
    const blob = new Blob([codesText(props, created)], { type: 'text/plain;charset=utf-8' })
    downloadUrl = URL.createObjectURL(blob)
    const link = document.createElement('a')
    link.href = downloadUrl
    link.download = t('recovery.fileName')
    document.body.append(link)
    link.click()
    link.remove()
  }

  function finish() {
    if (!saved()) {
      setError(true)
      checkbox?.focus()
      return
    }
    props.onDone()
  }

  return (
    <section class="recovery" aria-labelledby="recovery-title">
      <h2 id="recovery-title" class="section-title">
        {t('recovery.title')}
      </h2>
      <Alert tone="info">{t('recovery.once')}</Alert>
      <p class="recovery__text">{t('recovery.text')}</p>
      <div class="recovery__sheet">
        <p class="print-only recovery__print-title">
          {t('recovery.file.title', { firm: props.firmName || t('app.name') })}
        </p>
        <p class="print-only">{t('recovery.file.account', { email: props.email })}</p>
        <p class="print-only">{t('recovery.file.created', { date: formatTime(created) })}</p>
        <ol class="recovery__codes" aria-label={t('recovery.listLabel')}>
          <For each={props.codes}>
            {(code) => (
              <li class="recovery__code">
                <code>{code}</code>
              </li>
            )}
          </For>
        </ol>
        <p class="print-only">{t('recovery.file.usage')}</p>
      </div>
      <div class="recovery__actions">
        <button type="button" class="button button--secondary" onClick={download}>
          <DownloadIcon />
          <span>{t('recovery.download')}</span>
        </button>
        <button type="button" class="button button--secondary" onClick={() => window.print()}>
          <PrintIcon />
          <span>{t('recovery.print')}</span>
        </button>
      </div>
      <CheckboxField
        id="codes-saved"
        label={t('recovery.confirm')}
        checked={saved()}
        onChange={(checked) => {
          setSaved(checked)
          if (checked) setError(false)
        }}
        error={error() ? t('recovery.confirmMissing') : undefined}
        ref={(element) => (checkbox = element)}
      />
      <button type="button" class="button button--primary recovery__done" onClick={finish}>
        {t('recovery.continue')}
      </button>
    </section>
  )
}
