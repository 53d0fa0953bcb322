/** Mail templates, German first. Mails carry no confidential content: a notice and a link. */
export type MailTemplate = 'welcome-admin'

type Rendered = { subject: string; text: string }
type Params = Record<string, string>

const templates: Record<MailTemplate, Record<'de' | 'en', (p: Params) => Rendered>> = {
  'welcome-admin': {
    de: (p) => ({
      subject: `Ihr Mandantenportal für ${p.firmName} ist eingerichtet`,
      text: `Guten Tag ${p.name},\n\nIhr Mandantenportal ist eingerichtet. Sie können sich hier anmelden:\n${p.link}\n\nBitte richten Sie innerhalb von drei Tagen einen zweiten Faktor ein.\n`,
    }),
    en: (p) => ({
      subject: `Your client portal for ${p.firmName} is ready`,
      text: `Hello ${p.name},\n\nyour client portal is set up. Sign in here:\n${p.link}\n\nPlease set up a second factor within three days.\n`,
    }),
  },
}

/** Renders a template; unknown templates throw (they are a programming error). */
export function renderMail(template: MailTemplate, locale: 'de' | 'en', params: Params): Rendered {
  const byLocale = templates[template]
  if (!byLocale) throw new Error(`unknown mail template ${template}`)
  return byLocale[locale](params)
}
