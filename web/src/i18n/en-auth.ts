import type { deAuth } from './de-auth'

/** English texts of sign-in and everything around it; same keys as de-auth.ts. */
export const enAuth: typeof deAuth = {
  setup: {
    title: 'Set up the portal',
    eyebrow: 'First-time setup',
    lead: 'Create your law firm and your own account. You will then manage the portal as its administrator.',
    asideTitle: 'Ready in a few minutes',
    asideText:
      'The portal runs on your law firm’s servers. This setup can be done only once – afterwards you manage everything in the portal.',
    steps: {
      account: 'Create the firm and your account',
      accountDetail: 'You become the portal’s administrator.',
      factor: 'Set up a second factor',
      factorDetail: 'Authenticator app or e-mail code – required for every account.',
      clients: 'Invite your team and clients',
      clientsDetail: 'Everyone gets their own protected account.',
    },
    sections: {
      firm: 'Law firm',
      person: 'Your account',
      password: 'Password',
    },
    fields: {
      firmName: 'Name of the law firm',
      firmNameHint: 'Shown in the portal and in e-mails.',
      displayName: 'Your name',
      displayNameHint: 'For example “Dr. Anna Schneider”.',
      email: 'E-mail address',
      emailHint: 'You sign in with this address.',
      password: 'Password',
      passwordRepeat: 'Repeat password',
      locale: 'Language for e-mails and the portal',
    },
    submit: 'Set up the portal',
    submitting: 'Setting up …',
    errors: {
      firmNameMissing: 'Please enter the name of the law firm.',
      firmNameInvalid: 'Please shorten the firm’s name to at most 200 characters.',
      displayNameMissing: 'Please enter your name.',
      displayNameInvalid: 'Please shorten your name to at most 200 characters.',
      emailMissing: 'Please enter your e-mail address.',
      emailInvalid: 'Please enter a valid e-mail address, e.g. name@lawfirm.com.',
      passwordMissing: 'Please choose a password.',
      passwordWeak: 'The password does not meet the requirements yet.',
      passwordRejected: 'The password was rejected: {{ reasons }}.',
      passwordRepeatMismatch: 'The two passwords do not match.',
      localeInvalid: 'Please choose a language.',
      alreadyDone: 'This portal has already been set up.',
      toSignIn: 'Go to sign-in',
    },
  },
  signIn: {
    title: 'Sign in',
    eyebrow: 'Secure access',
    lead: 'Sign in with your e-mail address and your password.',
    asideTitle: 'Your documents, kept safe',
    points: {
      encrypted: 'Encrypted in transit and at rest',
      factor: 'Every account protected by a second factor',
      onPremise: 'Run on your law firm’s own servers',
    },
    setupDone: 'Your portal is set up. Sign in now with your new password.',
    signedOut: 'You have signed out. See you next time!',
    expired:
      'The sign-in has expired or there were too many wrong codes. Please enter your password again.',
    passwordReset:
      'Your new password is saved. Sign in now – you will still need your second factor.',
    forgotPassword: 'Forgot your password?',
    fields: {
      email: 'E-mail address',
      password: 'Password',
    },
    submit: 'Sign in',
    submitting: 'Signing in …',
    errors: {
      emailMissing: 'Please enter your e-mail address.',
      passwordMissing: 'Please enter your password.',
      notAvailable: 'Sign-in is not available yet.',
      invalid:
        'E-mail address or password is not correct – or there were too many attempts. Please wait a few minutes.',
      failed: 'Sign-in failed. Please try again.',
    },
  },
  factor: {
    title: 'Confirm your sign-in',
    eyebrow: 'Sign-in · Step 2 of 2',
    lead: 'Your password was correct. Now confirm with your second factor that it is you.',
    intro: {
      totp: 'Open your authenticator app and enter the 6-digit code it shows for the client portal.',
      email:
        'We send a 6-digit code to your e-mail address. It is valid for 10 minutes and for this sign-in only.',
      recovery:
        'Enter one of your recovery codes. Each code works once; we notify you by e-mail whenever one is used.',
    },
    label: {
      totp: 'Code from the authenticator app',
      email: 'Code from the e-mail',
      recovery: 'Recovery code',
    },
    recoveryHint: 'For example “abcde-fghjk-mnpqr-stuvw”. Upper or lower case does not matter.',
    submit: 'Sign in',
    verifying: 'Checking …',
    sendCode: 'Send code by e-mail',
    resend: 'Send a new code',
    codeSent: 'We sent a code to {{ address }}.',
    othersTitle: 'Other options',
    switch: {
      totp: 'Use the authenticator app',
      email: 'Send code by e-mail',
      recovery: 'Use a recovery code',
    },
    asideTitle: 'Why a second factor?',
    asideText:
      'Your password alone does not open your account. Only the code from your phone or your e-mail confirms that it is really you – so your documents stay protected even if someone knows your password.',
    asideHelp:
      'The code in the app changes every 30 seconds. If it does not fit, wait for the next one and check your phone’s clock.',
    asideLost: 'Lost your phone? Sign in with a recovery code or contact the firm.',
    errors: {
      missing: 'Please enter the code.',
      format: 'Please enter the 6 digits of the code.',
      invalid: 'This code is not valid. You have {{ left }} attempts left.',
      invalidLast: 'This code is not valid. You have one attempt left.',
      tooSoon: 'Please wait {{ seconds }} more seconds before requesting a new code.',
      emailUnavailable:
        'The e-mail code is not available for your account. Please choose another option.',
    },
  },
  forgot: {
    title: 'Forgot your password',
    eyebrow: 'Recover access',
    lead: 'Enter the e-mail address of your account. We will send you a link to set a new password.',
    email: 'E-mail address',
    submit: 'Request link',
    submitting: 'Sending …',
    back: 'Back to sign-in',
    sent: 'If there is an account with the address {{ email }}, we have just sent a link to it.',
    sentHint:
      'The link is valid for one hour and once only. No e-mail? Check your spam folder or request a new link in a few minutes.',
    toSignIn: 'Go to sign-in',
    asideTitle: 'What happens next',
    points: {
      link: 'You receive a link by e-mail and use it to set a new password.',
      factor: 'To sign in afterwards you still need your second factor.',
    },
    errors: {
      missing: 'Please enter your e-mail address.',
      invalid: 'Please enter a valid e-mail address, e.g. name@example.com.',
    },
  },
  reset: {
    title: 'Set a new password',
    eyebrow: 'Recover access',
    lead: 'Choose a new password for your account.',
    submit: 'Save password',
    submitting: 'Saving …',
    invalid: 'This link is not valid (any more). Reset links are valid for one hour and once only.',
    requestNew: 'Request a new link',
    asideTitle: 'Good to know',
    asideText:
      'The new password ends every existing sign-in of your account. You receive an e-mail as confirmation.',
    asideNote: 'Resetting does not sign you in: you still need your second factor to sign in.',
  },
  invitation: {
    title: 'Welcome to the client portal',
    eyebrow: 'Invitation',
    lead: '{{ firm }} has invited you to the client portal. Set a password to activate your account.',
    leadPlain: 'Set a password to activate your account.',
    name: 'Name',
    email: 'E-mail address',
    passwordSection: 'Your password',
    submit: 'Activate account',
    submitting: 'Activating …',
    invalid:
      'This invitation is not valid (any more). Invitations are valid for 7 days and once only. Please contact the firm if you need a new one.',
    toSignIn: 'Already have an account? Go to sign-in',
    asideTitle: 'Ready in three steps',
    steps: {
      password: 'Set your password',
      passwordDetail: 'At least 15 characters, a whole sentence is welcome.',
      factor: 'Set up a second factor',
      factorDetail: 'Authenticator app or e-mail code – within three days.',
      portal: 'Work securely with the firm',
      portalDetail: 'Documents, messages and appointments in one place.',
    },
    asideNote:
      'The portal runs on the firm’s own servers. Your data is encrypted in transit and at rest.',
  },
  newPassword: {
    password: 'New password',
    repeat: 'Repeat new password',
    errors: {
      missing: 'Please choose a password.',
      weak: 'The password does not meet the requirements yet.',
      rejected: 'The password was rejected: {{ reasons }}.',
      mismatch: 'The two passwords do not match.',
    },
  },
}
