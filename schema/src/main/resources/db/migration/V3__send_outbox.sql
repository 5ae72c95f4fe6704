-- Accepted sends whose workflow has not been started yet: written in the same transaction as the
-- message, removed once Temporal has the workflow. A send accepted while Temporal is slow or down
-- is therefore never lost, and accepting does not wait for Temporal.
CREATE TABLE send_outbox (
    message_id  UUID          PRIMARY KEY REFERENCES messages (id),
    request     JSONB         NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    attempts    INTEGER       NOT NULL DEFAULT 0,
    last_error  VARCHAR(1000)
);

CREATE INDEX send_outbox_created_idx ON send_outbox (created_at);
