import { randomBytes } from 'node:crypto'

/** The firm the browser suites set up: its first admin, a lawyer. */
export const FIRM = {
  firmName: 'Kanzlei Berger',
  displayName: 'Dr. Anna Berger',
  email: 'a.berger@kanzlei-berger.example',
  password: 'Kirschblüten am Neckarufer 19',
}

/** The owner of the client "Alpha GmbH" in the browser suites. */
export const OWNER = {
  displayName: 'Maximilian Brandt',
  email: 'm.brandt@alpha-gmbh.example',
  password: 'Kastanienallee im Herbstnebel 42',
}

/** A small PDF the magic-byte check accepts, with random content. */
export const pdf = (bytes: number) => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(bytes), Buffer.from('%%EOF\n')])
