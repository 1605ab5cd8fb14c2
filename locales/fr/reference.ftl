### Descriptions en français de la référence de l’API (site d’aide, <lang>/reference/).
### Un message par élément du schéma : ref-Type, ref-Type-champ, ref-Type-champ-argument,
### ref-Enum-VALEUR (voir src/docs/reference.rs). Mêmes identifiants que locales/en/reference.ftl.
### Un élément ajouté à l’API sans description ici fait échouer la construction du site.

## Query

ref-Query = La racine de toutes les lectures : une requête commence par l’un de ces champs.
ref-Query-node = L’objet qui porte cet identifiant global, ou null s’il n’existe pas ou si l’utilisateur connecté n’a pas le droit de le voir (les deux cas sont indiscernables).
ref-Query-node-id = L’identifiant global de l’objet.
ref-Query-nodes = Les objets qui portent ces identifiants globaux, dans le même ordre ; null pour chacun de ceux qui n’existent pas ou sont masqués. 100 identifiants au plus.
ref-Query-nodes-ids = Les identifiants globaux, 100 au plus.
ref-Query-viewer = L’utilisateur connecté. Erreur UNAUTHENTICATED sans jeton valide.
ref-Query-organization = L’organisation de l’utilisateur connecté.
ref-Query-program = Le programme partenaire : niveaux d’adhésion, offres et leur contenu. Public.
ref-Query-orderPreview = Prix, dates et conditions d’un achat ou d’un renouvellement avant qu’il ne soit passé (l’étape de vérification).
ref-Query-orderPreview-offerId = L’offre à acheter.
ref-Query-orderPreview-subscriptionId = Pour un renouvellement : l’abonnement à renouveler. À omettre pour un premier achat.
ref-Query-supportQueue = Réservé au personnel du programme : les demandes de service de toutes les organisations.
ref-Query-supportQueue-first = Nombre de demandes à renvoyer, de 1 à 100 (obligatoire).
ref-Query-supportQueue-after = Le endCursor de la page précédente ; à omettre pour la première page.
ref-Query-supportQueue-status = Seulement les demandes qui ont ce statut.

## Mutation

ref-Mutation = La racine des modifications, qui réunit un objet par domaine.
ref-Mutation-joinNetwork = Crée une organisation partenaire, membre du réseau dès cet instant, avec son premier administrateur général. Ne demande pas de jeton.
ref-Mutation-joinNetwork-input = L’organisation et son premier administrateur général.
ref-Mutation-signIn = Échange une adresse e-mail et un mot de passe contre un jeton d’accès (bearer). Ne demande pas de jeton.
ref-Mutation-signIn-input = L’adresse e-mail et le mot de passe.
ref-Mutation-signOut = Révoque le jeton avec lequel la requête a été envoyée.
ref-Mutation-signOut-input = Aucun champ n’est obligatoire.
ref-Mutation-changePassword = Change le mot de passe de l’utilisateur connecté ; ses autres sessions sont fermées.
ref-Mutation-changePassword-input = Le mot de passe actuel et le nouveau.
ref-Mutation-createUser = Ajoute un utilisateur à l’organisation de l’utilisateur connecté, avec un mot de passe temporaire.
ref-Mutation-createUser-input = L’adresse e-mail, le nom et les rôles du nouvel utilisateur.
ref-Mutation-setUserRoles = Remplace les rôles d’un utilisateur.
ref-Mutation-setUserRoles-input = L’utilisateur et ses nouveaux rôles.
ref-Mutation-deactivateUser = Désactive un utilisateur : il ne peut plus se connecter et ses jetons cessent de fonctionner.
ref-Mutation-deactivateUser-input = L’utilisateur à désactiver.
ref-Mutation-addPaymentMethod = Ajoute une carte. Seuls sa marque, ses quatre derniers chiffres et sa date d’expiration sont conservés.
ref-Mutation-addPaymentMethod-input = La carte.
ref-Mutation-removePaymentMethod = Retire un moyen de paiement de l’organisation.
ref-Mutation-removePaymentMethod-input = Le moyen de paiement à retirer.
ref-Mutation-purchaseOffer = Achète une offre : la carte est débitée immédiatement.
ref-Mutation-purchaseOffer-input = L’offre, la carte et les conditions acceptées.
ref-Mutation-setAutoRenew = Désactive le renouvellement automatique (à tout moment) ou le réactive (seulement tant qu’il n’a pas été désactivé).
ref-Mutation-setAutoRenew-input = L’abonnement et le nouveau réglage.
ref-Mutation-renewSubscription = Renouvelle manuellement, de 30 jours avant la fin de la période jusqu’à la fin du période de grâce.
ref-Mutation-renewSubscription-input = L’abonnement, la carte et les conditions acceptées.
ref-Mutation-renewNetworkMembership = Renouvelle pour un an, gratuitement, l’adhésion de l’organisation au réseau, en acceptant le contrat d’adhésion en vigueur.
ref-Mutation-renewNetworkMembership-input = La version du contrat acceptée, et une clé d’idempotence facultative.
ref-Mutation-requestCancellation = La résiliation passe par le support : cette mutation ouvre une demande de service de facturation pour l’abonnement.
ref-Mutation-requestCancellation-input = L’abonnement et le motif.
ref-Mutation-revealProductKeys = Affiche les clés de produit d’un avantage (administrateurs généraux et administrateurs de l’adhésion ; consigné dans le journal d’audit).
ref-Mutation-revealProductKeys-input = L’avantage.
ref-Mutation-activateBenefit = Services cloud à l’usage : attribue l’avantage à l’utilisateur connecté.
ref-Mutation-activateBenefit-input = L’avantage à activer.
ref-Mutation-assignBenefit = Donne un poste à un utilisateur de l’organisation.
ref-Mutation-assignBenefit-input = L’avantage et l’utilisateur.
ref-Mutation-unassignBenefit = Libère un poste (pour réattribuer, retirez l’attribution puis attribuez de nouveau).
ref-Mutation-unassignBenefit-input = L’attribution à retirer.
ref-Mutation-assignSupportBenefit = Attribue le plan de support à un utilisateur, avec une adresse e-mail secondaire différente de la sienne.
ref-Mutation-assignSupportBenefit-input = L’avantage, l’utilisateur et l’adresse e-mail secondaire.
ref-Mutation-createServiceRequest = Ouvre une demande de service pour l’organisation de l’utilisateur connecté.
ref-Mutation-createServiceRequest-input = L’objet de la demande.
ref-Mutation-addServiceRequestNote = Ajoute une note à une demande de service qui n’est pas fermée.
ref-Mutation-addServiceRequestNote-input = La demande et la note.
ref-Mutation-updateServiceRequestStatus = Personnel du programme.
ref-Mutation-updateServiceRequestStatus-input = La demande, son nouveau statut et une note facultative.
ref-Mutation-resolveCancellation = Personnel du programme : traite une demande de résiliation en résiliant l’abonnement concerné.
ref-Mutation-resolveCancellation-input = La demande de résiliation et une note facultative.
ref-Mutation-grantCompetency = Personnel du programme.
ref-Mutation-grantCompetency-input = L’organisation, le domaine, le niveau et la date d’expiration.

