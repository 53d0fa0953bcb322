import { A } from '@solidjs/router'
import { t } from '../../../i18n'
import { usePageTitle } from '../../../lib/page-title'

/** Any address the portal does not know. */
export default function NotFoundPage() {
  usePageTitle('notFound.title')
  return (
    <section class="page page--narrow not-found" aria-labelledby="page-title">
      <p class="not-found__code" aria-hidden="true">
        404
      </p>
      <h1 id="page-title" class="page__title">
        {t('notFound.title')}
      </h1>
      <p class="page__lead">{t('notFound.text')}</p>
      <A href="/" class="button button--primary">
        {t('common.toStart')}
      </A>
    </section>
  )
}
