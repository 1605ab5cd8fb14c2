//! Roles and the one permission table that decides every action.
//!
//! Partner roles belong to partner organizations; program-staff roles belong
//! only to the operator organization. A user holds a non-empty set of roles.

/// A role a user can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    GlobalAdmin,
    AccountAdmin,
    BillingAdmin,
    MembershipAdmin,
    Member,
    SupportAgent,
    ProgramAdmin,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Self::GlobalAdmin,
        Self::AccountAdmin,
        Self::BillingAdmin,
        Self::MembershipAdmin,
        Self::Member,
        Self::SupportAgent,
        Self::ProgramAdmin,
    ];

    /// The bit that stands for this role in the stored bitmask. These values are
    /// persisted: never renumber them.
    const fn bit(self) -> i64 {
        match self {
            Self::GlobalAdmin => 1,
            Self::AccountAdmin => 1 << 1,
            Self::BillingAdmin => 1 << 2,
            Self::MembershipAdmin => 1 << 3,
            Self::Member => 1 << 4,
            Self::SupportAgent => 1 << 5,
            Self::ProgramAdmin => 1 << 6,
        }
    }

    /// Program staff work for the operator, never for a partner.
    pub const fn is_staff(self) -> bool {
        matches!(self, Self::SupportAgent | Self::ProgramAdmin)
    }

    /// Whether a holder of this role may do `action`. This match is the
    /// permission table: one row per role.
    pub fn allows(self, action: Action) -> bool {
        use Action::*;
        match self {
            Self::GlobalAdmin => !matches!(action, WorkSupportQueue | ResolveCancellation | GrantCompetency),
            Self::AccountAdmin => matches!(
                action,
                ViewOrganization | ViewUsers | ManageUsers | ViewOwnAssignments | ViewServiceRequests | CreateServiceRequest
            ),
            Self::BillingAdmin => matches!(
                action,
                ViewOrganization
                    | ViewUsers
                    | ManagePaymentMethods
                    | ViewOrders
                    | ViewSubscriptions
                    | ViewOwnAssignments
                    | ViewServiceRequests
                    | CreateServiceRequest
            ),
            Self::MembershipAdmin => matches!(
                action,
                ViewOrganization
                    | ViewUsers
                    | ViewOrders
                    | ViewSubscriptions
                    | PurchaseOffers
                    | ManageSubscriptions
                    | ViewBenefits
                    | ManageBenefits
                    | RevealProductKeys
                    | ViewOwnAssignments
                    | ViewServiceRequests
                    | CreateServiceRequest
            ),
            Self::Member => matches!(action, ViewOrganization | ViewOwnAssignments),
            Self::SupportAgent => matches!(action, WorkSupportQueue | ResolveCancellation),
            Self::ProgramAdmin => matches!(action, WorkSupportQueue | ResolveCancellation | GrantCompetency),
        }
    }
}

/// Everything a signed-in user may ask to do that needs a permission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Read the organization's profile and membership.
    ViewOrganization,
    /// List the organization's users.
    ViewUsers,
    /// Create users, change their roles (except global admin), deactivate them.
    ManageUsers,
    /// Grant or take away the global admin role.
    GrantGlobalAdmin,
    /// Read the organization's audit log.
    ViewAuditLog,
    ManagePaymentMethods,
    ViewOrders,
    ViewSubscriptions,
    PurchaseOffers,
    /// Auto-renewal, renewals (of offers and of the network membership) and cancellation requests.
    ManageSubscriptions,
    ViewBenefits,
    /// Activate, assign and unassign benefits.
    ManageBenefits,
    RevealProductKeys,
    /// The benefits assigned to oneself.
    ViewOwnAssignments,
    ViewServiceRequests,
    CreateServiceRequest,
    /// Program staff: see and work every organization's service requests.
    WorkSupportQueue,
    /// Program staff: cancel a subscription by resolving its request.
    ResolveCancellation,
    /// Program staff: grant Silver or Gold competencies.
    GrantCompetency,
}

impl Action {
    pub const ALL: [Action; 19] = [
        Self::ViewOrganization,
        Self::ViewUsers,
        Self::ManageUsers,
        Self::GrantGlobalAdmin,
        Self::ViewAuditLog,
        Self::ManagePaymentMethods,
        Self::ViewOrders,
        Self::ViewSubscriptions,
        Self::PurchaseOffers,
        Self::ManageSubscriptions,
        Self::ViewBenefits,
        Self::ManageBenefits,
        Self::RevealProductKeys,
        Self::ViewOwnAssignments,
        Self::ViewServiceRequests,
        Self::CreateServiceRequest,
        Self::WorkSupportQueue,
        Self::ResolveCancellation,
        Self::GrantCompetency,
    ];
}

/// A non-empty set of roles, stored as a bitmask.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct RoleSet(i64);

impl RoleSet {
    pub fn from_roles(roles: impl IntoIterator<Item = Role>) -> Self {
        Self(roles.into_iter().fold(0, |bits, r| bits | r.bit()))
    }

