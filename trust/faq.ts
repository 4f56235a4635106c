import type { ClaimId } from './claims'
import type { Block, IsoDate } from './types'

/**
 * The security FAQ. Ids are stable public anchors (`/trust/faq#<id>`): never
 * rename one, since questionnaires and emails link to them. An answer that
 * refers to a planned claim must say it is on the roadmap.
 */
export type FaqEntry = {
  id: string
  question: string
  answer: Block[]
  /** Capabilities the answer describes; their status is shown with it. */
  claims?: ClaimId[]
  /** Extra words a reviewer might search for. */
  keywords?: string[]
}

export type FaqCategory = { id: string; title: string; entries: FaqEntry[] }

export const faq: { revision: IsoDate; categories: FaqCategory[] } = {
  revision: '2026-11-20',
  categories: [
    {
      id: 'certifications',
      title: 'Certifications',
      entries: [
        {
          id: 'soc-2',
          question: 'Do you have a SOC 2 report?',
          answer: [
            'Not yet. SOC 2 Type II is in progress: our controls are mapped to the Trust Services Criteria for security, availability and confidentiality, and the observation period follows readiness. When the report is issued we will share it under NDA and update this page.',
            'Until then we answer security questionnaires directly, and every capability listed on the [overview](/trust#capabilities) as available names the automated test that proves it.',
          ],
          keywords: ['aicpa', 'attestation', 'audit report', 'type 2'],
        },
        {
          id: 'iso-27001',
          question: 'Are you ISO 27001 certified?',
          answer: ['No. ISO/IEC 27001:2022 certification is planned after SOC 2 Type II. We will not describe ourselves as certified before a certificate is issued.'],
          keywords: ['isms', 'iso/iec 27001'],
        },
        {
          id: 'penetration-testing',
          question: 'Do you run penetration tests?',
          answer: [
            'An independent penetration test of the application is planned before general availability and yearly after that; a summary letter will be available on request.',
            'The summary of our own 2026 security assessment (scope, method, every finding and its fix) and a security architecture overview are available now under NDA: request them on the [security documents page](/trust/documents#request).',
            'Security researchers can report issues at any time under our [vulnerability disclosure policy](/trust/disclosure).',
          ],
          keywords: ['pentest', 'pen test', 'ethical hacking'],
        },
      ],
    },
    {
      id: 'hosting',
      title: 'Hosting and data location',
      entries: [
        {
          id: 'hosting-provider',
          question: 'Where is Hireproof hosted?',
          answer: [
            'The application and its PostgreSQL database run on Amazon Web Services, in Frankfurt (eu-central-1) for EU workspaces and in N. Virginia (us-east-1) for US workspaces. Uploaded files such as recordings and CVs are stored in Cloudflare R2 in the same jurisdiction as the workspace.',
            'We run no servers of our own. The full list of providers is on the [sub-processor page](/trust/subprocessors).',
          ],
          keywords: ['aws', 'amazon', 'cloud', 'data center', 'datacenter'],
        },
        {
          id: 'data-residency',
          question: 'Can we keep all our data in the EU?',
          answer: [
            'Yes. Choose the EU region when the workspace is created: the database, backups and uploaded files then stay in the EU.',
            'Two things can involve processing outside the EU, and both are under your control:',
            {
              list: [
                'Optional AI providers (OpenAI, AssemblyAI) process in the United States. They are off until an admin enables them, and the transfer safeguards are listed per provider.',
                'Staff who keep the service running may access systems remotely; this is covered by the EU Standard Contractual Clauses in our [DPA](/trust/dpa).',
              ],
            },
          ],
          keywords: ['residency', 'sovereignty', 'europe', 'frankfurt', 'gdpr transfer'],
        },
        {
          id: 'region-move',
          question: 'Can a workspace move to another region later?',
          answer: ['Yes, on request. We plan the move with you, copy the data, verify it, and delete the original copy, including from backups as they expire.'],
        },
        {
          id: 'backups',
          question: 'How are backups made and protected?',
          answer: [
            'The managed database keeps continuous backups with point-in-time recovery for 35 days, encrypted and stored in the same region as the workspace. Object storage is replicated within its region by the provider.',
          ],
          keywords: ['pitr', 'restore', 'snapshot'],
        },
      ],
    },
    {
      id: 'reliability',
      title: 'Infrastructure and reliability',
      entries: [
        {
          id: 'architecture',
          question: 'How is the service built to stay up?',
          answer: [
            'Application processes keep no state of their own: sessions, background jobs and rate-limit counters live in PostgreSQL and files in object storage. Any number of processes run behind a load balancer across availability zones, and one can fail or be replaced without losing work.',
            'Background work such as transcription is queued durably in the database, so a restart resumes jobs instead of dropping them.',
          ],
          keywords: ['high availability', 'redundancy', 'load balancer', 'scalability'],
        },
        {
          id: 'uptime-commitment',
          question: 'What uptime do you commit to?',
          answer: [
            'We aim for 99.9% monthly availability. Enterprise agreements can include a service level with service credits. Incidents and uptime history are published on the [status page](/trust/status).',
          ],
          keywords: ['sla', 'availability', 'service level'],
        },
        {
          id: 'disaster-recovery',
          question: 'What are your recovery objectives?',
          answer: [
            'Our targets are a recovery point objective of 15 minutes and a recovery time objective of 4 hours for a regional database failure, using point-in-time recovery. These are targets, not contractual commitments, unless your agreement says otherwise.',
          ],
          keywords: ['rpo', 'rto', 'business continuity', 'bcp', 'dr'],
        },
      ],
    },
    {
      id: 'access-controls',
      title: 'Access controls',
      entries: [
        {
          id: 'sign-in-security',
          question: 'How do your users sign in, and how are sessions protected?',
          answer: [
            'Built-in accounts use an email address and password. Passwords are hashed with argon2id; repeated sign-in attempts are throttled per account and per network address.',
            'A session is a random token in an HttpOnly cookie, of which the database stores only a SHA-256 hash. Sessions end after 7 days idle or 30 days after sign-in, rotate when you switch organization, and signing out revokes them on the server.',
          ],
          claims: ['password-hashing', 'sign-in-throttling', 'session-token-hashing', 'session-expiry', 'session-rotation', 'session-revocation'],
          keywords: ['password', 'authentication', 'brute force', 'cookie', 'timeout'],
        },
        {
          id: 'two-factor-authentication',
          question: 'Do you support two-factor authentication?',
          answer: [
            'Yes. Every user can turn on authenticator-app codes (TOTP) under Account security. Each code is accepted once, and ten single-use recovery codes are issued, stored only as hashes. The authenticator secret is encrypted by the application before it is stored.',
            'Admins can require a second factor for the whole organization on every plan: members who sign in with a password and have none can only reach their account page until they set it up. People who sign in through single sign-on use their identity provider’s second factor.',
          ],
          claims: ['totp-2fa'],
          keywords: ['2fa', 'mfa', 'multi-factor', 'totp', 'authenticator'],
        },
        {
          id: 'single-sign-on',
          question: 'Do you support single sign-on (SSO)?',
          answer: [
            'Yes, on the Enterprise plan: SAML 2.0 with Microsoft Entra ID, Google Workspace or any SAML identity provider, started from Hireproof or from the identity provider. Responses must be signed; audience, recipient, destination, validity window and the request they answer are checked, and each assertion is accepted once.',
            'You verify your email domains with a DNS record; people at those domains are sent to your identity provider, and new colleagues can be added on their first sign-in with a role you choose. Admins can require single sign-on for all members, and see every failed attempt with its reason.',
          ],
          claims: ['saml-sso'],
          keywords: ['sso', 'saml', 'okta', 'entra', 'azure ad', 'google workspace', 'idp'],
        },
        {
          id: 'scim',
          question: 'Can users be provisioned automatically (SCIM)?',
          answer: [
            'Yes, on the Enterprise plan: a SCIM 2.0 endpoint for users and groups that works with Microsoft Entra ID, Okta and other identity providers. Tokens are shown once and stored hashed. Deactivating a user suspends the member and signs them out at once, and groups can be mapped to roles. Every change is recorded in the audit log.',
          ],
          claims: ['scim-provisioning'],
          keywords: ['provisioning', 'deprovisioning', 'joiner mover leaver'],
        },
        {
          id: 'roles-and-permissions',
          question: 'How are permissions managed?',
          answer: [
            'Every member has one role profile. Six built-in templates (Owner, Admin, Recruiter, Hiring Manager, Interviewer, Viewer) can be copied into custom roles with granular permissions and visibility settings: all jobs or only assigned ones, and whether candidate contact details, compensation, AI scores and recordings are shown. Admins can also grant or deny single permissions to one member on top of the role.',
            'The server checks the permission on every request and applies visibility inside the database queries; the interface only hides what a role cannot do. Nobody can hand out a permission they do not hold themselves.',
          ],
          claims: ['builtin-roles', 'custom-roles'],
          keywords: ['rbac', 'role based access control', 'least privilege', 'authorization'],
        },
        {
          id: 'tenant-isolation',
          question: 'How is our data kept apart from other customers’ data?',
          answer: [
            'All customers share the application, and every database query is scoped to the organization of the signed-in member. A request for another organization’s record is answered as if the record did not exist, and a suspended membership gives no access at all.',
          ],
          claims: ['tenant-isolation'],
          keywords: ['multi-tenant', 'multitenancy', 'segregation', 'isolation'],
        },
        {
          id: 'ip-allowlist',
          question: 'Can we restrict access to our network?',
          answer: [
            'Yes, on the Enterprise plan. Admins list the IPv4 and IPv6 networks (single addresses or CIDR ranges) allowed to reach the organization; every other request is refused, for members and for our support staff alike, on every page, API call and export. Refused requests are recorded in the audit log.',
            'A list that does not include the address of the admin saving it is refused, so nobody locks themselves out. Client addresses are read from our own load balancer, never from a header a client could forge.',
          ],
          claims: ['ip-allowlist'],
          keywords: ['ip restriction', 'vpn', 'network'],
        },
        {
          id: 'audit-log',
          question: 'Is there an audit log?',
          answer: [
            'Yes. Every change in your organization (sign-ins, invitations, role and permission changes, exports and more) is recorded with who, when, from which address and with which request, including the values before and after. Admins search it by actor, action, target, date and free text.',
            'The log is tamper-evident: the database refuses to change or delete entries, every entry carries a hash of its content and of the entry before it, and a signed checkpoint of each organization’s log is made every day. Exports (CSV, and NDJSON for your SIEM) include the hashes and checkpoints, so you can verify offline, with a small script we document, that nothing was altered or removed.',
          ],
          claims: ['audit-log', 'audit-export'],
          keywords: ['audit trail', 'siem', 'logging', 'activity log'],
        },
        {
          id: 'staff-access',
          question: 'Can Hireproof employees see our data?',
          answer: [
            'Production access is limited to the few engineers who operate the service, through individual accounts with multi-factor authentication. They do not browse workspace content.',
            'Our support staff have no access to your workspace by default. Your admin can grant a named support engineer access for up to 24 hours, read-only or with one of your roles, and revoke it at any moment with immediate effect; support may also ask, and your admin approves or denies. Access ends on its own at expiry, checked on every request.',
            'Every grant, request, entry and revocation, and every action taken under a grant, is in your audit log, marked as support staff with the grant it used. While they act in your workspace, staff see a banner saying so.',
          ],
          claims: ['jit-support-access'],
          keywords: ['support access', 'insider', 'employee access', 'privileged access'],
        },
      ],
    },
    {
      id: 'encryption',
      title: 'Encryption',
      entries: [
        {
          id: 'encryption-in-transit',
          question: 'Is data encrypted in transit?',
          answer: [
            'Yes. The service is only offered over HTTPS with TLS 1.2 or later, and browsers are told to use HTTPS only (HSTS). Connections from the application to the database and to our providers are encrypted as well.',
            'Every response also carries a Content Security Policy and headers that stop framing and content-type sniffing.',
          ],
          claims: ['security-headers'],
          keywords: ['tls', 'https', 'ssl', 'hsts'],
        },
        {
          id: 'encryption-at-rest',
          question: 'Is data encrypted at rest?',
          answer: [
            'Yes. The database, its backups and all stored files are encrypted at rest with AES-256 by the storage services, with keys managed in AWS Key Management Service and by Cloudflare.',
            'Secrets the application keeps for you, such as two-factor seeds, are additionally encrypted by the application (AES-256-GCM) before they are stored.',
          ],
          keywords: ['aes', 'aes-256', 'disk encryption', 'kms', 'storage encryption'],
        },
        {
          id: 'key-management',
          question: 'Can we bring our own encryption keys?',
          answer: ['Customer-managed keys are not offered today. If this is a requirement for you, tell us at [security@hireproof.example](mailto:security@hireproof.example): requests shape our roadmap.'],
          keywords: ['byok', 'cmk', 'customer managed keys', 'hsm'],
        },
        {
          id: 'secret-storage',
          question: 'How do you store passwords and tokens?',
          answer: [
            'Passwords are hashed with argon2id using the parameters OWASP recommends. Session tokens and invitation tokens are stored only as SHA-256 hashes, so a copy of the database cannot be used to sign in.',
          ],
          claims: ['password-hashing', 'session-token-hashing'],
          keywords: ['hashing', 'argon2', 'credentials'],
        },
      ],
    },
    {
      id: 'secure-development',
      title: 'Secure development',
      entries: [
        {
          id: 'development-process',
          question: 'How do you keep the code secure?',
          answer: [
            'Every change is reviewed before it is merged and must pass automated tests at several layers: unit tests, integration tests against a real PostgreSQL database, and end-to-end tests in a real browser. Authorization rules have tests for both the allowed and the denied case.',
            'The capability list on the [overview](/trust#capabilities) is itself checked: a capability is shown as available only while the test that proves it exists.',
          ],
          keywords: ['sdlc', 'code review', 'testing', 'ci', 'secure coding'],
        },
        {
          id: 'web-attacks',
          question: 'How do you protect against common web attacks?',
          answer: [
            'State-changing requests from other sites are refused by their Origin headers, and every form also carries a double-submit token. Cookies are HttpOnly and SameSite=Lax. Scripts run only with a per-request nonce, and no other site may frame the application. All input is validated against schemas on the server, and database access uses parameterised queries.',
          ],
          claims: ['csrf-protection', 'security-headers', 'session-cookie-flags'],
          keywords: ['owasp', 'csrf', 'xss', 'sql injection', 'clickjacking', 'csp'],
        },
        {
          id: 'dependencies',
          question: 'How do you manage third-party dependencies?',
          answer: [
            'Dependencies are pinned by a lock file, installed reproducibly, and updated deliberately through review. We follow security advisories for the packages we use and patch critical issues with priority.',
          ],
          keywords: ['supply chain', 'sca', 'open source', 'vulnerability scanning'],
        },
        {
          id: 'vulnerability-reports',
          question: 'How can a vulnerability be reported?',
          answer: [
            'Email [security@hireproof.example](mailto:security@hireproof.example). Our [disclosure policy](/trust/disclosure) explains scope, safe harbour and response times, and our contact details are also published in [security.txt](/.well-known/security.txt).',
          ],
          keywords: ['bug bounty', 'responsible disclosure', 'security.txt'],
        },
      ],
    },
    {
      id: 'incident-response',
      title: 'Incident response',
      entries: [
        {
          id: 'incident-process',
          question: 'How do you respond to security incidents?',
          answer: [
            'An on-call engineer triages alerts and reports around the clock and classifies each incident by severity. We contain first, then investigate, recover and write a post-incident review with corrective actions. Incidents that affect customers are noted on the [status page](/trust/status).',
          ],
          keywords: ['incident management', 'on-call', 'postmortem', 'security incident'],
        },
        {
          id: 'breach-notification',
          question: 'How quickly will you tell us about a personal data breach?',
          answer: [
            'Without undue delay, and no later than 48 hours after we become aware of a personal data breach affecting your data, as set out in section 8 of the [DPA](/trust/dpa). We then keep you informed as we learn more, so you can meet your own notification duties.',
          ],
          keywords: ['data breach', 'notification', '72 hours', '48 hours', 'gdpr article 33'],
        },
      ],
    },
    {
      id: 'data-lifecycle',
      title: 'Data ownership and deletion',
      entries: [
        {
          id: 'data-ownership',
          question: 'Who owns the data in our workspace?',
          answer: [
            'You do. We process workspace data only to provide the service and on your documented instructions, as the [DPA](/trust/dpa) sets out. We do not sell it, and we do not use it to train AI models.',
          ],
          keywords: ['ownership', 'customer data', 'intellectual property'],
        },
        {
          id: 'data-export',
          question: 'Can we export our data?',
          answer: [
            'Yes, at any time and without asking us: admins download all of their organization’s data as CSV (for spreadsheets) or JSON (for scripts) from the privacy page. Every export is recorded in the audit log.',
          ],
          claims: ['data-export'],
          keywords: ['portability', 'export', 'download', 'exit plan'],
        },
        {
          id: 'retention',
          question: 'How long do you keep data?',
          answer: [
            'Workspace data is kept for as long as you keep it, until you delete it or the agreement ends. Admins set retention rules that delete or anonymise candidates, recordings, transcripts and analyses after periods they choose, per data region, job and candidate status. Rules run daily, can be previewed first, and every run is recorded in the audit log with what it removed.',
          ],
          claims: ['retention-rules'],
          keywords: ['retention period', 'storage limitation', 'data minimisation'],
        },
        {
          id: 'deletion',
          question: 'What happens to our data when we leave?',
          answer: [
            'After the agreement ends you have 30 days to request an export. We then delete the workspace data from the live systems within 30 days; backups expire on their own within a further 35 days. On request we confirm the deletion in writing.',
            'Owners can also do this themselves: export everything (CSV or JSON), then schedule the deletion up to 30 days ahead. Every record and stored file is deleted on that day, and a final report listing what was removed is emailed to the owner who scheduled it.',
          ],
          claims: ['organization-deletion'],
          keywords: ['termination', 'offboarding', 'erasure', 'delete'],
        },
        {
          id: 'candidate-requests',
          question: 'How are candidates’ access and erasure requests handled?',
          answer: [
            'For candidate data you are the controller and we are your processor: a candidate who writes to us is referred to you, and we help you answer within the legal deadline. Your admins handle requests in the product: access and portability (JSON and CSV), rectification, erasure of every record and stored file, restriction, objection and consent withdrawal. Each request is due 30 days after it arrives, is completed with recorded proof, and leaves no personal data in the audit log.',
          ],
          claims: ['data-subject-requests'],
          keywords: ['dsar', 'data subject request', 'right to erasure', 'right of access'],
        },
      ],
    },
    {
      id: 'subprocessors',
      title: 'Sub-processors',
      entries: [
        {
          id: 'subprocessor-list',
          question: 'Which sub-processors do you use?',
          answer: [
            'The [sub-processor page](/trust/subprocessors) lists every one with its purpose, the data it receives, where it processes and the transfer safeguard. It is also available as [JSON](/trust/subprocessors.json) and as an [Atom feed](/trust/subprocessors.atom) for your vendor-management tools.',
          ],
          keywords: ['third parties', 'vendors', 'subcontractors', 'fourth parties'],
        },
        {
          id: 'subprocessor-changes',
          question: 'How do you notify us of new sub-processors?',
          answer: [
            'Each change is announced at least 30 days before it takes effect, on the sub-processor page and in its feeds, and by email to the contacts you name. You may object on reasonable data-protection grounds during the notice period, as the [DPA](/trust/dpa) describes.',
          ],
          claims: ['subprocessor-notice'],
          keywords: ['notice period', 'objection', 'change notification'],
        },
        {
          id: 'optional-providers',
          question: 'Are AI providers always involved?',
          answer: [
            'No. By default, analysis runs on our own local analyzer and transcripts can be imported, so no AI provider receives anything. OpenAI and AssemblyAI receive data only after an admin of your organization turns them on.',
          ],
          keywords: ['opt-in', 'openai', 'assemblyai', 'llm'],
        },
      ],
    },
    {
      id: 'ai',
      title: 'AI',
      entries: [
        {
          id: 'ai-training',
          question: 'Do you or your providers train AI models on our data?',
          answer: [
            'No. We do not train models on customer data, and we contract with AI providers on terms that exclude training on the data we send, with zero data retention where the provider offers it. Details per provider are on the [AI use page](/trust/ai).',
          ],
          keywords: ['training data', 'model training', 'zero retention', 'machine learning'],
        },
        {
          id: 'ai-decisions',
          question: 'Does the AI decide who gets hired?',
          answer: [
            'No. AI output never advances, rejects or hires a candidate: those decisions belong to people. Product safeguards that make this structural, where a decision can only be recorded by a named person and never by an automated step, are on our roadmap along with the analysis features themselves.',
          ],
          claims: ['human-only-decisions'],
          keywords: ['automated decision', 'human in the loop', 'article 22', 'human oversight'],
        },
        {
          id: 'ai-evidence',
          question: 'How can a reviewer check an AI score?',
          answer: [
            'Analysis is being built so that every score quotes the transcript as evidence, and a score whose quotes cannot be found in the transcript is rejected instead of shown. This is on our roadmap and described in full on the [AI use page](/trust/ai#evidence).',
          ],
          claims: ['evidence-cited-scores'],
          keywords: ['explainability', 'hallucination', 'evidence', 'citations'],
        },
        {
          id: 'emotion-analysis',
          question: 'Do you analyse faces, voices or emotions?',
          answer: [
            'No, and we never will. Hireproof does not perform emotion recognition, facial analysis, voice-stress analysis or personality inference from video or audio. Recordings are used only to produce the transcript.',
          ],
          keywords: ['facial recognition', 'emotion recognition', 'biometrics', 'video analysis'],
        },
        {
          id: 'anonymised-screening',
          question: 'Can screening be anonymised?',
          answer: [
            'Yes. Admins turn anonymised screening on for one job or the whole organization: names, contact details and gendered terms are replaced in what reviewers and models see, and speakers appear as Candidate and Interviewer.',
          ],
          claims: ['anonymised-screening'],
          keywords: ['blind screening', 'bias', 'redaction', 'fairness'],
        },
      ],
    },
    {
      id: 'compliance',
      title: 'Compliance frameworks',
      entries: [
        {
          id: 'gdpr',
          question: 'How do you support GDPR compliance?',
          answer: [
            'For workspace data you are the controller and Hireproof is your processor under Article 28. Our [DPA](/trust/dpa) includes the EU Standard Contractual Clauses for transfers, you can keep data in the EU region, and we help you answer data-subject requests and carry out data protection impact assessments.',
          ],
          keywords: ['general data protection regulation', 'article 28', 'dpia', 'eu'],
        },
        {
          id: 'ccpa',
          question: 'Are you CCPA/CPRA compliant?',
          answer: [
            'For personal information in your workspace we act as your service provider under the California Consumer Privacy Act as amended by the CPRA. We do not sell or share personal information, and we use it only for the business purposes in our agreement.',
          ],
          keywords: ['california', 'cpra', 'service provider', 'do not sell'],
        },
        {
          id: 'kvkk',
          question: 'Do you support KVKK (Türkiye)?',
          answer: [
            'Yes. Under the Turkish Personal Data Protection Law No. 6698 we act as data processor for customers in Türkiye. Transfers abroad rely on the standard contract approved by the Personal Data Protection Authority, which the exporting party notifies to the Authority within five business days of signing; we provide it on request.',
            'Candidates who live in Türkiye get the information notice in Turkish and give explicit consent themselves, separately for recording, AI analysis and processing outside Türkiye, on a page of their own; until they do, nothing of theirs is recorded or analysed. Retention rules can be set for them alone.',
          ],
          claims: ['candidate-consent'],
          keywords: ['kvkk', 'turkey', 'türkiye', '6698', 'veri işleyen'],
        },
        {
          id: 'hipaa',
          question: 'Are you HIPAA compliant?',
          answer: [
            'HIPAA does not apply to Hireproof. We are not a covered entity and the product is not offered as a business associate service, so we do not sign business associate agreements. Please do not upload protected health information; interviews should not collect it.',
          ],
          keywords: ['phi', 'baa', 'health information', 'business associate'],
        },
        {
          id: 'pci-dss',
          question: 'Do you store payment card data?',
          answer: [
            'No. Card details are entered on pages served by Stripe and go directly to Stripe, a PCI DSS Level 1 service provider. Our servers never receive card numbers.',
          ],
          keywords: ['pci', 'credit card', 'payments', 'stripe'],
        },
        {
          id: 'eu-ai-act',
          question: 'How does Hireproof relate to the EU AI Act?',
          answer: [
            'AI systems used in recruitment are classed as high-risk under Annex III of the AI Act. Our [AI use page](/trust/ai#eu-ai-act) explains what we do as a provider and how we support you as a deployer: transparency, human oversight and record-keeping.',
          ],
          keywords: ['ai act', 'high-risk', 'annex iii', 'regulation (eu) 2024/1689'],
        },
        {
          id: 'nyc-local-law-144',
          question: 'What about New York City Local Law 144?',
          answer: [
            'If you use an automated employment decision tool for candidates in New York City, the law requires a yearly independent bias audit, a published summary of its results and advance notice to candidates. See the [AI use page](/trust/ai#nyc-ll144) for how Hireproof is designed and how we support audits and notices.',
          ],
          keywords: ['aedt', 'bias audit', 'new york', 'll144'],
        },
      ],
    },
    {
      id: 'contracting',
      title: 'Contracting',
      entries: [
        {
          id: 'dpa',
          question: 'Do you offer a Data Processing Addendum?',
          answer: [
            'Yes. Our [DPA](/trust/dpa) is public, versioned and forms part of our customer terms, so no separate signature is needed; a [printable copy](/trust/dpa/print) is available if your process requires one.',
          ],
          keywords: ['data processing agreement', 'article 28', 'dpa'],
        },
        {
          id: 'sccs',
          question: 'Which transfer mechanisms do you use?',
          answer: [
            'The EU Standard Contractual Clauses (Commission Decision 2021/914), Module 2 and, where relevant, Module 3, the UK International Data Transfer Addendum, and the adjustments needed for Switzerland. Where a US provider is certified under the EU–US Data Privacy Framework, that certification is listed as well.',
          ],
          keywords: ['standard contractual clauses', 'scc', 'dpf', 'data privacy framework', 'idta', 'uk addendum', 'schrems'],
        },
        {
          id: 'liability',
          question: 'How is liability handled?',
          answer: [
            'Liability under the DPA follows the limitations in the main agreement. Enterprise agreements can set a separate, higher cap for data-protection and confidentiality breaches; contact [legal@hireproof.example](mailto:legal@hireproof.example).',
          ],
          keywords: ['limitation of liability', 'indemnity', 'cap'],
        },
        {
          id: 'security-questionnaires',
          question: 'Will you complete our security questionnaire?',
          answer: [
            'Yes. Most answers are on this page and can be quoted with their links. Send questionnaires (SIG Lite, CAIQ or your own) to [security@hireproof.example](mailto:security@hireproof.example); we usually return them within five business days.',
          ],
          keywords: ['sig', 'caiq', 'vendor assessment', 'due diligence', 'vsa'],
        },
      ],
    },
  ],
}

export function allFaqEntries(): { category: FaqCategory; entry: FaqEntry }[] {
  return faq.categories.flatMap((category) => category.entries.map((entry) => ({ category, entry })))
}
