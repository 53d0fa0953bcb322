import { For, Show } from 'solid-js'
import { CheckIcon, CrossIcon } from '../../../components/icons'
import { t } from '../../../i18n'
import type { PasswordVerdict } from '../password-rules'

type PasswordFeedbackProps = {
  id: string
  password: string
  /** undefined while the rules are still loading. */
  verdict: PasswordVerdict | undefined
}

const SEGMENTS = [1, 2, 3, 4] as const

/**
 * Live feedback below the password input: a four-step meter and the reasons the server would give.
 * The meter never looks "good" while a rule is broken, and never "weak" once all rules hold.
 */
export function PasswordFeedback(props: PasswordFeedbackProps) {
  const level = () => {
    const verdict = props.verdict
    if (!verdict) return 0
    return verdict.ok ? Math.max(verdict.score, 3) : Math.min(verdict.score, 2)
  }
  const levelText = () => t(`password.levels.${level() as 0 | 1 | 2 | 3 | 4}`)

  return (
    <div id={props.id} class="password-feedback">
      <Show when={props.password}>
        <div class={`meter meter--level-${level()}`} aria-hidden="true">
          <For each={SEGMENTS}>
            {(segment) => (
              <span
                class="meter__segment"
                classList={{ 'meter__segment--on': segment <= Math.max(level(), 1) }}
              />
            )}
          </For>
        </div>
        <p class="password-feedback__status" aria-live="polite">
          {props.verdict ? t('password.strength', { level: levelText() }) : t('password.checking')}
        </p>
        <Show when={props.verdict}>
          {(verdict) => (
            <ul class="checklist">
              <Show
                when={verdict().ok}
                fallback={
                  <For each={verdict().problems}>
                    {(problem) => (
                      <li class="checklist__item checklist__item--problem">
                        <CrossIcon class="icon checklist__icon" />
                        <span>{t(`password.problems.${problem}`)}</span>
                      </li>
                    )}
                  </For>
                }
              >
                <li class="checklist__item checklist__item--ok">
                  <CheckIcon class="icon checklist__icon" />
                  <span>{t('password.ok')}</span>
                </li>
              </Show>
            </ul>
          )}
        </Show>
      </Show>
    </div>
  )
}
