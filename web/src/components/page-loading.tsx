import { t } from '../i18n'

/** Quiet placeholder while a page or its data loads. */
export function PageLoading() {
  return (
    <div class="page-loading" role="status">
      <span class="page-loading__spinner" aria-hidden="true" />
      <span>{t('app.loading')}</span>
    </div>
  )
}
