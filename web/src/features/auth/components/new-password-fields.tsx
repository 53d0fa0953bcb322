import { createMemo } from 'solid-js'
import { PasswordField } from '../../../components/password-field'
import { t } from '../../../i18n'
import type { CheckPassword } from '../password-rules'
import type { NewPasswordErrors, PasswordContext } from '../password-check'
import { PasswordFeedback } from './password-feedback'

type NewPasswordFieldsProps = {
  password: string
  repeat: string
  onPassword: (value: string) => void
  onRepeat: (value: string) => void
  check: CheckPassword | undefined
  /** The person's name, e-mail and firm: a password must not contain them. */
  context: PasswordContext
  errors: NewPasswordErrors
  passwordRef?: (element: HTMLInputElement) => void
  repeatRef?: (element: HTMLInputElement) => void
}

/**
 * A new password and its repetition, with the live strength meter and the server's reasons
 * below the first field (used for invitations, password reset and password change).
 */
export function NewPasswordFields(props: NewPasswordFieldsProps) {
  const verdict = createMemo(() => {
    const check = props.check
    return check && props.password ? check(props.password, props.context) : undefined
  })
  return (
    <>
      <PasswordField
        id="newPassword"
        label={t('newPassword.password')}
        hint={t('password.hint')}
        value={props.password}
        onInput={(value) => props.onPassword(value)}
        autocomplete="new-password"
        describedBy="newPassword-feedback"
        error={props.errors.password?.()}
        ref={props.passwordRef}
      >
        <PasswordFeedback
          id="newPassword-feedback"
          password={props.password}
          verdict={verdict()}
        />
      </PasswordField>
      <PasswordField
        id="newPasswordRepeat"
        label={t('newPassword.repeat')}
        value={props.repeat}
        onInput={(value) => props.onRepeat(value)}
        autocomplete="new-password"
        error={props.errors.repeat?.()}
        ref={props.repeatRef}
      />
    </>
  )
}
