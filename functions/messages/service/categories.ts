import type { Runtime } from '../../_shared/runtime.ts'
import type { SessionInfo } from '../../_shared/session.ts'

/** The firm's active request categories, in the form's order, with the caller's mail preference for each. */
export async function listCategories(rt: Runtime, session: SessionInfo) {
  return rt.db.asUser(session.claims, (tx) => tx`
    select c.id, c.name_de as "nameDe", c.name_en as "nameEn", c.position, coalesce(p.mail, true) as mail
    from public.message_categories c
    left join public.message_notification_preferences p on p.category_id = c.id and p.account_id = ${session.accountId}
    where c.archived_at is null order by c.position, c.name_de`)
}

/**
 * Sets the caller's mail preferences per category (mail about new messages: yes or no). Unknown
 * categories are refused by the foreign key (bad_request), and then nothing changes.
 */
export async function setPreferences(rt: Runtime, session: SessionInfo, preferences: { categoryId: string; mail: boolean }[]) {
  return rt.db.asUser(session.claims, async (tx) => {
    for (const p of preferences)
      await tx`insert into public.message_notification_preferences (account_id, category_id, mail) values (${session.accountId}, ${p.categoryId}, ${p.mail})
               on conflict (account_id, category_id) do update set mail = excluded.mail`
    return { saved: preferences.length }
  })
}
