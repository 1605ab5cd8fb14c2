//! Who may read what: the read half of the permission table.
//!
//! Every object the API returns is granted through [`read_view`], whichever
//! field led to it, so a role reads an object through an edge of the graph
//! exactly when it could read it through its direct entry. A row here names
//! the kind of object, how the object is tied to the viewer, the action the
//! viewer must be allowed (from [`Role::allows`](super::Role::allows)), and how
//! much of the object that shows.

use super::Action;

/// The kinds of object the API returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Readable {
    Organization,
    User,
    AuditEvent,
    Offer,
    Subscription,
    PaymentMethod,
    Order,
    ServiceRequest,
    Competency,
    Benefit,
    Assignment,
}

/// How an object is tied to the viewer. An object can have several ties (a
/// user's own assignment is also in their organization).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tie {
    /// The viewer themselves, or something held by the viewer (an assignment,
    /// or the benefit of one).
    Own,
    /// Belongs to the viewer's organization.
    Organization,
    /// On the other side of a service request the viewer may read: the partner
    /// organization and requester for staff, the staff author of a note for a
    /// partner.
    Request,
    /// No tie: the catalog, or every organization's service requests for staff.
    Anyone,
}

/// How much of an object a grant shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum View {
    /// The public face only: a user's ID and display name; an organization's
    /// ID, partner ID, legal name and country. Every other field is `FORBIDDEN`.
    Profile,
    /// Every field; the objects behind its edges are granted on their own.
    Full,
}

/// One row of the read table: `None` as the action means "any signed-in viewer".
type Rule = (Readable, Tie, Option<Action>, View);

/// The read table. The first row that matches a tie of the object and an
/// action the viewer is allowed decides.
const RULES: &[Rule] = {
    use Action::*;
    use Readable::*;
    use View::*;
    &[
        (Organization, Tie::Organization, Some(ViewOrganization), Full),
        // Staff see their operator organization's name, no membership.
        (Organization, Tie::Organization, Some(WorkSupportQueue), Profile),
        // Staff working a request see who the partner is.
        (Organization, Tie::Request, Some(WorkSupportQueue), Profile),
        (User, Tie::Own, None, Full),
        (User, Tie::Organization, Some(ViewUsers), Full),
        // The two sides of a request see each other's name, nothing else.
        (User, Tie::Request, Some(WorkSupportQueue), Profile),
        (User, Tie::Request, Some(ViewServiceRequests), Profile),
        (AuditEvent, Tie::Organization, Some(ViewAuditLog), Full),
        (Offer, Tie::Anyone, None, Full),
        // Staff resolve cancellations from the request alone: they never read
        // the subscription, its card, orders or benefits.
        (Subscription, Tie::Organization, Some(ViewSubscriptions), Full),
        (PaymentMethod, Tie::Organization, Some(ViewOrders), Full),
        (Order, Tie::Organization, Some(ViewOrders), Full),
        (ServiceRequest, Tie::Organization, Some(ViewServiceRequests), Full),
        (ServiceRequest, Tie::Anyone, Some(WorkSupportQueue), Full),
        (Competency, Tie::Organization, Some(ViewOrganization), Full),
        // Program admins see the competencies they grant.
        (Competency, Tie::Anyone, Some(GrantCompetency), Full),
        (Benefit, Tie::Organization, Some(ViewBenefits), Full),
        // A member sees the benefit they hold, with only their own assignment.
        (Benefit, Tie::Own, Some(ViewOwnAssignments), Full),
        (Assignment, Tie::Organization, Some(ViewBenefits), Full),
        (Assignment, Tie::Own, Some(ViewOwnAssignments), Full),
    ]
};

/// Why a read was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// A row would grant it, but its action is not allowed to the viewer.
    Forbidden,
    /// No row covers the object's ties: it is none of the viewer's business,
    /// which is answered like a missing object.
    Unrelated,
}

