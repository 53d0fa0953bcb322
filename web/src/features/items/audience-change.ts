import type { Member } from '../clients/queries'
import type { Participant } from '../projects/queries'
import type { ClientAudience } from './queries'

export type AudienceChoice = { kind: ClientAudience; recipients: readonly string[] }

/** The people of a client page's audience the web app can name (staff see every item anyway). */
export type KnownPeople = {
  members: readonly Member[]
  participants: readonly Participant[]
  names: ReadonlyMap<string, string>
}

/**
 * Who sees an item with this audience, by account id, following the items policy: the whole
 * client = its active members; a project = its client-side participants plus the client's
 * owners and managers; named people = exactly them; firm-internal = nobody outside the firm.
 */
export function viewersOf(choice: AudienceChoice, people: KnownPeople): Set<string> {
  const active = people.members.filter((member) => member.active)
  switch (choice.kind) {
    case 'client':
      return new Set(active.map((member) => member.accountId))
    case 'project':
      return new Set([
        ...people.participants.filter((p) => p.kind === 'member').map((p) => p.accountId),
        ...active.filter((m) => m.rights.includes('members.manage')).map((m) => m.accountId),
      ])
    case 'people':
      return new Set(choice.recipients)
    case 'internal':
      return new Set()
  }
}

/**
 * What an audience change means for people: who will newly see the item, who no longer will,
 * and whether it widens (anyone new, or a whole client or project that may still grow).
 */
export function audienceChange(before: AudienceChoice, after: AudienceChoice, people: KnownPeople) {
  const old = viewersOf(before, people)
  const next = viewersOf(after, people)
  const name = (id: string) => people.names.get(id) ?? id
  const added = [...next].filter((id) => !old.has(id)).map(name).sort()
  const removed = [...old].filter((id) => !next.has(id)).map(name).sort()
  const grows = (after.kind === 'client' || after.kind === 'project') && after.kind !== before.kind
  return { added, removed, widens: added.length > 0 || grows }
}

/** True when the audience or its named people differ. */
export function audienceChanged(before: AudienceChoice, after: AudienceChoice): boolean {
  if (before.kind !== after.kind) return true
  if (after.kind !== 'people') return false
  const a = new Set(before.recipients)
  return after.recipients.length !== a.size || after.recipients.some((id) => !a.has(id))
}