## ActivateBenefitPayload

ref-ActivateBenefitPayload = Ce que renvoie activateBenefit.
ref-ActivateBenefitPayload-benefit = L’avantage, mis à jour.
ref-ActivateBenefitPayload-assignment = La nouvelle attribution de l’utilisateur connecté.
ref-ActivateBenefitPayload-userErrors = Les échecs dus aux règles métier ; vide si la mutation a réussi.

## AddPaymentMethodPayload

ref-AddPaymentMethodPayload = Ce que renvoie addPaymentMethod.
ref-AddPaymentMethodPayload-paymentMethod = La carte telle qu’elle est enregistrée.
ref-AddPaymentMethodPayload-userErrors = Les échecs dus aux règles métier ; vide si la mutation a réussi.

## AddServiceRequestNotePayload

ref-AddServiceRequestNotePayload = Ce que renvoie addServiceRequestNote.
ref-AddServiceRequestNotePayload-serviceRequest = La demande avec sa nouvelle note.
ref-AddServiceRequestNotePayload-userErrors = Les échecs dus aux règles métier ; vide si la mutation a réussi.

## AssignBenefitPayload

ref-AssignBenefitPayload = Ce que renvoie assignBenefit.
ref-AssignBenefitPayload-assignment = La nouvelle attribution.
ref-AssignBenefitPayload-benefit = L’avantage, avec ses compteurs mis à jour.
ref-AssignBenefitPayload-userErrors = Les échecs dus aux règles métier ; vide si la mutation a réussi.

## AssignSupportBenefitPayload

ref-AssignSupportBenefitPayload = Ce que renvoie assignSupportBenefit.
ref-AssignSupportBenefitPayload-assignment = La nouvelle attribution, en attente d’activation.
ref-AssignSupportBenefitPayload-userErrors = Les échecs dus aux règles métier ; vide si la mutation a réussi.

## AuditEvent

ref-AuditEvent = Une entrée du journal d’audit : qui a fait quoi, sur quel objet et quand.
ref-AuditEvent-id = L’identifiant global.
ref-AuditEvent-actor = L’auteur de l’action ; vide pour le système et la ligne de commande.
ref-AuditEvent-action = Le nom de l’action, en segments séparés par des points, par exemple subscription.autoRenew.off.
ref-AuditEvent-targetId = L’identifiant global de l’objet concerné, s’il y en a un.
ref-AuditEvent-at = La date et l’heure de l’action.

## AuditEventConnection

ref-AuditEventConnection = Une page d’événements d’audit.
ref-AuditEventConnection-pageInfo = Les informations utiles à la pagination.
ref-AuditEventConnection-edges = La liste des arêtes.
ref-AuditEventConnection-nodes = La liste des nœuds.
ref-AuditEventConnection-totalCount = Le nombre d’éléments de la liste entière.

## AuditEventEdge

ref-AuditEventEdge = Une arête d’une connexion.
ref-AuditEventEdge-node = L’élément au bout de l’arête.
ref-AuditEventEdge-cursor = Un curseur pour la pagination.

## Benefit

ref-Benefit = Ce qu’apporte un abonnement : des logiciels, un service cloud, des abonnements pour développeurs ou un plan de support.
ref-Benefit-id = L’identifiant global.
ref-Benefit-subscription = L’abonnement qui le fournit.
ref-Benefit-product = Le produit.
ref-Benefit-category = L’onglet sous lequel il figure.
ref-Benefit-activation = La façon de l’utiliser.
ref-Benefit-quantity = Le nombre d’unités fournies par l’abonnement.
ref-Benefit-unit = Ce que compte la quantité.
ref-Benefit-assignedCount = Le nombre d’unités utilisées.
ref-Benefit-availableCount = Le nombre d’unités restantes.
ref-Benefit-status = Son statut.
ref-Benefit-expiresAt = Sa date de fin : la fin de la période en cours de l’abonnement.
ref-Benefit-specialInstructions = Ce qu’il faut savoir avant de l’activer, le cas échéant.
ref-Benefit-portalUrl = Le portail où il se gère une fois activé (portail Azure, portail Visual Studio, portail du support) ; null s’il s’utilise ici.
ref-Benefit-keysRevealed = Avantages PRODUCT_KEY : indique si les clés ont été affichées (les clés elles-mêmes s’obtiennent avec revealProductKeys).
ref-Benefit-languages = Avantages logiciels : les langues et systèmes d’exploitation proposés.
ref-Benefit-operatingSystems = Avantages logiciels : les systèmes d’exploitation proposés.
ref-Benefit-downloads = Les fichiers pour une langue et un système d’exploitation ; un choix non proposé est une erreur.
ref-Benefit-downloads-language = L’une des langues de l’avantage.
ref-Benefit-downloads-operatingSystem = L’un des systèmes d’exploitation de l’avantage.
ref-Benefit-assignments = Les titulaires d’un poste, pour les avantages attribués à des utilisateurs.

## BenefitAllocation

ref-BenefitAllocation = Un avantage compris dans une offre, avant tout achat.
ref-BenefitAllocation-product = Le produit.
ref-BenefitAllocation-category = L’onglet sous lequel il figurera.
ref-BenefitAllocation-quantity = Le nombre d’unités fournies par un abonnement.
ref-BenefitAllocation-unit = Ce que compte la quantité.
ref-BenefitAllocation-activation = La façon de l’utiliser.

## BenefitAssignment

ref-BenefitAssignment = Un poste d’un avantage attribué à un utilisateur.
ref-BenefitAssignment-id = L’identifiant global.
ref-BenefitAssignment-benefit = L’avantage.
ref-BenefitAssignment-user = L’utilisateur titulaire du poste.
ref-BenefitAssignment-alternateEmail = Plan de support : l’adresse e-mail que contacte le support, différente de celle du compte.
ref-BenefitAssignment-status = Son statut.
ref-BenefitAssignment-assignedAt = La date d’attribution du poste.
ref-BenefitAssignment-activatesAt = PENDING_ACTIVATION : la date d’activation prévue.
ref-BenefitAssignment-activatedAt = La date à laquelle l’attribution est devenue active.

## ChangePasswordPayload

ref-ChangePasswordPayload = Ce que renvoie changePassword.
ref-ChangePasswordPayload-viewer = L’utilisateur connecté.
ref-ChangePasswordPayload-userErrors = Les échecs dus aux règles métier ; vide si la mutation a réussi.

