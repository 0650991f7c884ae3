-- Sessions, one row each, keyed by application scope and session id. Times are epoch milliseconds, as Jetty
-- keeps them; expires_at = 0 means "never expires".
CREATE TABLE farm_session (
    scope                text    NOT NULL,
    id                   text    NOT NULL,
    created_at           bigint  NOT NULL,
    accessed_at          bigint  NOT NULL,
    last_accessed_at     bigint  NOT NULL,
    cookie_set_at        bigint  NOT NULL,
    max_inactive_ms      bigint  NOT NULL,
    expires_at           bigint  NOT NULL,
    last_node            text    NOT NULL DEFAULT '',
    -- Bumped by every save that changes attributes; never by an access-time touch.
    version              bigint  NOT NULL,
    -- The node that claimed this expired session to end it, and until when the claim holds.
    expiry_claimed_by    text,
    expiry_claimed_until bigint  NOT NULL DEFAULT 0,
    PRIMARY KEY (scope, id)
);

CREATE INDEX farm_session_expiring ON farm_session (expires_at) WHERE expires_at > 0;

-- One row per attribute, so that a save writes only what changed. written_version is the session version
-- of the save that last wrote the row: a save based on an older version that writes it again is a conflict.
CREATE TABLE farm_session_attribute (
    scope           text   NOT NULL,
    id              text   NOT NULL,
    name            text   NOT NULL,
    value           bytea  NOT NULL,
    written_version bigint NOT NULL,
    PRIMARY KEY (scope, id, name),
    FOREIGN KEY (scope, id) REFERENCES farm_session (scope, id) ON DELETE CASCADE
);

-- Saves one session in one round trip and one transaction.
--  p_replace = true:  creates the session or replaces it whole (new sessions, renewed ids).
--  p_replace = false: a delta. Locks the session row first, so that concurrent deltas of one session apply
--                     one after the other, each seeing the other's rows; sets and removes only the named
--                     attributes; returns no row when the session no longer exists (it is never resurrected).
-- Metadata is applied only when it is not older than what is stored (requests can finish out of order).
-- conflicts counts the named attributes that another save wrote after p_base_version.
CREATE FUNCTION farm_session_save(
    p_scope text, p_id text, p_replace boolean, p_base_version bigint,
    p_created_at bigint, p_accessed_at bigint, p_last_accessed_at bigint, p_cookie_set_at bigint,
    p_max_inactive_ms bigint, p_expires_at bigint, p_last_node text,
    p_names text[], p_values bytea[], p_removed text[])
RETURNS TABLE (new_version bigint, conflicts integer)
LANGUAGE plpgsql AS $$
DECLARE
    v_version   bigint;
    v_conflicts integer := 0;
BEGIN
    IF p_replace THEN
        INSERT INTO farm_session AS s (scope, id, created_at, accessed_at, last_accessed_at, cookie_set_at,
                                       max_inactive_ms, expires_at, last_node, version)
        VALUES (p_scope, p_id, p_created_at, p_accessed_at, p_last_accessed_at, p_cookie_set_at,
                p_max_inactive_ms, p_expires_at, p_last_node, 1)
        ON CONFLICT (scope, id) DO UPDATE SET
            created_at = excluded.created_at, accessed_at = excluded.accessed_at,
            last_accessed_at = excluded.last_accessed_at, cookie_set_at = excluded.cookie_set_at,
            max_inactive_ms = excluded.max_inactive_ms, expires_at = excluded.expires_at,
            last_node = excluded.last_node, version = s.version + 1,
            expiry_claimed_by = NULL, expiry_claimed_until = 0
        RETURNING s.version INTO v_version;
        DELETE FROM farm_session_attribute
         WHERE scope = p_scope AND id = p_id AND NOT (name = ANY (p_names));
    ELSE
        UPDATE farm_session SET
            version = version + 1,
            accessed_at      = CASE WHEN p_accessed_at >= accessed_at THEN p_accessed_at ELSE accessed_at END,
            last_accessed_at = CASE WHEN p_accessed_at >= accessed_at THEN p_last_accessed_at ELSE last_accessed_at END,
            cookie_set_at    = CASE WHEN p_accessed_at >= accessed_at THEN p_cookie_set_at ELSE cookie_set_at END,
            max_inactive_ms  = CASE WHEN p_accessed_at >= accessed_at THEN p_max_inactive_ms ELSE max_inactive_ms END,
            expires_at       = CASE WHEN p_accessed_at >= accessed_at THEN p_expires_at ELSE expires_at END,
            last_node        = CASE WHEN p_accessed_at >= accessed_at THEN p_last_node ELSE last_node END
         WHERE scope = p_scope AND id = p_id
        RETURNING version INTO v_version;
        IF NOT FOUND THEN
            RETURN;
        END IF;
        SELECT count(*) INTO v_conflicts FROM farm_session_attribute
         WHERE scope = p_scope AND id = p_id AND name = ANY (p_names || p_removed)
           AND written_version > p_base_version;
        DELETE FROM farm_session_attribute
         WHERE scope = p_scope AND id = p_id AND name = ANY (p_removed);
    END IF;
    INSERT INTO farm_session_attribute (scope, id, name, value, written_version)
    SELECT p_scope, p_id, t.name, t.value, v_version FROM unnest(p_names, p_values) AS t(name, value)
    ON CONFLICT (scope, id, name) DO UPDATE SET value = excluded.value, written_version = excluded.written_version;
    RETURN QUERY SELECT v_version, v_conflicts;
END
$$;
