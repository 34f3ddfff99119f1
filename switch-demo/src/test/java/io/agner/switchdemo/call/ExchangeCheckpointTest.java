package io.agner.switchdemo.call;

import io.agner.switchdemo.log.event.EventCodec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The exchange's checkpoints: version 2 round-trips, version 1 still restores as it was meant. */
class ExchangeCheckpointTest {

    private static final Checkpoint.Counters COUNTERS = new Checkpoint.Counters(10, 1, 1, 0, 0, 1, 0, 2);

    @Test
    void version2_roundTrips_withTheDroppedCallsCircuit() {
        Checkpoint cp = new Checkpoint(10, 5_000, 2, List.of(
                new Checkpoint.AttemptState(1, "100001", "100002", 0, 1000, 1000, -1, Phase.DROPPED, true),
                new Checkpoint.AttemptState(2, "100003", "100004", 0, 1000, 1000, 2000, Phase.CONNECTED, true),
                new Checkpoint.AttemptState(3, "100005", "", 4000, -1, -1, -1, Phase.DIAL_TONE, false)), COUNTERS);
        assertEquals(Optional.of(cp), Checkpoint.read(Checkpoint.CODEC.encode(cp)));
    }

    @Test
    void version1_stillDecodes_andItsDroppedCallsHoldNoCircuit() {
        Checkpoint.V1 old = new Checkpoint.V1(10, 5_000, 1, List.of(
                new Checkpoint.V1.AttemptStateV1(1, "100001", "100002", 0, 1000, 1000, -1, Phase.DROPPED),
                new Checkpoint.V1.AttemptStateV1(2, "100003", "100004", 0, 1000, 1000, 2000, Phase.CONNECTED),
                new Checkpoint.V1.AttemptStateV1(3, "100005", "100006", 0, 1000, -1, -1, Phase.BLOCKED)), COUNTERS);
        Checkpoint cp = Checkpoint.read(EventCodec.of(Checkpoint.V1.class).encode(old)).orElseThrow();
        assertEquals(1, cp.busyTrunks());
        assertEquals(List.of(false, true, false), cp.attempts().stream().map(Checkpoint.AttemptState::holdsTrunk).toList());
        assertEquals(old.attempts().getFirst().seizedAt(), cp.attempts().getFirst().seizedAt());
        assertEquals(COUNTERS, cp.counters());
    }

    @Test
    void busyTrunks_mustBeTheCircuitsTheAttemptsHold() {
        var dropped = new Checkpoint.AttemptState(1, "100001", "100002", 0, 1000, 1000, -1, Phase.DROPPED, true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Checkpoint(10, 5_000, 0, List.of(dropped), COUNTERS));
        assertEquals("busyTrunks must be the 1 circuits the attempts hold, was 0", e.getMessage());
    }
}
