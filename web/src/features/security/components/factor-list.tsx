import { A, createAsync } from '@solidjs/router'
import { createSignal, For, Show } from 'solid-js'
import { PlusIcon } from '../../../components/action-icons'
import { Alert } from '../../../components/alert'
import { MailIcon, PhoneIcon } from '../../../components/object-icons'
import { t } from '../../../i18n'
import { formatTime } from '../../../lib/format'
import { ENROL_PATH } from '../../auth/account'
import type { CurrentAccount } from '../../auth/queries'
import { getFactors, type Factor } from '../queries'
import { RemoveFactorDialog } from './remove-factor-dialog'

/** The account's second factors, with adding and (after proof) removing. */
export function FactorList(props: { account: CurrentAccount }) {
  const factors = createAsync(() => getFactors())
  const [removing, setRemoving] = createSignal<Factor>()
  const [removed, setRemoved] = createSignal(false)
  const kinds = () => [...new Set((factors() ?? []).map((factor) => factor.kind))]

  return (
    <>
      <Show when={removed()}>
        <Alert tone="success">{t('factors.removed')}</Alert>
      </Show>
      <Show
        when={(factors() ?? []).length > 0}
        fallback={
          <Alert tone="info">
            {t('factors.none', { deadline: formatTime(props.account.mfaDeadline, 'short') })}
          </Alert>
        }
      >
        <ul class="item-list">
          <For each={factors()}>
            {(factor) => (
              <li class="item">
                <span class="item__icon" aria-hidden="true">
                  {factor.kind === 'totp' ? <PhoneIcon /> : <MailIcon />}
                </span>
                <div class="item__body">
                  <p class="item__title">
                    {t(`factors.kind.${factor.kind}`)}
                    <Show when={factor.label}>
                      <span class="item__subtitle">{factor.label}</span>
                    </Show>
                  </p>
                  <p class="item__meta">
                    {t('factors.added', { date: formatTime(factor.createdAt, 'date') })}
                    {' · '}
                    {factor.lastUsedAt
                      ? t('factors.lastUsed', { date: formatTime(factor.lastUsedAt, 'short') })
                      : t('factors.neverUsed')}
                  </p>
                </div>
                <button
                  type="button"
                  class="button button--secondary button--small"
                  aria-label={t('factors.removeLabel', { kind: t(`factors.kind.${factor.kind}`) })}
                  onClick={() => {
                    setRemoved(false)
                    setRemoving(factor)
                  }}
                >
                  {t('factors.remove')}
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <A href={ENROL_PATH} class="button button--secondary section__action">
        <PlusIcon />
        <span>{(factors() ?? []).length > 0 ? t('factors.addAnother') : t('factors.add')}</span>
      </A>
      <RemoveFactorDialog
        factor={removing()}
        kinds={kinds()}
        onClose={() => setRemoving(undefined)}
        onRemoved={() => {
          setRemoving(undefined)
          setRemoved(true)
        }}
      />
    </>
  )
}
