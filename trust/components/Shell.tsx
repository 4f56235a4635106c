import { NavLink } from '@remix-run/react'
import type { ReactNode } from 'react'
import { contacts, sections } from '../company'

/** Header with the section navigation, the main landmark, and the footer of every trust page. */
export function TrustShell({ children }: { children: ReactNode }) {
  return (
    <div className="trust">
      <header className="trust-header">
        <div className="trust-header__inner">
          <a className="trust-brand" href="/trust">
            <span className="trust-brand__name">Hireproof</span> <span className="trust-brand__area">Trust Center</span>
          </a>
          <nav className="trust-nav" aria-label="Trust center">
            <ul>
              {sections.map((section) => (
                <li key={section.href}>
                  <NavLink to={section.href} end={section.href === '/trust'} prefetch="none">
                    {section.label}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
        </div>
      </header>
      <main id="main" className="trust-main" tabIndex={-1}>
        {children}
      </main>
      <footer className="trust-footer">
        <div className="trust-footer__inner">
          <div>
            <p className="trust-footer__title">Contact</p>
            <ul>
              <li>
                Security: <a href={`mailto:${contacts.security}`}>{contacts.security}</a>
              </li>
              <li>
                Privacy: <a href={`mailto:${contacts.privacy}`}>{contacts.privacy}</a>
              </li>
              <li>
                Contracts: <a href={`mailto:${contacts.legal}`}>{contacts.legal}</a>
              </li>
            </ul>
          </div>
          <div>
            <p className="trust-footer__title">Machine-readable</p>
            <ul>
              <li>
                <a href="/.well-known/security.txt">security.txt</a>
              </li>
              <li>
                <a href="/trust/subprocessors.json">Sub-processors (JSON)</a>
              </li>
              <li>
                <a href="/trust/subprocessors.atom">Sub-processor changes (Atom)</a>
              </li>
            </ul>
          </div>
          <div>
            <p className="trust-footer__title">Hireproof</p>
            <ul>
              <li>
                <a href="/">Home</a>
              </li>
              <li>
                <a href="/sign-in">Sign in</a>
              </li>
            </ul>
          </div>
        </div>
      </footer>
    </div>
  )
}
