### The help site's Errors page, in English: what each error code means for
### the reader and what to do about it. The page is generated: one entry per
### value of the schema's UserErrorCode (errors-fix-CODE, required for every
### value) and one per top-level extensions.code (errors-top-CODE with
### errors-fix-CODE; the API's own list of codes is checked against these in
### cargo test). The message the API sends comes from api.ftl.

errors-title = Errors and what to do
errors-description = Every error code the API answers with, what it means and how to get past it.
errors-intro = The API reports a problem in one of two places. A business rule that stops a mutation is a userError: the request succeeded, and the mutation's payload lists userErrors with field, code and message. A request that could not be carried out at all gets top-level errors, with the code in extensions.code. Write your code against the codes below; the messages are reworded and translated.
errors-user-heading = userErrors
errors-user-intro = Returned in the payload of a mutation. field is the path of the input at fault, when one input is at fault.
errors-top-heading = Top-level errors
errors-top-intro = Returned in the errors array of the response, with the code in extensions.code. data is null, or partial when only some fields failed.
errors-api-says = What the API says
errors-what-to-do = What to do

errors-fix-INVALID_INPUT = Correct the input that field names: the message says what is expected (an email address, a two-letter country code, a name of 1 to 200 characters).
errors-fix-NOT_FOUND = Check the ID. An ID of another organization is answered exactly like one that never existed, so look it up again from your own organization's lists.
errors-fix-INVALID_CREDENTIALS = Check the email address and the password. After several failures, sign-in is throttled for a while; an admin of your organization can reset a password.
errors-fix-PASSWORD_CHANGE_REQUIRED = Sign in with the temporary password, then call changePassword before anything else.
errors-fix-WEAK_PASSWORD = Choose a longer password that is not your email address, not a common password and not the current one.
errors-fix-EMAIL_TAKEN = Use another address, or find the existing user in the organization's list and change their roles instead.
errors-fix-LAST_GLOBAL_ADMIN = Give the global admin role to another active user first, then change or deactivate this one.
errors-fix-NETWORK_MEMBERSHIP_REQUIRED = Join the partner network (or renew your network membership) before you buy or renew an offer.
errors-fix-ALREADY_SUBSCRIBED = Your organization already has this offer: manage it under its purchased offers, or renew it when its renewal window opens.
errors-fix-OFFER_NOT_AVAILABLE = The offer is not on sale at the moment or not at your membership level. List the program's offers to see what can be bought now.
errors-fix-TERMS_NOT_ACCEPTED = Read the offer's current terms (terms, its version and url) and send that version in acceptTermsVersion.
errors-fix-PAYMENT_METHOD_INVALID = Use a payment method of your organization that is not expired, or add a card.
errors-fix-PAYMENT_DECLINED = Nothing was charged and nothing changed. Try another card, or contact your bank and retry.
errors-fix-IDEMPOTENCY_KEY_REUSED = An idempotency key belongs to one request. Send a new key for a different request; resend the same request unchanged to get its first answer.
errors-fix-AUTO_RENEW_LOCKED = Automatic renewal was turned off for this term and stays off; renew by hand when the renewal window opens.
errors-fix-RENEWAL_NOT_OPEN = A subscription can be renewed in the 30 days before its term ends and during its grace period. Wait for the window, or check renewalOpensAt.
errors-fix-SUBSCRIPTION_NOT_ACTIVE = The subscription has expired or was cancelled: buy the offer again to use its benefits.
errors-fix-NO_SEATS_AVAILABLE = Every seat is taken. Unassign the benefit from someone who no longer needs it, then assign it again.
errors-fix-ALREADY_ASSIGNED = Nothing to do: this user already has the benefit. Look at the benefit's assignments to see who has what.
errors-fix-ALTERNATE_EMAIL_SAME_AS_ACCOUNT = Give an alternate address that differs from the account email, so that support can still reach the user if that mailbox fails.
errors-fix-SERVICE_REQUEST_CLOSED = A closed request takes no more notes. Open a new service request and mention the old one.

errors-top-UNAUTHENTICATED = No token was sent, or the token has expired or was revoked.
errors-fix-UNAUTHENTICATED = Sign in again with signIn and send the new token in the Authorization header (Bearer).
errors-top-FORBIDDEN = You are signed in, but none of your roles allows this, or your temporary password must be changed first.
errors-fix-FORBIDDEN = Ask a global admin of your organization for the role that the page's "Before you start" section names.
errors-top-BAD_REQUEST = The request is malformed: not JSON, an unknown field, a wrong type, a missing first, a page size outside 1 to 100.
errors-fix-BAD_REQUEST = Read the message and the locations: they point at the part of the document at fault. Check the document against the API reference.
errors-top-TOO_COMPLEX = The query is too deep, too costly or too long for the limits of the API.
errors-fix-TOO_COMPLEX = Ask for fewer fields, smaller pages (first) or less nesting, or split the query in two.
errors-top-RATE_LIMITED = Too many requests or too much cost in a short time.
errors-fix-RATE_LIMITED = Wait the number of seconds in extensions.retryAfter, then retry. extensions.rateLimit on every response shows what is left.
errors-top-INTERNAL = Something broke on the server side. Nothing you sent is at fault, and nothing was half-written.
errors-fix-INTERNAL = Retry later. If it lasts, open a service request and quote the requestId from extensions.