## Competency

ref-Competency = Une compétence détenue par une organisation, à un niveau donné.
ref-Competency-id = L’identifiant global.
ref-Competency-area = Le domaine.
ref-Competency-level = Le niveau.
ref-Competency-status = Indique si elle compte encore.
ref-Competency-attainedAt = La date d’obtention.
ref-Competency-expiresAt = La date d’expiration.

## CompetencyArea

ref-CompetencyArea = Un domaine dans lequel une compétence peut être obtenue.
ref-CompetencyArea-code = Le code, qui ne change pas.
ref-CompetencyArea-name = Le nom, dans la langue de la requête.

## CreateServiceRequestPayload

ref-CreateServiceRequestPayload = Ce que renvoie createServiceRequest.
ref-CreateServiceRequestPayload-serviceRequest = La nouvelle demande.
ref-CreateServiceRequestPayload-userErrors = Les échecs dus aux règles métier ; vide si la mutation a réussi.

## CreateUserPayload

ref-CreateUserPayload = Ce que renvoie createUser.
ref-CreateUserPayload-user = Le nouvel utilisateur.
ref-CreateUserPayload-temporaryPassword = Affiché une seule fois ; à changer à la première connexion.
ref-CreateUserPayload-userErrors = Les échecs dus aux règles métier ; vide si la mutation a réussi.

## DeactivateUserPayload

ref-DeactivateUserPayload = Ce que renvoie deactivateUser.
ref-DeactivateUserPayload-user = L’utilisateur, désormais inactif.
ref-DeactivateUserPayload-userErrors = Les échecs dus aux règles métier ; vide si la mutation a réussi.

## Download

ref-Download = Un fichier à télécharger pour un avantage logiciel.
ref-Download-fileName = Le nom du fichier.
ref-Download-url = L’adresse de téléchargement.
ref-Download-sizeBytes = Taille en octets. Les images d’installation dépassent 2 Gio : les valeurs peuvent sortir de la plage 32 bits que GraphQL recommande pour Int. Lisez-les comme des nombres 64 bits.
ref-Download-sha256 = La somme de contrôle SHA-256, en hexadécimal, pour vérifier le fichier.

## GrantCompetencyPayload

ref-GrantCompetencyPayload = Ce que renvoie grantCompetency.
ref-GrantCompetencyPayload-competency = La compétence accordée.
ref-GrantCompetencyPayload-userErrors = Les échecs dus aux règles métier ; vide si la mutation a réussi.

## JoinNetworkPayload

ref-JoinNetworkPayload = Ce que renvoie joinNetwork.
ref-JoinNetworkPayload-organization = La nouvelle organisation.
ref-JoinNetworkPayload-user = Son premier administrateur général.
ref-JoinNetworkPayload-userErrors = Les échecs dus aux règles métier ; vide si la mutation a réussi.

## Membership

ref-Membership = La situation d’une organisation dans le programme partenaire.
ref-Membership-level = Le niveau le plus élevé atteint : GOLD_COMPETENCY > SILVER_COMPETENCY > ACTION_PACK > NETWORK.
ref-Membership-networkMemberSince = La date d’entrée de l’organisation dans le réseau.
ref-Membership-networkTermEnd = La fin de la période d’adhésion en cours ; un renouvellement ajoute un an.
ref-Membership-networkActive = Indique si l’adhésion au réseau est en cours (les offres peuvent alors être achetées et renouvelées).
ref-Membership-networkRenewalOpensAt = L’ouverture de renewNetworkMembership : 30 jours avant la fin de la période.
ref-Membership-canRenewNetwork = Indique si renewNetworkMembership renouvellerait l’adhésion maintenant.
ref-Membership-networkAgreement = Le contrat d’adhésion au réseau qu’un renouvellement accepte.
ref-Membership-actionPack = L’abonnement Action Pack en cours, s’il y en a un.
ref-Membership-competencies = Les compétences détenues, actuelles ou passées.

## MembershipLevelInfo

ref-MembershipLevelInfo = Un niveau d’adhésion tel que le programme le présente.
ref-MembershipLevelInfo-level = Le niveau.
ref-MembershipLevelInfo-name = Son nom, dans la langue de la requête.
ref-MembershipLevelInfo-description = Ce qu’il apporte, dans la langue de la requête.

## Money

ref-Money = Un montant dans une devise.
ref-Money-amount = Le montant, sous forme de chaîne décimale.
ref-Money-currencyCode = ISO 4217, par exemple USD.
ref-Money-formatted = Mis en forme selon la langue, par exemple « $475.00 » en anglais et « 475,00 $US » en français.

## Offer

ref-Offer = Ce qu’une organisation peut acheter, comme Action Pack.
ref-Offer-id = L’identifiant global.
ref-Offer-code = Code stable, par exemple ACTION_PACK.
ref-Offer-name = Le nom, dans la langue de la requête.
ref-Offer-description = Sa description, dans la langue de la requête.
ref-Offer-price = Le prix d’une période.
ref-Offer-term = Durée d’une période au format ISO 8601, par exemple P1Y.
ref-Offer-autoRenewable = Indique si les abonnements se renouvellent d’eux-mêmes à la fin de chaque période.
ref-Offer-requiresLevel = Le niveau d’adhésion nécessaire pour l’acheter.
ref-Offer-terms = Les conditions que l’acheteur accepte.
ref-Offer-includes = Ce que comprend un abonnement.

## OfferSubscription

ref-OfferSubscription = Une offre achetée, de sa première période jusqu’à sa fin.
ref-OfferSubscription-id = L’identifiant global.
ref-OfferSubscription-offer = L’offre achetée.
ref-OfferSubscription-status = Son statut dans son cycle de vie.
ref-OfferSubscription-autoRenew = Indique s’il se renouvelle de lui-même à la fin de la période.
ref-OfferSubscription-canTurnOnAutoRenew = Faux dès que le renouvellement automatique a été désactivé, jusqu’au renouvellement de l’abonnement.
ref-OfferSubscription-purchasedAt = La date d’achat.
ref-OfferSubscription-currentTermStart = Le début de la période en cours.
ref-OfferSubscription-currentTermEnd = Date du renouvellement (renouvellement automatique activé) ou de l’expiration (désactivé).
ref-OfferSubscription-graceEndsAt = Renseigné lorsque la période s’est terminée sans renouvellement ; les avantages restent disponibles jusqu’à cette date.
ref-OfferSubscription-renewalOpensAt = La date à partir de laquelle il peut être renouvelé manuellement : 30 jours avant la fin de la période.
ref-OfferSubscription-paymentMethod = La carte débitée lors des renouvellements.
ref-OfferSubscription-orders = Ses commandes : l’achat puis chaque renouvellement.
ref-OfferSubscription-benefits = Les avantages qu’il fournit.

