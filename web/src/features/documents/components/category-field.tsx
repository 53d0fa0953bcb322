import { createAsync } from '@solidjs/router'
import { Show } from 'solid-js'
import { SelectField } from '../../../components/select-field'
import { t } from '../../../i18n'
import { getUploadCategories, type UploadCategory } from '../queries'

type Choices = { categories: UploadCategory[]; required: boolean }

/**
 * The categories an upload into this client (or project) may be filed into, and whether one
 * must be chosen; empty until they arrive (the form never waits for them).
 */
export function useUploadCategories(scope: () => { clientId?: string; projectId?: string }) {
  return createAsync(
    async (): Promise<Choices> => {
      const target = scope()
      return getUploadCategories(target).catch(() => ({ categories: [], required: false }))
    },
    { initialValue: { categories: [], required: false } },
  )
}

type CategoryFieldProps = {
  id: string
  choices: Choices
  value: string
  onChange: (value: string) => void
  error?: string
}

/**
 * The category of an upload ("Verträge", "Belege" …), from the categories the firm defined for
 * this client or project type; hidden when there are none. The value sent is the category's id.
 */
export function CategoryField(props: CategoryFieldProps) {
  return (
    <Show when={props.choices.categories.length > 0}>
      <SelectField
        id={props.id}
        label={props.choices.required ? t('upload.categoryRequired') : t('upload.category')}
        value={props.value}
        error={props.error}
        options={[
          { value: '', label: props.choices.required ? t('upload.categoryChoose') : t('upload.categoryNone') },
          ...props.choices.categories.map((category) => ({ value: category.id, label: category.name })),
        ]}
        onChange={props.onChange}
      />
    </Show>
  )
}
