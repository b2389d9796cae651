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

/** Read access to dead letters: the list for triage, and one with its exact raw payload. */
@Validated
@RestController
@RequestMapping("/ops/dead-letters")
public class DeadLetterController {

    private final DeadLetterStore store;

    public DeadLetterController(DeadLetterStore store) {
        this.store = store;
    }

    @GetMapping
    public Page list(@RequestParam(name = "connector", required = false) String connectorId,
            @RequestParam(required = false) String status,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
        DeadLetterPage found = store.page(connectorId, status, page, size);
        return new Page(found.total(), found.items().stream().map(View::of).toList());
    }

    @GetMapping("/{id}")
    public View one(@PathVariable long id) {
        return store.find(id).map(View::of)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no dead letter " + id));
    }

    /** A page of dead letters as the API shows them. */
    public record Page(long total, List<View> items) {
    }

    /**
     * A dead letter as the API shows it. {@code payloadBase64} is always the exact bytes received; {@code payload}
     * is the same as text when those bytes are valid UTF-8, else null.
     */
    public record View(long id, String connectorId, String eventId, String eventType, String sourceTopic,
            Integer sourcePartition, Long sourceOffset, String payload, String payloadBase64,
            Map<String, String> headers, String errorClass, String errorMessage, int attempts,
            Instant firstFailedAt, Instant lastFailedAt, String status) {

        static View of(DeadLetter letter) {
            return new View(letter.id(), letter.connectorId(), letter.eventId(), letter.eventType(),
                    letter.sourceTopic(), letter.sourcePartition(), letter.sourceOffset(), utf8OrNull(letter.payload()),
                    Base64.getEncoder().encodeToString(letter.payload()), letter.headers(), letter.errorClass(),
                    letter.errorMessage(), letter.attempts(), letter.firstFailedAt(), letter.lastFailedAt(),
                    letter.status());
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
