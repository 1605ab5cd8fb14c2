### Program terms and step labels, in English.
###
### Help pages refer to these messages as {{ message-id }}, and the API uses them
### for localized names, so a term is written once. Values are plain text (no
### placeables). locales/fr/terms.ftl has exactly the same message ids.
###
### The value is the label, as a heading, a tab or a button shows it. Attributes
### give the other forms a language needs: .inline mid-sentence ({{ term-x.inline }};
### a page that puts the label after a word gets an error where .inline exists),
### .def with the definite article in French. .avoid lists, comma-separated, the
### words that must not be used for this notion in the language's pages and
### Fluent files: the build reports them. The glossary page shows all of it.

## Notions the pages, messages and mails name (one word each)

term-seat = Seat
    .inline = seat
term-status = Status
    .inline = status
term-usage-based = Usage-based
    .inline = usage-based

## Membership and levels

term-network-membership = Network membership
    .inline = network membership
term-action-pack = Action Pack
term-level-network = Network
term-level-action-pack = Action Pack
term-level-silver-competency = Silver competency
term-level-gold-competency = Gold competency
term-competency-level-silver = Silver
term-competency-level-gold = Gold
term-partner-id = Partner ID
    .inline = partner ID
    .avoid = partner number
term-auto-renew = Automatic renewal
    .inline = automatic renewal

## Offer pages (tabs)

term-tab-available-offers = Available offers
term-tab-purchased-offers = Purchased offers

## Benefit categories (the tabs of the benefits page)

term-benefit-software = Software
term-benefit-cloud-service = Cloud services
term-benefit-visual-studio = Visual Studio
term-benefit-support = Support

## Products and benefits of the Action Pack offer
## Product names stay in English in every language; descriptive parts are translated.

term-product-windows-10-enterprise-upgrade = Windows 10 Enterprise upgrade
term-product-visual-studio-team-services = Visual Studio Team Services
term-product-office-365-e3 = Office 365 E3
term-product-enterprise-mobility-suite = Enterprise Mobility Suite
term-product-dynamics-crm-online-professional = Dynamics CRM Online Professional
term-product-azure-monthly-credit = Microsoft Azure monthly credit
term-product-visual-studio-subscriptions = Visual Studio Professional subscriptions
term-product-support-plan = Support plan
    .inline = support plan

## Benefit units

term-unit-license = Licenses
    .inline = licenses
term-unit-seat = Seats
    .inline = seats
term-unit-account = Accounts
    .inline = accounts
term-unit-monthly-credit-usd = Monthly credit (US$)
term-unit-support-plan = Support plan

## Operating systems offered for downloads

term-os-windows-x64 = Windows (64-bit)
term-os-windows-x86 = Windows (32-bit)
term-os-macos = macOS
term-os-linux = Linux

## Roles

term-role-global-admin = Global admin
term-role-account-admin = Account admin
term-role-billing-admin = Billing admin
term-role-membership-admin = Membership admin
term-role-member = Member
term-role-support-agent = Support agent
term-role-program-admin = Program admin

## Statuses

term-subscription-status-active = Active
    .inline = active
term-subscription-status-grace-period = Grace period
    .inline = grace period
term-subscription-status-expired = Expired
    .inline = expired
term-subscription-status-cancelled = Cancelled
    .inline = cancelled
term-benefit-status-not-activated = Not activated
term-benefit-status-pending-activation = Pending activation
    .inline = pending activation
term-benefit-status-active = Active
term-benefit-status-expired = Expired
term-order-kind-new = New purchase
term-order-kind-renewal = Renewal
term-order-status-paid = Paid
term-order-status-failed = Failed

## Service requests

term-sr-category-billing-payment-reconciliation = Billing, payment and reconciliation
term-sr-category-membership = Membership
term-sr-category-benefits = Benefits
term-sr-category-account-access = Account access
term-sr-category-other = Other
term-sr-severity-critical = Critical
term-sr-severity-moderate = Moderate
term-sr-severity-minimal = Minimal
term-sr-status-open = Open
term-sr-status-in-progress = In progress
term-sr-status-awaiting-partner = Awaiting partner
term-sr-status-resolved = Resolved
term-sr-status-closed = Closed

## Labels of the steps a user takes

term-step-join-network = Join the network
term-step-sign-in = Sign in
term-step-sign-out = Sign out
term-step-change-password = Change password
term-step-review-terms = Review the terms
term-step-accept-terms = I accept the terms
term-step-add-payment-method = Add a payment method
term-step-review-order = Review your order
term-step-purchase = Purchase
term-step-turn-off-auto-renew = Turn off automatic renewal
term-step-renew = Renew
term-step-request-cancellation = Request cancellation
term-step-activate = Activate
term-step-assign = Assign
term-step-unassign = Unassign
term-step-reveal-product-keys = Show product keys
term-step-choose-language = Choose a language
term-step-choose-operating-system = Choose an operating system
term-step-download = Download
term-step-add-user = Add a user
term-step-edit-roles = Edit roles
term-step-deactivate-user = Deactivate user
term-step-new-service-request = New service request
term-step-add-note = Add a note
