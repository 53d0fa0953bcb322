import { render } from 'solid-js/web'

render(() => <main>Mandantenportal</main>, document.getElementById('root')!)
