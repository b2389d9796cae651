package io.channelhub.deadletter;

import java.util.HashSet;
import java.util.Set;

/**
 * A failure as people read it at 3 a.m.: each cause's class and message with its first few frames, bounded in
 * size (a full stack of a Camel route is hundreds of lines, of which the top of each cause tells the story).
 */
final class ErrorSummary {

    private static final int MAX_CAUSES = 5;
    private static final int FRAMES_PER_CAUSE = 4;
    private static final int MAX_CHARS = 4000;

    private ErrorSummary() {
    }

    static String of(Throwable error) {
        StringBuilder text = new StringBuilder();
        Set<Throwable> seen = new HashSet<>();
        Throwable current = error;
        for (int depth = 0; current != null && depth < MAX_CAUSES && seen.add(current); depth++) {
            if (depth > 0) {
                text.append("caused by: ");
            }
            text.append(current).append('\n');
            StackTraceElement[] frames = current.getStackTrace();
            for (int i = 0; i < Math.min(FRAMES_PER_CAUSE, frames.length); i++) {
                text.append("    at ").append(frames[i]).append('\n');
            }
            current = current.getCause();
        }
        return text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) + "..." : text.toString();
    }
}