## OfferSubscriptionConnection

ref-OfferSubscriptionConnection = Une page d’abonnements.
ref-OfferSubscriptionConnection-pageInfo = Les informations utiles à la pagination.
ref-OfferSubscriptionConnection-edges = La liste des arêtes.
ref-OfferSubscriptionConnection-nodes = La liste des nœuds.
ref-OfferSubscriptionConnection-totalCount = Le nombre d’éléments de la liste entière.

## OfferSubscriptionEdge

ref-OfferSubscriptionEdge = Une arête d’une connexion.
ref-OfferSubscriptionEdge-node = L’élément au bout de l’arête.
ref-OfferSubscriptionEdge-cursor = Un curseur pour la pagination.

## Order

ref-Order = Un achat ou un renouvellement, et son paiement.
ref-Order-id = L’identifiant global.
ref-Order-number = Numéro de commande lisible par les personnes.
ref-Order-kind = Un premier achat ou un renouvellement.
ref-Order-offer = L’offre achetée.
ref-Order-subscription = L’abonnement qu’elle a créé ou renouvelé.
ref-Order-total = Le montant débité.
ref-Order-status = Son issue.
ref-Order-refundedAt = Commandes REFUNDED : la date à laquelle l’argent est revenu sur la carte.
ref-Order-paymentMethod = La carte débitée.
ref-Order-termsVersion = La version des conditions acceptées.
ref-Order-placedBy = L’auteur de la commande ; pour les renouvellements automatiques, la personne qui a acheté l’abonnement.
ref-Order-createdAt = La date de la commande.

## OrderConnection

ref-OrderConnection = Une page de commandes.
ref-OrderConnection-pageInfo = Les informations utiles à la pagination.
ref-OrderConnection-edges = La liste des arêtes.
ref-OrderConnection-nodes = La liste des nœuds.
ref-OrderConnection-totalCount = Le nombre d’éléments de la liste entière.

## OrderEdge

ref-OrderEdge = Une arête d’une connexion.
ref-OrderEdge-node = L’élément au bout de l’arête.
ref-OrderEdge-cursor = Un curseur pour la pagination.

## OrderPreview

ref-OrderPreview = Prix, dates et conditions d’un achat ou d’un renouvellement avant qu’il ne soit passé.
ref-OrderPreview-offer = L’offre.
ref-OrderPreview-kind = Un premier achat ou un renouvellement.
ref-OrderPreview-price = Le montant qui sera débité.
ref-OrderPreview-termStart = Le début de la période concernée.
ref-OrderPreview-termEnd = La fin de la période concernée.
ref-OrderPreview-terms = Les conditions à accepter.
ref-OrderPreview-chargedImmediately = Vrai lorsque la carte sera débitée dès l’achat.
ref-OrderPreview-autoRenew = Indique si l’abonnement se renouvellera de lui-même.

## Organization

ref-Organization = Une organisation partenaire.
ref-Organization-id = L’identifiant global.
ref-Organization-partnerId = ID partenaire public, par exemple « 4801234 ».
ref-Organization-legalName = Sa raison sociale.
ref-Organization-country = ISO 3166-1 alpha-2.
ref-Organization-createdAt = Sa date d’inscription.
ref-Organization-membership = La situation de l’organisation dans le programme partenaire.
ref-Organization-users = Les utilisateurs de l’organisation, dans l’ordre de leur ajout.
ref-Organization-users-first = Nombre d’utilisateurs à renvoyer, de 1 à 100 (obligatoire).
ref-Organization-users-after = Le endCursor de la page précédente ; à omettre pour la première page.
ref-Organization-users-role = Seulement les utilisateurs qui ont ce rôle.
ref-Organization-auditLog = Réservé aux administrateurs généraux : qui a fait quoi, du plus récent au plus ancien.
ref-Organization-auditLog-first = Nombre d’événements à renvoyer, de 1 à 100 (obligatoire).
ref-Organization-auditLog-after = Le endCursor de la page précédente ; à omettre pour la première page.
ref-Organization-availableOffers = Les offres que cette organisation peut acheter maintenant (Offres disponibles).
ref-Organization-subscriptions = Ce qu’elle a acheté (Offres achetées), du plus récent au plus ancien.
ref-Organization-subscriptions-first = Nombre d’abonnements à renvoyer, de 1 à 100 (obligatoire).
ref-Organization-subscriptions-after = Le endCursor de la page précédente ; à omettre pour la première page.
ref-Organization-subscriptions-status = Seulement les abonnements qui ont ce statut.
ref-Organization-paymentMethods = Ses cartes.
ref-Organization-orders = Les commandes, de la plus récente à la plus ancienne.
ref-Organization-orders-first = Nombre de commandes à renvoyer, de 1 à 100 (obligatoire).
ref-Organization-orders-after = Le endCursor de la page précédente ; à omettre pour la première page.
ref-Organization-benefits = Les avantages de ses abonnements, éventuellement ceux d’un seul onglet.
ref-Organization-benefits-category = Seulement les avantages de cet onglet ; à omettre pour les avoir tous.
ref-Organization-serviceRequests = Les demandes de service, de la plus récente à la plus ancienne.
ref-Organization-serviceRequests-first = Nombre de demandes à renvoyer, de 1 à 100 (obligatoire).
ref-Organization-serviceRequests-after = Le endCursor de la page précédente ; à omettre pour la première page.
ref-Organization-serviceRequests-status = Seulement les demandes qui ont ce statut.

## PageInfo

ref-PageInfo = Les informations de pagination d’une connexion.
ref-PageInfo-hasPreviousPage = En remontant les pages : reste-t-il des éléments ?
ref-PageInfo-hasNextPage = En avançant dans les pages : reste-t-il des éléments ?
ref-PageInfo-startCursor = En remontant les pages : le curseur à partir duquel continuer.
ref-PageInfo-endCursor = En avançant dans les pages : le curseur à partir duquel continuer.

## PaymentMethod

ref-PaymentMethod = Une carte, telle qu’elle est conservée : jamais son numéro complet ni son cryptogramme.
ref-PaymentMethod-id = L’identifiant global.
ref-PaymentMethod-brand = La marque de la carte, par exemple Visa.
ref-PaymentMethod-last4 = Les quatre derniers chiffres du numéro.
ref-PaymentMethod-expiryMonth = Le mois d’expiration, de 1 à 12.
ref-PaymentMethod-expiryYear = L’année d’expiration, sur quatre chiffres.
ref-PaymentMethod-holderName = Le nom inscrit sur la carte.

## Product

ref-Product = Le produit auquel correspond un avantage.
ref-Product-code = Code stable, par exemple WIN10_ENT_UPGRADE.
ref-Product-name = Le nom, dans la langue de la requête.

