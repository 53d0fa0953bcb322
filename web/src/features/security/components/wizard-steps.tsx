import { For } from 'solid-js'
import { t } from '../../../i18n'

type WizardStepsProps = { current: 0 | 1 | 2; withCodes: boolean }

/** "Schritt 2 von 3": where the person is in the enrolment, as an ordered list. */
export function WizardSteps(props: WizardStepsProps) {
  const steps = () =>
    props.withCodes
      ? (['enrol.steps.choose', 'enrol.steps.setup', 'enrol.steps.codes'] as const)
      : (['enrol.steps.choose', 'enrol.steps.setup'] as const)
  return (
    <ol class="wizard-steps" aria-label={t('enrol.steps.label')}>
      <For each={steps()}>
        {(key, index) => (
          <li
            class="wizard-steps__item"
            classList={{
              'wizard-steps__item--done': index() < props.current,
              'wizard-steps__item--current': index() === props.current,
            }}
            aria-current={index() === props.current ? 'step' : undefined}
          >
            <span class="wizard-steps__number" aria-hidden="true">
              {index() + 1}
            </span>
            <span class="wizard-steps__label">{t(key)}</span>
          </li>
        )}
      </For>
    </ol>
  )
}
