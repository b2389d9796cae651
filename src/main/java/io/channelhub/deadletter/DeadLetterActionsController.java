package io.channelhub.deadletter;

import static io.channelhub.deadletter.DeadLetterController.existing;

import io.channelhub.ops.AuditLog;
import io.channelhub.ops.OpsPrincipal;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * What operators do with a dead letter: edit its payload (the original is kept), replay it through the normal
 * pipeline, or discard it with a reason. Each action is audited with the letter's state before and after.
 */
@Validated
@RestController
@RequestMapping("/ops/dead-letters/{id}")
public class DeadLetterActionsController {

    private final DeadLetterStore store;
    private final DeadLetterReplayer replayer;
    private final AuditLog audit;

    public DeadLetterActionsController(DeadLetterStore store, DeadLetterReplayer replayer, AuditLog audit) {
        this.store = store;
        this.replayer = replayer;
        this.audit = audit;
    }

    /**
     * Replays the letter: with a body, the payload is edited first and the edit is replayed; without, the current
     * payload (an earlier edit, else the original) is. 202: sent, the letter is REPLAYING until the pipeline applies
     * it (RESOLVED) or it fails again (NEW, same letter, one more attempt). 409 when it is resolved already.
     */
    @PostMapping("/replay")
    public ResponseEntity<DeadLetterController.View> replay(@PathVariable long id,
            @RequestBody(required = false) @Valid PayloadEdit edit, OpsPrincipal who) {
        DeadLetter letter = existing(store, id);
        if (letter.status() == DeadLetterStatus.RESOLVED) {
            throw new ResponseStatusException(HttpStatus.CONFLICT,
                    "dead letter " + id + " is resolved: its event was applied; there is nothing to replay");
        }
        if (edit != null) {
            letter = edited(letter, edit, who);
        }
        try {
            replayer.replay(letter, who.name(), letter.editedPayload() != null ? "edited payload" : "original payload");
        } catch (DeadLetterReplayer.NotReplayableException resolvedMeanwhile) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, resolvedMeanwhile.getMessage());
        } catch (RuntimeException notSent) {
            throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE,
                    "the replay could not be written to Kafka; the dead letter is unchanged: " + notSent.getMessage());
        }
        audit.record(who, "dead-letter.replay", "dead-letter", Long.toString(id), state(letter), Map.of("status",
                DeadLetterStatus.REPLAYING, "payload", letter.editedPayload() != null ? "edited" : "original"), null);
        return ResponseEntity.accepted().body(DeadLetterController.View.of(existing(store, id), null, null));
    }

    /** Keeps an edited payload for a later replay; the bytes received stay as they were. */
    @PutMapping("/payload")
    public DeadLetterController.View edit(@PathVariable long id, @RequestBody @Valid PayloadEdit edit, OpsPrincipal who) {
        DeadLetter letter = existing(store, id);
        edited(letter, edit, who);
        return DeadLetterController.View.of(existing(store, id), store.history(id), true);
    }

    /** Discards the letter with a reason: it leaves the NEW list; a replay can still bring it back. */
    @PostMapping("/discard")
    public DeadLetterController.View discard(@PathVariable long id, @RequestBody @Valid DiscardReason reason,
            OpsPrincipal who) {
        DeadLetter letter = existing(store, id);
        if (!store.transition(id, List.of(DeadLetterStatus.NEW, DeadLetterStatus.REPLAYING), DeadLetterStatus.DISCARDED,
                "DISCARDED", who.name(), reason.reason())) {
            throw new ResponseStatusException(HttpStatus.CONFLICT,
                    "dead letter " + id + " is " + existing(store, id).status() + ": only NEW or REPLAYING ones can be discarded");
        }
        audit.record(who, "dead-letter.discard", "dead-letter", Long.toString(id), state(letter),
                Map.of("status", DeadLetterStatus.DISCARDED), reason.reason());
        return DeadLetterController.View.of(existing(store, id), store.history(id), replayer.editable(letter));
    }

    private DeadLetter edited(DeadLetter letter, PayloadEdit edit, OpsPrincipal who) {
        if (!replayer.editable(letter)) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "dead letter " + letter.id() + " is a "
                    + letter.eventType() + ": a replay sends what is current, there is no payload to edit");
        }
        byte[] payload = edit.bytes();
        store.edit(letter.id(), payload, who.name());
        audit.record(who, "dead-letter.edit", "dead-letter", Long.toString(letter.id()),
                Map.of("payload", text(letter.currentPayload())), Map.of("payload", text(payload)), null);
        return existing(store, letter.id());
    }

    private static Map<String, Object> state(DeadLetter letter) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("status", letter.status());
        state.put("attempts", letter.attempts());
        state.put("edited", letter.editedPayload() != null);
        return state;
    }

    private static String text(byte[] payload) {
        return new String(payload, StandardCharsets.UTF_8);
    }

    /** A new payload: as text ({@code payload}) or, for bytes that are not text, as {@code payloadBase64}. */
    public record PayloadEdit(@Size(max = 1_048_576) String payload, @Size(max = 1_400_000) String payloadBase64) {

        byte[] bytes() {
            if ((payload == null) == (payloadBase64 == null)) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "give exactly one of payload and payloadBase64");
            }
            try {
                return payload != null ? payload.getBytes(StandardCharsets.UTF_8) : Base64.getDecoder().decode(payloadBase64);
            } catch (IllegalArgumentException notBase64) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "payloadBase64 is not base64");
            }
        }
    }

    /** Why a dead letter is discarded: required, people read it later. */
    public record DiscardReason(@NotBlank @Size(max = 2000) String reason) {
    }
}
