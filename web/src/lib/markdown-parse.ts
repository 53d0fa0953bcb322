/**
 * A small, deliberately limited Markdown subset for the firm's info pages: headings, paragraphs
 * with line breaks, bold, italic, inline code, lists, quotes, rules and links. The parser yields
 * plain data; markdown.tsx turns it into DOM nodes. Raw HTML is never interpreted: it stays text.
 */

export type Inline =
  | { type: 'text'; text: string }
  | { type: 'strong'; children: Inline[] }
  | { type: 'em'; children: Inline[] }
  | { type: 'code'; text: string }
  | { type: 'link'; href: string; children: Inline[] }
  | { type: 'break' }

export type Block =
  | { type: 'heading'; level: 2 | 3 | 4; children: Inline[] }
  | { type: 'paragraph'; children: Inline[] }
  | { type: 'list'; ordered: boolean; start: number; items: Inline[][] }
  | { type: 'quote'; children: Inline[] }
  | { type: 'rule' }

const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:'])

/**
 * The link target if it is an absolute http(s) or mailto address, else undefined: javascript:,
 * data:, relative and protocol-relative links are not links here.
 */
export function safeHref(raw: string): string | undefined {
  const href = raw.trim()
  if (!/^(https?:\/\/|mailto:)/i.test(href) || /[\s<>"'`]/.test(href)) return undefined
  try {
    const url = new URL(href)
    return SAFE_PROTOCOLS.has(url.protocol) ? url.href : undefined
  } catch {
    return undefined
  }
}

const ESCAPABLE = /[\\`*_[\]()#+\-.!>~|]/
const BARE_URL = /^https?:\/\/[^\s<>"'`]+/i

/**
 * Where the closing delimiter of a span starts, skipping escaped characters; -1 if none. Like
 * CommonMark, a closer does not follow a space, and "_" closers do not sit inside a word
 * (window.__name__ stays text).
 */
function closing(source: string, from: number, delimiter: string): number {
  for (let i = from; i < source.length; i++) {
    if (source[i] === '\\') i++
    else if (
      source.startsWith(delimiter, i) &&
      i > from &&
      !/\s/.test(source[i - 1]!) &&
      !(delimiter[0] === '_' && /\w/.test(source[i + delimiter.length] ?? ''))
    )
      return i
  }
  return -1
}

/** [label](target) at position start: the parts and where it ends, or undefined. */
function linkAt(source: string, start: number) {
  const labelEnd = closing(source, start + 1, ']')
  if (labelEnd < 0 || source[labelEnd + 1] !== '(') return undefined
  const targetEnd = source.indexOf(')', labelEnd + 2)
  if (targetEnd < 0) return undefined
  return {
    label: source.slice(start + 1, labelEnd),
    target: source.slice(labelEnd + 2, targetEnd),
    end: targetEnd + 1,
  }
}

/** Parses the inline spans of one block's text (its lines joined by "\n"). */
export function parseInline(source: string): Inline[] {
  const out: Inline[] = []
  let text = ''
  const flush = () => {
    if (text) out.push({ type: 'text', text })
    text = ''
  }
  for (let i = 0; i < source.length; i++) {
    const char = source[i]!
    const rest = source.slice(i)
    if (char === '\\' && ESCAPABLE.test(source[i + 1] ?? '')) {
      text += source[++i]
      continue
    }
    if (char === '\n') {
      flush()
      out.push({ type: 'break' })
      continue
    }
    if (char === '`') {
      const end = source.indexOf('`', i + 1)
      if (end > i + 1) {
        flush()
        out.push({ type: 'code', text: source.slice(i + 1, end) })
        i = end
        continue
      }
    }
    const wordBefore = /\w/.test(source[i - 1] ?? '')
    const strong = rest.startsWith('**')
      ? '**'
      : rest.startsWith('__') && !wordBefore
        ? '__'
        : undefined
    if (strong) {
      const end = closing(source, i + 2, strong)
      if (end > i + 2) {
        flush()
        out.push({ type: 'strong', children: parseInline(source.slice(i + 2, end)) })
        i = end + 1
        continue
      }
    }
    // _italic_ only at a word start, so snake_case_words stay as they are.
    if ((char === '*' || (char === '_' && !wordBefore)) && !/\s/.test(source[i + 1] ?? ' ')) {
      const end = closing(source, i + 1, char)
      if (end > i + 1 && source[end - 1] !== ' ') {
        flush()
        out.push({ type: 'em', children: parseInline(source.slice(i + 1, end)) })
        i = end
        continue
      }
    }
    if (char === '[') {
      const link = linkAt(source, i)
      if (link) {
        const href = safeHref(link.target)
        flush()
        // An unsafe target (javascript:, data: …) is shown as the literal text, inert.
        if (href) out.push({ type: 'link', href, children: parseInline(link.label) })
        else out.push({ type: 'text', text: source.slice(i, link.end) })
        i = link.end - 1
        continue
      }
    }
    const bare = wordBefore ? null : BARE_URL.exec(rest)
    if (bare) {
      // Trailing punctuation belongs to the sentence, not to the address.
      const url = bare[0].replace(/[.,;:!?)]+$/, '')
      const href = safeHref(url)
      if (href) {
        flush()
        out.push({ type: 'link', href, children: [{ type: 'text', text: url }] })
        i += url.length - 1
        continue
      }
    }
    text += char
  }
  flush()
  return out
}

const HEADING = /^(#{1,6})\s+(.*?)(\s+#+)?\s*$/
const BULLET = /^\s{0,3}[-*+]\s+(.*)$/
const NUMBERED = /^\s{0,3}(\d{1,9})[.)]\s+(.*)$/
const QUOTE = /^\s{0,3}>\s?(.*)$/
const RULE = /^\s{0,3}([-*_])(\s*\1){2,}\s*$/

/**
 * Parses a whole page into blocks. The page's title is its h1, so "#" and "##" both become h2,
 * "###" h3 and anything deeper h4.
 */
export function parseMarkdown(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n')
  const blocks: Block[] = []
  let paragraph: string[] = []
  let quote: string[] = []
  let list: { ordered: boolean; start: number; items: string[][] } | undefined

  const flush = () => {
    if (paragraph.length)
      blocks.push({ type: 'paragraph', children: parseInline(paragraph.join('\n')) })
    if (quote.length) blocks.push({ type: 'quote', children: parseInline(quote.join('\n')) })
    if (list)
      blocks.push({
        type: 'list',
        ordered: list.ordered,
        start: list.start,
        items: list.items.map((item) => parseInline(item.join('\n'))),
      })
    paragraph = []
    quote = []
    list = undefined
  }

  for (const line of lines) {
    if (!line.trim()) {
      flush()
      continue
    }
    const heading = HEADING.exec(line)
    const bullet = BULLET.exec(line)
    const numbered = NUMBERED.exec(line)
    const quoted = QUOTE.exec(line)
    if (RULE.test(line) && !list) {
      flush()
      blocks.push({ type: 'rule' })
    } else if (heading) {
      flush()
      const level = Math.min(Math.max(heading[1]!.length, 2), 4) as 2 | 3 | 4
      blocks.push({ type: 'heading', level, children: parseInline(heading[2]!) })
    } else if (bullet || numbered) {
      const ordered = Boolean(numbered)
      if (!list || list.ordered !== ordered) {
        flush()
        list = { ordered, start: numbered ? Number(numbered[1]) : 1, items: [] }
      }
      list.items.push([(numbered ? numbered[2] : bullet![1])!])
    } else if (list && /^\s+\S/.test(line)) {
      list.items.at(-1)!.push(line.trim())
    } else if (quoted) {
      if (paragraph.length || list) flush()
      quote.push(quoted[1]!)
    } else {
      if (quote.length || list) flush()
      paragraph.push(line.trim())
    }
  }
  flush()
  return blocks
}
