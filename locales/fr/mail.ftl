## Les e-mails, dans la langue du destinataire. Chacun a un -subject et un -body.

mail-greeting = Bonjour { $name },
mail-signature =
    —
    L’équipe du programme partenaires

mail-purchase-receipt-subject = Commande { $order } confirmée : { $offer }
    .when = Une commande est payée : le reçu, avec le numéro de commande, le montant et la carte utilisée.
    .to = Les administrateurs généraux et les administrateurs de la facturation de l’organisation, et la personne qui a passé la commande.
mail-purchase-receipt-body =
    Merci pour votre achat de { $offer }.

    Commande : { $order }
    Montant débité : { $amount }
    Période : du { $termStart } au { $termEnd }
    Renouvellement automatique : activé

mail-renewal-receipt-subject = { $offer } renouvelé (commande { $order })
    .when = Un renouvellement est payé, manuellement ou automatiquement en fin de période.
    .to = Les administrateurs généraux et les administrateurs de la facturation de l’organisation, et la personne qui a passé la première commande.
mail-renewal-receipt-body =
    Votre abonnement { $offer } a été renouvelé.

    Commande : { $order }
    Montant débité : { $amount }
    Nouvelle période : du { $termStart } au { $termEnd }

mail-renewal-failed-subject = Le renouvellement de { $offer } a échoué
    .when = Un renouvellement automatique n’a pas pu être débité (carte refusée ou expirée) ; l’abonnement entre dans sa période de grâce.
    .to = Les administrateurs généraux et les administrateurs de la facturation de l’organisation, et la personne qui a passé la première commande.
mail-renewal-failed-body =
    Nous avons tenté de renouveler { $offer } le { $termEnd }, mais la carte a été refusée.

    Vos avantages restent actifs pendant une période de grâce qui se termine le { $graceEndsAt }.
    Renouvelez manuellement d’ici là, avec un autre moyen de paiement si besoin, pour les conserver.

mail-grace-started-subject = { $offer } est arrivé à échéance : période de grâce jusqu’au { $graceEndsAt }
    .when = Un abonnement est arrivé en fin de période sans être renouvelé ; ses avantages restent disponibles pendant la période de grâce.
    .to = Les administrateurs généraux et les administrateurs de la facturation de l’organisation, et la personne qui a passé la première commande.
mail-grace-started-body =
    Votre période { $offer } s’est terminée le { $termEnd } sans renouvellement.

    Vos avantages restent actifs jusqu’au { $graceEndsAt }. Renouvelez d’ici là pour les conserver.

mail-expired-subject = { $offer } a expiré
    .when = La période de grâce s’est terminée sans renouvellement ; les avantages s’arrêtent.
    .to = Les administrateurs généraux et les administrateurs de la facturation de l’organisation, et la personne qui a passé la première commande.
mail-expired-body =
    La période de grâce de { $offer } s’est terminée le { $graceEndsAt } : l’abonnement a expiré et ses avantages ont pris fin.

    Vous pouvez souscrire de nouveau à { $offer } à tout moment.

mail-renewal-reminder-subject = { $offer } se termine dans { $days } jours
    .when = 30 jours puis 7 jours avant la fin de la période d’un abonnement, quand le renouvellement automatique est désactivé.
    .to = Les administrateurs généraux et les administrateurs de la facturation de l’organisation, et la personne qui a passé la première commande.
mail-renewal-reminder-body =
    Le renouvellement automatique est désactivé pour { $offer }, qui se termine le { $termEnd }.

    Vous pouvez dès maintenant le renouveler manuellement pour garder vos avantages sans interruption.

mail-request-opened-subject = { $number } bien reçue : { $title }
    .when = Une demande de service est ouverte : son numéro et son titre, pour confirmer sa réception.
    .to = L’utilisateur qui l’a ouverte.
mail-request-opened-body =
    Nous avons bien reçu votre demande de service { $number }, « { $title } ».

    Nous vous tiendrons informé de son avancement.

mail-request-status-subject = { $number } : nouveau statut « { $status } »
    .when = Le support du programme change le statut d’une demande de service.
    .to = L’utilisateur qui l’a ouverte.
mail-request-status-body =
    Votre demande de service { $number }, « { $title } », a désormais le statut « { $status } ».

mail-request-note-subject = Nouvelle note sur { $number }
    .when = Le support du programme ajoute une note à une demande de service.
    .to = L’utilisateur qui l’a ouverte.
mail-request-note-body =
    Le personnel du programme a ajouté une note à votre demande de service { $number }, « { $title } » :

    { $note }

mail-cancellation-done-subject = { $offer } est résilié ({ $number })
    .when = Le support du programme traite une demande de résiliation : l’abonnement est résilié.
    .to = L’utilisateur qui a ouvert la demande.
mail-cancellation-done-body =
    Comme vous l’avez demandé dans { $number }, nous avons résilié { $offer }. Ses avantages ont pris fin.

mail-support-assigned-subject = Votre plan de support est en cours de mise en place
    .when = Le plan de support est attribué à un utilisateur ; l’activation suit quelques jours plus tard.
    .to = L’utilisateur, à l’e-mail du compte et à l’adresse secondaire.
mail-support-assigned-body =
    Le plan de support partenaire vous a été attribué, avec { $alternateEmail } comme adresse secondaire.

    L’activation prend quelques jours : elle devrait être effective le { $activatesAt }. Les instructions d’accès seront alors envoyées à vos deux adresses.

mail-support-active-subject = Votre plan de support est actif
    .when = La tâche d’activation rend actif un plan de support attribué, quelques jours après son attribution.
    .to = L’utilisateur, à l’e-mail du compte et à l’adresse secondaire.
mail-support-active-body =
    Votre plan de support partenaire est désormais actif.

    Pour obtenir de l’aide sur un produit, connectez-vous sur { $portal } avec { $accountEmail } ou { $alternateEmail }, ouvrez un incident de support et choisissez le produit. Conservez cet e-mail : chacune des deux adresses peut demander de l’aide au titre de ce plan.

mail-payment-refunded-subject = Remboursement de la commande { $order } : { $offer }
    .when = Un paiement n’a rien acheté (son renouvellement a trouvé l’abonnement modifié, ou la carte a été débitée après l’abandon de la commande) ; les tâches le remboursent.
    .to = Les administrateurs généraux et les administrateurs de la facturation de l’organisation, et la personne qui a passé la commande.
mail-payment-refunded-body =
    Nous avons remboursé un paiement pour { $offer } qui n’a rien acheté : { $reason ->
        [late] la carte a été débitée après l’abandon de la commande.
       *[changed] l’abonnement avait changé avant la fin du paiement.
    }

    Commande : { $order }
    Montant remboursé : { $amount }

    L’argent revient sur la carte débitée ; les banques l’affichent en général sous quelques jours ouvrés.

mail-network-reminder-subject = Renouvelez votre adhésion au réseau avant le { $termEnd }
    .when = 30 et 7 jours avant la fin de l’adhésion de l’organisation au réseau, sauf si elle a été renouvelée.
    .to = Les administrateurs généraux et les administrateurs de l’adhésion de l’organisation.
mail-network-reminder-body =
    L’adhésion de votre organisation au réseau de partenaires prend fin le { $termEnd }, dans { $days } jours. Son renouvellement est gratuit : acceptez le contrat d’adhésion en vigueur (version { $version }) avec la mutation renewNetworkMembership.

    Une fois l’adhésion terminée, les offres ne peuvent plus être achetées ni renouvelées manuellement tant qu’elle n’est pas renouvelée ; ce que vous avez déjà acheté continue jusqu’à sa propre échéance.
