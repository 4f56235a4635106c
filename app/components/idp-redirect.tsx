import { useEffect } from 'react'

/**
 * Sends the browser on to the identity provider. A form's answer cannot
 * redirect to another origin (the CSP's form-action is 'self'), so the
 * action returns the URL and this page follows it: at once with JavaScript,
 * by the link without.
 */
export function IdpRedirect({ url }: { url: string }) {
  useEffect(() => {
    window.location.assign(url)
  }, [url])
  return (
    <p role="status">
      Continuing to your identity provider… <a href={url}>Continue</a>
    </p>
  )
}
