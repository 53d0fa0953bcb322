import { createSignal, Show, type JSX } from 'solid-js'
import { Alert } from '../../../components/alert'
import { Dialog } from '../../../components/dialog'
import { TextField } from '../../../components/text-field'
import { t } from '../../../i18n'
import { toApiError, type ApiError } from '../../../lib/api'
import { requestIdText } from '../../../lib/error-message'
import { formatTime } from '../../../lib/format'
import { createErrorText } from '../share-errors'
import { CreatedLink } from './created-link'

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/** A link's expiry in whole days, from 1 to the firm's longest; the error text or nothing. */
export function daysError(days: string, max: number): string | undefined {
  const d = Number(days)
  return !Number.isInteger(d) || d < 1 || d > max ? t('shares.dialog.errors.days', { max }) : undefined
}

/** An optional recipient address that, when given, looks like one; the error text or nothing. */
export function emailError(email: string): string | undefined {
  return email.trim() && !EMAIL.test(email.trim()) ? t('shares.dialog.errors.email') : undefined
}

type Created = { url: string; expiresAt: string; mailed: boolean }
type Errors = Record<string, string | undefined>

/**
 * The state both link dialogs (share link, upload link) keep: field errors, a refusal that belongs
 * to no field, the pending request and the link once it is created. `submit` checks the fields
 * (`validate`), sends (`send` answers the link), and shows a refusal at the field `fieldOf` names
 * for its code, or above the form.
 */
export function createLinkForm<E extends Errors>(options: {
  validate: () => E
  send: () => Promise<Created>
  fieldOf: (error: ApiError) => keyof E | undefined
}) {
  const [errors, setErrors] = createSignal<E>({} as E)
  const [failure, setFailure] = createSignal<{ text: string; detail?: string }>()
  const [pending, setPending] = createSignal(false)
  const [created, setCreated] = createSignal<Created>()

  /** Editing a field takes back its error; the next submit checks again. */
  function edit(key: keyof E, set: (value: string) => void, value: string) {
    set(value)
    if (errors()[key]) setErrors(() => ({ ...errors(), [key]: undefined }))
  }

  async function submit() {
    if (pending()) return
    const found = options.validate()
    setErrors(() => found)
    setFailure(undefined)
    if (Object.values(found).some(Boolean)) return
    setPending(true)
    try {
      setCreated(await options.send())
    } catch (thrown) {
      const error = toApiError(thrown)
      const field = options.fieldOf(error)
      if (field) setErrors(() => ({ [field]: createErrorText(error) }) as E)
      else setFailure({ text: createErrorText(error), detail: requestIdText(error) })
    } finally {
      setPending(false)
    }
  }

  return { errors, setErrors, edit, failure, pending, created, submit }
}

export type LinkFormState = Pick<ReturnType<typeof createLinkForm>, 'failure' | 'pending' | 'created' | 'submit'>

type LinkFormProps = {
  state: LinkFormState
  /** The id of the created link's field. */
  linkId: string
  onClose: () => void
  /** Shown above a refusal (the share dialog's policy note). */
  intro?: JSX.Element
  /** The option fields, below a refusal. */
  children: JSX.Element
}

/**
 * The frame of a link dialog: the options with a refusal above them, Abbrechen and "Link erstellen";
 * once created, the link with its expiry (and that it was mailed) and Schließen.
 */
export function LinkForm(props: LinkFormProps) {
  return (
    <Show
      when={props.state.created()}
      fallback={
        <form
          class="form share-form"
          novalidate
          onSubmit={(event) => {
            event.preventDefault()
            void props.state.submit()
          }}
        >
          {props.intro}
          <Show when={props.state.failure()}>
            {(f) => (
              <Alert tone="error" detail={f().detail}>
                {f().text}
              </Alert>
            )}
          </Show>
          {props.children}
          <div class="form__actions">
            <button type="button" class="button button--secondary" onClick={() => props.onClose()}>
              {t('common.cancel')}
            </button>
            <button
              type="submit"
              class="button button--primary"
              classList={{ 'button--pending': props.state.pending() }}
              aria-disabled={props.state.pending() ? 'true' : undefined}
            >
              <span class="button__spinner" aria-hidden="true" />
              <span>{t('shares.dialog.create')}</span>
            </button>
          </div>
        </form>
      }
    >
      {(result) => (
        <div class="share-created">
          <Alert tone="success">
            {result().mailed
              ? t('shares.dialog.createdMailed', { date: formatTime(result().expiresAt, 'dateTime') })
              : t('shares.dialog.created', { date: formatTime(result().expiresAt, 'dateTime') })}
          </Alert>
          <CreatedLink id={props.linkId} url={result().url} />
          <div class="form__actions">
            <button type="button" class="button button--secondary" onClick={() => props.onClose()}>
              {t('common.close')}
            </button>
          </div>
        </div>
      )}
    </Show>
  )
}

/** "Gültig für (Tage)" with the firm's longest expiry as its hint. */
export function DaysField(props: {
  id: string
  max: number
  value: string
  onInput: (value: string) => void
  error?: string
}) {
  return (
    <TextField
      id={props.id}
      label={t('shares.dialog.days')}
      hint={t('shares.dialog.daysHint', { max: props.max })}
      value={props.value}
      onInput={(value) => props.onInput(value)}
      inputMode="numeric"
      maxLength={4}
      error={props.error}
    />
  )
}

/** The recipient's address (optional): the link goes out by mail when it is given. */
export function EmailField(props: {
  id: string
  label: string
  hint: string
  value: string
  onInput: (value: string) => void
  error?: string
}) {
  return (
    <TextField
      id={props.id}
      type="email"
      label={props.label}
      hint={props.hint}
      value={props.value}
      onInput={(value) => props.onInput(value)}
      autocomplete="off"
      spellcheck={false}
      error={props.error}
    />
  )
}

type LinkDialogButtonProps = {
  icon: JSX.Element
  label: string
  title: string
  description: string
  /** On the dark page head. */
  onDark?: boolean
  /** The dialog's form, given how to close the dialog. */
  children: (close: () => void) => JSX.Element
}

/** The small button that opens a link dialog ("Teilen", "Upload-Link erstellen") and the dialog. */
export function LinkDialogButton(props: LinkDialogButtonProps) {
  const [open, setOpen] = createSignal(false)
  const close = () => setOpen(false)
  return (
    <>
      <button
        type="button"
        class="button button--secondary button--small share-button"
        classList={{ 'button--on-dark': props.onDark }}
        onClick={() => setOpen(true)}
      >
        {props.icon}
        <span>{props.label}</span>
      </button>
      <Dialog open={open()} title={props.title} description={props.description} onClose={close}>
        {props.children(close)}
      </Dialog>
    </>
  )
}
