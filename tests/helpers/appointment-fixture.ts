import { buildAccessFixture, type AccessFixture } from './access-fixture.ts'
import type { TestContext } from './context.ts'

export type AppointmentFixture = AccessFixture & {
  types: { all: string; chosen: string; project: string; confirm: string }
}

/**
 * The access world plus appointment types of clerk_a (Mon–Fri 09:00–17:00 Berlin, holidays of
 * Bavaria): one open to every client (60 min, 15 min buffer after, cut-off 24 h), one for the
 * chosen client B, one for the participants of project A (video), one that needs confirmation.
 */
export async function buildAppointmentFixture(ctx: TestContext): Promise<AppointmentFixture> {
  const f = await buildAccessFixture(ctx)
  const o = ctx.owner
  const clerk = f.people.clerk_a.id
  await o`insert into public.firm_settings (id, firm_name) values (1, 'Kanzlei Berger') on conflict (id) do nothing`
  for (const weekday of [1, 2, 3, 4, 5]) await o`insert into public.staff_availability (staff_id, weekday, starts, ends) values (${clerk}, ${weekday}, '09:00', '17:00')`
  await o`insert into public.staff_calendar_settings (staff_id, holiday_state) values (${clerk}, 'BY')`
  const type = async (fields: Record<string, unknown>) => {
    const [row] = await o`insert into public.appointment_types ${o({ staff_id: clerk, created_by: clerk, duration_minutes: 60, location: 'office', notice_hours: 0, horizon_days: 365, ...fields } as never)} returning id`
    return row!.id as string
  }
  const types = {
    all: await type({ name_de: 'Erstberatung', name_en: 'First consultation', buffer_after_minutes: 15, cutoff_hours: 24,
                      questions: o.json([{ id: 'topic', labelDe: 'Worum geht es?', labelEn: 'What is it about?', required: true }] as never) }),
    chosen: await type({ name_de: 'Jahresgespräch', name_en: 'Annual review', audience: 'chosen_clients' }),
    project: await type({ name_de: 'Gründungstermin', name_en: 'Formation meeting', audience: 'project', project_id: f.projects.a, location: 'video' }),
    confirm: await type({ name_de: 'Besprechung', name_en: 'Meeting', requires_confirmation: true, duration_minutes: 30, cutoff_hours: 24 }),
  }
  await o`insert into public.appointment_type_clients (type_id, client_id) values (${types.chosen}, ${f.clients.b})`
  return { ...f, types }
}
