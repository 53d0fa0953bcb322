import type { deAdmin } from './de-admin'

/** English texts of the staff area; same keys as de-admin.ts. */
export const enAdmin: typeof deAdmin = {
  users: {
    title: 'Users',
    eyebrow: 'Administration',
    lead: 'Everyone with access to the portal, their second factor and their deadline.',
    caption: 'Users of the portal',
    you: 'You',
    admin: 'Administrator',
    columns: {
      person: 'Person',
      kind: 'Kind',
      factor: 'Second factor',
      status: 'Status',
      actions: 'Actions',
    },
    kind: {
      staff: 'Law firm',
      client: 'Client',
      external: 'Outside party',
    },
    factor: {
      none: 'None yet',
      pending: 'None yet – deadline {{ deadline }}',
      overdue: 'Deadline passed',
    },
    status: {
      active: 'Active',
      invited: 'Invitation open',
      disabled: 'Disabled',
    },
    stats: {
      people: 'Active accounts',
      invited: 'Open invitations',
      withoutFactor: 'Without second factor',
      overdue: 'Deadline passed',
    },
    disable: 'Disable',
    enable: 'Enable',
    disableLabel: 'Disable {{ name }}',
    enableLabel: 'Enable {{ name }}',
    disableTitle: 'Disable account',
    enableTitle: 'Enable account',
    disableText:
      '{{ name }} can no longer sign in; running sessions end at once. The person receives an e-mail.',
    enableText: '{{ name }} can sign in again with password and second factor.',
    disabledDone: 'The account of {{ name }} is disabled.',
    enabledDone: 'The account of {{ name }} is enabled again.',
    resetLabel: 'Reset the second factor of {{ name }}',
    reset: {
      action: 'Reset factor',
      title: 'Reset second factor',
      text: 'All second factors and recovery codes of {{ name }} are removed and running sessions end. The person receives an e-mail and must set up a new factor within 24 hours.',
      reason: 'Reason',
      reasonHint:
        'For example “Lost phone, confirmed by telephone”. The reason is logged and told to the person.',
      reasonMissing: 'Please give a reason (at least 3 characters).',
      submit: 'Reset',
      done: 'The second factor of {{ name }} was reset.',
    },
    invite: {
      open: 'Invite a person',
      title: 'Invite a person',
      text: 'The person receives an e-mail with a link valid for 7 days to set their password.',
      name: 'Name',
      nameHint: 'How the person appears in the portal, e.g. “Jane Doe”.',
      email: 'E-mail address',
      kind: 'Kind of account',
      admin: 'Administrator',
      adminHint: 'May manage law-firm accounts and change the security settings.',
      locale: 'Language for e-mails and the portal',
      submit: 'Send invitation',
      submitting: 'Sending …',
      done: 'The invitation to {{ name }} ({{ email }}) is on its way.',
      errors: {
        nameMissing: 'Please enter the name.',
        emailMissing: 'Please enter the e-mail address.',
        emailInvalid: 'Please enter a valid e-mail address, e.g. name@example.com.',
        emailTaken: 'There is already an account for this e-mail address.',
      },
    },
    settings: {
      title: 'Security settings of the firm',
      emailFactor: 'Allow the e-mail code as a second factor',
      emailFactorHint:
        'When off, neither new nor existing e-mail factors can be used; those affected sign in with a recovery code and set up an authenticator app.',
      on: 'On',
      off: 'Off',
      savedOn: 'Saved: the e-mail code is allowed.',
      savedOff: 'Saved: the e-mail code is switched off.',
    },
    errors: {
      notAllowed: 'You are not allowed to do this, or the account no longer exists.',
      adminOnly: 'Only administrators can change this setting.',
    },
  },
}
