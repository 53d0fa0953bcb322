-- Staff book appointments for a client's people (a firm books on the phone all the time). The
-- booking belongs to the person it is for: booked_by stays "whose booking it is" (they see it in
-- their appointments, move and cancel it like one of their own, and get its mails), and the new
-- column entered_by names the staff member who entered it (null: the person booked it themselves).
-- Who may enter a booking for whom: policies/08-appointments.sql ("Staff book for a client's
-- people"); a booking entered by staff is confirmed at once (private.appointment_rules).
alter table public.appointments
  add column entered_by uuid references public.accounts (id),
  add constraint appointments_entered_for_someone_else check (entered_by is null or entered_by <> booked_by);
create index appointments_entered_by_idx on public.appointments (entered_by) where entered_by is not null;

-- Written once, at the insert (the policies decide who may name themselves there); never changed.
grant insert (entered_by) on public.appointments to authenticated;
