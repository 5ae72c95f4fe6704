-- One row per provider call key (message id : route index): claimed before the call, then what the
-- provider answered. A call made again with the same key — a send's local activity run again after
-- its workflow task was lost (a worker killed, a task timed out) — returns the first acceptance
-- instead of sending the message a second time, and a claim still open (a call in flight, or one
-- whose worker died during it) makes the outcome ambiguous rather than sending blind.
CREATE TABLE provider_calls (
    idempotency_key      VARCHAR(200)   PRIMARY KEY,
    provider             VARCHAR(64)    NOT NULL,
    state                VARCHAR(16)    NOT NULL,
    provider_message_id  VARCHAR(200),
    cost_usd             NUMERIC(12, 6),
    delivered_on_accept  BOOLEAN        NOT NULL DEFAULT FALSE,
    claimed_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    answered_at          TIMESTAMP WITH TIME ZONE,
    CONSTRAINT provider_calls_state CHECK (state IN ('calling', 'accepted', 'failed'))
);
