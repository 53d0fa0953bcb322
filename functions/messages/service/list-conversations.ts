import type { Tx } from '../../_shared/db.ts'
import { queryTokens } from '../../_shared/message-crypto.ts'
import type { Runtime } from '../../_shared/runtime.ts'
import type { SessionInfo } from '../../_shared/session.ts'
import type { ListQuery } from '../schemas.ts'
import { decodeCursor, encodeCursor } from './cursor.ts'

/**
 * The columns of a conversation row `c` (joined with its item `i`) as the caller sees it: subject,
 * client and project, category, status, assignee and author names, last activity, waiting since,
 * how many messages and how many of them the caller has not read (others' live messages after
 * the caller's read mark).
 */
export const conversationColumns = (tx: Tx, me: string) => tx`
  c.item_id as id, i.title as subject, c.kind, c.status, i.audience,
  i.client_id as "clientId", (select cl.name from public.clients cl where cl.id = i.client_id) as "clientName",
  i.project_id as "projectId", (select p.name from public.projects p where p.id = i.project_id) as "projectName",
  c.category_id as "categoryId", cat.name_de as "categoryDe", cat.name_en as "categoryEn",
  c.assignee_id as "assigneeId", i.created_by as "authorId", c.created_at as "createdAt",
  coalesce(c.last_message_at, c.created_at) as "lastActivityAt", coalesce(c.last_message_at, c.created_at)::text as "sortAt", c.waiting_since as "waitingSince",
  c.status_changed_at as "statusChangedAt", c.closed_at as "closedAt",
  r.last_read_at as "lastReadAt",
  (select count(*)::int from public.messages m where m.item_id = c.item_id and m.deleted_at is null) as messages,
  (select count(*)::int from public.messages m where m.item_id = c.item_id and m.deleted_at is null and m.author_id <> ${me}
     and m.created_at > coalesce(r.last_read_at, '-infinity'::timestamptz)) as unread`

/** A row of the list as the web app receives it. */
export type ConversationSummary = {
  id: string
  subject: string
  kind: 'request' | 'chat'
  status: string
  audience: string
  clientId: string
  clientName: string | null
  projectId: string | null
  projectName: string | null
  categoryId: string | null
  categoryDe: string | null
  categoryEn: string | null
  assigneeId: string | null
  assigneeName: string | null
  authorId: string
  authorName: string | null
  authorIsStaff: boolean
  createdAt: Date
  lastActivityAt: Date
  waitingSince: Date | null
  statusChangedAt: Date
  closedAt: Date | null
  lastReadAt: Date | null
  messages: number
  unread: number
}

const like = (q: string) => `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`

/**
 * Conversations the caller may read, latest activity first, one keyset page at a time: a client
 * user's list and the staff inbox alike (the policies decide which rows exist). Filters: status or
 * open/closed, assignee (an id, 'me', 'none'), client, project, category, unread only, and a search
 * over subjects (in the item's title) and message bodies (the blind index: every term must begin
 * a word of one message). Returns the page and the cursor of the next one (null at the end).
 */
export async function listConversations(rt: Runtime, session: SessionInfo, query: ListQuery) {
  const me = session.accountId
  const cursor = decodeCursor(query.cursor)
  const tokens = query.q ? queryTokens(rt.secrets.fileMasterKey, query.q) : []
  return rt.db.asUser(session.claims, async (tx) => {
    const assignee = query.assignee === 'me' ? me : query.assignee
    const rows = await tx`
      with page as (
        select ${conversationColumns(tx, me)}
        from public.conversations c join public.items i on i.id = c.item_id
        left join public.message_categories cat on cat.id = c.category_id
        left join public.conversation_reads r on r.item_id = c.item_id and r.account_id = ${me}
        where c.kind = ${query.kind}
          ${query.status ? tx`and c.status = ${query.status}` : tx``}
          ${query.open === 'true' ? tx`and c.status <> 'done'` : query.open === 'false' ? tx`and c.status = 'done'` : tx``}
          ${assignee === 'none' ? tx`and c.assignee_id is null` : assignee ? tx`and c.assignee_id = ${assignee}` : tx``}
          ${query.clientId ? tx`and i.client_id = ${query.clientId}` : tx``}
          ${query.projectId ? tx`and i.project_id = ${query.projectId}` : tx``}
          ${query.categoryId ? tx`and c.category_id = ${query.categoryId}` : tx``}
          ${query.q ? tx`and (i.title ilike ${like(query.q)}
                              ${tokens.length ? tx`or exists (select 1 from public.messages m where m.item_id = c.item_id and m.search_tokens @> ${tokens}::text[])` : tx``})` : tx``}
          ${query.unread ? tx`and exists (select 1 from public.messages m where m.item_id = c.item_id and m.deleted_at is null and m.author_id <> ${me}
                                and m.created_at > coalesce(r.last_read_at, '-infinity'::timestamptz))` : tx``}
          ${cursor ? tx`and (coalesce(c.last_message_at, c.created_at), c.item_id) < (${cursor.at}::timestamptz, ${cursor.id}::uuid)` : tx``}
        order by coalesce(c.last_message_at, c.created_at) desc, c.item_id desc
        limit ${query.limit + 1})
      select page.*, (select json_agg(json_build_object('id', p.account_id, 'displayName', p.display_name, 'isStaff', p.is_staff))
                      from private.conversation_people(page.id) p where p.account_id in (page."assigneeId", page."authorId")) as people
      from page
      order by page."lastActivityAt" desc, page.id desc`
    const more = rows.length > query.limit
    const page = rows.slice(0, query.limit)
    const items = page.map(({ people, sortAt: _sortAt, ...row }) => {
      const names = new Map(((people ?? []) as { id: string; displayName: string; isStaff: boolean }[]).map((p) => [p.id, p]))
      return { ...row, assigneeName: names.get(row.assigneeId)?.displayName ?? null, authorName: names.get(row.authorId)?.displayName ?? null,
               authorIsStaff: names.get(row.authorId)?.isStaff ?? false } as ConversationSummary
    })
    const last = page.at(-1)
    return { items, next: more && last ? encodeCursor({ at: last.sortAt, id: last.id }) : null }
  })
}