## ProductKey

ref-ProductKey = Une clé de produit d’un avantage logiciel.
ref-ProductKey-product = Le produit qu’elle active.
ref-ProductKey-key = La clé.
ref-ProductKey-instructions = Son mode d’emploi, s’il a des particularités.

## Program

ref-Program = Le programme partenaire : ce que chacun peut consulter avant d’y adhérer.
ref-Program-membershipLevels = Les niveaux d’adhésion, du plus bas au plus élevé.
ref-Program-offers = Les offres en vente.
ref-Program-competencyAreas = Les domaines dans lesquels des compétences sont accordées.

## PurchaseOfferPayload

ref-PurchaseOfferPayload = Ce que renvoie purchaseOffer.
ref-PurchaseOfferPayload-order = La commande, payée.
ref-PurchaseOfferPayload-subscription = Le nouvel abonnement.
ref-PurchaseOfferPayload-userErrors = Les échecs dus aux règles métier ; vide si la mutation a réussi.

## RemovePaymentMethodPayload

ref-RemovePaymentMethodPayload = Ce que renvoie removePaymentMethod.
ref-RemovePaymentMethodPayload-removedId = L’identifiant global du moyen de paiement retiré.
ref-RemovePaymentMethodPayload-userErrors = Les échecs dus aux règles métier ; vide si la mutation a réussi.

## RenewSubscriptionPayload

ref-RenewSubscriptionPayload = Ce que renvoie renewSubscription.
ref-RenewSubscriptionPayload-order = La commande de renouvellement, payée.
ref-RenewSubscriptionPayload-subscription = L’abonnement, avec sa nouvelle période.
ref-RenewSubscriptionPayload-userErrors = Les échecs dus aux règles métier ; vide si la mutation a réussi.

## RenewNetworkMembershipPayload

ref-RenewNetworkMembershipPayload = Ce que renvoie renewNetworkMembership.
ref-RenewNetworkMembershipPayload-membership = L’adhésion, avec sa nouvelle période.
ref-RenewNetworkMembershipPayload-userErrors = Les échecs dus aux règles métier ; vide si la mutation a réussi.

## RequestCancellationPayload

ref-RequestCancellationPayload = Ce que renvoie requestCancellation.
ref-RequestCancellationPayload-serviceRequest = La demande de facturation ouverte pour la résiliation.
ref-RequestCancellationPayload-userErrors = Les échecs dus aux règles métier ; vide si la mutation a réussi.

## ResolveCancellationPayload

ref-ResolveCancellationPayload = Ce que renvoie resolveCancellation.
ref-ResolveCancellationPayload-serviceRequest = La demande, résolue.
ref-ResolveCancellationPayload-subscription = L’abonnement, résilié.
ref-ResolveCancellationPayload-userErrors = Les échecs dus aux règles métier ; vide si la mutation a réussi.

## RevealProductKeysPayload

ref-RevealProductKeysPayload = Ce que renvoie revealProductKeys.
ref-RevealProductKeysPayload-keys = Les clés de produit.
ref-RevealProductKeysPayload-userErrors = Les échecs dus aux règles métier ; vide si la mutation a réussi.

## ServiceRequest

ref-ServiceRequest = Une demande adressée au support du programme.
ref-ServiceRequest-id = L’identifiant global.
ref-ServiceRequest-number = Numéro lisible par les personnes, par exemple SR-000042.
ref-ServiceRequest-category = Son objet.
ref-ServiceRequest-severity = Son degré d’urgence.
ref-ServiceRequest-title = Un bref résumé.
ref-ServiceRequest-description = La description complète.
ref-ServiceRequest-status = Son statut.
ref-ServiceRequest-subscription = L’abonnement concerné, le cas échéant.
ref-ServiceRequest-organization = L’organisation qui l’a ouverte.
ref-ServiceRequest-openedBy = L’utilisateur qui l’a ouverte.
ref-ServiceRequest-createdAt = La date d’ouverture.
ref-ServiceRequest-updatedAt = La date de la dernière modification.
ref-ServiceRequest-closedAt = La date de résolution ou de fermeture.
ref-ServiceRequest-notes = Les notes, de la plus ancienne à la plus récente.

## ServiceRequestConnection

ref-ServiceRequestConnection = Une page de demandes de service.
ref-ServiceRequestConnection-pageInfo = Les informations utiles à la pagination.
ref-ServiceRequestConnection-edges = La liste des arêtes.
ref-ServiceRequestConnection-nodes = La liste des nœuds.
ref-ServiceRequestConnection-totalCount = Le nombre d’éléments de la liste entière.

## ServiceRequestEdge

ref-ServiceRequestEdge = Une arête d’une connexion.
ref-ServiceRequestEdge-node = L’élément au bout de l’arête.
ref-ServiceRequestEdge-cursor = Un curseur pour la pagination.

## ServiceRequestNote

ref-ServiceRequestNote = Une note sur une demande de service, du partenaire ou du support.
ref-ServiceRequestNote-author = Son auteur.
ref-ServiceRequestNote-body = Le texte.
ref-ServiceRequestNote-createdAt = La date de rédaction.

## SetAutoRenewPayload

ref-SetAutoRenewPayload = Ce que renvoie setAutoRenew.
ref-SetAutoRenewPayload-subscription = L’abonnement, mis à jour.
ref-SetAutoRenewPayload-userErrors = Les échecs dus aux règles métier ; vide si la mutation a réussi.

## SetUserRolesPayload

ref-SetUserRolesPayload = Ce que renvoie setUserRoles.
ref-SetUserRolesPayload-user = L’utilisateur avec ses nouveaux rôles.
ref-SetUserRolesPayload-userErrors = Les échecs dus aux règles métier ; vide si la mutation a réussi.

## SignInPayload

ref-SignInPayload = Ce que renvoie signIn.
ref-SignInPayload-token = Jeton d’accès (bearer) ; affiché une seule fois.
ref-SignInPayload-expiresAt = La date à laquelle le jeton cesse de fonctionner.
ref-SignInPayload-viewer = L’utilisateur connecté.
ref-SignInPayload-userErrors = Les échecs dus aux règles métier ; vide si la mutation a réussi.

## SignOutPayload

ref-SignOutPayload = Ce que renvoie signOut.
ref-SignOutPayload-ok = Vrai une fois le jeton révoqué.
ref-SignOutPayload-userErrors = Les échecs dus aux règles métier ; vide si la mutation a réussi.

## TermsDocument

ref-TermsDocument = Les conditions d’une offre, dans une version donnée.
ref-TermsDocument-version = La version, à accepter lors d’un achat ou d’un renouvellement.
ref-TermsDocument-title = Le titre.
ref-TermsDocument-url = URL absolue ou relative au site du texte complet, dans la langue de la requête.

