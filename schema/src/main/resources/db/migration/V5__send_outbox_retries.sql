-- Bounded, spaced-out start retries for the send outbox. Each failed start moves its row's
-- next_attempt_at back by an exponential backoff (iris.send.outbox-*); the sweep takes rows in
-- next_attempt_at order, so rows that keep failing fall behind newer ones instead of starving
-- them. A start refused for good, or still failing after the last attempt, ends the message
-- `failed` (error_code and error_message say why) and removes its row; so does a cancel.
ALTER TABLE send_outbox ADD COLUMN next_attempt_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE send_outbox ADD COLUMN last_attempt_at TIMESTAMP WITH TIME ZONE;
UPDATE send_outbox SET next_attempt_at = created_at;
ALTER TABLE send_outbox ALTER COLUMN next_attempt_at SET NOT NULL;

DROP INDEX send_outbox_created_idx;
CREATE INDEX send_outbox_due_idx ON send_outbox (next_attempt_at, message_id);