/// How much of an object of `kind` with these `ties` a viewer sees, where
/// `allowed` says whether the viewer may do an action.
pub fn read_view(kind: Readable, ties: &[Tie], allowed: impl Fn(Action) -> bool) -> Result<View, Refusal> {
    let mut covered = false;
    for &(k, tie, action, view) in RULES {
        if k != kind || !(tie == Tie::Anyone || ties.contains(&tie)) {
            continue;
        }
        covered = true;
        if action.is_none_or(&allowed) {
            return Ok(view);
        }
    }
    Err(if covered { Refusal::Forbidden } else { Refusal::Unrelated })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Role, RoleSet};

    fn view(roles: &[Role], kind: Readable, ties: &[Tie]) -> Result<View, Refusal> {
        let set = RoleSet::from_roles(roles.iter().copied());
        read_view(kind, ties, |a| set.allows(a))
    }

    #[test]
    fn a_member_reads_only_their_own_benefits_and_never_billing() {
        let member = [Role::Member];
        assert_eq!(view(&member, Readable::Benefit, &[Tie::Own, Tie::Organization]), Ok(View::Full));
        assert_eq!(view(&member, Readable::Benefit, &[Tie::Organization]), Err(Refusal::Forbidden));
        for kind in [Readable::Subscription, Readable::PaymentMethod, Readable::Order, Readable::AuditEvent] {
            assert_eq!(view(&member, kind, &[Tie::Organization]), Err(Refusal::Forbidden), "{kind:?}");
        }
        assert_eq!(view(&member, Readable::User, &[Tie::Own, Tie::Organization]), Ok(View::Full));
        assert_eq!(view(&member, Readable::User, &[Tie::Organization]), Err(Refusal::Forbidden));
    }

    #[test]
    fn the_sides_of_a_request_see_each_others_profile_only() {
        let agent = [Role::SupportAgent];
        assert_eq!(view(&agent, Readable::Organization, &[Tie::Request]), Ok(View::Profile));
        assert_eq!(view(&agent, Readable::User, &[Tie::Request]), Ok(View::Profile));
        assert_eq!(view(&agent, Readable::ServiceRequest, &[]), Ok(View::Full));
        assert_eq!(view(&agent, Readable::PaymentMethod, &[Tie::Request]), Err(Refusal::Unrelated));
        assert_eq!(view(&[Role::AccountAdmin], Readable::User, &[Tie::Request]), Ok(View::Profile));
        assert_eq!(view(&[Role::Member], Readable::User, &[Tie::Request]), Err(Refusal::Forbidden));
    }

    #[test]
    fn nothing_unrelated_is_ever_readable() {
        let everything = Role::ALL;
        for kind in [Readable::Organization, Readable::User, Readable::Order, Readable::Benefit, Readable::Subscription] {
            assert_eq!(view(&everything, kind, &[]), Err(Refusal::Unrelated), "{kind:?}");
        }
        assert_eq!(view(&everything, Readable::Offer, &[]), Ok(View::Full));
    }

    #[test]
    fn direct_entries_and_the_table_agree() {
        // The list entries check these actions; the read table must ask the same.
        let pairs = [
            (Readable::User, Action::ViewUsers),
            (Readable::AuditEvent, Action::ViewAuditLog),
            (Readable::Subscription, Action::ViewSubscriptions),
            (Readable::PaymentMethod, Action::ViewOrders),
            (Readable::Order, Action::ViewOrders),
            (Readable::ServiceRequest, Action::ViewServiceRequests),
            (Readable::Benefit, Action::ViewBenefits),
        ];
        for role in Role::ALL {
            for (kind, action) in pairs {
                let read = view(&[role], kind, &[Tie::Organization]).is_ok_and(|v| v == View::Full);
                // Staff read every organization's requests, whatever the tie.
                let staff = kind == Readable::ServiceRequest && role.allows(Action::WorkSupportQueue);
                assert_eq!(read, role.allows(action) || staff, "{role:?} reading {kind:?}");
            }
        }
    }
}
