package dev.sessionfarm.testing;

import dev.sessionfarm.session.config.SessionSettings;

/** A session store under the shared contract suite: how to reach it, look inside it, and take it away. */
public interface ContractBackend
{
    /** Settings that point a node at this store (mode and address); the suite adds the rest. */
    SessionSettings.Builder settings();

    /** The stored bytes of one attribute, or null if there is no such attribute. */
    byte[] storedAttribute(String scope, String id, String name) throws Exception;

    /** Replaces the stored bytes of an existing attribute, as disk corruption or a foreign writer would. */
    void overwriteAttribute(String scope, String id, String name, byte[] bytes) throws Exception;

    /** Makes the store unreachable, keeping its data. */
    void stop() throws Exception;

    /** Brings the store back after {@link #stop()}. */
    void start() throws Exception;

    /**
     * Makes the store hang, connections open and nothing answered, until the result is closed; null for a store in
     * the node's own process, which cannot hang without the node.
     */
    default Suspension suspend()
    {
        return null;
    }
}
