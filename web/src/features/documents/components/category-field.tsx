import { createAsync } from '@solidjs/router'
import { createEffect, Show } from 'solid-js'
import { SelectField } from '../../../components/select-field'
import { t } from '../../../i18n'
import { getUploadCategories } from '../queries'

type CategoryFieldProps = {
  id: string
  /** Where the upload goes: the categories that apply there. */
  scope: { clientId?: string; projectId?: string }
  value: string
  onChange: (value: string) => void
  error?: string
  /** Told whether a category must be chosen (the database refuses an upload without one then). */
  onRequired?: (required: boolean) => void
}

/**
 * The category of an upload ("Verträge", "Belege" …), from the categories the firm defined for
 * this client or project type. Hidden when there are none. The value sent is the category's id.
 */
export function CategoryField(props: CategoryFieldProps) {
  const list = createAsync(() => getUploadCategories(props.scope).catch(() => ({ categories: [], required: false })))
  createEffect(() => props.onRequired?.(Boolean(list()?.required)))
  return (
    <Show when={list() && list()!.categories.length > 0}>
      <SelectField
        id={props.id}
        label={list()!.required ? t('upload.categoryRequired') : t('upload.category')}
        value={props.value}
        error={props.error}
        options={[
          { value: '', label: list()!.required ? t('upload.categoryChoose') : t('upload.categoryNone') },
          ...list()!.categories.map((category) => ({ value: category.id, label: category.name })),
        ]}
        onChange={props.onChange}
      />
    </Show>
  )
}
