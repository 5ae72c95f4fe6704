-- What a tenant's sends do when a provider may or may not have taken a message and cannot be asked:
-- at_most_once (the default) ends it expired rather than risk a duplicate; at_least_once sends it
-- through the next provider, accepting that a copy may arrive twice.
ALTER TABLE tenants
    ADD COLUMN delivery_guarantee VARCHAR(20) NOT NULL DEFAULT 'at_most_once'
        CHECK (delivery_guarantee IN ('at_most_once', 'at_least_once'));
