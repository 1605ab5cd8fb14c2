### Textes de l’interface du site d’aide, en français.
### Mêmes identifiants de messages que locales/en/site.ftl.

## Site et navigation

site-name = Aide partnerdesk
nav-home = Accueil
nav-main-label = Rubriques de l’aide
nav-menu = Menu
nav-breadcrumbs-label = Fil d’Ariane
nav-skip-to-content = Aller au contenu
nav-previous = Précédent
nav-next = Suivant
nav-api-reference = Référence de l’API

## Page d’accueil

home-title = Aide partnerdesk
home-intro = Des explications pas à pas sur le programme partenaire : adhésion, abonnement annuel, avantages, utilisateurs et support.
home-all-topics = Toutes les rubriques

## Éléments de page

page-on-this-page = Sur cette page
page-related-topics = Rubriques connexes
page-applies-to = S’applique à
page-copy-code = Copier
page-open-in-graphiql = Ouvrir dans GraphiQL
page-code-copied = Copié

## Langue

language-label = Langue
language-name-en = English
language-name-fr = Français
language-switch = Lire cette page dans une autre langue

## Bandeaux de traduction

banner-outdated = Cette traduction n’est peut-être plus à jour.
banner-outdated-link = Lire la version anglaise
banner-untranslated = Cette page n’est pas encore traduite ; la version anglaise est affichée.

## Encadrés (libellés de > [!NOTE] et des autres)

alert-note = Remarque
alert-tip = Conseil
alert-important = Important
alert-warning = Attention

## Recherche

search-label = Rechercher
search-placeholder = Rechercher dans l’aide
search-button = Rechercher
search-no-results = Aucun résultat
search-results-count =
    { $count ->
        [one] { $count } résultat
       *[other] { $count } résultats
    }

## Page introuvable (404)

not-found-title = Page introuvable
not-found-text = La page demandée n’existe pas ou a été déplacée. Lancez une recherche ou repartez de la page d’accueil.
not-found-home-link = Revenir à l’accueil de l’aide

## Référence de l’API générée

api-reference-title = Référence de l’API
api-reference-intro = Tous les types, champs, arguments et valeurs d’énumération de l’API GraphQL.
api-queries = Requêtes
api-mutations = Mutations
api-types = Types
api-interfaces = Interfaces
api-input-types = Types d’entrée
api-enums = Énumérations
api-scalars = Scalaires
api-fields = Champs
api-arguments = Arguments
api-input-fields = Champs d’entrée
api-enum-values = Valeurs
api-implements = Implémente
api-returns = Renvoie
api-required = Obligatoire
api-deprecated = Obsolète

## La page de l’historique du schéma, calculée à partir des schémas publiés.
changelog-title = Historique du schéma
changelog-intro = Ce que chaque version a changé dans l’API, déduit des schémas eux-mêmes. Un changement qui casserait les clients est refusé, sauf si le champ avait été déclaré obsolète dans une version précédente.
changelog-unreleased = Pas encore publié
changelog-version = Version { $version }
changelog-first-release = La première version de l’API.
changelog-no-change = Aucun changement du schéma.
changelog-type-added = Type ajouté :
changelog-type-removed = Type supprimé :
changelog-field-added = Champ ajouté :
changelog-field-removed = Champ supprimé :
changelog-type-changed = Type modifié :
changelog-type-from-to = (de { $from } à { $to })
changelog-argument-added = Argument ajouté :
changelog-argument-removed = Argument supprimé :
changelog-value-added = Valeur d’énumération ajoutée :
changelog-value-removed = Valeur d’énumération supprimée :
changelog-deprecated = Déclaré obsolète :

## La page du glossaire (générée à partir de terms.ftl)

glossary-title = Glossaire
glossary-description = Les termes du programme en français et en anglais, tels que les emploient les pages, l’API et les e-mails.
glossary-intro = Chaque notion du programme a un seul mot dans chaque langue, employé de la même façon sur ces pages, dans les messages de l’API, dans les e-mails et dans la référence de l’API. La génération du site vérifie que les mots de la dernière colonne ne reviennent pas.
glossary-column-forms = Dans une phrase
glossary-column-avoid = À éviter

## La liste des e-mails (générée à partir de mail.ftl)

mails-title = Les e-mails envoyés par le programme
mails-description = Quels e-mails partent, quand, et à qui.
mails-intro = Le programme écrit aux personnes concernées quand il se passe quelque chose qu’elles doivent savoir. Chaque e-mail part une seule fois, dans la langue de son destinataire, par la file d’envoi (un e-mail n’est donc jamais perdu quand le serveur de messagerie est indisponible, ni envoyé deux fois). Les mots entre ‹ › désignent la commande, l’offre ou la demande concernée.
mails-column-subject = Objet
mails-column-when = Quand
mails-column-to = À qui
mails-variable-order = numéro de commande
mails-variable-offer = offre
mails-variable-graceEndsAt = date
mails-variable-days = nombre de jours
mails-variable-number = numéro de demande
mails-variable-title = titre de la demande
mails-variable-status = statut

## Schémas des règles (tracés à partir des règles du code à la génération)

diagram-subscription-lifecycle-title = La vie d’un abonnement
diagram-benefit-statuses-title = Comment change le statut d’un avantage
diagram-service-request-statuses-title = Les changements de statut possibles d’une demande de service
diagram-from = De
diagram-to = vers
diagram-no-move = aucun
diagram-cause-renewal-window-opens = ouverture du renouvellement ({ $days } jours avant la fin)
diagram-cause-renewed-automatically = renouvelé automatiquement
diagram-cause-term-ended = fin de période sans renouvellement
diagram-cause-grace-ended = fin de la période de grâce ({ $days } jours)
diagram-cause-renewed-by-hand = renouvelé manuellement
diagram-cause-cancelled = résiliation traitée
diagram-event-keys-revealed = clés affichées
diagram-event-assigned = poste attribué
diagram-event-support-assigned = plan de support attribué
diagram-event-activation-ran = tâche d’activation
diagram-event-unassigned = attribution retirée
diagram-event-subscription-ended = fin de l’abonnement

## Rubriques (dossiers de content/<lang>/)

section-pages = Dans cette rubrique
section-generated-description = Les pages de cette rubrique.
