import type { Category } from './queries'

/** The position at the end of a group (steps of ten), so a new category is listed last. */
export function nextPosition(categories: Category[], keep: (category: Category) => boolean): number {
  return Math.max(0, ...categories.filter(keep).map((c) => c.position)) + 10
}
