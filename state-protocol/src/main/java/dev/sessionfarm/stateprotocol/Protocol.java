package dev.sessionfarm.stateprotocol;

/**
 * Constants of the state-server wire protocol. docs/state-server-protocol.md is the normative description;
 * this class and that document must change together.
 */
public final class Protocol
{
    /** "SFSS": first four bytes of both hellos, so a peer speaking anything else is recognised at once. */
    public static final int MAGIC = 0x53465353;

    /** 42424, as ASP.NET's state service listens on 42424. */
    public static final int DEFAULT_PORT = 42424;

    public static final int MIN_VERSION = 1;
    /** 2: a LOAD may answer {@link #STATUS_DELTA}. A connection that negotiated 1 never gets one. */
    public static final int MAX_VERSION = 2;
    public static final int DELTA_VERSION = 2;

    public static final int NONCE_BYTES = 32;
    public static final int PROOF_BYTES = 32;

    /** magic(4) minVersion(2) maxVersion(2) nonce(32). */
    public static final int CLIENT_HELLO_BYTES = 4 + 2 + 2 + NONCE_BYTES;
    /** magic(4) status(1) serverMin(2) serverMax(2) chosen(2) authRequired(1) nonce(32). */
    public static final int SERVER_HELLO_BYTES = 4 + 1 + 2 + 2 + 2 + 1 + NONCE_BYTES;

    public static final int HELLO_OK = 0;
    public static final int HELLO_VERSION_UNSUPPORTED = 1;

    /** length(4) code(1) requestId(4); the length counts everything after itself. */
    public static final int FRAME_HEADER_BYTES = 9;
    /** Smallest legal value of the length field: code and request id, empty payload. */
    public static final int MIN_FRAME_LENGTH = 5;
    public static final int DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;
    /** Before authentication only an AUTH frame is legal, so nothing larger is ever read from an unknown peer. */
    public static final int MAX_UNAUTHENTICATED_FRAME_BYTES = 256;

    /** Request id used for errors that belong to the connection rather than to one request. */
    public static final int CONNECTION_REQUEST_ID = 0;

    public static final int STATUS_OK = 0;
    public static final int STATUS_NOT_FOUND = 1;
    public static final int STATUS_UNCHANGED = 2;
    /** A LOAD's answer listing every attribute, with a value only for those written after the known version. */
    public static final int STATUS_DELTA = 3;
    public static final int STATUS_ERROR = 0x7F;

    public static final int MAX_STRING_BYTES = 0xFFFF;

    private Protocol()
    {
    }
}
