type SearchFieldProps = {
  id: string
  label: string
  value: string
  onInput: (value: string) => void
  placeholder?: string
}

/** A search box in a search landmark; results follow the typing, so there is no button. */
export function SearchField(props: SearchFieldProps) {
  return (
    <form role="search" class="search" onSubmit={(event) => event.preventDefault()}>
      <label class="visually-hidden" for={props.id}>
        {props.label}
      </label>
      <svg class="icon search__icon" viewBox="0 0 20 20" aria-hidden="true">
        <circle cx="8.5" cy="8.5" r="5.5" fill="none" stroke="currentColor" stroke-width="1.8" />
        <path
          d="M12.5 12.5 17 17"
          stroke="currentColor"
          stroke-width="1.8"
          stroke-linecap="round"
        />
      </svg>
      <input
        id={props.id}
        name={props.id}
        type="search"
        class="field__input search__input"
        value={props.value}
        placeholder={props.placeholder}
        autocomplete="off"
        spellcheck={false}
        onInput={(event) => props.onInput(event.currentTarget.value)}
      />
    </form>
  )
}
