import { render } from 'solid-js/web'
import { App } from './app'
import { registerServiceWorker } from './lib/service-worker'
import './styles/fonts.css'
import './styles/tokens.css'
import './styles/base.css'
import './styles/frame.css'
import './styles/forms.css'
import './styles/controls.css'
import './styles/dialog.css'
import './styles/shell.css'
import './styles/page.css'
import './styles/lists.css'
import './styles/form-blocks.css'
import './styles/switcher.css'
import './styles/table.css'
import './styles/chip.css'
import './styles/markdown.css'
import './styles/print.css'

const root = document.getElementById('root')
if (root) render(() => <App />, root)
registerServiceWorker()
