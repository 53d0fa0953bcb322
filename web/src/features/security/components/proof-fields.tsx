import { useAction, useSubmission } from '@solidjs/router'
import { createSignal, For, Show } from 'solid-js'
import { PasswordField } from '../../../components/password-field'
import { TextField } from '../../../components/text-field'
import { t } from '../../../i18n'
import { toApiError } from '../../../lib/api'
import { digitsOnly, isSixDigits, normalizeRecoveryCode } from '../../auth/code-input'
import type { FactorMethod } from '../../auth/queries'
import { sendStepUpCode, type Proof } from '../queries'

export type ProofValues = { password: string; method: FactorMethod; code: string }
export type ProofErrors = { password?: () => string; code?: () => string }

type ProofFieldsProps = {
  /** Prefix for the ids, so two forms on one page never share one. */
  id: string
  values: ProofValues
  onChange: (field: keyof ProofValues, value: string) => void
  /** The account's factor kinds; empty when it has none (then the password alone proves it). */
  kinds: ('totp' | 'email')[]
  errors: ProofErrors
  passwordRef?: (element: HTMLInputElement) => void
  codeRef?: (element: HTMLInputElement) => void
}

/** The first method to offer: the app if there is one, else the e-mail code. */
export function defaultMethod(kinds: ('totp' | 'email')[]): FactorMethod {
  return kinds.includes('totp') ? 'totp' : kinds.includes('email') ? 'email' : 'recovery'
}

/** Checks the proof before sending; the server checks again. */
export function validateProof(values: ProofValues, hasFactor: boolean): ProofErrors {
  const errors: ProofErrors = {}
  if (!values.password) errors.password = () => t('proof.errors.passwordMissing')
  if (!hasFactor) return errors
  const code = values.method === 'recovery' ? normalizeRecoveryCode(values.code) : values.code
  if (!digitsOnly(code)) errors.code = () => t('factor.errors.missing')
  else if (values.method !== 'recovery' && !isSixDigits(code))
    errors.code = () => t('factor.errors.format')
  return errors
}

/** The values as the server expects them. */
export function toProof(values: ProofValues, hasFactor: boolean): Proof {
  if (!hasFactor) return { password: values.password }
  const code =
    values.method === 'recovery' ? normalizeRecoveryCode(values.code) : digitsOnly(values.code)
  return { password: values.password, method: values.method, code }
}

/** The field errors for proof_failed: which part the server refused. */
export function proofFailedErrors(data: unknown): ProofErrors {
  const failed = (data as { failed?: string } | undefined)?.failed
  return failed === 'factor'
    ? { code: () => t('proof.errors.codeWrong') }
    : { password: () => t('proof.errors.passwordWrong') }
}

/**
 * Proof for a change of credentials: the current password and, when the account has a factor,
 * a current code (app, e-mail code sent on request, or recovery code).
 */
export function ProofFields(props: ProofFieldsProps) {
  const send = useAction(sendStepUpCode)
  const sending = useSubmission(sendStepUpCode)
  const [sent, setSent] = createSignal<() => string>()
  const methods = () => [...props.kinds, 'recovery' as const]

  async function sendCode() {
    if (sending.pending) return
    try {
      const result = await send()
      setSent(() => () => t('proof.codeSent', { address: result.sentTo }))
    } catch (thrown) {
      const code = toApiError(thrown).code
      setSent(() => () =>
        code === 'resend_too_soon' ? t('proof.codeTooSoon') : t('proof.codeFailed'),
      )
    }
  }

  return (
    <>
      <PasswordField
        id={`${props.id}-password`}
        label={t('proof.password')}
        value={props.values.password}
        onInput={(value) => props.onChange('password', value)}
        autocomplete="current-password"
        error={props.errors.password?.()}
        ref={props.passwordRef}
      />
      <Show when={props.kinds.length > 0}>
        <fieldset class="proof">
          <legend class="proof__legend">{t('proof.factorLegend')}</legend>
          <div class="segmented" role="radiogroup" aria-label={t('proof.methodLabel')}>
            <For each={methods()}>
              {(method) => (
                <label class="segmented__option">
                  <input
                    type="radio"
                    name={`${props.id}-method`}
                    value={method}
                    checked={props.values.method === method}
                    onChange={() => props.onChange('method', method)}
                  />
                  <span>{t(`proof.method.${method}`)}</span>
                </label>
              )}
            </For>
          </div>
          <Show when={props.values.method === 'email'}>
            <div class="proof__send">
              <button
                type="button"
                class="button button--secondary button--small"
                aria-disabled={sending.pending ? 'true' : undefined}
                onClick={() => void sendCode()}
              >
                {t('proof.sendCode')}
              </button>
              <Show when={sent()}>
                {(text) => (
                  <p class="form__note" role="status">
                    {text()()}
                  </p>
                )}
              </Show>
            </div>
          </Show>
          <TextField
            id={`${props.id}-code`}
            label={t(`factor.label.${props.values.method}`)}
            value={props.values.code}
            onInput={(value) => props.onChange('code', value)}
            autocomplete={props.values.method === 'recovery' ? 'off' : 'one-time-code'}
            inputMode={props.values.method === 'recovery' ? 'text' : 'numeric'}
            maxLength={props.values.method === 'recovery' ? 40 : 7}
            spellcheck={false}
            variant="code"
            error={props.errors.code?.()}
            ref={props.codeRef}
          />
        </fieldset>
      </Show>
    </>
  )
}
