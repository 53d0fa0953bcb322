import { A, createAsync, useNavigate } from '@solidjs/router'
import { createSignal, Match, Show, Switch } from 'solid-js'
import { Alert } from '../../../components/alert'
import { t } from '../../../i18n'
import { now } from '../../../lib/clock'
import { usePageTitle } from '../../../lib/page-title'
import { factorOverdue } from '../../auth/account'
import { useAccount } from '../../auth/account-context'
import { getSetupState } from '../../auth/queries'
import { SignOutButton } from '../../shell/components/sign-out-button'
import { EmailSetup, type EmailEnrolment } from '../components/email-setup'
import { MethodChoice } from '../components/method-choice'
import { RecoveryCodes } from '../components/recovery-codes'
import { TotpSetup } from '../components/totp-setup'
import { WizardSteps } from '../components/wizard-steps'
import { getFactors, getSecuritySettings, type Confirmed } from '../queries'
import '../security.css'

type Step =
  | { kind: 'choose' }
  | { kind: 'totp' }
  | { kind: 'email' }
  | { kind: 'codes'; codes: string[] }
  | { kind: 'done'; method: 'totp' | 'email' }

/**
 * /sicherheit/zweiter-faktor: choose the authenticator app or the e-mail code, set it up, and
 * (for the first factor) keep the ten recovery codes. Past the deadline this is the only page
 * an account reaches, so it offers sign-out too.
 */
export default function EnrolPage() {
  usePageTitle('enrol.title')
  const navigate = useNavigate()
  const account = useAccount()
  const setup = createAsync(() => getSetupState().catch(() => undefined))
  const settings = createAsync(() => getSecuritySettings().catch(() => undefined))
  const factors = createAsync(() => getFactors().catch(() => []))
  const [step, setStep] = createSignal<Step>({ kind: 'choose' })
  const [emailEnrolment, setEmailEnrolment] = createSignal<EmailEnrolment>()
  // Whether this is the first factor (then recovery codes follow), fixed when the page opens.
  const [firstFactor, setFirstFactor] = createSignal<boolean>()

  const isFirst = () => firstFactor() ?? (factors()?.length ?? 0) === 0
  const emailOffered = () =>
    settings()?.emailFactorEnabled !== false &&
    !(factors() ?? []).some((factor) => factor.kind === 'email')
  const overdue = () => {
    const current = account()
    return current ? factorOverdue(current, now()) : false
  }
  const stepIndex = (): 0 | 1 | 2 => {
    const kind = step().kind
    return kind === 'choose' ? 0 : kind === 'codes' ? 2 : 1
  }

  function choose(method: 'totp' | 'email') {
    setFirstFactor(isFirst())
    setStep({ kind: method })
  }

  function confirmed(result: Confirmed) {
    if (result.recoveryCodes?.length) setStep({ kind: 'codes', codes: result.recoveryCodes })
    else setStep({ kind: 'done', method: result.kind })
  }

  return (
    <section class="page page--panel enrol" aria-labelledby="page-title">
      <p class="eyebrow">{t('enrol.eyebrow')}</p>
      <h1 id="page-title" class="page__title">
        {t('enrol.title')}
      </h1>
      <p class="page__lead">{t('enrol.lead')}</p>
      <Show when={overdue() && step().kind !== 'codes'}>
        <div class="enrol__overdue no-print">
          <Alert tone="error">{t('enrol.overdue')}</Alert>
          <SignOutButton />
        </div>
      </Show>
      <Show when={step().kind !== 'done'}>
        <WizardSteps current={stepIndex()} withCodes={isFirst()} />
      </Show>
      <Switch>
        <Match when={step().kind === 'choose'}>
          <MethodChoice emailOffered={emailOffered()} onChoose={choose} />
        </Match>
        <Match when={step().kind === 'totp'}>
          <TotpSetup onConfirmed={confirmed} />
          <BackLink onBack={() => setStep({ kind: 'choose' })} />
        </Match>
        <Match when={step().kind === 'email'}>
          <EmailSetup
            enrolment={emailEnrolment()}
            onStarted={setEmailEnrolment}
            onConfirmed={confirmed}
            onBack={() => setStep({ kind: 'choose' })}
          />
          <BackLink onBack={() => setStep({ kind: 'choose' })} />
        </Match>
        <Match when={step().kind === 'codes' && (step() as { codes: string[] }).codes}>
          {(codes) => (
            <RecoveryCodes
              codes={codes()}
              email={account()?.email ?? ''}
              firmName={setup()?.firmName ?? undefined}
              onDone={() => navigate('/', { replace: true })}
            />
          )}
        </Match>
        <Match when={step().kind === 'done'}>
          <Alert tone="success">{t('enrol.added')}</Alert>
          <A href="/sicherheit" class="button button--primary">
            {t('enrol.toSecurity')}
          </A>
        </Match>
      </Switch>
    </section>
  )
}

function BackLink(props: { onBack: () => void }) {
  return (
    <p class="enrol__back no-print">
      <button type="button" class="link-button" onClick={() => props.onBack()}>
        {t('enrol.otherMethod')}
      </button>
    </p>
  )
}
