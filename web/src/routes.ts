import type { RouteDefinition } from '@solidjs/router'
import { lazy } from 'solid-js'
import { getAccounts } from './features/admin/queries'
import { getCurrentAccount, getSetupState } from './features/auth/queries'
import {
  getClient,
  getClients,
  getMembers,
  getPendingMemberships,
} from './features/clients/queries'
import { getFolder, getFolders } from './features/folders/queries'
import { getManagedCategories, getRetention } from './features/document-admin/queries'
import { getRetentionList } from './features/operations/queries'
import { getDocument, getDocuments, getProjectDocuments, getRequests } from './features/documents/queries'
import { getGroups } from './features/groups/queries'
import { getAppointment, getTypes } from './features/appointments/queries'
import { getItem, getItems } from './features/items/queries'
import { getConversation, getManagedMessageCategories } from './features/messages/queries'
import { getProject, getProjects } from './features/projects/queries'
import { getShares, getShareSettings } from './features/shares/queries'
import {
  getFactors,
  getSecurityEvents,
  getSecuritySettings,
  getSessions,
} from './features/security/queries'

/**
 * Every page is its own chunk; preload starts the chunk and the page's data together (on link
 * hover and on navigation). German paths, as the firm's clients read them. The signed-in pages
 * sit under one guard: no session → sign-in (or first-run setup), deadline missed → enrolment.
 */
