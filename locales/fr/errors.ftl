### La page « Erreurs » du site d’aide, en français : ce que signifie chaque
### code d’erreur et ce qu’il faut faire. La page est générée ; mêmes
### identifiants que locales/en/errors.ftl. Le message envoyé par l’API vient
### de api.ftl.

errors-title = Erreurs et marche à suivre
errors-description = Chaque code d’erreur de l’API, ce qu’il signifie et comment s’en sortir.
errors-intro = L’API signale un problème à l’un de deux endroits. Une règle métier qui bloque une mutation est une userError : la requête a abouti, et la réponse de la mutation contient userErrors avec field, code et message. Une requête qui n’a pas pu être exécutée du tout reçoit des erreurs globales, avec le code dans extensions.code. Programmez en fonction des codes ci-dessous : les messages sont reformulés et traduits.
errors-user-heading = userErrors
errors-user-intro = Renvoyées dans la réponse d’une mutation. field est le chemin de la donnée en cause, quand une donnée précise est en cause.
errors-top-heading = Erreurs globales
errors-top-intro = Renvoyées dans le tableau errors de la réponse, avec le code dans extensions.code. data vaut null, ou est partiel quand seuls certains champs ont échoué.
errors-api-says = Message de l’API
errors-what-to-do = Marche à suivre

errors-fix-INVALID_INPUT = Corrigez la donnée désignée par field : le message dit ce qui est attendu (une adresse e-mail, un code pays à deux lettres, un nom de 1 à 200 caractères).
errors-fix-NOT_FOUND = Vérifiez l’ID. L’ID d’une autre organisation reçoit exactement la même réponse qu’un ID qui n’a jamais existé : retrouvez-le dans les listes de votre organisation.
errors-fix-INVALID_CREDENTIALS = Vérifiez l’adresse e-mail et le mot de passe. Après plusieurs échecs, la connexion est ralentie un moment ; un administrateur de votre organisation peut réinitialiser un mot de passe.
errors-fix-PASSWORD_CHANGE_REQUIRED = Connectez-vous avec le mot de passe temporaire, puis appelez changePassword avant toute autre chose.
errors-fix-WEAK_PASSWORD = Choisissez un mot de passe plus long, qui ne soit ni votre adresse e-mail, ni un mot de passe courant, ni le mot de passe actuel.
errors-fix-EMAIL_TAKEN = Utilisez une autre adresse, ou retrouvez l’utilisateur existant dans la liste de l’organisation et modifiez plutôt ses rôles.
errors-fix-LAST_GLOBAL_ADMIN = Donnez d’abord le rôle d’administrateur général à un autre utilisateur actif, puis modifiez ou désactivez celui-ci.
errors-fix-NETWORK_MEMBERSHIP_REQUIRED = Rejoignez le réseau de partenaires (ou renouvelez votre adhésion au réseau) avant d’acheter ou de renouveler une offre.
errors-fix-ALREADY_SUBSCRIBED = Votre organisation a déjà cette offre : gérez-la parmi les offres achetées, ou renouvelez-la à l’ouverture de sa période de renouvellement.
errors-fix-OFFER_NOT_AVAILABLE = L’offre n’est pas en vente en ce moment, ou pas à votre niveau d’adhésion. Listez les offres du programme pour voir ce qui peut être acheté.
errors-fix-TERMS_NOT_ACCEPTED = Lisez les conditions actuelles de l’offre (terms, sa version et son url) et envoyez cette version dans acceptTermsVersion.
errors-fix-PAYMENT_METHOD_INVALID = Utilisez un moyen de paiement de votre organisation qui n’a pas expiré, ou ajoutez une carte.
errors-fix-PAYMENT_DECLINED = Rien n’a été débité et rien n’a changé. Essayez une autre carte, ou contactez votre banque et réessayez.
errors-fix-IDEMPOTENCY_KEY_REUSED = Une clé d’idempotence appartient à une seule requête. Envoyez une nouvelle clé pour une autre requête ; renvoyez la même requête à l’identique pour obtenir sa première réponse.
errors-fix-AUTO_RENEW_LOCKED = Le renouvellement automatique a été désactivé pour cette période et le reste ; renouvelez manuellement à l’ouverture de la période de renouvellement.
errors-fix-RENEWAL_NOT_OPEN = Un abonnement se renouvelle dans les 30 jours qui précèdent la fin de sa période et pendant sa période de grâce. Attendez l’ouverture, ou consultez renewalOpensAt.
errors-fix-SUBSCRIPTION_NOT_ACTIVE = L’abonnement a expiré ou a été résilié : achetez de nouveau l’offre pour en utiliser les avantages.
errors-fix-NO_SEATS_AVAILABLE = Tous les postes sont pris. Retirez l’avantage à une personne qui n’en a plus besoin, puis attribuez-le de nouveau.
errors-fix-ALREADY_ASSIGNED = Rien à faire : cet utilisateur a déjà l’avantage. Consultez les attributions de l’avantage pour savoir qui a quoi.
errors-fix-ALTERNATE_EMAIL_SAME_AS_ACCOUNT = Indiquez une adresse secondaire différente de l’e-mail du compte, pour que le support puisse joindre l’utilisateur si cette boîte ne répond plus.
errors-fix-SERVICE_REQUEST_CLOSED = Une demande fermée n’accepte plus de notes. Ouvrez une nouvelle demande de service en citant l’ancienne.

errors-top-UNAUTHENTICATED = Aucun jeton n’a été envoyé, ou le jeton a expiré ou a été révoqué.
errors-fix-UNAUTHENTICATED = Reconnectez-vous avec signIn et envoyez le nouveau jeton dans l’en-tête Authorization (Bearer).
errors-top-FORBIDDEN = Vous êtes connecté, mais aucun de vos rôles ne permet cette action, ou votre mot de passe temporaire doit d’abord être changé.
errors-fix-FORBIDDEN = Demandez à un administrateur général de votre organisation le rôle que cite la section « Avant de commencer » de la page.
errors-top-BAD_REQUEST = La requête est mal formée : pas du JSON, un champ inconnu, un mauvais type, first manquant, une taille de page hors de l’intervalle 1 à 100.
errors-fix-BAD_REQUEST = Lisez le message et les locations : ils désignent la partie du document en cause. Comparez le document avec la référence de l’API.
errors-top-TOO_COMPLEX = La requête est trop profonde, trop coûteuse ou trop longue pour les limites de l’API.
errors-fix-TOO_COMPLEX = Demandez moins de champs, des pages plus petites (first) ou moins d’imbrication, ou coupez la requête en deux.
errors-top-RATE_LIMITED = Trop de requêtes, ou trop de coût, en peu de temps.
errors-fix-RATE_LIMITED = Attendez le nombre de secondes indiqué dans extensions.retryAfter, puis réessayez. extensions.rateLimit, sur chaque réponse, indique ce qu’il reste.
errors-top-INTERNAL = Une erreur s’est produite côté serveur. Rien de ce que vous avez envoyé n’est en cause, et rien n’a été écrit à moitié.
errors-fix-INTERNAL = Réessayez plus tard. Si cela dure, ouvrez une demande de service en citant le requestId des extensions.
