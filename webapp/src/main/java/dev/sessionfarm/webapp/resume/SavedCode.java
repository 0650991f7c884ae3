package dev.sessionfarm.webapp.resume;

import java.io.Serializable;
import java.time.Instant;

/** The code just given out, kept in the session that asked for it so that its page can be shown again (reload). */
public record SavedCode(String code, String form, Instant expiresAt) implements Serializable
{
}