export const routes: RouteDefinition[] = [
  {
    path: '/einrichtung',
    component: lazy(() => import('./features/auth/pages/setup-page')),
    preload: () => getSetupState(),
  },
  {
    path: '/anmelden',
    component: lazy(() => import('./features/auth/pages/sign-in-page')),
  },
  {
    path: '/anmelden/zweiter-faktor',
    component: lazy(() => import('./features/auth/pages/factor-page')),
  },
  {
    path: '/passwort-vergessen',
    component: lazy(() => import('./features/auth/pages/forgot-password-page')),
  },
  {
    path: '/passwort-zuruecksetzen',
    component: lazy(() => import('./features/auth/pages/reset-password-page')),
  },
  {
    path: '/einladung',
    component: lazy(() => import('./features/auth/pages/invitation-page')),
  },
  {
    path: '/freigabe',
    component: lazy(() => import('./features/shares/pages/guest-page')),
  },
  {
    path: '/',
    component: lazy(() => import('./features/shell/signed-in-guard')),
    preload: () => getCurrentAccount(),
    children: [
      {
        path: '/',
        component: lazy(() => import('./features/home/pages/home-page')),
        preload: () => getSetupState(),
      },
      {
        path: '/sicherheit',
        component: lazy(() => import('./features/security/pages/security-page')),
        preload: () => {
          void getFactors()
          void getSessions()
          void getSecurityEvents()
        },
      },
      {
        path: '/sicherheit/zweiter-faktor',
        component: lazy(() => import('./features/security/pages/enrol-page')),
        preload: () => {
          void getFactors()
          void getSecuritySettings()
        },
      },
      {
        path: '/mandanten',
        component: lazy(() => import('./features/clients/pages/clients-page')),
        preload: ({ location }) => {
          const q = location.query.q
          void getClients(typeof q === 'string' && q.trim() ? q.trim() : undefined)
        },
      },
      {
        path: '/einladungen',
        component: lazy(() => import('./features/clients/pages/invitations-page')),
        preload: () => void getPendingMemberships(),
      },
      {
        path: '/mandanten/:clientId',
        component: lazy(() => import('./features/clients/pages/client-layout')),
        preload: ({ params }) => void getClient(params.clientId!),
        children: [
          {
            path: '/',
            component: lazy(() => import('./features/clients/pages/client-overview')),
            preload: ({ params }) => void getItems({ clientId: params.clientId! }),
          },
          {
            path: '/team',
            component: lazy(() => import('./features/clients/pages/client-team')),
            preload: ({ params }) => void getMembers(params.clientId!),
          },
          {
            path: '/projekte',
            component: lazy(() => import('./features/projects/pages/client-projects')),
            preload: ({ params }) => void getProjects(params.clientId!),
          },
          {
            path: '/einstellungen',
            component: lazy(() => import('./features/clients/pages/client-settings')),
          },
          {
            path: '/dokumente',
            component: lazy(() => import('./features/documents/pages/client-documents')),
            preload: ({ params }) => {
              void getDocuments({ clientId: params.clientId! })
              void getRequests(params.clientId!)
            },
          },
          {
            path: '/anforderungen',
            component: lazy(() => import('./features/documents/pages/client-requests')),
            preload: ({ params }) => void getRequests(params.clientId!),
          },
          {
            path: '/mappen',
            component: lazy(() => import('./features/folders/pages/client-folders')),
            preload: ({ params }) => void getFolders({ clientId: params.clientId! }),
          },
        ],
      },
      {
        path: '/mandanten/:clientId/infoseiten/neu',
        component: lazy(() => import('./features/items/pages/new-info-page')),
        preload: ({ params }) => {
          void getClient(params.clientId!)
          void getMembers(params.clientId!)
          void getProjects(params.clientId!)
        },
      },
      {
        path: '/mandanten/:clientId/mappen/neu',
        component: lazy(() => import('./features/folders/pages/new-folder-page')),
        preload: ({ params }) => {
          void getClient(params.clientId!)
          void getMembers(params.clientId!)
          void getProjects(params.clientId!)
        },
      },
      {
        path: '/mappen/:folderId',
        component: lazy(() => import('./features/folders/pages/folder-page')),
        preload: ({ params }) => void getFolder(params.folderId!),
      },
      {
        path: '/mandanten/:clientId/zustellen',
        component: lazy(() => import('./features/documents/pages/deliver-page')),
        preload: ({ params }) => {
          void getClient(params.clientId!)
          void getMembers(params.clientId!)
          void getProjects(params.clientId!)
        },
      },
      {
        path: '/mandanten/:clientId/anforderungen/neu',
        component: lazy(() => import('./features/documents/pages/new-request-page')),
        preload: ({ params }) => {
          void getClient(params.clientId!)
          void getMembers(params.clientId!)
          void getProjects(params.clientId!)
        },
      },
      {
        path: '/dokumente/:itemId',
        component: lazy(() => import('./features/documents/pages/document-page')),
        preload: ({ params }) => void getDocument(params.itemId!),
      },
      {
        path: '/anforderungen/:requestId',
        component: lazy(() => import('./features/documents/pages/request-page')),
        preload: ({ params }) => void getItem(params.requestId!),
      },
      {
        path: '/projekte/:projectId/dokumente',
        component: lazy(() => import('./features/documents/pages/project-documents')),
        preload: ({ params }) => {
          void getProject(params.projectId!)
          void getProjectDocuments(params.projectId!)
        },
      },
      {
        path: '/projekte/:projectId',
        component: lazy(() => import('./features/projects/pages/project-page')),
        preload: ({ params }) => {
          void getProject(params.projectId!)
          void getItems({ projectId: params.projectId! })
        },
      },
      {
        path: '/infoseiten/:itemId',
        component: lazy(() => import('./features/items/pages/info-page-page')),
        preload: ({ params }) => void getItem(params.itemId!),
      },
      {
        path: '/infoseiten/:itemId/bearbeiten',
        component: lazy(() => import('./features/items/pages/edit-info-page')),
        preload: ({ params }) => void getItem(params.itemId!),
      },
      {
        path: '/verwaltung/gruppen',
        component: lazy(() => import('./features/groups/pages/groups-page')),
        preload: () => {
          void getGroups()
          void getClients()
        },
      },
      {
        path: '/verwaltung/gruppen/:groupId/infoseite',
        component: lazy(() => import('./features/groups/pages/group-info-page')),
        preload: () => void getGroups(),
      },
      {
        path: '/verwaltung/dokumente',
        component: lazy(() => import('./features/document-admin/pages/document-settings-page')),
        preload: () => {
          void getManagedCategories()
          void getRetention()
        },
      },
      {
        path: '/verwaltung/nachrichten',
        component: lazy(() => import('./features/messages/pages/category-settings-page')),
        preload: () => void getManagedMessageCategories(),
      },
      {
        path: '/verwaltung/aufbewahrung',
        component: lazy(() => import('./features/operations/pages/retention-page')),
        preload: () => void getRetentionList(),
      },
      {
        path: '/nachrichten',
        component: lazy(() => import('./features/messages/pages/messages-page')),
      },
      {
        path: '/nachrichten/neu',
        component: lazy(() => import('./features/messages/pages/new-request-page')),
      },
      {
        path: '/nachrichten/:id',
        component: lazy(() => import('./features/messages/pages/conversation-page')),
        preload: ({ params }) => void getConversation(params.id!),
      },
      {
        path: '/termine',
        component: lazy(() => import('./features/appointments/pages/appointments-page')),
      },
      {
        path: '/termine/buchen',
        component: lazy(() => import('./features/appointments/pages/book-page')),
        preload: () => void getTypes(),
      },
      {
        path: '/termine/arten',
        component: lazy(() => import('./features/appointments/pages/types-page')),
        preload: () => void getTypes(),
      },
      {
        path: '/termine/verfuegbarkeit',
        component: lazy(() => import('./features/appointments/pages/availability-page')),
      },
      {
        path: '/termine/:id',
        component: lazy(() => import('./features/appointments/pages/appointment-page')),
        preload: ({ params }) => void getAppointment(params.id!),
      },
      {
        path: '/freigaben',
        component: lazy(() => import('./features/shares/pages/shares-page')),
        preload: () => void getShares(),
      },
      {
        path: '/chats',
        component: lazy(() => import('./features/chat/pages/chat-queue-page')),
      },
      {
        path: '/verwaltung/sprechzeiten',
        component: lazy(() => import('./features/chat/pages/office-hours-page')),
      },
      {
        path: '/anruf/:id',
        component: lazy(() => import('./features/calls/pages/call-page')),
      },
      {
        path: '/verwaltung/freigaben',
        component: lazy(() => import('./features/shares/pages/share-settings-page')),
        preload: () => void getShareSettings(),
      },
      {
        path: '/verwaltung/benutzer',
        component: lazy(() => import('./features/admin/pages/users-page')),
        preload: () => {
          void getAccounts()
          void getSecuritySettings()
        },
      },
    ],
  },
  {
    path: '*404',
    component: lazy(() => import('./features/shell/pages/not-found-page')),
  },
]
