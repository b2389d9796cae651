package io.channelhub.deadletter;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Replays one dead letter: marks it REPLAYING, then sends its current payload (the operator's edit, else the bytes
 * received) back into the pipeline. The mark comes first so that the pipeline's verdict, which may arrive a moment
 * later, always lands on a letter already marked; if the send fails the letter goes back to where it was.
 */
@Component
public class DeadLetterReplayer {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterReplayer.class);
    private static final List<DeadLetterStatus> REPLAYABLE =
            List.of(DeadLetterStatus.NEW, DeadLetterStatus.REPLAYING, DeadLetterStatus.DISCARDED);

    private final DeadLetterStore store;
    private final List<DeadLetterReplayRoute> routes;

    public DeadLetterReplayer(DeadLetterStore store, List<DeadLetterReplayRoute> routes) {
        this.store = store;
        this.routes = routes;
    }

    /** Whether an operator may edit this letter's payload: a letter that is not an event (a stock push) has none. */
    public boolean editable(DeadLetter letter) {
        return route(letter).editable();
    }

    /**
     * Replays the letter as {@code actor}; {@code how} is said in its history (e.g. "edited payload", "job 7").
     *
     * @throws NotReplayableException when it is resolved already (or was resolved while we looked)
     */
    public void replay(DeadLetter letter, String actor, String how) {
        if (!store.transition(letter.id(), REPLAYABLE, DeadLetterStatus.REPLAYING, "REPLAYED", actor, how)) {
            throw new NotReplayableException(letter.id());
        }
        try {
            route(letter).replay(letter, letter.currentPayload());
        } catch (RuntimeException notSent) {
            store.transition(letter.id(), List.of(DeadLetterStatus.REPLAYING), letter.status(), "REPLAY_NOT_SENT",
                    actor, notSent.toString());
            throw notSent;
        }
        log.info("connector={} event={} dead letter #{} replayed by {} ({})", letter.connectorId(), letter.eventId(),
                letter.id(), actor, how);
    }

    private DeadLetterReplayRoute route(DeadLetter letter) {
        return routes.stream().filter(route -> route.handles(letter)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no replay route for dead letter " + letter.id()));
    }

    /** The letter is RESOLVED: its event was applied, so there is nothing to replay. */
    public static class NotReplayableException extends RuntimeException {

        NotReplayableException(long id) {
            super("dead letter " + id + " is resolved: its event was applied; there is nothing to replay");
        }
    }
}
