-- Benefits: what a subscription includes, put to use: product keys and
-- downloads, cloud services, Visual Studio seats and the support plan.

-- One benefit per allocation of the offer, created with the subscription.
-- Its status and expiry follow the subscription and its assignments, so they
-- are derived when read rather than stored twice.
CREATE TABLE benefits (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    subscription_id INTEGER NOT NULL REFERENCES subscriptions (id),
    position INTEGER NOT NULL,
    product_code TEXT NOT NULL REFERENCES products (code),
    quantity INTEGER NOT NULL,
    unit TEXT NOT NULL,
    activation TEXT NOT NULL,
    -- How many users it can be assigned to (NULL for product keys).
    seats INTEGER,
    keys_revealed BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TEXT NOT NULL,
    UNIQUE (subscription_id, product_code)
);
CREATE INDEX benefits_organization ON benefits (organization_id, id);

CREATE TABLE benefit_assignments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    benefit_id INTEGER NOT NULL REFERENCES benefits (id),
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    -- Support plan only: where the support contract mail also goes.
    alternate_email TEXT,
    status TEXT NOT NULL CHECK (status IN ('PENDING_ACTIVATION', 'ACTIVE')),
    assigned_at TEXT NOT NULL,
    activates_at TEXT,
    activated_at TEXT,
    UNIQUE (benefit_id, user_id)
);
CREATE INDEX benefit_assignments_user ON benefit_assignments (user_id);
CREATE INDEX benefit_assignments_pending ON benefit_assignments (status, activates_at);

-- Product keys are generated once per benefit (so per organization) and shown
-- again on every reveal.
CREATE TABLE product_keys (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    benefit_id INTEGER NOT NULL UNIQUE REFERENCES benefits (id),
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    product_key TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);

-- Files to download for software benefits, per language and operating system.
CREATE TABLE product_downloads (
    product_code TEXT NOT NULL REFERENCES products (code),
    language TEXT NOT NULL,
    operating_system TEXT NOT NULL CHECK (operating_system IN ('WINDOWS_X64', 'WINDOWS_X86', 'MACOS', 'LINUX')),
    file_name TEXT NOT NULL,
    url TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    PRIMARY KEY (product_code, language, operating_system, file_name)
);
INSERT INTO product_downloads (product_code, language, operating_system, file_name, url, size_bytes, sha256) VALUES
    ('WIN10_ENT_UPGRADE', 'en-US', 'WINDOWS_X64', 'Win10_Ent_Upgrade_1703_English_x64.iso', 'https://downloads.partnerdesk.example/win10-ent/en-US/x64/Win10_Ent_Upgrade_1703_English_x64.iso', 4138123264, '6f1c6a9c4c35e2c2a7c0f4f0d94ad0b4b8f1d1e2a3b4c5d6e7f8091a2b3c4d5e'),
    ('WIN10_ENT_UPGRADE', 'en-US', 'WINDOWS_X86', 'Win10_Ent_Upgrade_1703_English_x86.iso', 'https://downloads.partnerdesk.example/win10-ent/en-US/x86/Win10_Ent_Upgrade_1703_English_x86.iso', 3019145216, '0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9'),
    ('WIN10_ENT_UPGRADE', 'fr-FR', 'WINDOWS_X64', 'Win10_Ent_Upgrade_1703_French_x64.iso', 'https://downloads.partnerdesk.example/win10-ent/fr-FR/x64/Win10_Ent_Upgrade_1703_French_x64.iso', 4152410112, '1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a'),
    ('WIN10_ENT_UPGRADE', 'fr-FR', 'WINDOWS_X86', 'Win10_Ent_Upgrade_1703_French_x86.iso', 'https://downloads.partnerdesk.example/win10-ent/fr-FR/x86/Win10_Ent_Upgrade_1703_French_x86.iso', 3032416256, '2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b'),
    ('VS_PROFESSIONAL', 'en-US', 'WINDOWS_X64', 'vs_professional_2017_en-US.exe', 'https://downloads.partnerdesk.example/vs-pro/en-US/x64/vs_professional_2017_en-US.exe', 1245184, '3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c'),
    ('VS_PROFESSIONAL', 'fr-FR', 'WINDOWS_X64', 'vs_professional_2017_fr-FR.exe', 'https://downloads.partnerdesk.example/vs-pro/fr-FR/x64/vs_professional_2017_fr-FR.exe', 1251328, '4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d'),
    ('VS_PROFESSIONAL', 'en-US', 'MACOS', 'VisualStudioForMac_2017_en-US.dmg', 'https://downloads.partnerdesk.example/vs-pro/en-US/macos/VisualStudioForMac_2017_en-US.dmg', 30408704, '5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e'),
    ('VS_PROFESSIONAL', 'fr-FR', 'MACOS', 'VisualStudioForMac_2017_fr-FR.dmg', 'https://downloads.partnerdesk.example/vs-pro/fr-FR/macos/VisualStudioForMac_2017_fr-FR.dmg', 30470144, '60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f');
