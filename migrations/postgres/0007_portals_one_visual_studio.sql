-- Where benefits are put to use once activated, and one Visual Studio allocation.

-- Benefits managed outside partnerdesk name their portal; the deployment says
-- where each portal is (serve --azure-portal-url and the like).
ALTER TABLE products ADD COLUMN portal TEXT CHECK (portal IN ('AZURE', 'VISUAL_STUDIO', 'SUPPORT'));
UPDATE products SET portal = 'AZURE' WHERE code = 'AZURE_MONTHLY_CREDIT';
UPDATE products SET portal = 'VISUAL_STUDIO' WHERE code = 'VS_SUBSCRIPTIONS';
UPDATE products SET portal = 'SUPPORT' WHERE code = 'SUPPORT_PLAN';

-- Action Pack's three Visual Studio Professional licenses are the three
-- subscriptions partners assign to users: one allocation, not a product-key
-- benefit beside the seats. The seats (and every assignment on them) stay;
-- the installers move to them; the product-key benefits go, with their keys.
UPDATE offer_allocations SET unit = 'LICENSE' WHERE product_code = 'VS_SUBSCRIPTIONS';
UPDATE benefits SET unit = 'LICENSE' WHERE product_code = 'VS_SUBSCRIPTIONS';
UPDATE product_downloads SET product_code = 'VS_SUBSCRIPTIONS' WHERE product_code = 'VS_PROFESSIONAL';
DELETE FROM sealed_product_keys WHERE benefit_id IN (SELECT id FROM benefits WHERE product_code = 'VS_PROFESSIONAL');
DELETE FROM product_keys WHERE benefit_id IN (SELECT id FROM benefits WHERE product_code = 'VS_PROFESSIONAL');
DELETE FROM benefits WHERE product_code = 'VS_PROFESSIONAL';
DELETE FROM offer_allocations WHERE product_code = 'VS_PROFESSIONAL';
DELETE FROM products WHERE code = 'VS_PROFESSIONAL';
