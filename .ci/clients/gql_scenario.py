"""The documented path of a new partner, through Python's `gql` client as
partners install it from PyPI, unmodified: it fetches the schema by
introspection (under the server's default limits) and validates every
document against it before sending it.

join -> sign in -> add a card -> buy Action Pack -> read the dashboard ->
assign a Visual Studio seat -> turn auto-renewal off -> ask for cancellation.

Usage: python gql_scenario.py http://127.0.0.1:PORT/graphql
"""

import sys
import uuid

from gql import Client, gql
from gql.transport.requests import RequestsHTTPTransport

URL = sys.argv[1]


def client(token=None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    transport = RequestsHTTPTransport(url=URL, headers=headers, retries=0)
    return Client(transport=transport, fetch_schema_from_transport=True)


def run(session, document, **variables):
    return session.execute(gql(document), variable_values=variables)


def no_user_errors(result, name):
    errors = result[name]["userErrors"]
    assert errors == [], f"{name}: {errors}"
    return result[name]


email = f"founder-{uuid.uuid4().hex[:8]}@northwind.example"
password = "a-long-and-careful-passphrase"

public = client()
with public as anonymous:
    assert public.schema is not None and public.schema.get_type("Organization"), "the schema was introspected"
    joined = run(
        anonymous,
        """mutation Join($input: JoinNetworkInput!) {
             joinNetwork(input: $input) { organization { id legalName } userErrors { field code message } } }""",
        input={"legalName": "Northwind Traders", "country": "GB", "adminEmail": email,
               "adminDisplayName": "Nora Founder", "adminPassword": password},
    )
    no_user_errors(joined, "joinNetwork")
    signed = run(
        anonymous,
        """mutation SignIn($input: SignInInput!) { signIn(input: $input) { token userErrors { code message } } }""",
        input={"email": email, "password": password},
    )
    token = no_user_errors(signed, "signIn")["token"]
    offers = run(anonymous, "query Offers { program { offers { id code terms { version } } } }")
    action_pack = next(o for o in offers["program"]["offers"] if o["code"] == "ACTION_PACK")

with client(token) as session:
    card = run(
        session,
        """mutation Card($input: AddPaymentMethodInput!) {
             addPaymentMethod(input: $input) { paymentMethod { id brand last4 } userErrors { field code message } } }""",
        input={"cardNumber": "4242 4242 4242 4242", "expiryMonth": 12, "expiryYear": 2030, "cvc": "123",
               "holderName": "Nora Founder"},
    )
    card_id = no_user_errors(card, "addPaymentMethod")["paymentMethod"]["id"]
    bought = run(
        session,
        """mutation Buy($input: PurchaseOfferInput!) {
             purchaseOffer(input: $input) { order { number status } subscription { id status autoRenew }
                                            userErrors { field code message } } }""",
        input={"offerId": action_pack["id"], "paymentMethodId": card_id,
               "acceptTermsVersion": action_pack["terms"]["version"], "idempotencyKey": str(uuid.uuid4())},
    )
    subscription = no_user_errors(bought, "purchaseOffer")["subscription"]
    assert subscription["status"] == "ACTIVE" and subscription["autoRenew"], subscription
    dashboard = run(
        session,
        """query Dashboard {
             viewer { id displayName }
             organization { legalName membership { level actionPack { id currentTermEnd } }
                            benefits { id category activation availableCount product { name } } } }""",
    )
    assert dashboard["organization"]["membership"]["level"] == "ACTION_PACK", dashboard
    seats = next(b for b in dashboard["organization"]["benefits"] if b["category"] == "VISUAL_STUDIO")
    assigned = run(
        session,
        """mutation Assign($input: AssignBenefitInput!) {
             assignBenefit(input: $input) { assignment { id user { displayName } } benefit { availableCount }
                                            userErrors { field code message } } }""",
        input={"benefitId": seats["id"], "userId": dashboard["viewer"]["id"]},
    )
    assert no_user_errors(assigned, "assignBenefit")["benefit"]["availableCount"] == seats["availableCount"] - 1
    off = run(
        session,
        """mutation Off($input: SetAutoRenewInput!) {
             setAutoRenew(input: $input) { subscription { autoRenew canTurnOnAutoRenew } userErrors { code message } } }""",
        input={"subscriptionId": subscription["id"], "enabled": False},
    )
    assert no_user_errors(off, "setAutoRenew")["subscription"] == {"autoRenew": False, "canTurnOnAutoRenew": False}
    cancel = run(
        session,
        """mutation Cancel($input: RequestCancellationInput!) {
             requestCancellation(input: $input) { serviceRequest { number category status } userErrors { code message } } }""",
        input={"subscriptionId": subscription["id"], "reason": "We are moving to another program."},
    )
    request = no_user_errors(cancel, "requestCancellation")["serviceRequest"]
    assert request["category"] == "BILLING_PAYMENT_RECONCILIATION" and request["status"] == "OPEN", request
    # The client validates documents against the schema before sending them.
    try:
        run(session, "query Wrong { organization { noSuchField } }")
        raise AssertionError("an invalid document was sent")
    except Exception as error:  # gql raises GraphQLError from graphql-core's validation
        assert "noSuchField" in str(error), error

print(f"PASS gql scenario: joined, bought, assigned, turned auto-renewal off, asked to cancel ({request['number']})")
