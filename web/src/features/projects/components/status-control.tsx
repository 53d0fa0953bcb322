import { useAction } from '@solidjs/router'
import { createSignal, For, Show } from 'solid-js'
import { Alert } from '../../../components/alert'
import { t } from '../../../i18n'
import { toApiError, type ApiError } from '../../../lib/api'
import { genericErrorText, requestIdText } from '../../../lib/error-message'
import { PROJECT_STATUSES, updateProject, type Project, type ProjectStatus } from '../queries'

/** Staff set a project open, paused or closed; the choice is saved at once. */
export function StatusControl(props: { project: Project }) {
  const save = useAction(updateProject)
  const [pending, setPending] = createSignal(false)
  const [saved, setSaved] = createSignal(false)
  const [failure, setFailure] = createSignal<ApiError>()

  async function choose(status: ProjectStatus) {
    if (pending() || status === props.project.status) return
    setPending(true)
    setSaved(false)
    setFailure(undefined)
    try {
      await save({ projectId: props.project.id, status })
      setSaved(true)
    } catch (thrown) {
      setFailure(toApiError(thrown))
    } finally {
      setPending(false)
    }
  }

  return (
    <fieldset class="form__group" aria-describedby="status-hint">
      <legend class="visually-hidden">{t('projects.statusTitle')}</legend>
      <div class="segmented">
        <For each={PROJECT_STATUSES}>
          {(status) => (
            <label class="segmented__option">
              <input
                type="radio"
                name="project-status"
                value={status}
                checked={props.project.status === status}
                onChange={() => void choose(status)}
              />
              <span>{t(`projects.status.${status}`)}</span>
            </label>
          )}
        </For>
      </div>
      <p id="status-hint" class="field__hint">
        {t(`projects.statusHint.${props.project.status}`)}
      </p>
      <Show when={saved()}>
        <p class="setting__saved" role="status">
          {t('projects.statusSaved', { status: t(`projects.status.${props.project.status}`) })}
        </p>
      </Show>
      <Show when={failure()}>
        {(error) => (
          <Alert tone="error" detail={requestIdText(error())}>
            {genericErrorText(error())}
          </Alert>
        )}
      </Show>
    </fieldset>
  )
}
