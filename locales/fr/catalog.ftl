## Le catalogue du programme : descriptions des niveaux et des offres, domaines
## de compétence, conditions. Les noms des niveaux, offres et produits sont dans terms.ftl.

level-network-description = Toute organisation qui rejoint le réseau de partenaires. Gratuit, dès l’adhésion.
level-action-pack-description = Les membres du réseau qui ont un abonnement Action Pack en cours : logiciels, services cloud et support pour un petit partenaire, moyennant une redevance annuelle.
level-silver-competency-description = Les partenaires qui ont démontré leur savoir-faire dans au moins un domaine de compétence, au niveau Silver.
level-gold-competency-description = Les partenaires qui ont démontré leur savoir-faire dans au moins un domaine de compétence, au niveau Gold, le plus élevé.

offer-action-pack-description = Un abonnement annuel qui réunit licences logicielles, services cloud, abonnements Visual Studio et plan de support pour développer et faire tourner votre activité.
terms-action-pack-title = Conditions d’abonnement à Action Pack
terms-network-agreement-title = Contrat d’adhésion au réseau de partenaires

competency-area-application-development = Développement d’applications
competency-area-cloud-platform = Plateforme cloud
competency-area-cloud-productivity = Productivité dans le cloud
competency-area-data-analytics = Analyse de données
competency-area-datacenter = Centre de données
competency-area-devops = DevOps
competency-area-small-midmarket-cloud-solutions = Solutions cloud pour PME et ETI
competency-area-security = Sécurité

service-request-cancellation-title = Résilier { $offer }

benefit-instructions-win10-ent-upgrade = Installez par-dessus un Windows 7, 8.1 ou 10 Professionnel sous licence, puis activez-le avec la clé de produit.
benefit-instructions-vs-subscriptions = Chacune des trois licences est un abonnement que vous attribuez à un utilisateur ; celui-ci se connecte au portail Visual Studio avec l’e-mail de son compte pour télécharger Visual Studio et utiliser l’abonnement.
benefit-instructions-vsts = Créez votre compte, puis saisissez la clé de produit dans les paramètres de facturation du compte.
benefit-instructions-o365-e3 = Utilisez la clé de produit dans le centre d’administration Office 365 pour ajouter les licences à votre abonnement.
benefit-instructions-ems = Utilisez la clé de produit dans le centre d’administration pour ajouter les licences à votre abonnement.
benefit-instructions-dynamics-crm-online-pro = Utilisez la clé de produit dans le centre d’administration pour ajouter les licences à votre organisation.
benefit-instructions-azure-monthly-credit = L’activation vous attribue le crédit mensuel ; connectez-vous au portail Azure avec l’adresse e-mail de votre compte pour l’utiliser.
