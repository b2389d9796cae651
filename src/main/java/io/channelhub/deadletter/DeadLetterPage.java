package io.channelhub.deadletter;

import java.util.List;

/** A page of dead letters and how many match in all. */
public record DeadLetterPage(long total, List<DeadLetter> items) {
}
