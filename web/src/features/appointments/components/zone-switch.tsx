import { Show } from 'solid-js'
import { SelectField } from '../../../components/select-field'
import { t } from '../../../i18n'
import { deviceZone, FIRM_ZONE, setZone, zone } from '../time'

/** Offers the device's time zone next to the firm's, only where they differ. */
export function ZoneSwitch(props: { panel?: boolean }) {
  return (
    <Show when={deviceZone() !== FIRM_ZONE}>
      <div class="appointment-zone" classList={{ panel: props.panel }}>
        <SelectField
          id="appointment-zone"
          label={t('appointments.zone.label')}
          value={zone()}
          options={[
            { value: FIRM_ZONE, label: t('appointments.zone.firm') },
            { value: deviceZone(), label: t('appointments.zone.device', { zone: deviceZone() }) },
          ]}
          onChange={setZone}
        />
      </div>
    </Show>
  )
}
