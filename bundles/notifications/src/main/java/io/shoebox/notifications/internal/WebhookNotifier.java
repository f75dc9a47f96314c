package io.shoebox.notifications.internal;

import java.util.Set;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventHandler;
import org.osgi.service.log.Logger;

/**
 * One webhook: picks the notices its configuration asks for and hands them to its sender. Jobs
 * are news only when they ran unattended: a restore is started and watched by someone who already
 * sees how it ends.
 */
final class WebhookNotifier implements EventHandler, AutoCloseable {

    static final Set<String> UNATTENDED_JOB_TYPES = Set.of("backup", "check", "prune", "copy");

    private final WebhookSettings settings;
    private final Notices notices;
    private final WebhookSender sender;

    WebhookNotifier(WebhookSettings settings, Notices notices, Logger log) {
        this.settings = settings;
        this.notices = notices;
        this.sender = new WebhookSender(settings, log);
    }

    @Override
    public void handleEvent(Event event) {
        notices.of(event).filter(this::wants).ifPresent(sender::send);
    }

    boolean wants(Notice notice) {
        if (!settings.occasions().contains(notice.event().occasion())) {
            return false;
        }
        if (notice.jobId() == null) {
            return true;
        }
        // A failed job the server no longer remembers has no type; it is still worth telling.
        return notice.type() == null || UNATTENDED_JOB_TYPES.contains(notice.type());
    }

    @Override
    public void close() {
        sender.close();
    }
}