## UnassignBenefitPayload

ref-UnassignBenefitPayload = Ce que renvoie unassignBenefit.
ref-UnassignBenefitPayload-benefit = L’avantage, avec le poste de nouveau libre.
ref-UnassignBenefitPayload-userErrors = Les échecs dus aux règles métier ; vide si la mutation a réussi.

## UpdateServiceRequestStatusPayload

ref-UpdateServiceRequestStatusPayload = Ce que renvoie updateServiceRequestStatus.
ref-UpdateServiceRequestStatusPayload-serviceRequest = La demande, mise à jour.
ref-UpdateServiceRequestStatusPayload-userErrors = Les échecs dus aux règles métier ; vide si la mutation a réussi.

## User

ref-User = Une personne qui se connecte : un utilisateur d’une organisation partenaire ou un membre du personnel du programme.
ref-User-id = L’identifiant global.
ref-User-email = L’adresse e-mail de connexion.
ref-User-displayName = Le nom affiché aux autres.
ref-User-roles = Ce qu’il a le droit de faire.
ref-User-active = Faux dès qu’il a été désactivé.
ref-User-mustChangePassword = Vrai tant qu’un mot de passe temporaire n’a pas été changé.
ref-User-organization = Son organisation.
ref-User-createdAt = La date d’ajout.
ref-User-assignments = Les avantages attribués à cet utilisateur.

## UserConnection

ref-UserConnection = Une page d’utilisateurs.
ref-UserConnection-pageInfo = Les informations utiles à la pagination.
ref-UserConnection-edges = La liste des arêtes.
ref-UserConnection-nodes = La liste des nœuds.
ref-UserConnection-totalCount = Le nombre d’éléments de la liste entière.

## UserEdge

ref-UserEdge = Une arête d’une connexion.
ref-UserEdge-node = L’élément au bout de l’arête.
ref-UserEdge-cursor = Un curseur pour la pagination.

## UserError

ref-UserError = Un échec dû à une règle métier, signalé dans la réponse d’une mutation (HTTP 200, data présent).
ref-UserError-field = Le chemin du champ d’entrée en cause, par exemple ["input", "alternateEmail"].
ref-UserError-code = Code stable, sur lequel s’appuyer dans votre code.
ref-UserError-message = Rédigé pour les personnes, dans la langue de la requête.

## Node

ref-Node = Un objet doté d’un identifiant global.
ref-Node-id = L’identifiant global : opaque, à renvoyer tel quel.

## ActivateBenefitInput

ref-ActivateBenefitInput = Entrée de activateBenefit.
ref-ActivateBenefitInput-benefitId = L’avantage, un service cloud à l’usage.

## AddPaymentMethodInput

ref-AddPaymentMethodInput = Entrée de addPaymentMethod : une carte.
ref-AddPaymentMethodInput-cardNumber = Chiffres ; les espaces et les tirets sont ignorés. Jamais conservé.
ref-AddPaymentMethodInput-expiryMonth = Le mois d’expiration, de 1 à 12.
ref-AddPaymentMethodInput-expiryYear = L’année d’expiration, sur quatre chiffres.
ref-AddPaymentMethodInput-cvc = Jamais conservé.
ref-AddPaymentMethodInput-holderName = Le nom inscrit sur la carte.

## AddServiceRequestNoteInput

ref-AddServiceRequestNoteInput = Entrée de addServiceRequestNote.
ref-AddServiceRequestNoteInput-serviceRequestId = La demande.
ref-AddServiceRequestNoteInput-body = Le texte de la note.

## AssignBenefitInput

ref-AssignBenefitInput = Entrée de assignBenefit.
ref-AssignBenefitInput-benefitId = L’avantage.
ref-AssignBenefitInput-userId = L’utilisateur de l’organisation qui reçoit le poste.

## AssignSupportBenefitInput

ref-AssignSupportBenefitInput = Entrée de assignSupportBenefit.
ref-AssignSupportBenefitInput-benefitId = L’avantage plan de support.
ref-AssignSupportBenefitInput-userId = L’utilisateur qui reçoit le plan.
ref-AssignSupportBenefitInput-alternateEmail = Une adresse e-mail où le support peut le joindre, différente de celle de son compte.

## ChangePasswordInput

ref-ChangePasswordInput = Entrée de changePassword.
ref-ChangePasswordInput-currentPassword = Le mot de passe actuel, ou le mot de passe temporaire.
ref-ChangePasswordInput-newPassword = Le nouveau mot de passe, d’au moins 12 caractères.

## CreateServiceRequestInput

ref-CreateServiceRequestInput = Entrée de createServiceRequest.
ref-CreateServiceRequestInput-category = L’objet de la demande.
ref-CreateServiceRequestInput-severity = Son degré d’urgence.
ref-CreateServiceRequestInput-title = 200 caractères au plus.
ref-CreateServiceRequestInput-description = 10 000 caractères au plus.
ref-CreateServiceRequestInput-subscriptionId = L’abonnement concerné, le cas échéant.

## CreateUserInput

ref-CreateUserInput = Entrée de createUser.
ref-CreateUserInput-email = L’adresse e-mail avec laquelle il se connectera.
ref-CreateUserInput-displayName = Son nom.
ref-CreateUserInput-roles = Ses rôles, au moins un.

## DeactivateUserInput

ref-DeactivateUserInput = Entrée de deactivateUser.
ref-DeactivateUserInput-userId = L’utilisateur.

## GrantCompetencyInput

ref-GrantCompetencyInput = Entrée de grantCompetency.
ref-GrantCompetencyInput-organizationId = L’organisation.
ref-GrantCompetencyInput-areaCode = Le code du domaine.
ref-GrantCompetencyInput-level = Le niveau.
ref-GrantCompetencyInput-expiresAt = La date d’expiration.

## JoinNetworkInput

ref-JoinNetworkInput = Entrée de joinNetwork.
ref-JoinNetworkInput-legalName = La raison sociale de l’organisation.
ref-JoinNetworkInput-country = ISO 3166-1 alpha-2, par exemple « FR ».
ref-JoinNetworkInput-adminEmail = L’adresse e-mail du premier administrateur général.
ref-JoinNetworkInput-adminDisplayName = Le nom du premier administrateur général.
ref-JoinNetworkInput-adminPassword = 12 caractères au moins.

## PurchaseOfferInput

ref-PurchaseOfferInput = Entrée de purchaseOffer.
ref-PurchaseOfferInput-offerId = L’offre.
ref-PurchaseOfferInput-paymentMethodId = La carte à débiter.
ref-PurchaseOfferInput-acceptTermsVersion = Doit être égal à la version en vigueur des conditions de l’offre.
ref-PurchaseOfferInput-idempotencyKey = Un nouvel essai avec la même clé renvoie le premier résultat et ne débite jamais deux fois.

