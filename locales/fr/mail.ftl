## Les e-mails, dans la langue du destinataire. Chacun a un -subject et un -body.

mail-greeting = Bonjour { $name },
mail-signature =
    —
    L’équipe du programme partenaires

mail-purchase-receipt-subject = Commande { $order } confirmée : { $offer }
mail-purchase-receipt-body =
    Merci pour votre achat de { $offer }.

    Commande : { $order }
    Montant débité : { $amount }
    Période : du { $termStart } au { $termEnd }
    Renouvellement automatique : activé

mail-renewal-receipt-subject = { $offer } renouvelé (commande { $order })
mail-renewal-receipt-body =
    Votre abonnement { $offer } a été renouvelé.

    Commande : { $order }
    Montant débité : { $amount }
    Nouvelle période : du { $termStart } au { $termEnd }

mail-renewal-failed-subject = Le renouvellement de { $offer } a échoué
mail-renewal-failed-body =
    Nous avons tenté de renouveler { $offer } le { $termEnd }, mais la carte a été refusée.

    Vos avantages restent actifs pendant une période de grâce qui se termine le { $graceEndsAt }.
    Renouvelez manuellement d’ici là, avec un autre moyen de paiement si besoin, pour les conserver.

mail-grace-started-subject = { $offer } est arrivé à échéance : période de grâce jusqu’au { $graceEndsAt }
mail-grace-started-body =
    Votre période { $offer } s’est terminée le { $termEnd } sans renouvellement.

    Vos avantages restent actifs jusqu’au { $graceEndsAt }. Renouvelez d’ici là pour les conserver.

mail-expired-subject = { $offer } a expiré
mail-expired-body =
    La période de grâce de { $offer } s’est terminée le { $graceEndsAt } : l’abonnement a expiré et ses avantages ont pris fin.

    Vous pouvez souscrire de nouveau à { $offer } à tout moment.

mail-renewal-reminder-subject = { $offer } se termine dans { $days } jours
mail-renewal-reminder-body =
    Le renouvellement automatique est désactivé pour { $offer }, qui se termine le { $termEnd }.

    Vous pouvez dès maintenant le renouveler manuellement pour garder vos avantages sans interruption.

mail-request-opened-subject = { $number } bien reçue : { $title }
mail-request-opened-body =
    Nous avons bien reçu votre demande de service { $number }, « { $title } ».

    Nous vous tiendrons informé de son avancement.

mail-request-status-subject = { $number } : nouveau statut « { $status } »
mail-request-status-body =
    Votre demande de service { $number }, « { $title } », a désormais le statut « { $status } ».

mail-request-note-subject = Nouvelle note sur { $number }
mail-request-note-body =
    Le personnel du programme a ajouté une note à votre demande de service { $number }, « { $title } » :

    { $note }

mail-cancellation-done-subject = { $offer } est résilié ({ $number })
mail-cancellation-done-body =
    Comme vous l’avez demandé dans { $number }, nous avons résilié { $offer }. Ses avantages ont pris fin.

mail-support-assigned-subject = Votre offre de support est en cours de mise en place
mail-support-assigned-body =
    L’offre de support partenaire vous a été attribuée, avec { $alternateEmail } comme adresse secondaire.

    L’activation prend quelques jours : elle devrait être effective le { $activatesAt }. Les détails du contrat seront envoyés à vos deux adresses.
