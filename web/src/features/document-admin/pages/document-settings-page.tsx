import { createAsync, Navigate } from '@solidjs/router'
import { For, Show } from 'solid-js'
import { t } from '../../../i18n'
import { usePageTitle } from '../../../lib/page-title'
import { useAccount } from '../../auth/account-context'
import { PROJECT_TYPES, type ProjectType } from '../../projects/queries'
import { AddCategoryForm } from '../components/add-category-form'
import { CategoryTable } from '../components/category-table'
import { RetentionSetting } from '../components/retention-setting'
import { nextPosition } from '../position'
import { getManagedCategories } from '../queries'
import '../document-admin.css'

/**
 * /verwaltung/dokumente (admins): the firm-wide document categories and those per project type,
 * grouped; the retention period. Other people are sent to the start page.
 */
export default function DocumentSettingsPage() {
  usePageTitle('documentAdmin.title')
  const me = useAccount()
  return (
    <Show when={me()}>
      {(current) => (
        <Show when={current().kind === 'staff' && current().isAdmin} fallback={<Navigate href="/" />}>
          <DocumentSettings />
        </Show>
      )}
    </Show>
  )
}

function DocumentSettings() {
  const categories = createAsync(() => getManagedCategories(), { initialValue: [] })
  const firmWide = () => categories().filter((c) => !c.clientId)
  const ofType = (type: ProjectType | null) => firmWide().filter((c) => c.projectType === type)
  const usedTypes = () => PROJECT_TYPES.filter((type) => ofType(type).length > 0)

  return (
    <div class="page document-settings-page">
      <header class="page-head">
        <p class="eyebrow eyebrow--on-dark">{t('documentAdmin.eyebrow')}</p>
        <h1 id="page-title" class="page-head__title">
          {t('documentAdmin.title')}
        </h1>
        <p class="page-head__lead">{t('documentAdmin.lead')}</p>
      </header>

      <section class="panel" aria-labelledby="categories-title">
        <h2 id="categories-title" class="panel__title">
          {t('documentAdmin.categories.title')}
        </h2>
        <p class="panel__lead">{t('documentAdmin.categories.lead')}</p>
        <AddCategoryForm
          idPrefix="firm"
          nextPosition={(type) => nextPosition(firmWide(), (c) => c.projectType === type)}
        />
        <h3 class="category-group__title">{t('documentAdmin.categories.firm')}</h3>
        <CategoryTable categories={ofType(null)} label={t('documentAdmin.categories.firm')} idPrefix="firm" />
        <For each={usedTypes()}>
          {(type) => {
            const label = () => t('documentAdmin.categories.projectType', { type: t(`projects.type.${type}`) })
            return (
              <>
                <h3 class="category-group__title">{label()}</h3>
                <CategoryTable categories={ofType(type)} label={label()} idPrefix={`type-${type}`} />
              </>
            )
          }}
        </For>
      </section>

      <section class="panel" aria-labelledby="retention-title">
        <h2 id="retention-title" class="panel__title">
          {t('documentAdmin.retention.title')}
        </h2>
        <p class="panel__lead">{t('documentAdmin.retention.lead')}</p>
        <RetentionSetting />
      </section>
    </div>
  )
}