    /// Reads a stored bitmask; `None` if it holds bits no role uses.
    pub fn from_bits(bits: i64) -> Option<Self> {
        let known = Self::from_roles(Role::ALL).0;
        (bits & !known == 0).then_some(Self(bits))
    }

    pub const fn bits(self) -> i64 {
        self.0
    }

    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn contains(self, role: Role) -> bool {
        self.0 & role.bit() != 0
    }

    /// The roles in the set, in declaration order.
    pub fn roles(self) -> Vec<Role> {
        Role::ALL.into_iter().filter(|r| self.contains(*r)).collect()
    }

    /// Whether any role in the set allows `action`.
    pub fn allows(self, action: Action) -> bool {
        self.roles().into_iter().any(|r| r.allows(action))
    }

    pub fn has_staff_role(self) -> bool {
        self.roles().into_iter().any(Role::is_staff)
    }

    pub fn has_partner_role(self) -> bool {
        self.roles().into_iter().any(|r| !r.is_staff())
    }

    /// The bitmask of `role`, for SQL filters.
    pub fn bit_of(role: Role) -> i64 {
        role.bit()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The expected table, written out cell by cell so that any change to the
    /// permission rules shows up here as a deliberate edit.
    /// Columns: GA, ACCOUNT, BILLING, MEMBERSHIP, MEMBER, SUPPORT_AGENT, PROGRAM_ADMIN.
    const EXPECTED: [(Action, [u8; 7]); 19] = [
        (Action::ViewOrganization, [1, 1, 1, 1, 1, 0, 0]),
        (Action::ViewUsers, [1, 1, 1, 1, 0, 0, 0]),
        (Action::ManageUsers, [1, 1, 0, 0, 0, 0, 0]),
        (Action::GrantGlobalAdmin, [1, 0, 0, 0, 0, 0, 0]),
        (Action::ViewAuditLog, [1, 0, 0, 0, 0, 0, 0]),
        (Action::ManagePaymentMethods, [1, 0, 1, 0, 0, 0, 0]),
        (Action::ViewOrders, [1, 0, 1, 1, 0, 0, 0]),
        (Action::ViewSubscriptions, [1, 0, 1, 1, 0, 0, 0]),
        (Action::PurchaseOffers, [1, 0, 0, 1, 0, 0, 0]),
        (Action::ManageSubscriptions, [1, 0, 0, 1, 0, 0, 0]),
        (Action::ViewBenefits, [1, 0, 0, 1, 0, 0, 0]),
        (Action::ManageBenefits, [1, 0, 0, 1, 0, 0, 0]),
        (Action::RevealProductKeys, [1, 0, 0, 1, 0, 0, 0]),
        (Action::ViewOwnAssignments, [1, 1, 1, 1, 1, 0, 0]),
        (Action::ViewServiceRequests, [1, 1, 1, 1, 0, 0, 0]),
        (Action::CreateServiceRequest, [1, 1, 1, 1, 0, 0, 0]),
        (Action::WorkSupportQueue, [0, 0, 0, 0, 0, 1, 1]),
        (Action::ResolveCancellation, [0, 0, 0, 0, 0, 1, 1]),
        (Action::GrantCompetency, [0, 0, 0, 0, 0, 0, 1]),
    ];

    #[test]
    fn every_action_and_role_pair_matches_the_table() {
        assert_eq!(EXPECTED.len(), Action::ALL.len());
        for (action, row) in EXPECTED {
            for (role, expected) in Role::ALL.into_iter().zip(row) {
                assert_eq!(role.allows(action), expected == 1, "{role:?} × {action:?}");
            }
        }
        for action in Action::ALL {
            assert!(EXPECTED.iter().any(|(a, _)| *a == action), "{action:?} missing from the table");
        }
    }

    #[test]
    fn staff_roles_grant_nothing_inside_a_partner_organization() {
        for action in Action::ALL {
            let staff_only = matches!(action, Action::WorkSupportQueue | Action::ResolveCancellation | Action::GrantCompetency);
            if !staff_only {
                assert!(!RoleSet::from_roles([Role::SupportAgent, Role::ProgramAdmin]).allows(action));
            }
        }
    }

    #[test]
    fn role_sets_round_trip_through_bits() {
        let set = RoleSet::from_roles([Role::BillingAdmin, Role::Member]);
        assert_eq!(RoleSet::from_bits(set.bits()), Some(set));
        assert_eq!(set.roles(), vec![Role::BillingAdmin, Role::Member]);
        assert!(RoleSet::from_bits(1 << 20).is_none());
        assert!(RoleSet::default().is_empty());
    }

    #[test]
    fn a_set_allows_what_any_of_its_roles_allows() {
        let set = RoleSet::from_roles([Role::Member, Role::BillingAdmin]);
        assert!(set.allows(Action::ManagePaymentMethods));
        assert!(!set.allows(Action::ManageUsers));
    }
}