## RemovePaymentMethodInput

ref-RemovePaymentMethodInput = Entrée de removePaymentMethod.
ref-RemovePaymentMethodInput-paymentMethodId = Le moyen de paiement.

## RenewSubscriptionInput

ref-RenewSubscriptionInput = Entrée de renewSubscription.
ref-RenewSubscriptionInput-subscriptionId = L’abonnement.
ref-RenewSubscriptionInput-paymentMethodId = La carte à débiter.
ref-RenewSubscriptionInput-acceptTermsVersion = Doit être égal à la version en vigueur des conditions de l’offre.
ref-RenewSubscriptionInput-idempotencyKey = Un nouvel essai avec la même clé renvoie le premier résultat et ne débite jamais deux fois.

## RenewNetworkMembershipInput

ref-RenewNetworkMembershipInput = Entrée de renewNetworkMembership.
ref-RenewNetworkMembershipInput-acceptAgreementVersion = La version du contrat d’adhésion acceptée (membership.networkAgreement.version).
ref-RenewNetworkMembershipInput-idempotencyKey = Une nouvelle tentative avec la même clé renvoie le premier résultat et ne renouvelle jamais deux fois.

## RequestCancellationInput

ref-RequestCancellationInput = Entrée de requestCancellation.
ref-RequestCancellationInput-subscriptionId = L’abonnement à résilier.
ref-RequestCancellationInput-reason = Le motif, à l’intention de l’équipe du support.

## ResolveCancellationInput

ref-ResolveCancellationInput = Entrée de resolveCancellation.
ref-ResolveCancellationInput-serviceRequestId = La demande de résiliation.
ref-ResolveCancellationInput-note = Une note à l’intention du partenaire.

## RevealProductKeysInput

ref-RevealProductKeysInput = Entrée de revealProductKeys.
ref-RevealProductKeysInput-benefitId = L’avantage logiciel.

## SetAutoRenewInput

ref-SetAutoRenewInput = Entrée de setAutoRenew.
ref-SetAutoRenewInput-subscriptionId = L’abonnement.
ref-SetAutoRenewInput-enabled = Vrai pour activer le renouvellement automatique, faux pour le désactiver.

## SetUserRolesInput

ref-SetUserRolesInput = Entrée de setUserRoles.
ref-SetUserRolesInput-userId = L’utilisateur.
ref-SetUserRolesInput-roles = L’ensemble de ses rôles désormais, au moins un.

## SignInInput

ref-SignInInput = Entrée de signIn.
ref-SignInInput-email = L’adresse e-mail du compte.
ref-SignInInput-password = Le mot de passe.

## SignOutInput

ref-SignOutInput = Entrée de signOut.
ref-SignOutInput-clientMutationId = Une valeur libre ; inutilisée.

## UnassignBenefitInput

ref-UnassignBenefitInput = Entrée de unassignBenefit.
ref-UnassignBenefitInput-assignmentId = L’attribution.

## UpdateServiceRequestStatusInput

ref-UpdateServiceRequestStatusInput = Entrée de updateServiceRequestStatus.
ref-UpdateServiceRequestStatusInput-serviceRequestId = La demande.
ref-UpdateServiceRequestStatusInput-status = Le nouveau statut.
ref-UpdateServiceRequestStatusInput-note = Une note à l’intention du partenaire.

## ActivationMethod

ref-ActivationMethod = La façon d’utiliser un avantage.
ref-ActivationMethod-PRODUCT_KEY = Afficher les clés de produit, puis installer ou activer avec elles.
ref-ActivationMethod-ASSIGN_SELF = Service cloud à l’usage : l’utilisateur qui l’active se l’attribue.
ref-ActivationMethod-ASSIGN_USER = Chaque poste est attribué à un utilisateur de l’organisation.
ref-ActivationMethod-ASSIGN_USER_WITH_ALTERNATE_EMAIL = Attribué à un utilisateur, avec une adresse e-mail secondaire différente de celle du compte.

## AssignmentStatus

ref-AssignmentStatus = Le statut d’une attribution.
ref-AssignmentStatus-PENDING_ACTIVATION = Demandée ; l’activation prend quelques jours.
ref-AssignmentStatus-ACTIVE = En service.

## BenefitCategory

ref-BenefitCategory = Les quatre onglets sous lesquels les avantages sont classés.
ref-BenefitCategory-SOFTWARE = Logiciels : clés de produit et téléchargements.
ref-BenefitCategory-CLOUD_SERVICE = Services cloud.
ref-BenefitCategory-VISUAL_STUDIO = Abonnements Visual Studio.
ref-BenefitCategory-SUPPORT = Le plan de support.

## BenefitStatus

ref-BenefitStatus = Le statut d’un avantage.
ref-BenefitStatus-NOT_ACTIVATED = Personne ne l’a encore utilisé.
ref-BenefitStatus-PENDING_ACTIVATION = L’activation a été demandée et prend quelques jours.
ref-BenefitStatus-ACTIVE = En service : clés affichées, service activé ou au moins un poste attribué.
ref-BenefitStatus-EXPIRED = L’abonnement a expiré ou a été résilié.

## BenefitUnit

ref-BenefitUnit = Ce que compte la quantité d’un avantage.
ref-BenefitUnit-LICENSE = Des licences.
ref-BenefitUnit-SEAT = Des postes, un par utilisateur.
ref-BenefitUnit-ACCOUNT = Des comptes.
ref-BenefitUnit-MONTHLY_CREDIT_USD = Un crédit mensuel en dollars américains.
ref-BenefitUnit-SUPPORT_PLAN = Des plans de support.

## CompetencyLevel

ref-CompetencyLevel = Les niveaux de compétence.
ref-CompetencyLevel-SILVER = Silver.
ref-CompetencyLevel-GOLD = Gold, le plus élevé.

## CompetencyStatus

ref-CompetencyStatus = Indique si une compétence compte encore.
ref-CompetencyStatus-ACTIVE = Elle compte.
ref-CompetencyStatus-EXPIRED = Elle a pris fin.

## MembershipLevel

ref-MembershipLevel = Les niveaux d’adhésion au programme partenaire, du plus bas au plus élevé.
ref-MembershipLevel-NETWORK = Membre du réseau, gratuit.
ref-MembershipLevel-ACTION_PACK = Avec un abonnement Action Pack en cours.
ref-MembershipLevel-SILVER_COMPETENCY = Avec au moins une compétence Silver.
ref-MembershipLevel-GOLD_COMPETENCY = Avec au moins une compétence Gold.

## OperatingSystem

