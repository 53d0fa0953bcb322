import type { JSX } from 'solid-js'

type SecuritySectionProps = {
  id: string
  title: string
  text: string
  icon: JSX.Element
  children: JSX.Element
}

/** One card of the security page: icon, heading, a sentence on what it is for, the content. */
export function SecuritySection(props: SecuritySectionProps) {
  return (
    <section class="section" aria-labelledby={`${props.id}-title`}>
      <div class="section__head">
        <span class="section__icon" aria-hidden="true">
          {props.icon}
        </span>
        <div>
          <h2 id={`${props.id}-title`} class="section__title">
            {props.title}
          </h2>
          <p class="section__text">{props.text}</p>
        </div>
      </div>
      <div class="section__body">{props.children}</div>
    </section>
  )
}
