import { For } from 'solid-js'
import { CheckboxField } from '../../../components/checkbox-field'
import { DateField } from '../../../components/date-field'
import { SelectField } from '../../../components/select-field'
import { t } from '../../../i18n'
import { berlinDate, endOfBerlinDay, formatTime } from '../../../lib/format'
import { RIGHTS, rightLabel, ROLE_RIGHTS, type Right, type Role } from '../rights'

export type MembershipValues = { role: Role; rights: Right[]; expiry: string }

type MembershipFieldsProps = {
  values: MembershipValues
  roles: Role[]
  /** The rights the caller holds and may pass on. */
  grantable: readonly Right[]
  /** The caller's own expiry: a delegate's access may not outlast it. */
  ownExpiry?: string | null
  expiryError?: string
  onRole: (role: Role) => void
  onRights: (rights: Right[]) => void
  onExpiry: (expiry: string) => void
  expiryRef?: (element: HTMLInputElement) => void
}

/** The date input's value for a stored expiry (the firm's calendar day). */
export const dateInputValue = (iso: string | null | undefined): string => berlinDate(iso)

/** The end of the chosen day (access lasts through it, Berlin time); null for no expiry. */
export function expiryToSend(expiry: string): string | null {
  return expiry ? endOfBerlinDay(expiry) : null
}

/**
 * Role, rights and expiry of a membership. The role sets what is possible at most; unticking
 * narrows it. Rights outside the role, and rights the caller lacks, cannot be ticked.
 */
export function MembershipFields(props: MembershipFieldsProps) {
  const inRole = (right: Right) => ROLE_RIGHTS[props.values.role].includes(right)
  const mayGrant = (right: Right) => props.grantable.includes(right)
  const why = (right: Right) =>
    !inRole(right)
      ? t('team.rightNotInRole', { role: t(`roles.${props.values.role}`) })
      : !mayGrant(right)
        ? t('team.rightNotYours')
        : undefined

  return (
    <>
      <SelectField
        id="member-role"
        label={t('team.fields.role')}
        value={props.values.role}
        options={props.roles.map((role) => ({
          value: role,
          label: `${t(`roles.${role}`)} – ${t(`roles.hint.${role}`)}`,
        }))}
        onChange={(value) => props.onRole(value as Role)}
      />
      <fieldset class="form__group rights">
        <legend class="field__label">{t('team.fields.rights')}</legend>
        <p class="field__hint">{t('team.fields.rightsHint')}</p>
        <div class="rights__grid">
          <For each={RIGHTS}>
            {(right) => (
              <CheckboxField
                id={`right-${right.replace('.', '-')}`}
                label={rightLabel(right)}
                hint={why(right)}
                checked={props.values.rights.includes(right) && inRole(right) && mayGrant(right)}
                disabled={!inRole(right) || !mayGrant(right)}
                onChange={(checked) =>
                  props.onRights(
                    checked
                      ? [...props.values.rights, right]
                      : props.values.rights.filter((held) => held !== right),
                  )
                }
              />
            )}
          </For>
        </div>
      </fieldset>
      <DateField
        id="member-expiry"
        label={t('team.fields.expiry')}
        hint={
          props.ownExpiry
            ? t('team.fields.expiryLimited', { date: formatTime(props.ownExpiry, 'date') })
            : t('team.fields.expiryHint')
        }
        value={props.values.expiry}
        min={dateInputValue(new Date().toISOString())}
        max={props.ownExpiry ? dateInputValue(props.ownExpiry) : undefined}
        error={props.expiryError}
        onInput={(value) => props.onExpiry(value)}
        ref={props.expiryRef}
      />
    </>
  )
}
