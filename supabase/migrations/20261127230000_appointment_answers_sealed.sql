-- Intake answers sealed (SECURITY.md: a dump of the database holds no plaintext of what a client
-- writes; the answers a client gives when booking describe their legal matter). Like message
-- bodies: answers_ciphertext is AES-256-GCM of the answers' JSON under a per-booking data key
-- (nonce ‖ tag ‖ ciphertext, the booking's id as associated data); answers_key is that data key
-- sealed by the file master key, which never enters the database (rotation rewraps it). The code:
-- functions/_shared/appointment-answers.ts.
--
-- The clear column answers stays for the bookings of existing installations until the application
-- seals them (functions/appointments/service/seal-answers.ts when the portal starts, and every
-- master-key rotation); after that it holds '{}' everywhere, and nothing writes it again.
alter table public.appointments
  add column answers_ciphertext bytea check (octet_length(answers_ciphertext) between 28 and 80128),
  add column answers_key bytea check (octet_length(answers_key) = 60),
  add constraint appointments_answers_key_pair check ((answers_ciphertext is null) = (answers_key is null)),
  add constraint appointments_answers_sealed_or_clear check (answers_ciphertext is null or answers = '{}'::jsonb);

-- People book with the sealed answers; the clear column is no longer theirs to write. Changes of a
-- booking never touch the answers (as before). The sealing of legacy rows runs as the named
-- operation 'appointment answer sealing' (service_role) and writes only these three columns.
revoke insert (answers) on public.appointments from authenticated;
grant insert (answers_ciphertext, answers_key) on public.appointments to authenticated;
grant update (answers, answers_ciphertext, answers_key) on public.appointments to service_role;

-- No writer (not even the owner) stores clear answers from now on: a new booking carries '{}', and
-- an update may only empty the clear column (the sealing), never fill it. Restores load rows with
-- user triggers off, so a backup from before this migration comes back as it was and is sealed at
-- the next start.
create or replace function private.appointment_answers_sealed() returns trigger
language plpgsql set search_path = '' as $$
begin
  if new.answers <> '{}'::jsonb and (tg_op = 'INSERT' or new.answers is distinct from old.answers) then
    raise exception 'answers_not_sealed' using errcode = '23514',
      detail = 'Intake answers are stored sealed (answers_ciphertext, answers_key), never in clear.';
  end if;
  return new;
end
$$;
create trigger appointments_answers_sealed before insert or update of answers on public.appointments
  for each row execute function private.appointment_answers_sealed();
