import { useAction } from '@solidjs/router'
import { createSignal, For, onMount, Show } from 'solid-js'
import { CopyIcon } from '../../../components/action-icons'
import { Alert } from '../../../components/alert'
import { PageLoading } from '../../../components/page-loading'
import { t } from '../../../i18n'
import { toApiError, type ApiError } from '../../../lib/api'
import { genericErrorText, requestIdText } from '../../../lib/error-message'
import { startTotpEnrolment, type Confirmed, type TotpEnrolment } from '../queries'
import { ConfirmCodeForm } from './confirm-code-form'

/** Apps known to work with the portal's codes (RFC 6238, SHA-1, 6 digits, 30 seconds). */
const APPS = [
  'Google Authenticator',
  'Microsoft Authenticator',
  'Authy',
  'FreeOTP',
  'Duo Mobile',
] as const

/** "JBSWY3DPEHPK3PXP" → "JBSW Y3DP EHPK 3PXP": easier to type from one screen into another. */
export function groupKey(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ')
}

/**
 * The server's QR code as an image: the SVG is never inserted as markup, so nothing in it can
 * become part of the page (CSP allows data: images).
 */
function qrImageSource(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`
}

type TotpSetupProps = { onConfirmed: (result: Confirmed) => void }

/** Setting up an authenticator app: the apps that work, the QR code, the key as text, a code. */
export function TotpSetup(props: TotpSetupProps) {
  const start = useAction(startTotpEnrolment)
  const [enrolment, setEnrolment] = createSignal<TotpEnrolment>()
  const [failure, setFailure] = createSignal<ApiError>()
  const [copied, setCopied] = createSignal(false)

  async function begin() {
    setFailure(undefined)
    setEnrolment(undefined)
    try {
      setEnrolment(await start())
    } catch (thrown) {
      setFailure(toApiError(thrown))
    }
  }
  onMount(() => void begin())

  async function copyKey(secret: string) {
    try {
      await navigator.clipboard.writeText(secret)
      setCopied(true)
      setTimeout(() => setCopied(false), 4000)
    } catch {
      // No clipboard (older browser, no permission): the key stays selectable as text.
    }
  }

  return (
    <div class="totp">
      <Show when={failure()}>
        {(error) => (
          <>
            <Alert tone="error" detail={requestIdText(error())}>
              {genericErrorText(error())}
            </Alert>
            <button type="button" class="button button--secondary" onClick={() => void begin()}>
              {t('common.retry')}
            </button>
          </>
        )}
      </Show>
      <Show when={!failure() && !enrolment()}>
        <PageLoading />
      </Show>
      <Show when={enrolment()}>
        {(current) => (
          <ol class="setup-steps">
            <li class="setup-steps__item">
              <h3 class="setup-steps__title">{t('enrol.totp.appTitle')}</h3>
              <p class="setup-steps__text">{t('enrol.totp.appText')}</p>
              <ul class="app-list" aria-label={t('enrol.totp.appListLabel')}>
                <For each={APPS}>{(app) => <li class="app-list__item">{app}</li>}</For>
              </ul>
            </li>
            <li class="setup-steps__item">
              <h3 class="setup-steps__title">{t('enrol.totp.scanTitle')}</h3>
              <div class="totp__pairing">
                <img
                  class="totp__qr"
                  src={qrImageSource(current().qrSvg)}
                  alt={t('enrol.totp.qrAlt')}
                  width="200"
                  height="200"
                />
                <div class="totp__manual">
                  <p class="setup-steps__text">{t('enrol.totp.manualText')}</p>
                  <p class="totp__key-row">
                    <code class="totp__key" id="totp-key">
                      {groupKey(current().secret)}
                    </code>
                  </p>
                  <div class="totp__key-actions">
                    <button
                      type="button"
                      class="button button--secondary button--small"
                      onClick={() => void copyKey(current().secret)}
                    >
                      <CopyIcon />
                      <span>{copied() ? t('enrol.totp.copied') : t('enrol.totp.copy')}</span>
                    </button>
                    <a class="button button--secondary button--small" href={current().uri}>
                      {t('enrol.totp.openApp')}
                    </a>
                  </div>
                  <p class="totp__key-details">{t('enrol.totp.keyDetails')}</p>
                </div>
              </div>
            </li>
            <li class="setup-steps__item">
              <h3 class="setup-steps__title">{t('enrol.totp.codeTitle')}</h3>
              <p class="setup-steps__text">{t('enrol.totp.codeText')}</p>
              <ConfirmCodeForm
                factorId={current().factorId}
                kind="totp"
                onConfirmed={(result) => props.onConfirmed(result)}
                onLost={() => void begin()}
              />
            </li>
          </ol>
        )}
      </Show>
    </div>
  )
}
