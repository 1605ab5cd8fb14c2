### Termes du programme et libellés des étapes, en français.
###
### Les pages d’aide citent ces messages sous la forme {{ message-id }} et l’API
### s’en sert pour les noms localisés : chaque terme n’est écrit qu’une fois. Les
### valeurs sont du texte brut (sans placeables). Mêmes identifiants que
### locales/en/terms.ftl. Les noms de produits restent en anglais.
###
### La valeur est le libellé (titre, onglet, bouton). Les attributs donnent les
### autres formes : .inline en milieu de phrase ({{ term-x.inline }}), .def avec
### l’article défini. .avoid liste, séparés par des virgules, les mots à ne pas
### employer pour cette notion : la génération du site les signale.

## Notions nommées par les pages, les messages et les e-mails (un mot chacune)

term-seat = Poste
    .inline = poste
    .def = le poste
    .avoid = siège, sièges
term-status = Statut
    .inline = statut
    .def = le statut
    .avoid = état, états
term-usage-based = À l’usage
    .inline = à l’usage
    .avoid = à la consommation, basé sur la consommation

## Adhésion et niveaux

term-network-membership = Adhésion au réseau
    .inline = adhésion au réseau
    .def = l’adhésion au réseau
term-action-pack = Action Pack
term-level-network = Réseau
term-level-action-pack = Action Pack
term-level-silver-competency = Compétence Silver
term-level-gold-competency = Compétence Gold
term-competency-level-silver = Silver
term-competency-level-gold = Gold
term-partner-id = ID partenaire
    .inline = ID partenaire
    .def = l’ID partenaire
    .avoid = identifiant partenaire, identifiant de partenaire, numéro de partenaire
term-auto-renew = Renouvellement automatique
    .inline = renouvellement automatique
    .def = le renouvellement automatique

## Pages des offres (onglets)

term-tab-available-offers = Offres disponibles
term-tab-purchased-offers = Offres achetées

## Catégories d’avantages (les onglets de la page des avantages)

term-benefit-software = Logiciels
term-benefit-cloud-service = Services cloud
term-benefit-visual-studio = Visual Studio
term-benefit-support = Support

## Produits et avantages de l’offre Action Pack
## Les noms de produits restent en anglais ; seules les parties descriptives sont traduites.

term-product-windows-10-enterprise-upgrade = Mise à niveau Windows 10 Enterprise
    .inline = mise à niveau Windows 10 Enterprise
    .def = la mise à niveau Windows 10 Enterprise
term-product-visual-studio-team-services = Visual Studio Team Services
term-product-office-365-e3 = Office 365 E3
term-product-enterprise-mobility-suite = Enterprise Mobility Suite
term-product-dynamics-crm-online-professional = Dynamics CRM Online Professional
term-product-azure-monthly-credit = Crédit mensuel Microsoft Azure
    .inline = crédit mensuel Microsoft Azure
    .def = le crédit mensuel Microsoft Azure
term-product-visual-studio-subscriptions = Abonnements Visual Studio Professional
    .inline = abonnements Visual Studio Professional
term-product-support-plan = Plan de support
    .inline = plan de support
    .def = le plan de support
    .avoid = plan d’assistance, forfait de support, offre de support

## Unités des avantages

term-unit-license = Licences
    .inline = licences
term-unit-seat = Postes
    .inline = postes
term-unit-account = Comptes
    .inline = comptes
term-unit-monthly-credit-usd = Crédit mensuel (USD)
term-unit-support-plan = Plan de support

## Systèmes d’exploitation proposés pour les téléchargements

term-os-windows-x64 = Windows (64 bits)
term-os-windows-x86 = Windows (32 bits)
term-os-macos = macOS
term-os-linux = Linux

## Rôles

term-role-global-admin = Administrateur général
term-role-account-admin = Administrateur de comptes
term-role-billing-admin = Administrateur de la facturation
term-role-membership-admin = Administrateur de l’adhésion
term-role-member = Membre
term-role-support-agent = Agent du support
term-role-program-admin = Administrateur du programme

## Statuts

term-subscription-status-active = Actif
    .inline = actif
term-subscription-status-grace-period = Période de grâce
    .inline = période de grâce
    .def = la période de grâce
    .avoid = délai de grâce
term-subscription-status-expired = Expiré
    .inline = expiré
term-subscription-status-cancelled = Résilié
    .inline = résilié
term-benefit-status-not-activated = Non activé
term-benefit-status-pending-activation = Activation en attente
    .inline = en attente d’activation
term-benefit-status-active = Actif
term-benefit-status-expired = Expiré
term-order-kind-new = Nouvel achat
term-order-kind-renewal = Renouvellement
term-order-status-paid = Payée
term-order-status-failed = Échouée

## Demandes de service

term-sr-category-billing-payment-reconciliation = Facturation, paiement et rapprochement
term-sr-category-membership = Adhésion
term-sr-category-benefits = Avantages
term-sr-category-account-access = Accès au compte
term-sr-category-other = Autre
term-sr-severity-critical = Critique
term-sr-severity-moderate = Modérée
term-sr-severity-minimal = Minimale
term-sr-status-open = Ouverte
term-sr-status-in-progress = En cours de traitement
term-sr-status-awaiting-partner = En attente du partenaire
term-sr-status-resolved = Résolue
term-sr-status-closed = Fermée

## Libellés des étapes

term-step-join-network = Rejoindre le réseau
term-step-sign-in = Se connecter
term-step-sign-out = Se déconnecter
term-step-change-password = Changer le mot de passe
term-step-review-terms = Lire les conditions
term-step-accept-terms = J’accepte les conditions
term-step-add-payment-method = Ajouter un moyen de paiement
term-step-review-order = Vérifier la commande
term-step-purchase = Acheter
term-step-turn-off-auto-renew = Désactiver le renouvellement automatique
term-step-renew = Renouveler
term-step-request-cancellation = Demander la résiliation
term-step-activate = Activer
term-step-assign = Attribuer
term-step-unassign = Retirer l’attribution
term-step-reveal-product-keys = Afficher les clés de produit
term-step-choose-language = Choisir une langue
term-step-choose-operating-system = Choisir un système d’exploitation
term-step-download = Télécharger
term-step-add-user = Ajouter un utilisateur
term-step-edit-roles = Modifier les rôles
term-step-deactivate-user = Désactiver l’utilisateur
term-step-new-service-request = Nouvelle demande de service
term-step-add-note = Ajouter une note
