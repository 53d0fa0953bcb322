import type { RouteDefinition } from '@solidjs/router'
import { lazy } from 'solid-js'
import { getSetupState } from './features/auth/queries'

/**
 * Every page is its own chunk; preload starts the chunk and the page's data together (on link
 * hover and on navigation). German paths, as the firm's clients read them.
 */
export const routes: RouteDefinition[] = [
  {
    path: '/',
    component: lazy(() => import('./features/auth/pages/start-page')),
    preload: () => getSetupState(),
  },
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
    path: '*404',
    component: lazy(() => import('./features/shell/pages/not-found-page')),
  },
]
