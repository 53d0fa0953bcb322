import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../../functions/_shared/paths.ts'

async function sourceFiles(dir: string): Promise<string[]> {
  const out: string[] = []
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) out.push(...(await sourceFiles(full)))
    else if (entry.name.endsWith('.ts')) out.push(full)
  }
  return out
}

/**
 * The service_role path bypasses row-level security. This list is the review gate: adding a
 * module means adding it here, in the same change, with the reason in the caller's comment.
 */
const ALLOWED = [
  'functions/_shared/throttle-sweep.ts', // throttle cleanup: counters of no user, past every window
  'functions/_shared/mail/worker.ts', // outbox delivery
  'functions/_shared/session.ts', // session resolution (no identity yet)
  'functions/auth/service/confirm-factor.ts', // only this path marks a factor verified
  'functions/auth/service/create-first-admin.ts', // first-run setup
  'functions/auth/service/get-setup-state.ts', // first-run setup
  'functions/auth/service/change-password.ts', // reads the password hash for the proof
  'functions/auth/service/password-reset.ts', // the requester is not signed in
  'functions/auth/service/redeem-invitation.ts', // invitation redemption
  'functions/auth/service/remove-factor.ts', // reads the password hash for the proof
  'functions/auth/service/renew-recovery-codes.ts', // reads the password hash for the proof
  'functions/auth/service/send-step-up-code.ts', // step-up codes live with the challenges
  'functions/auth/service/send-sign-in-code.ts', // pre-auth challenge
  'functions/auth/service/sign-in-with-password.ts', // sign-in
  'functions/auth/service/start-email-enrolment.ts', // factor enrolment
  'functions/auth/service/start-totp-enrolment.ts', // factor enrolment (sealed secret)
  'functions/auth/service/verify-second-factor.ts', // pre-auth challenge
  'functions/health/service/check-health.ts', // migration state
  'functions/documents/service/delete-document.ts', // blob cleanup (scheduled, no user)
  'functions/_shared/blob/pending.ts', // blob cleanup: notes of blobs being written, and their sweep (system records, no user's row)
  'functions/documents/service/reminders.ts', // request reminders (scheduled, no user)
  'functions/documents/tus/sweep.ts', // expired resumable uploads of every account
  'functions/shares/service/sweep-sessions.ts', // expired guest sessions
  'functions/shares/service/open-share.ts', // share-link redemption (the guest has no identity)
  'functions/shares/service/verify-share-code.ts', // share-link redemption (code not confirmed yet)
  'functions/shares/service/guest-session.ts', // guest session resolution (no identity yet)
  'functions/realtime/service/audience.ts', // realtime delivery: one batched per-event check of many subscribers' sessions
  'functions/appointments/service/reminders.ts', // appointment reminders (scheduled, no user)
  'functions/appointments/service/seal-answers.ts', // seals legacy clear intake answers at start (no user, only the sealed columns)
  'functions/operations/service/collect-metrics.ts', // /metrics gauges: counts over all sessions and the outbox (no user)
  'functions/operations/service/retention-notices.ts', // retention proposals mailed to admins (scheduled, no user)
]

describe('the privileged path', () => {
  it('is imported only by the listed system operations', async () => {
    const importers: string[] = []
    for (const file of await sourceFiles(path.join(ROOT, 'functions'))) {
      const text = await readFile(file, 'utf8')
      if (/from '[./]*\/?(_shared\/)?privileged\.ts'/.test(text) || /from '\.\/privileged\.ts'/.test(text)) {
        importers.push(path.relative(ROOT, file))
      }
    }
    expect(importers.sort()).toEqual([...ALLOWED].sort())
  })

  it('is the only module that touches the service-role transaction', async () => {
    const users: string[] = []
    for (const file of await sourceFiles(path.join(ROOT, 'functions'))) {
      if ((await readFile(file, 'utf8')).includes('SERVICE_ROLE_TRANSACTION]')) users.push(path.relative(ROOT, file))
    }
    expect(users.sort()).toEqual(['functions/_shared/db.ts', 'functions/_shared/privileged.ts'])
  })
})
