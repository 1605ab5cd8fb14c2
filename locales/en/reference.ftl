### English descriptions of the API reference (help site, <lang>/reference/).
### One message per schema element: ref-Type, ref-Type-field, ref-Type-field-arg, ref-Enum-VALUE
### (see src/docs/reference.rs). Where the SDL has a description, the message repeats it word for
### word (the build checks it); elsewhere the text is ours. locales/fr/reference.ftl has the same ids.

## Query

ref-Query = The root of every read: start a query from one of these fields.
ref-Query-node = The object with this global ID, or null when it does not exist or the viewer may not see it (the two are indistinguishable).
ref-Query-node-id = The global ID of the object.
ref-Query-nodes = The objects with these global IDs, in order; null for each one that does not exist or is hidden. At most 100 IDs.
ref-Query-nodes-ids = The global IDs, at most 100.
ref-Query-viewer = The signed-in user. Error UNAUTHENTICATED without a valid token.
ref-Query-organization = The signed-in user's organization.
ref-Query-program = The partner program: membership levels, offers and what they include. Public.
ref-Query-orderPreview = Price, dates and terms of a purchase or renewal before it is made (the review step).
ref-Query-orderPreview-offerId = The offer to buy.
ref-Query-orderPreview-subscriptionId = For a renewal: the subscription to renew. Leave it out for a first purchase.
ref-Query-supportQueue = Program staff only: service requests of every organization.
ref-Query-supportQueue-first = How many requests to return, from 1 to 100 (required).
ref-Query-supportQueue-after = The endCursor of the previous page; leave it out for the first page.
ref-Query-supportQueue-status = Only the requests with this status.

## Mutation

ref-Mutation = The mutation root, merged from one object per area.
ref-Mutation-joinNetwork = Creates a partner organization, a network member from now on, with its first global admin. Needs no token.
ref-Mutation-joinNetwork-input = The organization and its first global admin.
ref-Mutation-signIn = Exchanges an email and password for a bearer token. Needs no token.
ref-Mutation-signIn-input = The email and password.
ref-Mutation-signOut = Revokes the token this request was made with.
ref-Mutation-signOut-input = Nothing is required.
ref-Mutation-changePassword = Changes the viewer's password; other sessions are signed out.
ref-Mutation-changePassword-input = The current and the new password.
ref-Mutation-createUser = Adds a user to the viewer's organization with a temporary password.
ref-Mutation-createUser-input = The new user's email, name and roles.
ref-Mutation-setUserRoles = Replaces a user's roles.
ref-Mutation-setUserRoles-input = The user and their new roles.
ref-Mutation-deactivateUser = Deactivates a user: no more sign-ins, and their tokens stop working.
ref-Mutation-deactivateUser-input = The user to deactivate.
ref-Mutation-addPaymentMethod = Adds a card. Only its brand, last four digits and expiry are kept.
ref-Mutation-addPaymentMethod-input = The card.
ref-Mutation-removePaymentMethod = Removes a payment method from the organization.
ref-Mutation-removePaymentMethod-input = The payment method to remove.
ref-Mutation-purchaseOffer = Buys an offer: the card is charged immediately.
ref-Mutation-purchaseOffer-input = The offer, the card and the accepted terms.
ref-Mutation-setAutoRenew = Turns automatic renewal off (any time) or on (only until it was turned off).
ref-Mutation-setAutoRenew-input = The subscription and the new setting.
ref-Mutation-renewSubscription = Renews by hand, from 30 days before the term ends until the grace period ends.
ref-Mutation-renewSubscription-input = The subscription, the card and the accepted terms.
ref-Mutation-renewNetworkMembership = Renews the organization's network membership for a year, free of charge, by accepting the current network agreement.
ref-Mutation-renewNetworkMembership-input = The agreement accepted, and an optional idempotency key.
ref-Mutation-requestCancellation = Cancellation goes through support: this opens a billing service request for the subscription
ref-Mutation-requestCancellation-input = The subscription and the reason.
ref-Mutation-revealProductKeys = Shows a benefit's product keys (global and membership admins; audited).
ref-Mutation-revealProductKeys-input = The benefit.
ref-Mutation-activateBenefit = Usage-based cloud services: assigns the benefit to the viewer.
ref-Mutation-activateBenefit-input = The benefit to activate.
ref-Mutation-assignBenefit = Gives one seat to one user of the organization.
ref-Mutation-assignBenefit-input = The benefit and the user.
ref-Mutation-unassignBenefit = Frees a seat (reassigning is unassign, then assign).
ref-Mutation-unassignBenefit-input = The assignment to remove.
ref-Mutation-assignSupportBenefit = Assigns the support plan to a user, with an alternate email that differs from theirs.
ref-Mutation-assignSupportBenefit-input = The benefit, the user and the alternate email.
ref-Mutation-createServiceRequest = Opens a service request for the viewer's organization.
ref-Mutation-createServiceRequest-input = What the request is about.
ref-Mutation-addServiceRequestNote = Adds a note to a service request that is not closed.
ref-Mutation-addServiceRequestNote-input = The request and the note.
ref-Mutation-updateServiceRequestStatus = Program staff
ref-Mutation-updateServiceRequestStatus-input = The request, its new status and an optional note.
ref-Mutation-resolveCancellation = Program staff: resolves a cancellation request by cancelling its subscription
ref-Mutation-resolveCancellation-input = The cancellation request and an optional note.
ref-Mutation-grantCompetency = Program staff
ref-Mutation-grantCompetency-input = The organization, the area, the level and the expiry.

## ActivateBenefitPayload

