import { For, Show } from 'solid-js'
import { TextAreaField } from '../../../components/textarea-field'
import { locale, t } from '../../../i18n'
import type { Question } from '../queries'

type IntakeAnswersProps = {
  questions: Question[]
  answers: Record<string, string>
  onChange: (answers: Record<string, string>) => void
  /** The note above the questions (the client's own booking asks them; staff note what they were told). */
  note?: string
}

/** The intake questions of a type as answer fields; one per question, the optional ones marked. */
export function IntakeAnswers(props: IntakeAnswersProps) {
  const label = (q: Question) => (locale() === 'de' ? q.labelDe : q.labelEn)
  return (
    <Show when={props.questions.length > 0} fallback={<p class="muted">{t('appointments.book.noQuestions')}</p>}>
      <p class="form__note">{props.note ?? t('appointments.book.questions')}</p>
      <For each={props.questions}>
        {(q) => (
          <TextAreaField
            id={`answer-${q.id}`}
            label={label(q)}
            optional={!q.required}
            value={props.answers[q.id] ?? ''}
            onInput={(value) => props.onChange({ ...props.answers, [q.id]: value })}
            maxLength={2000}
          />
        )}
      </For>
    </Show>
  )
}
