package io.channelhub.connector.bol;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;

/**
 * Where a reconciliation run is in Bol's order list, which can only be filtered by "changed in the last N minutes"
 * ({@code change-interval-minute}, at most 60) or "changed on day D" ({@code latest-change-date}) and pages by page
 * number (50 a page). A window that fits in the last hour is one minutes query; a longer one is one query per day,
 * from the day of {@code since} to today. The cursor is that query and the page to ask for, e.g.
 * {@code minutes=41&page=2} or {@code day=2026-11-20&last-day=2026-11-22&page=1}, fixed when the run starts so
 * every page of a run asks the same question.
 *
 * @param intervalMinutes the minutes query's interval, or 0 for a day query
 * @param day             the day asked for (day query only)
 * @param lastDay         the last day of the run (day query only)
 * @param page            the page to ask for, from 1
 */
record BolListCursor(int intervalMinutes, LocalDate day, LocalDate lastDay, int page) {

    static final int PAGE_SIZE = 50;
    static final int LONGEST_INTERVAL_MINUTES = 60;
    /** How much longer than the window a minutes query reaches back, for the time a run takes to page through. */
    static final int DRIFT_MINUTES = 10;
    /** Bol keeps the list filterable by day this far back. */
    static final Period HISTORY = Period.ofMonths(3);
    /** Which timezone Bol's days are in is not documented; Bol is Dutch, and both zones are covered (see first). */
    static final ZoneId BOL_ZONE = ZoneId.of("Europe/Amsterdam");

    /**
     * The first page of a run over the orders changed at or after {@code since}. Bol counts whole minutes back from
     * when it answers, not from {@code now}, and later pages are asked for later, so the interval reaches a minute
     * further back than the window, plus up to {@value #DRIFT_MINUTES} minutes for the run to take (orders older than
     * {@code since} that this lets in are dropped by the poller before anything is fetched). Days run from since's
     * date in UTC to today in Amsterdam: whichever zone Bol's dates are in, every day of the window is asked for.
     */
    static BolListCursor first(Instant since, Instant now) {
        int needed = minutesBack(since, now);
        if (needed <= LONGEST_INTERVAL_MINUTES) {
            return new BolListCursor(Math.min(LONGEST_INTERVAL_MINUTES, needed + DRIFT_MINUTES), null, null, 1);
        }
        LocalDate today = now.atZone(BOL_ZONE).toLocalDate();
        LocalDate from = since.atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate earliest = today.minus(HISTORY);
        return new BolListCursor(0, from.isBefore(earliest) ? earliest : from, today, 1);
    }

    /**
     * Whether this query still lists everything changed since {@code since} when asked at {@code now}: a minutes
     * query stops doing so once the run has taken longer than its margin. Day queries always do.
     */
    boolean reaches(Instant since, Instant now) {
        return !minutes() || minutesBack(since, now) <= intervalMinutes;
    }

    /** Whole minutes from {@code since} to {@code now}, rounded up, plus one for Bol's own rounding. */
    private static int minutesBack(Instant since, Instant now) {
        long seconds = Math.max(0, Duration.between(since, now).getSeconds());
        return (int) Math.min(Integer.MAX_VALUE, (seconds + 59) / 60 + 1);
    }

    boolean minutes() {
        return intervalMinutes > 0;
    }

    /** The list request's query: the page and the filters, every order whatever its fulfilment method and status. */
    String query() {
        String filter = minutes() ? "change-interval-minute=" + intervalMinutes : "latest-change-date=" + day;
        return "page=" + page + "&fulfilment-method=ALL&status=ALL&" + filter;
    }

    /** The cursor after a page with {@code listed} orders: its next page when it was full, else the next day; null when done. */
    BolListCursor after(int listed) {
        if (listed >= PAGE_SIZE) {
            return new BolListCursor(intervalMinutes, day, lastDay, page + 1);
        }
        if (minutes() || !day.isBefore(lastDay)) {
            return null;
        }
        return new BolListCursor(0, day.plusDays(1), lastDay, 1);
    }

    String format() {
        return (minutes() ? "minutes=" + intervalMinutes : "day=" + day + "&last-day=" + lastDay) + "&page=" + page;
    }

    static BolListCursor parse(String cursor) {
        Map<String, String> fields = new HashMap<>();
        for (String pair : cursor.split("&")) {
            String[] kv = pair.split("=", 2);
            if (kv.length == 2) {
                fields.put(kv[0], kv[1]);
            }
        }
        try {
            int page = Integer.parseInt(fields.getOrDefault("page", ""));
            if (fields.containsKey("minutes")) {
                return new BolListCursor(Integer.parseInt(fields.get("minutes")), null, null, page);
            }
            return new BolListCursor(0, LocalDate.parse(fields.getOrDefault("day", "")),
                    LocalDate.parse(fields.getOrDefault("last-day", "")), page);
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("not a Bol order list cursor: " + cursor, e);
        }
    }
}
