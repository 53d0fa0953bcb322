import { A, createAsync } from '@solidjs/router'
import { Show } from 'solid-js'
import { ArrowRightIcon } from '../../../components/action-icons'
import { ShieldIcon } from '../../../components/icons'
import { BuildingIcon, DocumentIcon, UsersIcon } from '../../../components/object-icons'
import { t } from '../../../i18n'
import { usePageTitle } from '../../../lib/page-title'
import { ENROL_PATH } from '../../auth/account'
import { useAccount } from '../../auth/account-context'
import { getSetupState } from '../../auth/queries'
import { OpenRequestsCard } from '../../documents/components/open-requests-card'
import { MyProjects } from '../../projects/components/my-projects'
import { BackupWarning } from '../components/backup-warning'
import { MyClientsCard } from '../components/my-clients-card'
import { PendingCard } from '../components/pending-card'
import '../home.css'

/** The greeting by time of day in Berlin: "Guten Morgen" until 11, "Guten Abend" from 18. */
function greetingKey(): 'home.morning' | 'home.day' | 'home.evening' {
  const hour = Number(
    new Intl.DateTimeFormat('de-DE', { hour: 'numeric', hour12: false, timeZone: 'Europe/Berlin' })
      .format(new Date())
      .replace(/\D/g, ''),
  )
  return hour < 11 ? 'home.morning' : hour < 18 ? 'home.day' : 'home.evening'
}

/**
 * "/" for signed-in people: a welcome by name with the firm's name and the first steps. Outside
 * participants find their projects here; staff the way to their clients; client members their
 * area. Later issues put documents, messages and appointments here.
 */
export default function HomePage() {
  usePageTitle('home.title')
  const account = useAccount()
  const setup = createAsync(() => getSetupState().catch(() => undefined))

  return (
    <Show when={account()}>
      {(current) => (
        <div class="page home">
          <header class="page-head">
            <p class="eyebrow eyebrow--on-dark">{t('home.title')}</p>
            <h1 id="page-title" class="page-head__title">
              {t(greetingKey(), { name: current().displayName })}
            </h1>
            <p class="page-head__lead">
              {setup()?.firmName
                ? t('home.lead', { firm: setup()!.firmName! })
                : t('home.leadPlain')}
            </p>
          </header>
          <Show when={current().kind === 'staff'}>
            <BackupWarning />
          </Show>
          <Show when={current().kind === 'external'}>
            <div class="home__projects">
              <MyProjects />
            </div>
          </Show>
          <div class="cards">
            <Show when={current().kind === 'staff'}>
              <article class="card">
                <BuildingIcon class="icon card__icon" />
                <h2 class="card__title">{t('home.clients.title')}</h2>
                <p class="card__text">{t('home.clients.text')}</p>
                <A href="/mandanten" class="card__link">
                  <span>{t('home.clients.manage')}</span>
                  <ArrowRightIcon />
                </A>
              </article>
            </Show>
            <Show when={current().kind === 'client'}>
              <OpenRequestsCard />
              <PendingCard />
              <MyClientsCard />
            </Show>
            <article class="card">
              <ShieldIcon class="icon card__icon" />
              <h2 class="card__title">{t('home.security.title')}</h2>
              <Show
                when={current().aal === 'aal2'}
                fallback={
                  <>
                    <p class="card__text">{t('home.security.missing')}</p>
                    <A href={ENROL_PATH} class="button button--primary card__action">
                      {t('grace.action')}
                    </A>
                  </>
                }
              >
                <p class="card__text">
                  <span class="status status--ok">{t('home.security.ok')}</span>
                </p>
                <A href="/sicherheit" class="card__link">
                  <span>{t('home.security.manage')}</span>
                  <ArrowRightIcon />
                </A>
              </Show>
            </article>
            <Show when={current().kind === 'staff'}>
              <article class="card">
                <UsersIcon class="icon card__icon" />
                <h2 class="card__title">{t('home.users.title')}</h2>
                <p class="card__text">{t('home.users.text')}</p>
                <A href="/verwaltung/benutzer" class="card__link">
                  <span>{t('home.users.manage')}</span>
                  <ArrowRightIcon />
                </A>
              </article>
            </Show>
            <Show when={current().kind !== 'external'}>
              <article class="card card--quiet">
                <DocumentIcon class="icon card__icon" />
                <h2 class="card__title">{t('home.soon.title')}</h2>
                <p class="card__text">{t('home.soon.text')}</p>
              </article>
            </Show>
          </div>
        </div>
      )}
    </Show>
  )
}
