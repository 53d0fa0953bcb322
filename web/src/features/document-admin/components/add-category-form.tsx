import { useAction } from '@solidjs/router'
import { createSignal, Show } from 'solid-js'
import { SelectField } from '../../../components/select-field'
import { t } from '../../../i18n'
import { PROJECT_TYPES, type ProjectType } from '../../projects/queries'
import { createCategory } from '../queries'
import { CategoryAddForm } from './category-add-form'

/**
 * Adds a category: for one client (clientId given) or, on the admin page, firm-wide or for one
 * project type (chosen in the select). New ones go to the end of their group.
 */
export function AddCategoryForm(props: { clientId?: string; idPrefix: string; nextPosition: (projectType: ProjectType | null) => number }) {
  const create = useAction(createCategory)
  const [scope, setScope] = createSignal<'' | ProjectType>('')

  async function add([name]: string[]) {
    const projectType = scope() || null
    await create({
      name,
      clientId: props.clientId ?? null,
      projectType,
      position: Math.min(1000, props.nextPosition(projectType)),
    })
    return t('documentAdmin.categories.added', { name })
  }

  return (
    <CategoryAddForm
      names={[
        {
          id: `${props.idPrefix}-new-category`,
          label: t('documentAdmin.categories.addName'),
          missing: t('documentAdmin.categories.nameMissing'),
        },
      ]}
      addLabel={t('documentAdmin.categories.add')}
      add={add}
    >
      <Show when={!props.clientId}>
        <SelectField
          id={`${props.idPrefix}-new-category-scope`}
          label={t('documentAdmin.categories.addFor')}
          value={scope()}
          options={[
            { value: '', label: t('documentAdmin.categories.forFirm') },
            ...PROJECT_TYPES.map((type) => ({
              value: type,
              label: t('documentAdmin.categories.forType', { type: t(`projects.type.${type}`) }),
            })),
          ]}
          onChange={(value) => setScope(value as '' | ProjectType)}
        />
      </Show>
    </CategoryAddForm>
  )
}
