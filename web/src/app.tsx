import { Router } from '@solidjs/router'
import { AppFrame } from './components/app-frame'
import { routes } from './routes'

/** The portal's single-page app: one router, one frame, pages per feature. */
export function App() {
  return <Router root={AppFrame}>{routes}</Router>
}
