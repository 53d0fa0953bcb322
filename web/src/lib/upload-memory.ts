/** Unfinished resumable uploads are remembered in this tab's sessionStorage under this prefix. */
export const UPLOAD_MEMORY_PREFIX = 'kmp-upload:'

/** Forgets every unfinished upload of this tab (on sign-out). */
export function forgetUnfinishedUploads() {
  for (const key of Object.keys(sessionStorage)) if (key.startsWith(UPLOAD_MEMORY_PREFIX)) sessionStorage.removeItem(key)
}