ref-ActivateBenefitPayload = What activateBenefit returns.
ref-ActivateBenefitPayload-benefit = The benefit, updated.
ref-ActivateBenefitPayload-assignment = The viewer's new assignment.
ref-ActivateBenefitPayload-userErrors = Business-rule failures; empty when the mutation succeeded.

## AddPaymentMethodPayload

ref-AddPaymentMethodPayload = What addPaymentMethod returns.
ref-AddPaymentMethodPayload-paymentMethod = The card as stored.
ref-AddPaymentMethodPayload-userErrors = Business-rule failures; empty when the mutation succeeded.

## AddServiceRequestNotePayload

ref-AddServiceRequestNotePayload = What addServiceRequestNote returns.
ref-AddServiceRequestNotePayload-serviceRequest = The request with its new note.
ref-AddServiceRequestNotePayload-userErrors = Business-rule failures; empty when the mutation succeeded.

## AssignBenefitPayload

ref-AssignBenefitPayload = What assignBenefit returns.
ref-AssignBenefitPayload-assignment = The new assignment.
ref-AssignBenefitPayload-benefit = The benefit, with its counts updated.
ref-AssignBenefitPayload-userErrors = Business-rule failures; empty when the mutation succeeded.

## AssignSupportBenefitPayload

ref-AssignSupportBenefitPayload = What assignSupportBenefit returns.
ref-AssignSupportBenefitPayload-assignment = The new assignment, pending activation.
ref-AssignSupportBenefitPayload-userErrors = Business-rule failures; empty when the mutation succeeded.

## AuditEvent

ref-AuditEvent = One entry of the audit log: who did what, to what, and when.
ref-AuditEvent-id = The global ID.
ref-AuditEvent-actor = Who did it; empty for the system and the command line
ref-AuditEvent-action = Dotted action name, e.g. subscription.autoRenew.off
ref-AuditEvent-targetId = The global ID of the object acted on, if any.
ref-AuditEvent-at = When it happened.

## AuditEventConnection

ref-AuditEventConnection = A page of audit events.
ref-AuditEventConnection-pageInfo = Information to aid in pagination.
ref-AuditEventConnection-edges = A list of edges.
ref-AuditEventConnection-nodes = A list of nodes.
ref-AuditEventConnection-totalCount = How many items the whole list holds

## AuditEventEdge

ref-AuditEventEdge = An edge in a connection.
ref-AuditEventEdge-node = The item at the end of the edge
ref-AuditEventEdge-cursor = A cursor for use in pagination

## Benefit

ref-Benefit = Something a subscription gives: software, a cloud service, developer subscriptions or a support plan.
ref-Benefit-id = The global ID.
ref-Benefit-subscription = The subscription that gives it.
ref-Benefit-product = The product.
ref-Benefit-category = The tab it is listed under.
ref-Benefit-activation = How it is put to use.
ref-Benefit-quantity = How many units the subscription gives.
ref-Benefit-unit = What the quantity counts.
ref-Benefit-assignedCount = How many units are taken.
ref-Benefit-availableCount = How many units are left.
ref-Benefit-status = Where it stands.
ref-Benefit-expiresAt = When it ends: the end of the subscription's current term.
ref-Benefit-specialInstructions = What to know before activating it, if anything.
ref-Benefit-portalUrl = Where it is managed once activated (the Azure portal, the Visual Studio portal, the support portal); null when it is used here.
ref-Benefit-keysRevealed = PRODUCT_KEY benefits: whether keys were revealed (keys themselves via revealProductKeys)
ref-Benefit-languages = Software benefits: languages and operating systems to choose from
ref-Benefit-operatingSystems = Software benefits: the operating systems to choose from.
ref-Benefit-downloads = The files for one language and operating system; an unsupported choice is an error.
ref-Benefit-downloads-language = One of the benefit's languages.
ref-Benefit-downloads-operatingSystem = One of the benefit's operating systems.
ref-Benefit-assignments = Who has a seat, for benefits assigned to users.

## BenefitAllocation

ref-BenefitAllocation = A benefit an offer includes, before anyone buys it.
ref-BenefitAllocation-product = The product.
ref-BenefitAllocation-category = The tab it will be listed under.
ref-BenefitAllocation-quantity = How many units a subscription gives.
ref-BenefitAllocation-unit = What the quantity counts.
ref-BenefitAllocation-activation = How it is put to use.

## BenefitAssignment

ref-BenefitAssignment = A seat of a benefit given to one user.
ref-BenefitAssignment-id = The global ID.
ref-BenefitAssignment-benefit = The benefit.
ref-BenefitAssignment-user = The user who holds the seat.
ref-BenefitAssignment-alternateEmail = Support plan: the email the support contacts, which differs from the account's.
ref-BenefitAssignment-status = Where it stands.
ref-BenefitAssignment-assignedAt = When the seat was given.
ref-BenefitAssignment-activatesAt = PENDING_ACTIVATION: when activation is expected
ref-BenefitAssignment-activatedAt = When it became active.

## ChangePasswordPayload

ref-ChangePasswordPayload = What changePassword returns.
ref-ChangePasswordPayload-viewer = The signed-in user.
ref-ChangePasswordPayload-userErrors = Business-rule failures; empty when the mutation succeeded.

## Competency

ref-Competency = A competency an organization holds at one level.
ref-Competency-id = The global ID.
ref-Competency-area = The area.
ref-Competency-level = The level.
ref-Competency-status = Whether it still counts.
ref-Competency-attainedAt = When it was granted.
ref-Competency-expiresAt = When it ends.

