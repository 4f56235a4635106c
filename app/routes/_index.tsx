import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { Link } from '@remix-run/react'
import { getApi } from '~/utils/api.server'

export const meta: MetaFunction = () => [
  { title: 'Hireproof — interview intelligence with evidence' },
  { name: 'description', content: 'Structured interviews, transcripts and evidence-backed analysis. Humans decide.' },
]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { auth } = await getApi(request, context)
  if (auth) throw redirect('/app')
  return null
}

export default function Index() {
  return (
    <main id="main" className="landing">
      <h1>Hireproof</h1>
      <p>
        Interview intelligence for recruiting teams: record or import interviews, get transcripts with speakers, and an
        analysis against the job description where every score quotes the transcript. People make every hiring decision.
      </p>
      <div className="actions">
        <Link className="button primary" to="/sign-in">
          Sign in
        </Link>
        <Link className="button" to="/sign-up">
          Create an organization
        </Link>
        <a className="button" href="/trust">
          Trust center
        </a>
      </div>
    </main>
  )
}
