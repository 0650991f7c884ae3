-- "Continue later": a form's draft, saved under a code the person writes down, so that it can be restored into a
-- new session on another browser days later. Only a SHA-256 hash of the code is kept: this table alone does not
-- let anyone redeem a draft. A row is deleted when its code is redeemed (single use) or, once expired, by the
-- next save.
CREATE TABLE demo_saved_draft (
    code_hash  bytea       PRIMARY KEY CHECK (length(code_hash) = 32),
    form       text        NOT NULL CHECK (form IN ('order', 'survey')),
    -- The draft's session attributes (a map of name to value), in the session codec's format.
    attributes bytea       NOT NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    node       text        NOT NULL
);

CREATE INDEX demo_saved_draft_expires ON demo_saved_draft (expires_at);

-- Redemption attempts per client address in a fixed window, shared by every node of the farm, so that codes
-- cannot be guessed by spreading attempts over the nodes.
CREATE TABLE demo_resume_attempt (
    address      text        PRIMARY KEY,
    window_start timestamptz NOT NULL,
    attempts     integer     NOT NULL
);
