### Interface strings of the help site, in English.
### locales/fr/site.ftl has exactly the same message ids.

## Site and navigation

site-name = partnerdesk Help
nav-home = Home
nav-main-label = Help topics
nav-menu = Menu
nav-breadcrumbs-label = Breadcrumbs
nav-skip-to-content = Skip to content
nav-previous = Previous
nav-next = Next
nav-api-reference = API reference

## Home page

home-title = partnerdesk Help
home-intro = Step-by-step help for the partner program: membership, the yearly subscription, its benefits, users and support.
home-all-topics = All topics

## Page parts

page-on-this-page = On this page
page-related-topics = Related topics
page-applies-to = Applies to
page-copy-code = Copy
page-open-in-graphiql = Open in GraphiQL
page-code-copied = Copied

## Language

language-label = Language
language-name-en = English
language-name-fr = Français
language-switch = Read this page in another language

## Translation banners

banner-outdated = This translation may be out of date.
banner-outdated-link = Read the English version
banner-untranslated = This page is not yet translated; showing the English version.

## Alerts (labels of > [!NOTE] and the like)

alert-note = Note
alert-tip = Tip
alert-important = Important
alert-warning = Warning

## Search

search-label = Search
search-placeholder = Search the help
search-button = Search
search-no-results = No results
search-results-count =
    { $count ->
        [one] { $count } result
       *[other] { $count } results
    }

## Page not found (404)

not-found-title = Page not found
not-found-text = The page you asked for doesn't exist or has moved. Try searching, or start again from the home page.
not-found-home-link = Go to the help home page

## Generated API reference

api-reference-title = API reference
api-reference-intro = Every type, field, argument and enum value of the GraphQL API.
api-queries = Queries
api-mutations = Mutations
api-types = Types
api-interfaces = Interfaces
api-input-types = Input types
api-enums = Enums
api-scalars = Scalars
api-fields = Fields
api-arguments = Arguments
api-input-fields = Input fields
api-enum-values = Values
api-implements = Implements
api-returns = Returns
api-required = Required
api-deprecated = Deprecated

## The schema changelog page, computed from the released schemas.
changelog-title = Schema changelog
changelog-intro = What each release changed in the API, worked out from the schemas themselves. A change that would break clients is refused unless the field was deprecated in a release before.
changelog-unreleased = Not released yet
changelog-version = Version { $version }
changelog-first-release = The first release of the API.
changelog-no-change = No change to the schema.
changelog-type-added = Type added:
changelog-type-removed = Type removed:
changelog-field-added = Field added:
changelog-field-removed = Field removed:
changelog-type-changed = Type changed:
changelog-type-from-to = (from { $from } to { $to })
changelog-argument-added = Argument added:
changelog-argument-removed = Argument removed:
changelog-value-added = Enum value added:
changelog-value-removed = Enum value removed:
changelog-deprecated = Deprecated:

## The glossary page (generated from terms.ftl)

glossary-title = Glossary
glossary-description = The program's terms in English and French, as the pages, the API and the mails use them.
glossary-intro = Each notion of the program has one word in each language, used the same way on these pages, in the API's messages, in the mails and in the API reference. The builds check that the words in the last column do not come back.
glossary-column-forms = In a sentence
glossary-column-avoid = Not

## The list of mails (generated from mail.ftl)

mails-title = The mails the program sends
mails-description = Which mails go out, when, and to whom.
mails-intro = The program writes to people when something happens that they should know about. Each mail goes out once, in the language of the person it is for, through the outbox (so a mail is never lost when the mail server is down, nor sent twice). Words between ‹ › stand for the order, offer or request concerned.
mails-column-subject = Subject
mails-column-when = When
mails-column-to = To whom
mails-variable-order = order number
mails-variable-offer = offer
mails-variable-graceEndsAt = date
mails-variable-days = number of days
mails-variable-number = request number
mails-variable-title = request title
mails-variable-status = status

## Diagrams of the rules (drawn from the code's rules at build time)

diagram-subscription-lifecycle-title = The life of a subscription
diagram-benefit-statuses-title = How a benefit's status changes
diagram-service-request-statuses-title = The moves a service request can make
diagram-from = From
diagram-to = to
diagram-no-move = none
diagram-cause-renewal-window-opens = renewal window opens ({ $days } days before the end)
diagram-cause-renewed-automatically = renewed automatically
diagram-cause-term-ended = term ends without renewal
diagram-cause-grace-ended = grace period ends ({ $days } days)
diagram-cause-renewed-by-hand = renewed by hand
diagram-cause-cancelled = cancellation resolved
diagram-event-keys-revealed = keys revealed
diagram-event-assigned = seat assigned
diagram-event-support-assigned = support plan assigned
diagram-event-activation-ran = activation job
diagram-event-unassigned = assignment removed
diagram-event-subscription-ended = subscription ends

## Sections (folders of content/<lang>/)

section-pages = In this section
section-generated-description = The pages of this section.
