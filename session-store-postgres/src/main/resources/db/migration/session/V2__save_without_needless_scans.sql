-- The same save, minus scans of farm_session_attribute that cannot find anything (issue 12, fewer writes):
-- * conflicts are counted only if another save came between the writer's load and this one: every attribute's
--   written_version is at most the session's version before this save, so when that is the writer's base
--   version, nothing was written after it;
-- * a first save of a session has no old attributes to delete, a delta that removes nothing deletes nothing,
--   and a save of metadata with no attribute inserts nothing.
-- Same signature: nodes of the previous release call it unchanged during a rolling upgrade.
CREATE OR REPLACE FUNCTION farm_session_save(
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
        -- Version 1 is a row just inserted: attributes of an earlier row went with it (ON DELETE CASCADE).
        IF v_version > 1 THEN
            DELETE FROM farm_session_attribute
             WHERE scope = p_scope AND id = p_id AND NOT (name = ANY (p_names));
        END IF;
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
        IF v_version <> p_base_version + 1 THEN
            SELECT count(*) INTO v_conflicts FROM farm_session_attribute
             WHERE scope = p_scope AND id = p_id AND name = ANY (p_names || p_removed)
               AND written_version > p_base_version;
        END IF;
        IF cardinality(p_removed) > 0 THEN
            DELETE FROM farm_session_attribute
             WHERE scope = p_scope AND id = p_id AND name = ANY (p_removed);
        END IF;
    END IF;
    IF cardinality(p_names) > 0 THEN
        INSERT INTO farm_session_attribute (scope, id, name, value, written_version)
        SELECT p_scope, p_id, t.name, t.value, v_version FROM unnest(p_names, p_values) AS t(name, value)
        ON CONFLICT (scope, id, name) DO UPDATE SET value = excluded.value, written_version = excluded.written_version;
    END IF;
    RETURN QUERY SELECT v_version, v_conflicts;
END
$$;
