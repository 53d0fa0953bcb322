import { describe, expect, it } from 'vitest'
import { checkPassword, MAX_LENGTH, normalizePassword } from '../../functions/_shared/password-rules.ts'

const context = { firmName: 'Kanzlei Berger', name: 'Anna Schmidt', email: 'anna.schmidt@mueller-recht.de' }

describe('password rules', () => {
  it.each([
    ['kurz', 'too_short'],
    ['passwordpassword123', 'common'],
    ['123456789012345678', 'common'],
    ['aaaaaaaaaaaaaaaaaaaa', 'guessable'],
    ['Kanzlei Berger 2026!!', 'context'],
    ['Schmidt Anna 1990 Sommer', 'context'],
    ['mueller-recht was here 99', 'context'],
    ['x'.repeat(MAX_LENGTH + 1), 'too_long'],
  ])('refuses %j as %s', (password, problem) => {
    const verdict = checkPassword(password, context)
    expect(verdict.ok).toBe(false)
    expect(verdict.problems).toContain(problem)
  })

  it.each(['Mondschein über Tübingen 7', 'correct horse battery staple', '🦉 Eulen fliegen nachts leise 🦉', 'x7#Kq!m2vL9@pZ4r'])(
    'accepts %j (spaces, umlauts and emoji allowed; no composition rules)',
    (password) => {
      expect(checkPassword(password, context)).toMatchObject({ ok: true, problems: [] })
    },
  )

  it('counts code points after NFKC, so 15 emoji are long enough and nothing is truncated', () => {
    expect(checkPassword('🦉'.repeat(14)).problems).toContain('too_short')
    expect(normalizePassword('ﬁ')).toBe('fi')
    const long = 'Mondschein über Tübingen '.repeat(5).slice(0, MAX_LENGTH)
    expect(checkPassword(long).problems).not.toContain('too_long')
  })
})
