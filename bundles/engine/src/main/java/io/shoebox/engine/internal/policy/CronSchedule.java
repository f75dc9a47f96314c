package io.shoebox.engine.internal.policy;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

/**
 * A cron schedule in a time zone. Five fields are classic Unix cron (minute hour day month
 * weekday, {@code 30 2 * * *}); six put seconds first, as Spring does ({@code 0 30 2 * * *}).
 * Shortcuts such as {@code @daily} work in both.
 */
final class CronSchedule {

    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final CronParser WITH_SECONDS = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.SPRING53));

    private final String expression;
    private final ExecutionTime times;
    private final ZoneId zone;

    private CronSchedule(String expression, ExecutionTime times, ZoneId zone) {
        this.expression = expression;
        this.times = times;
        this.zone = zone;
    }

    /**
     * @throws IllegalArgumentException saying what is wrong with the expression
     */
    static CronSchedule parse(String expression, ZoneId zone) {
        String trimmed = expression.strip().replaceAll("\\s+", " ");
        int fields = trimmed.startsWith("@") ? 5 : trimmed.split(" ").length;
        if (fields != 5 && fields != 6) {
            throw new IllegalArgumentException("'" + expression + "' is not a valid cron expression: it has " + fields
                    + " fields, a schedule has 5 (minute hour day month weekday) or 6 (seconds first)");
        }
        try {
            var cron = (fields == 5 ? UNIX : WITH_SECONDS).parse(trimmed);
            cron.validate();
            return new CronSchedule(trimmed, ExecutionTime.forCron(cron), zone);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + expression + "' is not a valid cron expression: " + e.getMessage(), e);
        }
    }

    /** The first time the schedule fires strictly after {@code time}. */
    Optional<ZonedDateTime> nextAfter(ZonedDateTime time) {
        return times.nextExecution(time.withZoneSameInstant(zone));
    }

    /** The last time the schedule fired at or before {@code time}. */
    Optional<ZonedDateTime> lastAtOrBefore(ZonedDateTime time) {
        ZonedDateTime local = time.withZoneSameInstant(zone);
        Optional<ZonedDateTime> next = times.nextExecution(local.minusNanos(1));
        if (next.isPresent() && !next.get().isAfter(local)) {
            return next;
        }
        return times.lastExecution(local);
    }

    @Override
    public String toString() {
        return expression + " (" + zone + ")";
    }
}
