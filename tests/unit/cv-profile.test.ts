import { describe, expect, it } from 'vitest'
import { type CandidateProfile, candidateProfileSchema, parseProfile, profileLimits } from '../../server/cv/profile'

const empty: CandidateProfile = {
  name: null,
  email: null,
  phone: null,
  location: null,
  links: [],
  headline: null,
  skills: [],
  experience: [],
  education: [],
  summary: null,
}

/** One-column CV with a contact bar, capitalised headings, dates on their own line or far right, skill categories. */
const classicCv = `JANE DOE
Senior Backend Engineer
London, UK | jane.doe@example.com | +44 7700 900123 | linkedin.com/in/janedoe | https://github.com/janedoe

PROFILE
Backend engineer with ten years of experience building payment systems and developer platforms
in TypeScript and Go. Enjoys mentoring and pragmatic architecture.

WORK EXPERIENCE
Staff Engineer — Acme Payments Ltd
Jan 2020 – Present
• Led the migration of the ledger to PostgreSQL, cutting p99 latency by 40%.
• Mentored six engineers.

Senior Software Engineer, Globex Corporation, Manchester    Mar 2016 - Dec 2019
- Built the merchant onboarding API.

EDUCATION
BSc (Hons) Computer Science — University of Manchester    2012 – 2015

SKILLS
Languages: TypeScript, Go, Python
Tools: PostgreSQL | Kubernetes | Terraform • AWS (EC2, S3, Lambda)

REFERENCES
Dr Alan Reed, alan.reed@example.org, +44 161 496 0000
`

/** Sidebar template as extracted from a PDF: "Contact" block with labels, organisation above "title | dates". */
const sidebarCv = `Curriculum Vitae
María José García-López
Product Designer

Contact
Email: maria.garcia@example.es
Phone: +34 612 345 678
Location: Barcelona, Spain
Portfolio: www.mariagarcia.design

About me
I design calm, accessible interfaces for healthcare products.

Employment history
Acme Health
Lead Product Designer | 2021 - present
Designed the patient app.

Studio Nord
UX Designer | 2018 - 2021

Education
Universitat Politècnica de Catalunya
Master's Degree in Interaction Design, 2016 - 2018
Escola Massana
BA Graphic Design, 2012 - 2016

Skills: Figma, Prototyping, User research, Accessibility (WCAG 2.2)
`

/** US style: headings with colons, dates before the role, "Title at Organisation", a single graduation year. */
const dateFirstCv = `John A. Smith
Data Analyst
Chicago, IL
john.smith@example.com
(312) 555-0142

Summary:
Analyst who turns messy operational data into decisions.

Experience:
2019 - 2023
Data Analyst
Contoso Retail Inc.
- Built weekly sales dashboards.
2017 - 2019
Junior Analyst at Fabrikam
- Cleaned survey data.
Technologies: SQL Server, Power BI

Education:
Master of Science in Statistics
University of Illinois Chicago, 2017

Technical Skills:
SQL; R; Python; Tableau; dbt
`

