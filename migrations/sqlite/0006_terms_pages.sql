-- The terms of each offer are a help page in each language: `{lang}` in the
-- URL is replaced by the language of the request (see api/schema/catalog.rs).
UPDATE offers SET terms_url = '/help/{lang}/action-pack-terms/' WHERE code = 'ACTION_PACK';