## CompetencyArea

ref-CompetencyArea = A field in which a competency can be earned.
ref-CompetencyArea-code = Stable code.
ref-CompetencyArea-name = The name, in the request's language.

## CreateServiceRequestPayload

ref-CreateServiceRequestPayload = What createServiceRequest returns.
ref-CreateServiceRequestPayload-serviceRequest = The new request.
ref-CreateServiceRequestPayload-userErrors = Business-rule failures; empty when the mutation succeeded.

## CreateUserPayload

ref-CreateUserPayload = What createUser returns.
ref-CreateUserPayload-user = The new user.
ref-CreateUserPayload-temporaryPassword = Shown once; must be changed at first sign-in
ref-CreateUserPayload-userErrors = Business-rule failures; empty when the mutation succeeded.

## DeactivateUserPayload

ref-DeactivateUserPayload = What deactivateUser returns.
ref-DeactivateUserPayload-user = The user, now inactive.
ref-DeactivateUserPayload-userErrors = Business-rule failures; empty when the mutation succeeded.

## Download

ref-Download = A file to download for a software benefit.
ref-Download-fileName = The file's name.
ref-Download-url = Where to download it.
ref-Download-sizeBytes = Size in bytes. Installation images exceed 2 GiB, so values can pass the 32-bit range GraphQL suggests for Int: read it as a 64-bit number.
ref-Download-sha256 = The SHA-256 checksum, in hexadecimal, to check the file.

## GrantCompetencyPayload

ref-GrantCompetencyPayload = What grantCompetency returns.
ref-GrantCompetencyPayload-competency = The competency granted.
ref-GrantCompetencyPayload-userErrors = Business-rule failures; empty when the mutation succeeded.

## JoinNetworkPayload

ref-JoinNetworkPayload = What joinNetwork returns.
ref-JoinNetworkPayload-organization = The new organization.
ref-JoinNetworkPayload-user = Its first global admin.
ref-JoinNetworkPayload-userErrors = Business-rule failures; empty when the mutation succeeded.

## Membership

ref-Membership = An organization's standing in the partner program.
ref-Membership-level = Highest level held: GOLD_COMPETENCY > SILVER_COMPETENCY > ACTION_PACK > NETWORK
ref-Membership-networkMemberSince = When the organization joined the network.
ref-Membership-networkTermEnd = When the current network term ends; renewing adds a year
ref-Membership-networkActive = Whether the network membership is live (offers can be bought and renewed)
ref-Membership-networkRenewalOpensAt = When renewNetworkMembership opens: 30 days before the term ends
ref-Membership-canRenewNetwork = Whether renewNetworkMembership would renew now
ref-Membership-networkAgreement = The network agreement a renewal accepts
ref-Membership-actionPack = The live Action Pack subscription, if any
ref-Membership-competencies = The competencies it holds or held.

## MembershipLevelInfo

ref-MembershipLevelInfo = A membership level as the program presents it.
ref-MembershipLevelInfo-level = The level.
ref-MembershipLevelInfo-name = Its name, in the request's language.
ref-MembershipLevelInfo-description = What it gives, in the request's language.

## Money

ref-Money = An amount in a currency.
ref-Money-amount = The amount, as a decimal string.
ref-Money-currencyCode = ISO 4217, e.g. USD
ref-Money-formatted = Localized, e.g. "$475.00" in en, "475,00 $US" in fr

## Offer

ref-Offer = Something an organization can buy, such as Action Pack.
ref-Offer-id = The global ID.
ref-Offer-code = Stable code, e.g. ACTION_PACK
ref-Offer-name = The name, in the request's language.
ref-Offer-description = What it is, in the request's language.
ref-Offer-price = The price of one term.
ref-Offer-term = ISO 8601 duration of one term, e.g. P1Y
ref-Offer-autoRenewable = Whether subscriptions renew themselves at the end of each term.
ref-Offer-requiresLevel = The membership level needed to buy it.
ref-Offer-terms = The terms a buyer accepts.
ref-Offer-includes = What a subscription includes

## OfferSubscription

ref-OfferSubscription = A purchased offer, from its first term to its end.
ref-OfferSubscription-id = The global ID.
ref-OfferSubscription-offer = The offer bought.
ref-OfferSubscription-status = Where it is in its life.
ref-OfferSubscription-autoRenew = Whether it renews itself at the end of the term.
ref-OfferSubscription-canTurnOnAutoRenew = False once auto-renew was turned off, until the subscription is renewed
ref-OfferSubscription-purchasedAt = When it was bought.
ref-OfferSubscription-currentTermStart = When the current term started.
ref-OfferSubscription-currentTermEnd = Renews (auto-renew on) or expires (off) at this time
ref-OfferSubscription-graceEndsAt = Set while the term has ended without renewal; benefits continue until then
ref-OfferSubscription-renewalOpensAt = From when it can be renewed by hand: 30 days before the term ends.
ref-OfferSubscription-paymentMethod = The card renewals are charged to.
ref-OfferSubscription-orders = Its orders: the purchase and each renewal.
ref-OfferSubscription-benefits = The benefits it gives.

## OfferSubscriptionConnection

ref-OfferSubscriptionConnection = A page of subscriptions.
ref-OfferSubscriptionConnection-pageInfo = Information to aid in pagination.
ref-OfferSubscriptionConnection-edges = A list of edges.
ref-OfferSubscriptionConnection-nodes = A list of nodes.
ref-OfferSubscriptionConnection-totalCount = How many items the whole list holds

## OfferSubscriptionEdge