describe('parseProfile', () => {
  it('reads a one-column CV with a contact bar', () => {
    expect(parseProfile(classicCv)).toEqual({
      name: 'Jane Doe',
      email: 'jane.doe@example.com',
      phone: '+44 7700 900123',
      location: 'London, UK',
      links: ['https://linkedin.com/in/janedoe', 'https://github.com/janedoe'],
      headline: 'Senior Backend Engineer',
      skills: ['TypeScript', 'Go', 'Python', 'PostgreSQL', 'Kubernetes', 'Terraform', 'AWS (EC2, S3, Lambda)'],
      experience: [
        { title: 'Staff Engineer', organization: 'Acme Payments Ltd', period: 'Jan 2020 – Present' },
        { title: 'Senior Software Engineer', organization: 'Globex Corporation', period: 'Mar 2016 – Dec 2019' },
      ],
      education: [
        { qualification: 'BSc (Hons) Computer Science', institution: 'University of Manchester', period: '2012 – 2015' },
      ],
      summary:
        'Backend engineer with ten years of experience building payment systems and developer platforms in TypeScript and Go. ' +
        'Enjoys mentoring and pragmatic architecture.',
    })
  })

  it('reads a sidebar CV with a labelled contact block', () => {
    expect(parseProfile(sidebarCv)).toEqual({
      name: 'María José García-López',
      email: 'maria.garcia@example.es',
      phone: '+34 612 345 678',
      location: 'Barcelona, Spain',
      links: ['https://www.mariagarcia.design'],
      headline: 'Product Designer',
      skills: ['Figma', 'Prototyping', 'User research', 'Accessibility (WCAG 2.2)'],
      experience: [
        { title: 'Lead Product Designer', organization: 'Acme Health', period: '2021 – Present' },
        { title: 'UX Designer', organization: 'Studio Nord', period: '2018 – 2021' },
      ],
      education: [
        {
          qualification: "Master's Degree in Interaction Design",
          institution: 'Universitat Politècnica de Catalunya',
          period: '2016 – 2018',
        },
        { qualification: 'BA Graphic Design', institution: 'Escola Massana', period: '2012 – 2016' },
      ],
      summary: 'I design calm, accessible interfaces for healthcare products.',
    })
  })

  it('reads a CV that puts dates before roles', () => {
    expect(parseProfile(dateFirstCv)).toEqual({
      name: 'John A. Smith',
      email: 'john.smith@example.com',
      phone: '(312) 555-0142',
      location: 'Chicago, IL',
      links: [],
      headline: 'Data Analyst',
      // "Technologies:" inside an entry goes to skills without ending the experience section.
      skills: ['SQL Server', 'Power BI', 'SQL', 'R', 'Python', 'Tableau', 'dbt'],
      experience: [
        { title: 'Data Analyst', organization: 'Contoso Retail Inc.', period: '2019 – 2023' },
        { title: 'Junior Analyst', organization: 'Fabrikam', period: '2017 – 2019' },
      ],
      education: [
        { qualification: 'Master of Science in Statistics', institution: 'University of Illinois Chicago', period: '2017' },
      ],
      summary: 'Analyst who turns messy operational data into decisions.',
    })
  })

  it('gives nulls and empty lists for empty or contentless text', () => {
    expect(parseProfile('')).toEqual(empty)
    expect(parseProfile('\n\n   \n\t')).toEqual(empty)
    expect(parseProfile(undefined as unknown as string)).toEqual(empty)
  })

  it('recognises headings in any case, with or without a colon, even letter-spaced', () => {
    const profile = parseProfile(
      'Ada Lovelace\n\nE X P E R I E N C E\nAnalyst at Babbage & Co\n\nskills:\nMathematics, Poetry\n\nEducation -\n',
    )
    expect(profile.experience).toEqual([{ title: 'Analyst', organization: 'Babbage & Co', period: null }])
    expect(profile.skills).toEqual(['Mathematics', 'Poetry'])
  })

  it('does not take headings, titles or lines with digits for a name', () => {
    expect(parseProfile('CURRICULUM VITAE\nSoftware Engineer\nFlat 3, 12 High Street\nGRACE BREWSTER HOPPER').name).toBe(
      'Grace Brewster Hopper',
    )
    expect(parseProfile('Senior Product Manager\nRoom 101').name).toBeNull()
    expect(parseProfile('Ludwig van Beethoven\nComposer').name).toBe('Ludwig van Beethoven')
  })

  it('reads numbers and dates in the body neither as phones nor as the candidate’s contact details', () => {
    const text = 'Sam Lee\nsam@example.com\n\nExperience\nEngineer, Initech  2019-2023\n\nReferences\nref@example.org'
    const profile = parseProfile(text)
    expect(profile.phone).toBeNull()
    expect(profile.email).toBe('sam@example.com')
    expect(profile.experience).toEqual([{ title: 'Engineer', organization: 'Initech', period: '2019 – 2023' }])
  })

  it('keeps only http(s) links, whatever the text says', () => {
    const profile = parseProfile('Eve Example\njavascript:alert(1) data:text/html,x https://eve.example.dev/work www.eve.io')
    expect(profile.links).toEqual(['https://eve.example.dev/work', 'https://www.eve.io'])
  })

  it('stays fast and bounded on hostile text', () => {
    const hostile = [
      'a'.repeat(200_000),
      `${'1 '.repeat(50_000)}`,
      `${'x@'.repeat(50_000)}`,
      `Skills\n${'Go, '.repeat(50_000)}`,
      `Experience\n${'2019 - 2020 Engineer at X\n'.repeat(5000)}`,
      `Education\n${'BSc University 2019\n'.repeat(5000)}`,
      // Long inner runs that an end-anchored `[…]+$` or a lazy split regex would retry at every position.
      `Experience\n${`2019 - 2020 a${'.'.repeat(900)}a${' '.repeat(90)}b\n`.repeat(5000)}`,
      `Skills\n${`a${'.'.repeat(990)}a\n`.repeat(5000)}`,
      `${`a${' '.repeat(500)},${' ,'.repeat(240)}a\n`.repeat(5000)}`,
      `${`<${'-'.repeat(400)}|${' '.repeat(400)}x\n`.repeat(5000)}`,
    ]
    const started = Date.now()
    for (const text of hostile) {
      const profile = parseProfile(text)
      expect(profile.skills.length).toBeLessThanOrEqual(profileLimits.skills)
      expect(profile.experience.length).toBeLessThanOrEqual(profileLimits.experience)
      expect(profile.education.length).toBeLessThanOrEqual(profileLimits.education)
    }
    expect(Date.now() - started).toBeLessThan(4000)
  })
})

describe('candidateProfileSchema', () => {
  it('trims, caps and sanitises instead of rejecting', () => {
    const profile = candidateProfileSchema.parse({
      ...empty,
      name: '  Jane \n Doe  ',
      email: 'not an email',
      phone: '   ',
      links: ['javascript:alert(1)', 'github.com/jane', 'https://GITHUB.com/jane', 'https://user:pw@example.com', 'ftp://x.org'],
      headline: 'x'.repeat(500),
      skills: ['Go', ' go ', '', 'Rust'],
      experience: [
        { title: '', organization: 'Nobody', period: null },
        { title: ' Engineer ', organization: ' ', period: '2019 – 2020' },
      ],
      education: [{ qualification: 'BSc', institution: null, period: null }],
      summary: 'ok',
    })
    expect(profile).toEqual({
      ...empty,
      name: 'Jane Doe',
      links: ['https://github.com/jane'],
      headline: 'x'.repeat(profileLimits.headline),
      skills: ['Go', 'Rust'],
      experience: [{ title: 'Engineer', organization: null, period: '2019 – 2020' }],
      education: [{ qualification: 'BSc', institution: null, period: null }],
      summary: 'ok',
    })
  })

  it('rejects wrong types and missing fields', () => {
    expect(candidateProfileSchema.safeParse({ ...empty, skills: 'Go' }).success).toBe(false)
    expect(candidateProfileSchema.safeParse({ ...empty, experience: [{ title: 'x' }] }).success).toBe(false)
    const { summary: _, ...withoutSummary } = empty
    expect(candidateProfileSchema.safeParse(withoutSummary).success).toBe(false)
  })
})
