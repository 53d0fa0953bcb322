import type { JSX } from 'solid-js'
import '../auth.css'
import '../factor.css'

type AuthLayoutProps = {
  eyebrow: string
  title: string
  lead: string
  aside: JSX.Element
  children: JSX.Element
}

/**
 * The two-part card of the sign-in and setup pages: the form with its heading, and a quiet panel
 * that explains what happens (beside the form on wide screens, below it on phones).
 */
export function AuthLayout(props: AuthLayoutProps) {
  return (
    <div class="auth">
      <section class="auth__main" aria-labelledby="page-title">
        <p class="eyebrow">{props.eyebrow}</p>
        <h1 id="page-title" class="auth__title">
          {props.title}
        </h1>
        <p class="auth__lead">{props.lead}</p>
        {props.children}
      </section>
      <aside class="auth__aside">{props.aside}</aside>
    </div>
  )
}
