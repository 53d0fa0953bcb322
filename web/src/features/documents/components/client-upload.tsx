import { createSignal, Show } from 'solid-js'
import { TextAreaField } from '../../../components/textarea-field'
import { t } from '../../../i18n'
import { createUploadQueue } from '../upload/upload-queue'
import { CategoryField, useUploadCategories } from './category-field'
import { UploadZone } from './upload-zone'

type ClientUploadProps = {
  clientId: string
  clientName: string
  /** Uploads into a project: everyone in the project sees them (audience 'project'). */
  projectId?: string
  onUploaded: () => void
}

/**
 * A client's own uploads to the firm: category, optional note and who sees the files — only the
 * uploader and the firm (named people, nobody named) or everyone at the client / in the project.
 */
export function ClientUpload(props: ClientUploadProps) {
  const [category, setCategory] = createSignal('')
  const [note, setNote] = createSignal('')
  const [shared, setShared] = createSignal(false)
  const choices = useUploadCategories(() => (props.projectId ? { projectId: props.projectId } : { clientId: props.clientId }))
  const required = () => choices().required
  const [categoryError, setCategoryError] = createSignal<string>()
  const queue = createUploadQueue({
    meta: () => ({
      clientId: props.clientId,
      audience: shared() ? (props.projectId ? 'project' : 'client') : 'people',
      projectId: props.projectId,
      category: category().trim(),
      note: note().trim(),
    }),
    allowed: () => null,
    onDone: () => props.onUploaded(),
    // A category the firm requires is asked for before anything is sent.
    refuse: () => (required() && !category() ? t('upload.errors.categoryRequired') : undefined),
    onRefused: setCategoryError,
  })
  return (
    <UploadZone queue={queue}>
      <div class="upload__options">
        <CategoryField
          id="upload-category"
          choices={choices()}
          value={category()}
          error={categoryError()}
          onChange={(value) => {
            setCategory(value)
            setCategoryError(undefined)
          }}
        />
        <fieldset class="upload__visibility">
          <legend class="field__label">{t('upload.visibility')}</legend>
          <label class="radio">
            <input type="radio" name="upload-visibility" checked={!shared()} onChange={() => setShared(false)} />
            <span>{t('upload.onlyFirm')}</span>
          </label>
          <label class="radio">
            <input type="radio" name="upload-visibility" checked={shared()} onChange={() => setShared(true)} />
            <span>
              <Show when={props.projectId} fallback={t('upload.everyone', { name: props.clientName })}>
                {t('upload.everyoneProject')}
              </Show>
            </span>
          </label>
        </fieldset>
      </div>
      <details class="upload__note">
        <summary>{t('upload.addNote')}</summary>
        <TextAreaField id="upload-note" label={t('upload.note')} value={note()} onInput={setNote} maxLength={2000} optional rows={2} />
      </details>
    </UploadZone>
  )
}
