## Mails, in the recipient's language. Every mail has a -subject and a -body.

mail-greeting = Hello { $name },
mail-signature =
    —
    The partner program team

mail-purchase-receipt-subject = Order { $order } confirmed: { $offer }
    .when = An order is paid: the receipt, with the order number, the amount and the card used.
    .to = The organization's global admins and billing admins, and whoever placed the order.
mail-purchase-receipt-body =
    Thank you for your purchase of { $offer }.

    Order: { $order }
    Amount charged: { $amount }
    Term: { $termStart } to { $termEnd }
    Automatic renewal: on

mail-renewal-receipt-subject = { $offer } renewed (order { $order })
    .when = A renewal is paid, by hand or automatically at the end of the term.
    .to = The organization's global admins and billing admins, and whoever placed the first order.
mail-renewal-receipt-body =
    Your { $offer } subscription was renewed.

    Order: { $order }
    Amount charged: { $amount }
    New term: { $termStart } to { $termEnd }

mail-renewal-failed-subject = We could not renew { $offer }
    .when = An automatic renewal could not be charged (a declined or expired card); the subscription enters its grace period.
    .to = The organization's global admins and billing admins, and whoever placed the first order.
mail-renewal-failed-body =
    We tried to renew { $offer } on { $termEnd }, but the card was declined.

    Your benefits continue during a grace period that ends on { $graceEndsAt }.
    Renew by hand before then, with another payment method if needed, to keep them.

mail-grace-started-subject = { $offer } has ended: grace period until { $graceEndsAt }
    .when = A subscription reached the end of its term without being renewed; its benefits keep running during the grace period.
    .to = The organization's global admins and billing admins, and whoever placed the first order.
mail-grace-started-body =
    Your { $offer } term ended on { $termEnd } without renewal.

    Your benefits continue until { $graceEndsAt }. Renew before then to keep them.

mail-expired-subject = { $offer } has expired
    .when = The grace period ended without a renewal; the benefits stop.
    .to = The organization's global admins and billing admins, and whoever placed the first order.
mail-expired-body =
    The grace period of { $offer } ended on { $graceEndsAt }, so the subscription has expired and its benefits have ended.

    You can buy { $offer } again at any time.

mail-renewal-reminder-subject = { $offer } ends in { $days } days
    .when = 30 days and again 7 days before a subscription's term ends, when automatic renewal is off.
    .to = The organization's global admins and billing admins, and whoever placed the first order.
mail-renewal-reminder-body =
    Automatic renewal is off for { $offer }, which ends on { $termEnd }.

    Renew by hand from now on to keep your benefits without a break.

mail-request-opened-subject = { $number } received: { $title }
    .when = A service request is opened: its number and title, to confirm it arrived.
    .to = The user who opened it.
mail-request-opened-body =
    We received your service request { $number }, "{ $title }".

    We will keep you posted here as it moves forward.

mail-request-status-subject = { $number } is now { $status }
    .when = Program support changes the status of a service request.
    .to = The user who opened it.
mail-request-status-body =
    Your service request { $number }, "{ $title }", is now { $status }.

mail-request-note-subject = New note on { $number }
    .when = Program support adds a note to a service request.
    .to = The user who opened it.
mail-request-note-body =
    Program staff added a note to your service request { $number }, "{ $title }":

    { $note }

mail-cancellation-done-subject = { $offer } is cancelled ({ $number })
    .when = Program support resolves a cancellation request: the subscription is cancelled.
    .to = The user who opened the request.
mail-cancellation-done-body =
    As you asked in { $number }, we cancelled { $offer }. Its benefits have ended.

mail-support-assigned-subject = Your support plan is being set up
    .when = The support plan is assigned to a user; activation follows a few days later.
    .to = The user, at the account email and at the alternate email.
mail-support-assigned-body =
    You have been assigned the partner support plan, with { $alternateEmail } as your alternate address.

    Activation takes a few days: it should be active on { $activatesAt }. We will then send the access instructions to both of your addresses.

mail-support-active-subject = Your support plan is active
    .when = The activation job makes an assigned support plan active, a few days after it was assigned.
    .to = The user, at the account email and at the alternate email.
mail-support-active-body =
    Your partner support plan is now active.

    To get help with a product, sign in at { $portal } with { $accountEmail } or { $alternateEmail }, open a support incident and choose the product. Keep this mail: either address can ask for help under this plan.

mail-payment-refunded-subject = Refund for order { $order }: { $offer }
    .when = A payment bought nothing (its renewal found the subscription changed, or the card was charged after the order was given up); the jobs refund it.
    .to = The organization's global admins and billing admins, and whoever placed the order.
mail-payment-refunded-body =
    We refunded a payment for { $offer } that bought nothing: { $reason ->
        [late] the card was charged after the order had been given up.
       *[changed] the subscription had changed before the payment went through.
    }

    Order: { $order }
    Amount refunded: { $amount }

    The money goes back to the card it was taken from; banks usually show it within a few business days.

mail-network-reminder-subject = Renew your network membership by { $termEnd }
    .when = 30 and 7 days before the organization's network membership ends, unless it was renewed.
    .to = The organization's global admins and membership admins.
mail-network-reminder-body =
    Your organization's membership in the partner network ends on { $termEnd }, in { $days } days. Renewing it is free: accept the current network agreement (version { $version }) with the renewNetworkMembership mutation.

    Once it has ended, offers can no longer be bought or renewed by hand until it is renewed; what you already bought keeps running to its own end.
