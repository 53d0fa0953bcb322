import { Navigate } from '@solidjs/router'
import { Show } from 'solid-js'
import { t } from '../../../i18n'
import { useAccount } from '../../auth/account-context'
import { ClientDocumentSettings } from '../../document-admin/components/client-document-settings'
import { ClientDataProtection } from '../../operations/components/client-data-protection'
import { useClient } from '../client-context'
import { ClientNameForm } from '../components/client-name-form'
import { OutsideSetting } from '../components/outside-setting'
import { StaffAssignment } from '../components/staff-assignment'

/**
 * Staff only: the client's name, whether its managers may invite outside participants to
 * projects, who at the firm looks after it (admins assign further staff), its own document
 * categories and its legal hold; the mandate end and the GDPR data export.
 */
export default function ClientSettings() {
  const client = useClient()
  const me = useAccount()
  return (
    <Show when={client()}>
      {(current) => (
        <Show when={current().isStaff} fallback={<Navigate href={`/mandanten/${current().id}`} />}>
          <div class="stack">
            <section class="panel" aria-labelledby="settings-name-title">
              <h2 id="settings-name-title" class="panel__title">
                {t('clientSettings.nameTitle')}
              </h2>
              <ClientNameForm client={current()} />
            </section>
            <section class="panel" aria-labelledby="settings-outside-title">
              <h2 id="settings-outside-title" class="panel__title">
                {t('clientSettings.outsideTitle')}
              </h2>
              <OutsideSetting client={current()} />
            </section>
            <section class="panel" aria-labelledby="settings-staff-title">
              <h2 id="settings-staff-title" class="panel__title">
                {t('clientSettings.staffTitle')}
              </h2>
              <StaffAssignment client={current()} isAdmin={me()?.isAdmin ?? false} />
            </section>
            <ClientDocumentSettings clientId={current().id} />
            <ClientDataProtection clientId={current().id} />
          </div>
        </Show>
      )}
    </Show>
  )
}