ref-OfferSubscriptionEdge = An edge in a connection.
ref-OfferSubscriptionEdge-node = The item at the end of the edge
ref-OfferSubscriptionEdge-cursor = A cursor for use in pagination

## Order

ref-Order = A purchase or a renewal, and its payment.
ref-Order-id = The global ID.
ref-Order-number = Human-facing order number
ref-Order-kind = A first purchase or a renewal.
ref-Order-offer = The offer bought.
ref-Order-subscription = The subscription it started or renewed.
ref-Order-total = The amount charged.
ref-Order-status = How it ended.
ref-Order-refundedAt = REFUNDED orders: when the money went back to the card
ref-Order-paymentMethod = The card charged.
ref-Order-termsVersion = The version of the terms accepted.
ref-Order-placedBy = Who placed it; for automatic renewals, who bought the subscription
ref-Order-createdAt = When it was placed.

## OrderConnection

ref-OrderConnection = A page of orders.
ref-OrderConnection-pageInfo = Information to aid in pagination.
ref-OrderConnection-edges = A list of edges.
ref-OrderConnection-nodes = A list of nodes.
ref-OrderConnection-totalCount = How many items the whole list holds

## OrderEdge

ref-OrderEdge = An edge in a connection.
ref-OrderEdge-node = The item at the end of the edge
ref-OrderEdge-cursor = A cursor for use in pagination

## OrderPreview

ref-OrderPreview = Price, dates and terms of a purchase or renewal before it is made.
ref-OrderPreview-offer = The offer.
ref-OrderPreview-kind = A first purchase or a renewal.
ref-OrderPreview-price = What will be charged.
ref-OrderPreview-termStart = When the term would start.
ref-OrderPreview-termEnd = When the term would end.
ref-OrderPreview-terms = The terms to accept.
ref-OrderPreview-chargedImmediately = True when the card will be charged immediately on purchase
ref-OrderPreview-autoRenew = Whether the subscription would renew itself.

## Organization

ref-Organization = A partner organization.
ref-Organization-id = The global ID.
ref-Organization-partnerId = The public partner ID, e.g. "4801234"
ref-Organization-legalName = Its legal name.
ref-Organization-country = ISO 3166-1 alpha-2
ref-Organization-createdAt = When it joined.
ref-Organization-membership = The organization's standing in the partner program.
ref-Organization-users = The organization's users, in the order they were added.
ref-Organization-users-first = How many users to return, from 1 to 100 (required).
ref-Organization-users-after = The endCursor of the previous page; leave it out for the first page.
ref-Organization-users-role = Only the users with this role.
ref-Organization-auditLog = Global admins only: who did what, newest first.
ref-Organization-auditLog-first = How many events to return, from 1 to 100 (required).
ref-Organization-auditLog-after = The endCursor of the previous page; leave it out for the first page.
ref-Organization-availableOffers = Offers this organization can buy now (Available offers)
ref-Organization-subscriptions = What it bought (Purchased offers), newest first
ref-Organization-subscriptions-first = How many subscriptions to return, from 1 to 100 (required).
ref-Organization-subscriptions-after = The endCursor of the previous page; leave it out for the first page.
ref-Organization-subscriptions-status = Only the subscriptions with this status.
ref-Organization-paymentMethods = Its cards.
ref-Organization-orders = Orders, newest first
ref-Organization-orders-first = How many orders to return, from 1 to 100 (required).
ref-Organization-orders-after = The endCursor of the previous page; leave it out for the first page.
ref-Organization-benefits = Benefits of its subscriptions, optionally one tab
ref-Organization-benefits-category = Only the benefits of this tab; leave it out for all of them.
ref-Organization-serviceRequests = Service requests, newest first
ref-Organization-serviceRequests-first = How many requests to return, from 1 to 100 (required).
ref-Organization-serviceRequests-after = The endCursor of the previous page; leave it out for the first page.
ref-Organization-serviceRequests-status = Only the requests with this status.

## PageInfo

ref-PageInfo = Information about pagination in a connection
ref-PageInfo-hasPreviousPage = When paginating backwards, are there more items?
ref-PageInfo-hasNextPage = When paginating forwards, are there more items?
ref-PageInfo-startCursor = When paginating backwards, the cursor to continue.
ref-PageInfo-endCursor = When paginating forwards, the cursor to continue.

## PaymentMethod

ref-PaymentMethod = A card, as kept: never its full number or security code.
ref-PaymentMethod-id = The global ID.
ref-PaymentMethod-brand = The card brand, such as Visa.
ref-PaymentMethod-last4 = The last four digits of the number.
ref-PaymentMethod-expiryMonth = The expiry month, from 1 to 12.
ref-PaymentMethod-expiryYear = The expiry year, four digits.
ref-PaymentMethod-holderName = The name on the card.

## Product

ref-Product = A product a benefit is for.
ref-Product-code = Stable code, such as WIN10_ENT_UPGRADE.
ref-Product-name = The name, in the request's language.

## ProductKey

ref-ProductKey = A product key of a software benefit.
ref-ProductKey-product = The product it activates.
ref-ProductKey-key = The key.
ref-ProductKey-instructions = How to use it, if anything special.

## Program

ref-Program = The partner program: what anyone can read before joining.
ref-Program-membershipLevels = The membership levels, lowest first.
ref-Program-offers = The offers on sale.
ref-Program-competencyAreas = The areas in which competencies are granted.

## PurchaseOfferPayload

