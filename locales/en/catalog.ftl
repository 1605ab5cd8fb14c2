## The program catalog: descriptions of levels and offers, competency areas,
## terms documents. Names of levels, offers and products are in terms.ftl.

level-network-description = Every organization that joins the partner network. Free, from the day you join.
level-action-pack-description = Network members with a live Action Pack subscription: software, cloud services and support for a small partner, for a yearly fee.
level-silver-competency-description = Partners who proved their skills in at least one competency area at Silver level.
level-gold-competency-description = Partners who proved their skills in at least one competency area at Gold level, the highest.

offer-action-pack-description = A yearly subscription with software licenses, cloud services, Visual Studio subscriptions and a support plan to build and run your business.
terms-action-pack-title = Action Pack terms of subscription
terms-network-agreement-title = Partner network agreement

competency-area-application-development = Application Development
competency-area-cloud-platform = Cloud Platform
competency-area-cloud-productivity = Cloud Productivity
competency-area-data-analytics = Data Analytics
competency-area-datacenter = Datacenter
competency-area-devops = DevOps
competency-area-small-midmarket-cloud-solutions = Small and Midmarket Cloud Solutions
competency-area-security = Security

service-request-cancellation-title = Cancel { $offer }

benefit-instructions-win10-ent-upgrade = Install over a licensed Windows 7, 8.1 or 10 Pro, then activate with the product key.
benefit-instructions-vs-subscriptions = Each of the three licenses is a subscription you assign to one user; they sign in to the Visual Studio portal with their account email to download Visual Studio and use the subscription.
benefit-instructions-vsts = Create your account, then enter the product key in the account's billing settings.
benefit-instructions-o365-e3 = Redeem the product key in the Office 365 admin center to add the licenses to your tenant.
benefit-instructions-ems = Redeem the product key in the admin center to add the licenses to your tenant.
benefit-instructions-dynamics-crm-online-pro = Redeem the product key in the admin center to add the licenses to your organization.
benefit-instructions-azure-monthly-credit = Activating assigns the monthly credit to you; sign in to the Azure portal with your account email to use it.