ref-OperatingSystem = Les systèmes d’exploitation pour lesquels des téléchargements sont proposés.
ref-OperatingSystem-WINDOWS_X64 = Windows, 64 bits.
ref-OperatingSystem-WINDOWS_X86 = Windows, 32 bits.
ref-OperatingSystem-MACOS = macOS.
ref-OperatingSystem-LINUX = Linux.

## OrderKind

ref-OrderKind = Un premier achat ou un renouvellement.
ref-OrderKind-NEW = Un premier achat.
ref-OrderKind-RENEWAL = Un renouvellement.

## OrderStatus

ref-OrderStatus = L’issue d’une commande.
ref-OrderStatus-PAID = La carte a été débitée.
ref-OrderStatus-FAILED = Le paiement a échoué.
ref-OrderStatus-REFUNDED = Débitée pour rien, puis remboursée (voir refundedAt).

## Role

ref-Role = Ce qu’un utilisateur a le droit de faire. Les rôles partenaires appartiennent aux organisations partenaires, les rôles du personnel à l’opérateur du programme.
ref-Role-GLOBAL_ADMIN = Tout, dans l’organisation.
ref-Role-ACCOUNT_ADMIN = Les utilisateurs et leurs rôles (sans pouvoir accorder GLOBAL_ADMIN).
ref-Role-BILLING_ADMIN = Les moyens de paiement, les commandes et les factures.
ref-Role-MEMBERSHIP_ADMIN = Les offres, les achats, les renouvellements, les avantages et les demandes de service.
ref-Role-MEMBER = Son propre profil et les avantages qui lui sont attribués.
ref-Role-SUPPORT_AGENT = Personnel du programme : traite les demandes de service de toutes les organisations.
ref-Role-PROGRAM_ADMIN = Personnel du programme : accorde les compétences, gère le programme.

## ServiceRequestCategory

ref-ServiceRequestCategory = L’objet d’une demande.
ref-ServiceRequestCategory-BILLING_PAYMENT_RECONCILIATION = Aide sur une facture, un paiement ou un fichier de rapprochement partenaire (les résiliations d’abonnement passent par ici).
ref-ServiceRequestCategory-MEMBERSHIP = L’adhésion et le programme partenaire.
ref-ServiceRequestCategory-BENEFITS = Les avantages et leur activation.
ref-ServiceRequestCategory-ACCOUNT_ACCESS = La connexion et les comptes utilisateurs.
ref-ServiceRequestCategory-OTHER = Tout le reste.

## ServiceRequestStatus

ref-ServiceRequestStatus = Le statut d’une demande.
ref-ServiceRequestStatus-OPEN = Ouverte, pas encore prise en charge.
ref-ServiceRequestStatus-IN_PROGRESS = Le support la traite.
ref-ServiceRequestStatus-AWAITING_PARTNER = Le support attend une réponse du partenaire.
ref-ServiceRequestStatus-RESOLVED = Résolue.
ref-ServiceRequestStatus-CLOSED = Fermée ; il n’est plus possible d’y ajouter des notes.

## Severity

ref-Severity = Le degré d’urgence d’une demande.
ref-Severity-CRITICAL = Le travail est bloqué.
ref-Severity-MODERATE = Le travail est gêné.
ref-Severity-MINIMAL = Une question ou un problème mineur.

## SubscriptionStatus

ref-SubscriptionStatus = L’étape où se trouve un abonnement dans son cycle de vie.
ref-SubscriptionStatus-ACTIVE = Dans sa période.
ref-SubscriptionStatus-GRACE_PERIOD = La période s’est terminée sans renouvellement ; les avantages restent disponibles jusqu’à graceEndsAt.
ref-SubscriptionStatus-EXPIRED = Terminé sans renouvellement.
ref-SubscriptionStatus-CANCELLED = Résilié par l’intermédiaire du support.

## UserErrorCode

ref-UserErrorCode = Les codes stables des échecs dus aux règles métier.
ref-UserErrorCode-INVALID_INPUT = Une valeur d’entrée n’est pas acceptable ; field indique laquelle.
ref-UserErrorCode-NOT_FOUND = L’objet n’existe pas ou appartient à une autre organisation.
ref-UserErrorCode-INVALID_CREDENTIALS = Adresse e-mail ou mot de passe incorrect.
ref-UserErrorCode-PASSWORD_CHANGE_REQUIRED = Changez d’abord le mot de passe temporaire.
ref-UserErrorCode-WEAK_PASSWORD = Le nouveau mot de passe est trop court ou trop courant.
ref-UserErrorCode-EMAIL_TAKEN = Un utilisateur a déjà cette adresse e-mail.
ref-UserErrorCode-LAST_GLOBAL_ADMIN = L’organisation se retrouverait sans administrateur général.
ref-UserErrorCode-NETWORK_MEMBERSHIP_REQUIRED = Seuls les membres du réseau partenaire peuvent faire cela.
ref-UserErrorCode-ALREADY_SUBSCRIBED = L’organisation a déjà un abonnement en cours à cette offre.
ref-UserErrorCode-OFFER_NOT_AVAILABLE = L’offre n’est pas en vente pour cette organisation.
ref-UserErrorCode-TERMS_NOT_ACCEPTED = La version des conditions acceptée n’est pas celle en vigueur.
ref-UserErrorCode-PAYMENT_METHOD_INVALID = Ce moyen de paiement est inutilisable : inconnu, expiré ou non valide.
ref-UserErrorCode-PAYMENT_DECLINED = La carte a été refusée ; rien n’a été débité.
ref-UserErrorCode-IDEMPOTENCY_KEY_REUSED = La clé d’idempotence a déjà servi pour une autre requête.
ref-UserErrorCode-AUTO_RENEW_LOCKED = Le renouvellement automatique a été désactivé et ne peut revenir qu’avec un renouvellement.
ref-UserErrorCode-RENEWAL_NOT_OPEN = Le renouvellement n’est pas encore ouvert, ou ne l’est plus.
ref-UserErrorCode-SUBSCRIPTION_NOT_ACTIVE = L’abonnement a expiré ou a été résilié.
ref-UserErrorCode-NO_SEATS_AVAILABLE = Tous les postes de l’avantage sont pris.
ref-UserErrorCode-ALREADY_ASSIGNED = L’utilisateur a déjà un poste de cet avantage.
ref-UserErrorCode-ALTERNATE_EMAIL_SAME_AS_ACCOUNT = L’adresse e-mail secondaire doit être différente de celle du compte.
ref-UserErrorCode-SERVICE_REQUEST_CLOSED = La demande de service est fermée.

## DateTime

ref-DateTime = Un instant en UTC, sous forme de chaîne au format RFC 3339, par exemple 2017-03-01T09:00:00Z.

## Decimal

ref-Decimal = Un nombre décimal exact, sous forme de chaîne comme « 475.00 ».
