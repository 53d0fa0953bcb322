import { createMemo, For, Match, Switch, type JSX } from 'solid-js'
import { Dynamic } from 'solid-js/web'
import { parseMarkdown, type Block, type Inline } from './markdown-parse'

/**
 * Renders an info page's Markdown as DOM nodes built by Solid: every piece of the author's text
 * becomes a text node, never HTML, so "<script>" or "<img onerror>" shows as typed. Links go only
 * to http(s) and mailto addresses and open in a new tab without a referrer.
 */
export function Markdown(props: { source: string; class?: string; id?: string }) {
  const blocks = createMemo(() => parseMarkdown(props.source))
  return (
    <div id={props.id} class={props.class ? `markdown ${props.class}` : 'markdown'}>
      <For each={blocks()}>{(block) => <MarkdownBlock block={block} />}</For>
    </div>
  )
}

/** The node if it is of this type (narrowed for Match), else undefined. */
function pick<N extends { type: string }, K extends N['type']>(node: N, type: K) {
  return node.type === type ? (node as Extract<N, { type: K }>) : undefined
}

function MarkdownBlock(props: { block: Block }): JSX.Element {
  return (
    <Switch>
      <Match when={pick(props.block, 'heading')}>
        {(heading) => (
          <Dynamic component={`h${heading().level}`}>
            <Spans nodes={heading().children} />
          </Dynamic>
        )}
      </Match>
      <Match when={pick(props.block, 'paragraph')}>
        {(paragraph) => (
          <p>
            <Spans nodes={paragraph().children} />
          </p>
        )}
      </Match>
      <Match when={pick(props.block, 'quote')}>
        {(quote) => (
          <blockquote>
            <p>
              <Spans nodes={quote().children} />
            </p>
          </blockquote>
        )}
      </Match>
      <Match when={pick(props.block, 'list')}>
        {(list) => (
          <Dynamic
            component={list().ordered ? 'ol' : 'ul'}
            start={list().ordered && list().start !== 1 ? list().start : undefined}
          >
            <For each={list().items}>
              {(item) => (
                <li>
                  <Spans nodes={item} />
                </li>
              )}
            </For>
          </Dynamic>
        )}
      </Match>
      <Match when={props.block.type === 'rule'}>
        <hr />
      </Match>
    </Switch>
  )
}

function Spans(props: { nodes: Inline[] }): JSX.Element {
  return <For each={props.nodes}>{(node) => <Span node={node} />}</For>
}

function Span(props: { node: Inline }): JSX.Element {
  return (
    <Switch>
      <Match when={pick(props.node, 'text')}>{(text) => text().text}</Match>
      <Match when={props.node.type === 'break'}>
        <br />
      </Match>
      <Match when={pick(props.node, 'code')}>
        {(code) => <code>{code().text}</code>}
      </Match>
      <Match when={pick(props.node, 'strong')}>
        {(strong) => (
          <strong>
            <Spans nodes={strong().children} />
          </strong>
        )}
      </Match>
      <Match when={pick(props.node, 'em')}>
        {(em) => (
          <em>
            <Spans nodes={em().children} />
          </em>
        )}
      </Match>
      <Match when={pick(props.node, 'link')}>
        {(link) => (
          <a href={link().href} target="_blank" rel="noopener noreferrer">
            <Spans nodes={link().children} />
          </a>
        )}
      </Match>
    </Switch>
  )
}