ref-PurchaseOfferPayload = What purchaseOffer returns.
ref-PurchaseOfferPayload-order = The order, paid.
ref-PurchaseOfferPayload-subscription = The new subscription.
ref-PurchaseOfferPayload-userErrors = Business-rule failures; empty when the mutation succeeded.

## RemovePaymentMethodPayload

ref-RemovePaymentMethodPayload = What removePaymentMethod returns.
ref-RemovePaymentMethodPayload-removedId = The global ID of the payment method removed.
ref-RemovePaymentMethodPayload-userErrors = Business-rule failures; empty when the mutation succeeded.

## RenewSubscriptionPayload

ref-RenewSubscriptionPayload = What renewSubscription returns.
ref-RenewSubscriptionPayload-order = The renewal order, paid.
ref-RenewSubscriptionPayload-subscription = The subscription, with its new term.
ref-RenewSubscriptionPayload-userErrors = Business-rule failures; empty when the mutation succeeded.

## RenewNetworkMembershipPayload

ref-RenewNetworkMembershipPayload = What renewNetworkMembership returns.
ref-RenewNetworkMembershipPayload-membership = The membership, with its new network term.
ref-RenewNetworkMembershipPayload-userErrors = Business-rule failures; empty when the mutation succeeded.

## RequestCancellationPayload

ref-RequestCancellationPayload = What requestCancellation returns.
ref-RequestCancellationPayload-serviceRequest = The billing request opened for the cancellation.
ref-RequestCancellationPayload-userErrors = Business-rule failures; empty when the mutation succeeded.

## ResolveCancellationPayload

ref-ResolveCancellationPayload = What resolveCancellation returns.
ref-ResolveCancellationPayload-serviceRequest = The request, resolved.
ref-ResolveCancellationPayload-subscription = The subscription, cancelled.
ref-ResolveCancellationPayload-userErrors = Business-rule failures; empty when the mutation succeeded.

## RevealProductKeysPayload

ref-RevealProductKeysPayload = What revealProductKeys returns.
ref-RevealProductKeysPayload-keys = The product keys.
ref-RevealProductKeysPayload-userErrors = Business-rule failures; empty when the mutation succeeded.

## ServiceRequest

ref-ServiceRequest = A request to the program's support.
ref-ServiceRequest-id = The global ID.
ref-ServiceRequest-number = Human-facing number, e.g. SR-000042
ref-ServiceRequest-category = What it is about.
ref-ServiceRequest-severity = How urgent it is.
ref-ServiceRequest-title = A short summary.
ref-ServiceRequest-description = The full description.
ref-ServiceRequest-status = Where it stands.
ref-ServiceRequest-subscription = The subscription it concerns, if any.
ref-ServiceRequest-organization = The organization that opened it.
ref-ServiceRequest-openedBy = The user who opened it.
ref-ServiceRequest-createdAt = When it was opened.
ref-ServiceRequest-updatedAt = When it last changed.
ref-ServiceRequest-closedAt = When it was resolved or closed.
ref-ServiceRequest-notes = The notes, oldest first.

## ServiceRequestConnection

ref-ServiceRequestConnection = A page of service requests.
ref-ServiceRequestConnection-pageInfo = Information to aid in pagination.
ref-ServiceRequestConnection-edges = A list of edges.
ref-ServiceRequestConnection-nodes = A list of nodes.
ref-ServiceRequestConnection-totalCount = How many items the whole list holds

## ServiceRequestEdge

ref-ServiceRequestEdge = An edge in a connection.
ref-ServiceRequestEdge-node = The item at the end of the edge
ref-ServiceRequestEdge-cursor = A cursor for use in pagination

## ServiceRequestNote

ref-ServiceRequestNote = A note on a service request, from the partner or from support.
ref-ServiceRequestNote-author = Who wrote it.
ref-ServiceRequestNote-body = The text.
ref-ServiceRequestNote-createdAt = When it was written.

## SetAutoRenewPayload

ref-SetAutoRenewPayload = What setAutoRenew returns.
ref-SetAutoRenewPayload-subscription = The subscription, updated.
ref-SetAutoRenewPayload-userErrors = Business-rule failures; empty when the mutation succeeded.

## SetUserRolesPayload

ref-SetUserRolesPayload = What setUserRoles returns.
ref-SetUserRolesPayload-user = The user with their new roles.
ref-SetUserRolesPayload-userErrors = Business-rule failures; empty when the mutation succeeded.

## SignInPayload

ref-SignInPayload = What signIn returns.
ref-SignInPayload-token = Bearer token; shown once
ref-SignInPayload-expiresAt = When the token stops working.
ref-SignInPayload-viewer = The signed-in user.
ref-SignInPayload-userErrors = Business-rule failures; empty when the mutation succeeded.

## SignOutPayload

ref-SignOutPayload = What signOut returns.
ref-SignOutPayload-ok = True once the token is revoked.
ref-SignOutPayload-userErrors = Business-rule failures; empty when the mutation succeeded.

## TermsDocument

ref-TermsDocument = The terms of an offer, in one version.
ref-TermsDocument-version = The version, to accept when buying or renewing.
ref-TermsDocument-title = The title.
ref-TermsDocument-url = Absolute or site-relative URL of the full text, in the language of the request

## UnassignBenefitPayload

ref-UnassignBenefitPayload = What unassignBenefit returns.
ref-UnassignBenefitPayload-benefit = The benefit, with the seat free again.
ref-UnassignBenefitPayload-userErrors = Business-rule failures; empty when the mutation succeeded.

## UpdateServiceRequestStatusPayload

