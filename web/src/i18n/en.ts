import { enBackup } from './en-backup'
import type { RawDictionary } from './de'
import { enAppointments } from './en-appointments'
import { enAdmin } from './en-admin'
import { enAuth } from './en-auth'
import { enClients } from './en-clients'
import { enDocumentAdmin } from './en-document-admin'
import { enOperations } from './en-operations'
import { enShares } from './en-shares'
import { enMessages } from './en-messages'
import { enChat } from './en-chat'
import { enDocuments } from './en-documents'
import { enFolders } from './en-folders'
import { enItems } from './en-items'
import { enProjects } from './en-projects'
import { enSecurity } from './en-security'

/** English, the portal's second language; same keys as de.ts. */
export const en: RawDictionary = {
  app: {
    name: 'Client Portal',
    skipToContent: 'Skip to content',
    footer: 'Confidential. Run on your law firm’s own servers.',
    loading: 'Loading …',
  },
  language: {
    label: 'Language',
    de: 'Deutsch',
    en: 'English',
  },
  common: {
    required: 'Required',
    showPassword: 'Show password',
    hidePassword: 'Hide password',
    show: 'Show',
    hide: 'Hide',
    retry: 'Try again',
    toStart: 'Go to the start page',
    toSignIn: 'Go to sign-in',
    cancel: 'Cancel',
    close: 'Close',
    save: 'Save',
    on: 'On',
    off: 'Off',
  },
  errors: {
    generic: 'Something went wrong. Please try again.',
    requestId: 'Error ID: {{ requestId }}',
    network: 'No connection to the portal. Please check your internet connection.',
    rateLimited: 'Too many attempts in a short time. Please wait a moment.',
    unavailable: 'The portal cannot be reached right now.',
    formHasErrors: 'Please check the highlighted fields.',
    signedOut: 'Your session has ended. Please sign in again.',
    factorRequired: 'Please set up your second factor first.',
    notAllowed: 'You are not allowed to do this, or the entry no longer exists.',
    notFoundText:
      'Either the address does not exist, or it is not shared with your account. Please contact the firm with any questions.',
  },
  password: {
    hint: 'At least 15 characters. A sentence of several words works best – easy to remember, hard to guess.',
    strength: 'Password strength: {{ level }}',
    checking: 'Loading the password check …',
    levels: {
      0: 'very weak',
      1: 'weak',
      2: 'fair',
      3: 'good',
      4: 'very good',
    },
    ok: 'This password meets all requirements.',
    problems: {
      too_short: 'At least 15 characters',
      too_long: 'At most 128 characters',
      common: 'This password is too common',
      context: 'Contains your name, the firm or your e-mail address',
      guessable: 'Easy to guess – make it longer, e.g. with several words',
    },
  },
  duration: {
    day: '{{ count }} day',
    days: '{{ count }} days',
    hour: '{{ count }} hour',
    hours: '{{ count }} hours',
    minute: '{{ count }} minute',
    minutes: '{{ count }} minutes',
    and: ' and ',
  },
  nav: {
    label: 'Main navigation',
    overview: 'Overview',
    clients: 'Clients',
    myArea: 'My area',
    security: 'Security',
    users: 'Users',
    admin: 'Administration',
    adminLabel: 'Firm administration',
    groups: 'Groups',
    officeHours: 'Office hours',
    userMenu: 'User menu',
    securitySettings: 'Security & password',
    signOut: 'Sign out',
    signOutFailed: 'Signing out did not work. Please try again.',
  },
  grace: {
    banner: 'Please set up a second factor within {{ time }}.',
    detail: 'After that the portal can only be used once it is set up (deadline: {{ deadline }}).',
    action: 'Set up now',
  },
  home: {
    title: 'Overview',
    morning: 'Good morning, {{ name }}',
    day: 'Hello, {{ name }}',
    evening: 'Good evening, {{ name }}',
    lead: 'Welcome to the client portal of {{ firm }}.',
    leadPlain: 'Welcome to the client portal.',
    security: {
      title: 'Your security',
      ok: 'Your account is protected by a second factor.',
      missing: 'Your account is not yet protected by a second factor.',
      manage: 'Manage security',
    },
    users: {
      title: 'Users',
      text: 'Invite clients and your team, disable accounts and reset second factors.',
      manage: 'Manage users',
    },
    clients: {
      title: 'Clients',
      text: 'Your clients with team, projects and info pages; create new clients.',
      manage: 'Go to clients',
    },
    myArea: {
      title: 'My area',
      text: 'Info pages, team and projects of {{ name }}.',
      textMany: 'You belong to {{ count }} clients. Choose whom you act for:',
      open: 'Open',
    },
    soon: {
      title: 'Documents, messages, appointments',
      text: 'Soon you will find your documents, requests and appointments with the firm here – securely in one place.',
    },
  },
  ...enAuth,
  ...enSecurity,
  ...enAdmin,
  ...enClients,
  ...enProjects,
  ...enItems,
  ...enFolders,
  ...enDocuments,
  ...enDocumentAdmin,
  ...enOperations,
  ...enBackup,
  ...enShares,
  ...enAppointments,
  ...enMessages,
  ...enChat,
  notFound: {
    title: 'Page not found',
    text: 'This address does not exist in the portal. Perhaps the link was copied incompletely.',
  },
}
