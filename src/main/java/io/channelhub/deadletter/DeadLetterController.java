package io.channelhub.deadletter;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Read access to dead letters: the filtered list for triage, counts by connector and error, and one in full. */
@Validated
@RestController
@RequestMapping("/ops/dead-letters")
public class DeadLetterController {

    private final DeadLetterStore store;
    private final DeadLetterReplayer replayer;

    public DeadLetterController(DeadLetterStore store, DeadLetterReplayer replayer) {
        this.store = store;
        this.replayer = replayer;
    }

    /**
     * Dead letters, newest failure first. {@code errorClass} takes the simple or full class name, {@code from} and
     * {@code to} bound the last failure, {@code q} is free text found in the error message.
     */
    @GetMapping
    public Page list(@RequestParam(name = "connector", required = false) String connectorId,
            @RequestParam(required = false) String errorClass, @RequestParam(required = false) DeadLetterStatus status,
            @RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
            @RequestParam(name = "q", required = false) String text,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
        DeadLetterPage found = store.page(new DeadLetterQuery(connectorId, errorClass, status, from, to, text), page, size);
        return new Page(found.total(), found.items().stream().map(letter -> View.of(letter, null, null)).toList());
    }

    /** How many dead letters each connector has per error class and status. */
    @GetMapping("/summary")
    public List<DeadLetterCount> summary() {
        return store.counts();
    }

    /** One dead letter with its error's stack summary and its history. */
    @GetMapping("/{id}")
    public View one(@PathVariable long id) {
        DeadLetter letter = existing(store, id);
        return View.of(letter, store.history(id), replayer.editable(letter));
    }

    static DeadLetter existing(DeadLetterStore store, long id) {
        return store.find(id)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no dead letter " + id));
    }

    /** A page of dead letters as the API shows them. */
    public record Page(long total, List<View> items) {
    }

    /**
     * A dead letter as the API shows it. {@code payloadBase64} is always the exact bytes received; {@code payload}
     * is the same as text when those bytes are valid UTF-8, else null. {@code editedPayload} (text) and
     * {@code editedPayloadBase64} are an operator's edit, which a replay sends instead. {@code history} and
     * {@code editable} are shown for a single letter only.
     */
    public record View(long id, String connectorId, String eventId, String eventType, String sourceTopic,
            Integer sourcePartition, Long sourceOffset, String recordKey, String payload, String payloadBase64,
            String editedPayload, String editedPayloadBase64, Map<String, String> headers, String errorClass,
            String errorMessage, String errorStack, int attempts, Instant firstFailedAt, Instant lastFailedAt,
            DeadLetterStatus status, Boolean editable, List<DeadLetterEvent> history) {

        static View of(DeadLetter letter, List<DeadLetterEvent> history, Boolean editable) {
            byte[] edited = letter.editedPayload();
            return new View(letter.id(), letter.connectorId(), letter.eventId(), letter.eventType(),
                    letter.sourceTopic(), letter.sourcePartition(), letter.sourceOffset(), letter.recordKey(),
                    utf8OrNull(letter.payload()), Base64.getEncoder().encodeToString(letter.payload()),
                    edited == null ? null : utf8OrNull(edited),
                    edited == null ? null : Base64.getEncoder().encodeToString(edited), letter.headers(),
                    letter.errorClass(), letter.errorMessage(), letter.errorStack(), letter.attempts(),
                    letter.firstFailedAt(), letter.lastFailedAt(), letter.status(), editable, history);
        }

        private static String utf8OrNull(byte[] bytes) {
            try {
                return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException notText) {
                return null;
            }
        }
    }
}