ref-UpdateServiceRequestStatusPayload = What updateServiceRequestStatus returns.
ref-UpdateServiceRequestStatusPayload-serviceRequest = The request, updated.
ref-UpdateServiceRequestStatusPayload-userErrors = Business-rule failures; empty when the mutation succeeded.

## User

ref-User = A person who signs in: a user of a partner organization or program staff.
ref-User-id = The global ID.
ref-User-email = The email they sign in with.
ref-User-displayName = Their name as shown to others.
ref-User-roles = What they may do.
ref-User-active = False once deactivated.
ref-User-mustChangePassword = True until a temporary password has been changed
ref-User-organization = Their organization.
ref-User-createdAt = When they were added.
ref-User-assignments = Benefits assigned to this user

## UserConnection

ref-UserConnection = A page of users.
ref-UserConnection-pageInfo = Information to aid in pagination.
ref-UserConnection-edges = A list of edges.
ref-UserConnection-nodes = A list of nodes.
ref-UserConnection-totalCount = How many items the whole list holds

## UserEdge

ref-UserEdge = An edge in a connection.
ref-UserEdge-node = The item at the end of the edge
ref-UserEdge-cursor = A cursor for use in pagination

## UserError

ref-UserError = A business-rule failure, reported in a mutation payload (HTTP 200, data present).
ref-UserError-field = Path to the input field at fault, e.g. ["input", "alternateEmail"]
ref-UserError-code = Stable code, to write code against.
ref-UserError-message = Localized, for people

## Node

ref-Node = An object with a global ID.
ref-Node-id = The global ID: opaque, to send back as it is.

## ActivateBenefitInput

ref-ActivateBenefitInput = Input of activateBenefit.
ref-ActivateBenefitInput-benefitId = The benefit, a usage-based cloud service.

## AddPaymentMethodInput

ref-AddPaymentMethodInput = Input of addPaymentMethod: a card.
ref-AddPaymentMethodInput-cardNumber = Digits; spaces and dashes are ignored. Never stored.
ref-AddPaymentMethodInput-expiryMonth = The expiry month, from 1 to 12.
ref-AddPaymentMethodInput-expiryYear = The expiry year, four digits.
ref-AddPaymentMethodInput-cvc = Never stored.
ref-AddPaymentMethodInput-holderName = The name on the card.

## AddServiceRequestNoteInput

ref-AddServiceRequestNoteInput = Input of addServiceRequestNote.
ref-AddServiceRequestNoteInput-serviceRequestId = The request.
ref-AddServiceRequestNoteInput-body = The text of the note.

## AssignBenefitInput

ref-AssignBenefitInput = Input of assignBenefit.
ref-AssignBenefitInput-benefitId = The benefit.
ref-AssignBenefitInput-userId = The user of the organization who gets the seat.

## AssignSupportBenefitInput

ref-AssignSupportBenefitInput = Input of assignSupportBenefit.
ref-AssignSupportBenefitInput-benefitId = The support plan benefit.
ref-AssignSupportBenefitInput-userId = The user who gets the plan.
ref-AssignSupportBenefitInput-alternateEmail = An email for support to reach them, different from their account email.

## ChangePasswordInput

ref-ChangePasswordInput = Input of changePassword.
ref-ChangePasswordInput-currentPassword = The password used now, or the temporary one.
ref-ChangePasswordInput-newPassword = The new password, at least 12 characters.

## CreateServiceRequestInput

ref-CreateServiceRequestInput = Input of createServiceRequest.
ref-CreateServiceRequestInput-category = What the request is about.
ref-CreateServiceRequestInput-severity = How urgent it is.
ref-CreateServiceRequestInput-title = At most 200 characters
ref-CreateServiceRequestInput-description = At most 10,000 characters
ref-CreateServiceRequestInput-subscriptionId = The subscription it concerns, if any.

## CreateUserInput

ref-CreateUserInput = Input of createUser.
ref-CreateUserInput-email = The email they will sign in with.
ref-CreateUserInput-displayName = Their name.
ref-CreateUserInput-roles = Their roles, at least one.

## DeactivateUserInput

ref-DeactivateUserInput = Input of deactivateUser.
ref-DeactivateUserInput-userId = The user.

## GrantCompetencyInput

ref-GrantCompetencyInput = Input of grantCompetency.
ref-GrantCompetencyInput-organizationId = The organization.
ref-GrantCompetencyInput-areaCode = The area's code.
ref-GrantCompetencyInput-level = The level.
ref-GrantCompetencyInput-expiresAt = When it ends.

## JoinNetworkInput

ref-JoinNetworkInput = Input of joinNetwork.
ref-JoinNetworkInput-legalName = The organization's legal name.
ref-JoinNetworkInput-country = ISO 3166-1 alpha-2, e.g. "FR"
ref-JoinNetworkInput-adminEmail = The first global admin's email.
ref-JoinNetworkInput-adminDisplayName = The first global admin's name.
ref-JoinNetworkInput-adminPassword = At least 12 characters

## PurchaseOfferInput

ref-PurchaseOfferInput = Input of purchaseOffer.
ref-PurchaseOfferInput-offerId = The offer.
ref-PurchaseOfferInput-paymentMethodId = The card to charge.
ref-PurchaseOfferInput-acceptTermsVersion = Must equal the offer's current terms version
ref-PurchaseOfferInput-idempotencyKey = Retrying with the same key returns the first result and never charges twice

## RemovePaymentMethodInput

ref-RemovePaymentMethodInput = Input of removePaymentMethod.
ref-RemovePaymentMethodInput-paymentMethodId = The payment method.

## RenewSubscriptionInput

