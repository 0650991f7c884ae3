package dev.sessionfarm.stateserver;

import java.util.Random;

import dev.sessionfarm.stateprotocol.Op;
import dev.sessionfarm.stateprotocol.Protocol;
import dev.sessionfarm.stateprotocol.WireWriter;

/** Generates request frames for fuzzing: valid ones, random ones, and valid ones with bytes mutated. */
final class FuzzFrames
{
    private final Random random;
    private final WireWriter out = new WireWriter(4096);

    FuzzFrames(long seed)
    {
        random = new Random(seed);
    }

    Random random()
    {
        return random;
    }

    /** A frame with an intact length field: the server must answer it and keep the connection. */
    byte[] wellFramed()
    {
        int kind = random.nextInt(10);
        if (kind < 4)
        {
            return valid();
        }
        if (kind < 7)
        {
            byte[] frame = valid();
            int flips = 1 + random.nextInt(4);
            for (int i = 0; i < flips; i++)
            {
                int at = 4 + random.nextInt(frame.length - 4);
                frame[at] = (byte)random.nextInt(256);
            }
            return frame;
        }
        byte[] payload = new byte[random.nextInt(120)];
        random.nextBytes(payload);
        if (random.nextBoolean() && payload.length > 4)
        {
            // A plausible count or length field with an absurd value.
            payload[0] = (byte)0x7F;
            payload[1] = (byte)0xFF;
        }
        return RawConnection.frame(random.nextInt(20), random.nextInt(), payload);
    }

    /** A frame whose length field breaks the framing: the server must answer or close, never allocate it. */
    byte[] badlyFramed()
    {
        out.reset();
        switch (random.nextInt(3))
        {
            case 0 -> out.i32(Integer.MAX_VALUE - random.nextInt(100)).u8(Op.SAVE.code()).i32(1);
            case 1 -> out.i32(-1 - random.nextInt(1000)).u8(Op.LOAD.code()).i32(2);
            default -> out.i32(random.nextInt(Protocol.MIN_FRAME_LENGTH)).u8(Op.PING.code()).i32(3);
        }
        return out.toByteArray();
    }

    byte[] valid()
    {
        Op op = Op.values()[1 + random.nextInt(Op.values().length - 1)];
        out.reset();
        int start = out.beginFrame(op.code(), random.nextInt());
        String scope = "/fuzz" + random.nextInt(3);
        String id = "id" + random.nextInt(200);
        switch (op)
        {
            case LOAD -> out.string(scope).string(id).i64(random.nextInt(5));
            case SAVE ->
            {
                out.string(scope).string(id).bool(random.nextBoolean()).i64(random.nextInt(5));
                metadata();
                int set = random.nextInt(4);
                out.i32(set);
                for (int i = 0; i < set; i++)
                {
                    byte[] value = new byte[random.nextInt(300)];
                    random.nextBytes(value);
                    out.string("a" + i).bytes(value);
                }
                out.i32(1).string("r" + random.nextInt(3));
            }
            case TOUCH ->
            {
                out.string(scope).string(id);
                metadata();
            }
            case DELETE -> out.string(scope).string(id).i64(random.nextInt(3) == 0 ? 0 : random.nextInt(100_000));
            case EXISTS -> out.string(scope).string(id).i64(random.nextInt(100_000));
            case CHECK_EXPIRED -> out.string(scope).i64(random.nextInt(100_000)).i32(2).string(id).string("x");
            case CLAIM_EXPIRED -> out.string(scope).i64(random.nextInt(100_000)).i32(1 + random.nextInt(10))
                .string("fuzzer").i64(random.nextInt(1000)).i64(random.nextInt(100_000));
            case CLEAN_ORPHANS -> out.i64(random.nextInt(50_000)).i32(1 + random.nextInt(5));
            default ->
            {
                // PING, STATS, AUTH: empty payload.
            }
        }
        out.endFrame(start);
        return out.toByteArray();
    }

    private void metadata()
    {
        for (int i = 0; i < 5; i++)
        {
            out.i64(random.nextInt(100_000));
        }
        out.i64(random.nextInt(4) == 0 ? 0 : random.nextInt(100_000)).string("node" + random.nextInt(3));
    }
}
