import type { ItemName, Person } from './access-fixture.ts'

/**
 * The expected access of every person, written once and checked twice: directly in SQL with the
 * person's claims (tests/db/clients) and through the HTTP API (tests/functions/clients).
 */
export const VISIBLE_ITEMS: Record<Person, ItemName[]> = {
  lawyer: ['a_client_doc', 'a_project_doc', 'a_for_adviser', 'a_internal', 'a_info_page', 'b_client_doc', 'b_for_adviser', 'group_page'],
  clerk_a: ['a_client_doc', 'a_project_doc', 'a_for_adviser', 'a_internal', 'a_info_page', 'group_page'],
  client_a_owner: ['a_client_doc', 'a_project_doc', 'a_info_page', 'group_page'],
  client_a_manager: ['a_client_doc', 'a_project_doc', 'a_info_page', 'group_page'],
  client_a_member: ['a_client_doc', 'a_project_doc', 'a_info_page', 'group_page'],
  client_a_viewer: ['a_client_doc', 'a_info_page', 'group_page'],
  client_a_delegate: ['a_client_doc', 'a_info_page', 'group_page'],
  tax_adviser: ['a_for_adviser', 'b_for_adviser'],
  client_b_owner: ['b_client_doc'],
  outsider: [],
}

export const VISIBLE_CLIENTS: Record<Person, ('a' | 'b')[]> = {
  lawyer: ['a', 'b'],
  clerk_a: ['a'],
  client_a_owner: ['a'],
  client_a_manager: ['a'],
  client_a_member: ['a'],
  client_a_viewer: ['a'],
  client_a_delegate: ['a'],
  tax_adviser: [],
  client_b_owner: ['b'],
  outsider: [],
}

export const VISIBLE_PROJECTS: Record<Person, ('a' | 'b')[]> = {
  lawyer: ['a', 'b'],
  clerk_a: ['a'],
  client_a_owner: ['a'],
  client_a_manager: ['a'],
  client_a_member: ['a'],
  client_a_viewer: ['a'],
  client_a_delegate: [],
  tax_adviser: ['a', 'b'],
  client_b_owner: ['b'],
  outsider: [],
}

/** Who sees client A's team (its five memberships). */
export const SEES_TEAM_A: Person[] = ['lawyer', 'clerk_a', 'client_a_owner', 'client_a_manager', 'client_a_member', 'client_a_viewer', 'client_a_delegate']

/** Actions on client A and who may take them. */
export const ALLOWED: Record<string, Person[]> = {
  'create client document': ['lawyer', 'clerk_a', 'client_a_owner', 'client_a_manager', 'client_a_member'],
  'create project document': ['lawyer', 'clerk_a', 'client_a_owner', 'client_a_manager', 'client_a_member'],
  'create document for named people in the project': ['lawyer', 'clerk_a', 'client_a_owner', 'client_a_manager', 'client_a_member', 'tax_adviser'],
  'create internal item': ['lawyer', 'clerk_a'],
  'create info page': ['lawyer', 'clerk_a'],
  'update item': ['lawyer', 'clerk_a'],
  'widen item audience': ['lawyer', 'clerk_a'],
  'delete item': ['lawyer', 'clerk_a'],
  'invite member': ['lawyer', 'clerk_a', 'client_a_owner', 'client_a_manager'],
  'create project': ['lawyer', 'clerk_a'],
  'add outside participant': ['lawyer', 'clerk_a'],
}