ref-RenewSubscriptionInput = Input of renewSubscription.
ref-RenewSubscriptionInput-subscriptionId = The subscription.
ref-RenewSubscriptionInput-paymentMethodId = The card to charge.
ref-RenewSubscriptionInput-acceptTermsVersion = Must equal the offer's current terms version.
ref-RenewSubscriptionInput-idempotencyKey = Retrying with the same key returns the first result and never charges twice.

## RenewNetworkMembershipInput

ref-RenewNetworkMembershipInput = Input of renewNetworkMembership.
ref-RenewNetworkMembershipInput-acceptAgreementVersion = The version of the network agreement accepted (membership.networkAgreement.version)
ref-RenewNetworkMembershipInput-idempotencyKey = Retrying with the same key returns the first result and never renews twice.

## RequestCancellationInput

ref-RequestCancellationInput = Input of requestCancellation.
ref-RequestCancellationInput-subscriptionId = The subscription to cancel.
ref-RequestCancellationInput-reason = Why, for the support team.

## ResolveCancellationInput

ref-ResolveCancellationInput = Input of resolveCancellation.
ref-ResolveCancellationInput-serviceRequestId = The cancellation request.
ref-ResolveCancellationInput-note = A note for the partner.

## RevealProductKeysInput

ref-RevealProductKeysInput = Input of revealProductKeys.
ref-RevealProductKeysInput-benefitId = The software benefit.

## SetAutoRenewInput

ref-SetAutoRenewInput = Input of setAutoRenew.
ref-SetAutoRenewInput-subscriptionId = The subscription.
ref-SetAutoRenewInput-enabled = True to turn automatic renewal on, false to turn it off.

## SetUserRolesInput

ref-SetUserRolesInput = Input of setUserRoles.
ref-SetUserRolesInput-userId = The user.
ref-SetUserRolesInput-roles = All their roles from now on, at least one.

## SignInInput

ref-SignInInput = Input of signIn.
ref-SignInInput-email = The account's email.
ref-SignInInput-password = The password.

## SignOutInput

ref-SignOutInput = Input of signOut.
ref-SignOutInput-clientMutationId = Any value of yours; unused.

## UnassignBenefitInput

ref-UnassignBenefitInput = Input of unassignBenefit.
ref-UnassignBenefitInput-assignmentId = The assignment.

## UpdateServiceRequestStatusInput

ref-UpdateServiceRequestStatusInput = Input of updateServiceRequestStatus.
ref-UpdateServiceRequestStatusInput-serviceRequestId = The request.
ref-UpdateServiceRequestStatusInput-status = The new status.
ref-UpdateServiceRequestStatusInput-note = A note for the partner.

## ActivationMethod

ref-ActivationMethod = How a benefit is put to use.
ref-ActivationMethod-PRODUCT_KEY = Reveal product keys, then install or activate with them
ref-ActivationMethod-ASSIGN_SELF = Usage-based cloud service: the activating user assigns themselves
ref-ActivationMethod-ASSIGN_USER = Each seat is assigned to one user of the organization
ref-ActivationMethod-ASSIGN_USER_WITH_ALTERNATE_EMAIL = Assigned to one user, with an alternate email that differs from the account email

## AssignmentStatus

ref-AssignmentStatus = Where an assignment stands.
ref-AssignmentStatus-PENDING_ACTIVATION = Requested; activation takes a few days.
ref-AssignmentStatus-ACTIVE = In use.

## BenefitCategory

ref-BenefitCategory = The four tabs benefits are listed under.
ref-BenefitCategory-SOFTWARE = Software: product keys and downloads.
ref-BenefitCategory-CLOUD_SERVICE = Cloud services.
ref-BenefitCategory-VISUAL_STUDIO = Visual Studio subscriptions.
ref-BenefitCategory-SUPPORT = The support plan.

## BenefitStatus

ref-BenefitStatus = Where a benefit stands.
ref-BenefitStatus-NOT_ACTIVATED = Nobody has used it yet.
ref-BenefitStatus-PENDING_ACTIVATION = Activation was requested and takes a few days.
ref-BenefitStatus-ACTIVE = In use: keys revealed, service activated or at least one seat assigned.
ref-BenefitStatus-EXPIRED = The subscription expired or was cancelled.

## BenefitUnit

ref-BenefitUnit = What a benefit's quantity counts.
ref-BenefitUnit-LICENSE = Licenses.
ref-BenefitUnit-SEAT = Seats, one per user.
ref-BenefitUnit-ACCOUNT = Accounts.
ref-BenefitUnit-MONTHLY_CREDIT_USD = A monthly credit in US dollars.
ref-BenefitUnit-SUPPORT_PLAN = Support plans.

## CompetencyLevel

ref-CompetencyLevel = Competency levels.
ref-CompetencyLevel-SILVER = Silver.
ref-CompetencyLevel-GOLD = Gold, the highest.

## CompetencyStatus

ref-CompetencyStatus = Whether a competency still counts.
ref-CompetencyStatus-ACTIVE = It counts.
ref-CompetencyStatus-EXPIRED = It has ended.

## MembershipLevel

ref-MembershipLevel = Levels of membership in the partner program, lowest first.
ref-MembershipLevel-NETWORK = Member of the network, free.
ref-MembershipLevel-ACTION_PACK = With a live Action Pack subscription.
ref-MembershipLevel-SILVER_COMPETENCY = With at least one Silver competency.
ref-MembershipLevel-GOLD_COMPETENCY = With at least one Gold competency.

## OperatingSystem

