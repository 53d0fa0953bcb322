import { createSignal } from 'solid-js'
import { t } from '../i18n'
import { EyeIcon } from './icons'
import { TextField, type TextFieldProps } from './text-field'

/**
 * A password input with a "show" toggle: long passphrases are easier to type correctly when they
 * can be checked once. The toggle never changes what is sent.
 */
export function PasswordField(props: Omit<TextFieldProps, 'type' | 'action' | 'spellcheck'>) {
  const [visible, setVisible] = createSignal(false)
  return (
    <TextField
      {...props}
      type={visible() ? 'text' : 'password'}
      spellcheck={false}
      action={
        <button
          type="button"
          class="field__reveal"
          aria-controls={props.id}
          aria-label={visible() ? t('common.hidePassword') : t('common.showPassword')}
          onClick={() => setVisible(!visible())}
        >
          <EyeIcon />
          <span>{visible() ? t('common.hide') : t('common.show')}</span>
        </button>
      }
    />
  )
}
