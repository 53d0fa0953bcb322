import type { RouteDefinition } from '@solidjs/router'
import { lazy } from 'solid-js'
import { getAccounts } from './features/admin/queries'
import { getCurrentAccount, getSetupState } from './features/auth/queries'
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