ref-OperatingSystem = Operating systems downloads are offered for.
ref-OperatingSystem-WINDOWS_X64 = Windows, 64-bit.
ref-OperatingSystem-WINDOWS_X86 = Windows, 32-bit.
ref-OperatingSystem-MACOS = macOS.
ref-OperatingSystem-LINUX = Linux.

## OrderKind

ref-OrderKind = A first purchase or a renewal.
ref-OrderKind-NEW = A first purchase.
ref-OrderKind-RENEWAL = A renewal.

## OrderStatus

ref-OrderStatus = How an order ended.
ref-OrderStatus-PAID = The card was charged.
ref-OrderStatus-FAILED = The payment failed.
ref-OrderStatus-REFUNDED = Charged for nothing, then given back (see refundedAt).

## Role

ref-Role = What a user may do. Partner roles belong to partner organizations, staff roles to the program operator.
ref-Role-GLOBAL_ADMIN = Everything in the organization
ref-Role-ACCOUNT_ADMIN = Users and their roles (cannot grant GLOBAL_ADMIN)
ref-Role-BILLING_ADMIN = Payment methods, orders and invoices
ref-Role-MEMBERSHIP_ADMIN = Offers, purchases, renewals, benefits and service requests
ref-Role-MEMBER = Their own profile and the benefits assigned to them
ref-Role-SUPPORT_AGENT = Program staff: works the service requests of every organization
ref-Role-PROGRAM_ADMIN = Program staff: grants competencies, manages the program

## ServiceRequestCategory

ref-ServiceRequestCategory = What a request is about.
ref-ServiceRequestCategory-BILLING_PAYMENT_RECONCILIATION = Help with a bill, payment or partner reconciliation file (subscription cancellations go here)
ref-ServiceRequestCategory-MEMBERSHIP = Membership and the partner program.
ref-ServiceRequestCategory-BENEFITS = Benefits and their activation.
ref-ServiceRequestCategory-ACCOUNT_ACCESS = Signing in and user accounts.
ref-ServiceRequestCategory-OTHER = Anything else.

## ServiceRequestStatus

ref-ServiceRequestStatus = Where a request stands.
ref-ServiceRequestStatus-OPEN = Opened, not yet handled.
ref-ServiceRequestStatus-IN_PROGRESS = Support is working on it.
ref-ServiceRequestStatus-AWAITING_PARTNER = Support is waiting for an answer from the partner.
ref-ServiceRequestStatus-RESOLVED = Solved.
ref-ServiceRequestStatus-CLOSED = Closed; notes can no longer be added.

## Severity

ref-Severity = How urgent a request is.
ref-Severity-CRITICAL = Work is stopped.
ref-Severity-MODERATE = Work is hampered.
ref-Severity-MINIMAL = A question or a minor problem.

## SubscriptionStatus

ref-SubscriptionStatus = Where a subscription is in its life.
ref-SubscriptionStatus-ACTIVE = In its term.
ref-SubscriptionStatus-GRACE_PERIOD = The term ended without renewal; benefits still work until graceEndsAt.
ref-SubscriptionStatus-EXPIRED = Ended without renewal.
ref-SubscriptionStatus-CANCELLED = Cancelled through support.

## UserErrorCode

ref-UserErrorCode = Stable codes of business-rule failures.
ref-UserErrorCode-INVALID_INPUT = An input value is not acceptable; field tells which.
ref-UserErrorCode-NOT_FOUND = The object does not exist or belongs to another organization.
ref-UserErrorCode-INVALID_CREDENTIALS = Wrong email or password.
ref-UserErrorCode-PASSWORD_CHANGE_REQUIRED = Change the temporary password first.
ref-UserErrorCode-WEAK_PASSWORD = The new password is too short or too common.
ref-UserErrorCode-EMAIL_TAKEN = A user already has this email.
ref-UserErrorCode-LAST_GLOBAL_ADMIN = The organization would be left without a global admin.
ref-UserErrorCode-NETWORK_MEMBERSHIP_REQUIRED = Only members of the partner network can do this.
ref-UserErrorCode-ALREADY_SUBSCRIBED = The organization already has a live subscription to the offer.
ref-UserErrorCode-OFFER_NOT_AVAILABLE = The offer is not on sale to this organization.
ref-UserErrorCode-TERMS_NOT_ACCEPTED = The accepted terms version is not the current one.
ref-UserErrorCode-PAYMENT_METHOD_INVALID = This payment method can't be used: unknown, expired or not valid.
ref-UserErrorCode-PAYMENT_DECLINED = The card was declined; nothing was charged.
ref-UserErrorCode-IDEMPOTENCY_KEY_REUSED = The idempotency key was already used for a different request.
ref-UserErrorCode-AUTO_RENEW_LOCKED = Automatic renewal was turned off and can only come back with a renewal.
ref-UserErrorCode-RENEWAL_NOT_OPEN = Renewal is not open yet, or no longer.
ref-UserErrorCode-SUBSCRIPTION_NOT_ACTIVE = The subscription expired or was cancelled.
ref-UserErrorCode-NO_SEATS_AVAILABLE = Every seat of the benefit is taken.
ref-UserErrorCode-ALREADY_ASSIGNED = The user already has a seat of this benefit.
ref-UserErrorCode-ALTERNATE_EMAIL_SAME_AS_ACCOUNT = The alternate email must differ from the account email.
ref-UserErrorCode-SERVICE_REQUEST_CLOSED = The service request is closed.

## DateTime

ref-DateTime = Implement the DateTime<Utc> scalar The input/output is a string in RFC3339 format.

## Decimal

ref-Decimal = An exact decimal number, as a string such as "475.00".
