import { createAsync } from '@solidjs/router'
import { Show } from 'solid-js'
import { t } from '../../../i18n'
import { formatList } from '../../../lib/format'
import { getManagedCategories } from '../queries'
import { nextPosition } from '../position'
import { AddCategoryForm } from './add-category-form'
import { CategoryTable } from './category-table'
import { LegalHoldSetting } from './legal-hold-setting'
import '../document-admin.css'

/**
 * For the client's staff on its settings tab: the client's own document categories (besides the
 * firm-wide ones, named for orientation) and its legal hold.
 */
export function ClientDocumentSettings(props: { clientId: string }) {
  const categories = createAsync(() => getManagedCategories(props.clientId).catch(() => []), { initialValue: [] })
  const own = () => categories().filter((c) => c.clientId === props.clientId)
  const firmNames = () => categories().filter((c) => !c.clientId && !c.projectType && !c.archivedAt).map((c) => c.name)

  return (
    <>
      <section class="panel" aria-labelledby="settings-categories-title">
        <h2 id="settings-categories-title" class="panel__title">
          {t('documentAdmin.categories.title')}
        </h2>
        <p class="panel__lead">{t('documentAdmin.categories.clientLead')}</p>
        <Show when={firmNames().length > 0}>
          <p class="muted category-group__inherited">
            {t('documentAdmin.categories.inherited', { names: formatList(firmNames()) })}
          </p>
        </Show>
        <AddCategoryForm
          idPrefix="client"
          clientId={props.clientId}
          nextPosition={() => nextPosition(own(), (c) => !c.projectType)}
        />
        <h3 class="category-group__title">{t('documentAdmin.categories.client')}</h3>
        <CategoryTable categories={own()} label={t('documentAdmin.categories.client')} idPrefix="client" />
      </section>
      <section class="panel" aria-labelledby="settings-hold-title">
        <h2 id="settings-hold-title" class="panel__title">
          {t('documentAdmin.hold.title')}
        </h2>
        <p class="panel__lead">{t('documentAdmin.hold.lead')}</p>
        <LegalHoldSetting clientId={props.clientId} />
      </section>
    </>
  )
}
