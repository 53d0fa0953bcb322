import { A } from '@solidjs/router'
import { Show } from 'solid-js'
import { locale, t } from '../../../i18n'
import type { Appointment } from '../queries'
import { when } from '../time'
import { StatusBadge } from './status-badge'

/** A type's name in the UI language. */
export const typeName = (a: { nameDe: string; nameEn: string }) => (locale() === 'de' ? a.nameDe : a.nameEn)

/** One booking in a list: kind, time, with whom, state; the whole row opens it. */
export function AppointmentRow(props: { appointment: Appointment; showClient?: boolean }) {
  const a = () => props.appointment
  return (
    <li class="item appointment-row" data-appointment-id={a().id}>
      <div class="item__body">
        <p class="item__title">
          <A href={`/termine/${a().id}`}>{typeName(a().type)}</A> <StatusBadge status={a().status} />
        </p>
        <p class="item__meta">
          {when(a().startsAt)} · {t(`appointments.location.${a().type.location}`)}
          <Show when={a().staff.name}>{(name) => ` · ${t('appointments.mine.with', { name: name() })}`}</Show>
          <Show when={props.showClient}>{` · ${a().booker.name ?? ''}${a().clientName ? ` (${a().clientName})` : ''}`}</Show>
        </p>
      </div>
    </li>
  )
}
